// Awaitable steps for the service's coroutines: blocking work handed to a
// pool (or a strand of it) and resumed on the caller's executor, an HTTP
// transfer, and a pause. The one concurrency model: state lives on the
// io_context, blocking work runs on one bounded pool, loops are coroutines.
#pragma once

#include <spdlog/spdlog.h>

#include <functional>
#include <memory>
#include <type_traits>

#include "fetch/async_http_client.h"
#include "util/asio.h"

namespace khabar::service {

using asio::awaitable;

// Runs `work` on `executor` and resumes the awaiting coroutine on its own
// executor with what `work` returned. `work` must not throw.
template <typename Executor, typename Work>
awaitable<std::invoke_result_t<Work>> run_on(Executor executor, Work work) {
  using T = std::invoke_result_t<Work>;
  if constexpr (std::is_void_v<T>) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
        [executor, work = std::move(work)](auto handler) mutable {
          asio::post(executor, [handler = std::move(handler), work = std::move(work)]() mutable {
            work();
            auto resume = asio::get_associated_executor(handler);
            asio::post(resume, std::move(handler));
          });
        },
        asio::use_awaitable);
  } else {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(T)>(
        [executor, work = std::move(work)](auto handler) mutable {
          asio::post(executor, [handler = std::move(handler), work = std::move(work)]() mutable {
            T result = work();
            auto resume = asio::get_associated_executor(handler);
            asio::post(resume, [handler = std::move(handler), result = std::move(result)]() mutable {
              handler(std::move(result));
            });
          });
        },
        asio::use_awaitable);
  }
}

// One transfer through `client`; must be awaited on the client's loop.
inline awaitable<Result<fetch::HttpResponse>> fetch_async(fetch::AsyncHttpClient& client, fetch::HttpRequest request) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(Result<fetch::HttpResponse>)>(
      [&client, request = std::move(request)](auto handler) mutable {
        // The client's callback is a std::function (copyable); the handler is
        // move-only, so it travels in a shared_ptr.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        client.start(std::move(request),
                     [shared](Result<fetch::HttpResponse> response) { (*shared)(std::move(response)); });
      },
      asio::use_awaitable);
}

// Waits on `timer` until it expires or is cancelled (a wake-up); returns
// false when cancelled.
inline awaitable<bool> wait(asio::steady_timer& timer) {
  boost::system::error_code error;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, error));
  co_return !error;
}

// Starts a coroutine on `executor` whose exceptions are logged, never lost.
inline void spawn(asio::io_context& loop, awaitable<void> coroutine, const char* what) {
  asio::co_spawn(loop, std::move(coroutine), [what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& error) {
      spdlog::error("{}: {}", what, error.what());
    }
  });
}

}  // namespace khabar::service

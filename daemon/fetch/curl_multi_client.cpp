#include "fetch/curl_multi_client.h"

#include "fetch/curl_transfer.h"

namespace khabar::fetch {
namespace {

CURLM* multi_of(void* multi) { return static_cast<CURLM*>(multi); }

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

struct CurlMultiClient::Transfer {
  HttpRequest request;
  Callback done;
  std::unique_ptr<CurlTransfer> curl;
  int redirects = 0;
  bool all_permanent = true;
};

// A socket libcurl asked us to watch. The descriptor never owns the fd:
// libcurl opens and closes its sockets itself.
struct CurlMultiClient::Socket {
  explicit Socket(asio::io_context& loop, curl_socket_t fd) : descriptor(loop, fd) {}
  ~Socket() { descriptor.release(); }
  asio::posix::stream_descriptor descriptor;
  int what = CURL_POLL_NONE;
  bool reading = false;
  bool writing = false;
};

CurlMultiClient::CurlMultiClient(asio::io_context& loop, std::string user_agent, CurlMultiOptions options)
    : loop_(loop), user_agent_(std::move(user_agent)), options_(options), multi_(nullptr), timer_(loop) {
  init_curl_once();
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_of(multi_), CURLMOPT_SOCKETFUNCTION, &CurlMultiClient::on_socket);
  curl_multi_setopt(multi_of(multi_), CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_of(multi_), CURLMOPT_TIMERFUNCTION, &CurlMultiClient::on_timer);
  curl_multi_setopt(multi_of(multi_), CURLMOPT_TIMERDATA, this);
  curl_multi_setopt(multi_of(multi_), CURLMOPT_MAX_TOTAL_CONNECTIONS, options_.max_total_connections);
  curl_multi_setopt(multi_of(multi_), CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_host_connections);
  curl_multi_setopt(multi_of(multi_), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
}

CurlMultiClient::~CurlMultiClient() {
  for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_of(multi_), easy);
  transfers_.clear();
  sockets_.clear();
  curl_multi_cleanup(multi_of(multi_));
}

void CurlMultiClient::start(HttpRequest request, Callback done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->done = std::move(done);
  add(std::move(transfer));
}

void CurlMultiClient::add(std::unique_ptr<Transfer> transfer) {
  CurlTransferOptions options{false, options_.low_speed_bytes_per_second, options_.low_speed_seconds};
  transfer->curl = std::make_unique<CurlTransfer>(transfer->request, user_agent_, options);
  CURL* easy = transfer->curl->handle();
  if (!easy || curl_multi_add_handle(multi_of(multi_), easy) != CURLM_OK) {
    auto done = std::move(transfer->done);
    asio::post(loop_, [done] { done(make_error(ErrorKind::kTransient, "cannot start a libcurl transfer")); });
    return;
  }
  transfers_[easy] = std::move(transfer);
}

int CurlMultiClient::on_socket(void*, curl_socket_t fd, int what, void* self, void*) {
  auto* client = static_cast<CurlMultiClient*>(self);
  if (what == CURL_POLL_REMOVE) {
    client->sockets_.erase(fd);  // cancels pending waits; the handlers find no socket and stop
    return 0;
  }
  auto& socket = client->sockets_[fd];
  if (!socket) socket = std::make_unique<Socket>(client->loop_, fd);
  socket->what = what;
  client->watch(*socket, what);
  return 0;
}

void CurlMultiClient::watch(Socket& socket, int what) {
  const auto fd = socket.descriptor.native_handle();
  if ((what & CURL_POLL_IN) && !socket.reading) {
    socket.reading = true;
    socket.descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                                 [this, fd](const boost::system::error_code& e) { on_ready(fd, CURL_CSELECT_IN, e); });
  }
  if ((what & CURL_POLL_OUT) && !socket.writing) {
    socket.writing = true;
    socket.descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                                 [this, fd](const boost::system::error_code& e) { on_ready(fd, CURL_CSELECT_OUT, e); });
  }
}

void CurlMultiClient::on_ready(curl_socket_t fd, int flags, const boost::system::error_code& error) {
  if (error == asio::error::operation_aborted) return;
  if (auto it = sockets_.find(fd); it != sockets_.end()) {
    (flags == CURL_CSELECT_IN ? it->second->reading : it->second->writing) = false;
  } else {
    return;
  }
  int running = 0;
  curl_multi_socket_action(multi_of(multi_), fd, error ? CURL_CSELECT_ERR : flags, &running);
  finish_done_transfers();
  // libcurl may still want this socket: watch it again for what it wants now.
  if (auto it = sockets_.find(fd); it != sockets_.end()) watch(*it->second, it->second->what);
}

int CurlMultiClient::on_timer(void*, long timeout_ms, void* self) {
  auto* client = static_cast<CurlMultiClient*>(self);
  client->timer_.cancel();
  if (timeout_ms < 0) return 0;
  client->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  client->timer_.async_wait([client](const boost::system::error_code& error) { client->on_timeout(error); });
  return 0;
}

void CurlMultiClient::on_timeout(const boost::system::error_code& error) {
  if (error) return;
  int running = 0;
  curl_multi_socket_action(multi_of(multi_), CURL_SOCKET_TIMEOUT, 0, &running);
  finish_done_transfers();
}

void CurlMultiClient::finish_done_transfers() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_of(multi_), &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const int code = message->data.result;
    curl_multi_remove_handle(multi_of(multi_), easy);
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    auto transfer = std::move(it->second);
    transfers_.erase(it);
    follow_or_complete(std::move(transfer), code);
  }
}

// Follows redirects here rather than in libcurl, to know whether every hop
// was permanent (then the feed's stored URL should change) or not.
void CurlMultiClient::follow_or_complete(std::unique_ptr<Transfer> transfer, int code) {
  const auto target = transfer->curl->redirect_target();
  auto result = transfer->curl->finish(static_cast<CURLcode>(code));
  if (result && is_redirect(result->status) && target) {
    if (transfer->redirects >= options_.max_redirects) {
      result = make_error(ErrorKind::kTransient,
                          "more than " + std::to_string(options_.max_redirects) + " redirects (a redirect loop?)");
    } else {
      ++transfer->redirects;
      transfer->all_permanent = transfer->all_permanent && (result->status == 301 || result->status == 308);
      if (result->status == 303) transfer->request.method = "GET";
      transfer->request.url = *target;
      return add(std::move(transfer));
    }
  }
  if (result) result->redirects = transfer->redirects;
  if (result && transfer->redirects > 0 && transfer->all_permanent)
    result->moved_permanently_to = transfer->request.url;
  transfer->done(std::move(result));
}

}  // namespace khabar::fetch

// Errors as values at stage boundaries: a small std::expected look-alike
// (GCC 12 has std::expected only under -std=c++23).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace khabar {

// The few kinds of failure a caller acts on differently.
enum class ErrorKind {
  kInvalidInput,   // bad bytes, bad query, bad argument: retrying will not help
  kInvalidConfig,  // the configuration is wrong (exit 78)
  kNotModified,    // HTTP 304: nothing to do
  kTransient,      // network, timeout, 5xx, busy database: retry later
  kPermanent,      // 4xx, refused by the peer for good
  kIo,             // local files, database
};

struct Error {
  Error() = default;
  Error(ErrorKind error_kind, std::string text, int library_code = 0)
      : kind(error_kind), message(std::move(text)), code(library_code) {}

  ErrorKind kind = ErrorKind::kInvalidInput;
  std::string message;
  // The library's own code behind the error, where there is one (a CURLcode
  // for a transfer): for callers that act on the precise cause, which the
  // message is only for people.
  int code = 0;
};

inline Error make_error(ErrorKind kind, std::string message) { return Error{kind, std::move(message)}; }

// Holds either a T or an Error. Accessing the wrong alternative is a
// programming error (std::get throws std::bad_variant_access).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// A Result with no value: success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  static Status success() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace khabar

// Who is logged in to the newsroom, and who is trying too hard to: sessions
// keyed by a random cookie, each with its CSRF token and an idle timeout,
// and a throttle on failed logins. Lives on the io_context's thread (the
// router's): not thread-safe. Time is passed in.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>

namespace khabar::web {

using SteadyTime = std::chrono::steady_clock::time_point;

struct Session {
  std::string id;  // the cookie's value: 32 random bytes, hex
  std::string user;
  std::string role;  // editor, viewer
  std::string csrf;  // every POST of this session carries it
  SteadyTime last_used{};
};

class SessionStore {
 public:
  explicit SessionStore(std::chrono::seconds idle, size_t max_sessions = 256)
      : idle_(idle), max_sessions_(max_sessions) {}

  // A new session; when the store is full, the least recently used one ends.
  const Session& create(const std::string& user, const std::string& role, SteadyTime now);
  // The session with this id, its idle time restarted; nullptr when unknown
  // or idle for longer than the timeout (it then ends).
  const Session* find(const std::string& id, SteadyTime now);
  void end(const std::string& id) { sessions_.erase(id); }
  void set_idle(std::chrono::seconds idle) { idle_ = idle; }
  size_t size() const { return sessions_.size(); }

 private:
  std::chrono::seconds idle_;
  size_t max_sessions_;
  std::unordered_map<std::string, Session> sessions_;
};

// At most `max_failures` failed logins per key (a user name, a client
// address) within `window`; a success clears the key.
class LoginThrottle {
 public:
  explicit LoginThrottle(int max_failures = 5, std::chrono::seconds window = std::chrono::minutes(15))
      : max_failures_(max_failures), window_(window) {}

  // Zero when a login may be tried now, else how long to wait.
  std::chrono::seconds wait(const std::string& key, SteadyTime now);
  void failed(const std::string& key, SteadyTime now);
  void succeeded(const std::string& key) { failures_.erase(key); }

 private:
  static constexpr size_t kMaxKeys = 10000;
  int max_failures_;
  std::chrono::seconds window_;
  std::map<std::string, std::deque<SteadyTime>> failures_;
};

}  // namespace khabar::web

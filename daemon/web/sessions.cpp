#include "web/sessions.h"

#include <algorithm>

#include "web/password.h"

namespace khabar::web {

const Session& SessionStore::create(const std::string& user, const std::string& role, SteadyTime now) {
  while (sessions_.size() >= max_sessions_) {
    const auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.last_used < b.second.last_used;
    });
    sessions_.erase(oldest);
  }
  Session session{random_token(), user, role, random_token(), now};
  const auto id = session.id;
  return sessions_.emplace(id, std::move(session)).first->second;
}

const Session* SessionStore::find(const std::string& id, SteadyTime now) {
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  if (now - it->second.last_used > idle_) {
    sessions_.erase(it);
    return nullptr;
  }
  it->second.last_used = now;
  return &it->second;
}

std::chrono::seconds LoginThrottle::wait(const std::string& key, SteadyTime now) {
  const auto it = failures_.find(key);
  if (it == failures_.end()) return std::chrono::seconds(0);
  auto& times = it->second;
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
  if (static_cast<int>(times.size()) < max_failures_) return std::chrono::seconds(0);
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(times.front() + window_ - now);
  return std::max(left, std::chrono::seconds(1));
}

void LoginThrottle::failed(const std::string& key, SteadyTime now) {
  if (failures_.size() >= kMaxKeys && !failures_.count(key)) failures_.erase(failures_.begin());
  auto& times = failures_[key];
  times.push_back(now);
  while (static_cast<int>(times.size()) > max_failures_) times.pop_front();
}

}  // namespace khabar::web

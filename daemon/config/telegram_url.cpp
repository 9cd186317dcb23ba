#include "config/telegram_url.h"

#include <cctype>

#include "util/url.h"

namespace khabar::config {

std::optional<std::string> telegram_channel(std::string_view url) {
  const auto host = url_host(url);
  if (!host || (*host != "t.me" && *host != "telegram.me" && *host != "www.t.me" && *host != "www.telegram.me")) {
    return std::nullopt;
  }
  const auto authority = url.find("://") + 3;
  const auto slash = url.find('/', authority);
  auto path = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  path = path.substr(0, path.find_first_of("?#"));
  if (path.rfind("/s/", 0) == 0) path.remove_prefix(2);
  if (!path.empty() && path[0] == '/') path.remove_prefix(1);
  return std::string(path.substr(0, path.find('/')));
}

bool is_telegram_name(std::string_view name) {
  if (name.size() < 5 || name.size() > 32 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string telegram_preview_url(const std::string& name) { return "https://t.me/s/" + name; }

}  // namespace khabar::config

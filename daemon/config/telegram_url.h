// Telegram channel addresses: every spelling people paste
// (https://t.me/NAME, t.me/s/NAME, telegram.me/NAME, a post's link
// https://t.me/NAME/123) names one preview page, https://t.me/s/NAME.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace khabar::config {

// The channel name of a t.me or telegram.me URL, or nullopt for any other
// URL. Does not check the name; see is_telegram_name.
std::optional<std::string> telegram_channel(std::string_view url);

// Telegram's rule for public names: 5 to 32 of [A-Za-z0-9_], starting with
// a letter.
bool is_telegram_name(std::string_view name);

// https://t.me/s/NAME: the channel's public web preview.
std::string telegram_preview_url(const std::string& name);

}  // namespace khabar::config

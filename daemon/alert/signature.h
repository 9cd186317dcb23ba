// The webhook signature: HMAC-SHA256 of the body under a shared secret.
#pragma once

#include <string>
#include <string_view>

namespace khabar::alert {

// "sha256=" followed by the lower-case hex HMAC-SHA256 of `body` under `key`:
// the X-Khabar-Signature header's value.
std::string signature_header(std::string_view key, std::string_view body);

}  // namespace khabar::alert

#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace khabar {

// True for an absolute http:// or https:// URL with a non-empty host and no
// whitespace. Deliberately strict: feeds and webhooks are only ever HTTP(S).
bool is_http_url(std::string_view url);

// The lower-cased host of an absolute URL, without port or userinfo;
// nullopt when there is none.
std::optional<std::string> url_host(std::string_view url);

// Resolves `reference` against the absolute `base` (RFC 3986 section 5.2,
// without dot-segment removal beyond "./" and "../" at the path level).
// Returns `reference` unchanged when it is already absolute or base is empty.
std::string resolve_url(std::string_view base, std::string_view reference);

// The URL with its secrets hidden, for logs and listings: the password of
// "user:pass@" and the values of query parameters that carry credentials
// (token, key, api_key, access_token, secret, password, sig...) become "***".
std::string mask_credentials(std::string_view url);

}  // namespace khabar

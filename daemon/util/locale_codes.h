// Language codes ("ky", "tgk", "uz-Latn": an ISO 639-1/-2 primary subtag and
// perhaps a script or region) and country codes ("KG": ISO 3166-1 alpha-2),
// as the config, the catalogue and items write them. Codes compare without
// regard to case: "kg" in one file and "KG" in another are one country.
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// True for two or three ASCII letters, then perhaps '-' and 2 to 8 letters
// or digits, in any case.
bool is_language_code(std::string_view code);

// The code with its primary subtag lower-cased, the rest kept: "RU" → "ru",
// "UZ-Latn" → "uz-Latn".
std::string normalize_language(std::string code);

// True for two ASCII letters, in any case.
bool is_country_code(std::string_view code);

// The code upper-cased: "kg" → "KG".
std::string normalize_country(std::string code);

// Whether two codes are equal, ASCII case ignored.
bool same_code(std::string_view a, std::string_view b);

// Whether an item in language `actual` is in `wanted`: equal codes, or
// `wanted` is the primary subtag of `actual` ("uz" admits "uz-Latn").
bool language_admits(std::string_view wanted, std::string_view actual);

}  // namespace khabar

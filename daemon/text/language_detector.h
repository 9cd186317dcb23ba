// Which language an item is in: the feed's declaration when it is credible,
// otherwise CLD2's detection from the text.
#pragma once

#include <string>
#include <string_view>

namespace khabar::text {

// Returns a BCP 47 tag ("ru", "ky", "uz-Cyrl", ...) or "" when neither the
// declaration nor the text tells. Uzbek gets its script subtag from the text.
// A declaration is credible unless CLD2 reliably reads another language in a
// text long enough to judge (160 bytes);
// CLD2's known confusions (Kyrgyz and Kazakh; Turkmen, which it does not
// know and reads as English) leave the declaration standing. CLD2 reads the
// first 512 bytes: the headline and the lede. Thread-safe.
// A declaration the text's letters plainly confirm (a Cyrillic text in the
// declared language's own alphabet, with one of its own letters) stands
// without asking CLD2. Thread-safe.
std::string identify_language(std::string_view text, std::string_view declared);

// The same, always asking CLD2 (the reference the alphabet check is tested
// against).
std::string identify_language_with_cld2(std::string_view text, std::string_view declared);

}  // namespace khabar::text

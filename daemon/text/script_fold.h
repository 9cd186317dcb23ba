// Folding of letters to one Latin skeleton across the region's scripts; the
// table is data (text/script_fold.tsv), compiled in.
#pragma once

#include <string>
#include <string_view>

namespace khabar::text {

// Rewrites a lower-case, NFKC_Casefold-normalized word letter by letter with
// the script folding table. Thread-safe.
std::string fold_script(std::string_view normalized_word);

// The same over UTF-16 [begin, end), appending to `out` (the tokenizer's
// path: no conversion of the word to UTF-8 first).
void fold_script(const char16_t* begin, const char16_t* end, std::string& out);

}  // namespace khabar::text

// Folding of letters to one Latin skeleton across the region's scripts; the
// table is data (text/script_fold.tsv), compiled in.
#pragma once

#include <string>
#include <string_view>

namespace khabar::text {

// Rewrites a lower-case, NFKC_Casefold-normalized word letter by letter with
// the script folding table. Thread-safe.
std::string fold_script(std::string_view normalized_word);

}  // namespace khabar::text

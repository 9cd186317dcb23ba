// A fast path for tokenize(): text made only of code points whose
// normalization and word-break behaviour are simple (letters, digits,
// punctuation and spaces of the Latin and Cyrillic blocks and common
// punctuation, which is nearly all of the region's news) is normalized and
// split by table lookups and the UAX #29 rules those code points can meet.
// The tables are computed from ICU itself at start-up, and a differential
// test holds the result equal to ICU's normalizer and word break iterator.
#pragma once

#include <string_view>

#include "text/normalizer.h"

namespace khabar::text {

// Fills `out` and returns true, or returns false (leaving `out` in an
// unspecified state) when the text holds anything the fast path does not
// cover; the caller then uses ICU. Thread-safe.
bool tokenize_simple(std::string_view utf8, TokenizedText& out);

}  // namespace khabar::text

// A news agency's dateline ("АСТАНА. KAZINFORM –", "ДУШАНБЕ, 13 май —
// Sputnik.", "BISHKEK (AKIpress) -") names the city the report was filed
// from, not what it is about: a Kazinform report on a prisoner swap in Abu
// Dhabi opens with "АСТАНА". The rules should not read the city as a place
// the report names. Pure.
#pragma once

#include <string_view>

namespace khabar::text {

// `text` without its opening dateline city: one to three words in capitals
// at the very start, followed by ".", ",", "(" or a dash, with a dash
// within the next few words ("ДУШАНБЕ, 13 май — ..."). Anything else is
// returned whole.
std::string_view without_dateline(std::string_view text);

}  // namespace khabar::text

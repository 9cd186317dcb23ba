// The cases' monthly chart, drawn on the server as SVG (readable without
// JavaScript): one stacked bar per month, people counted by kind of case or
// by country, with a legend and a title for every bar segment.
#pragma once

#include <string>
#include <vector>

#include "store/newsroom.h"
#include "web/html.h"

namespace khabar::web {

enum class ChartSeries { kKind, kCountry };

// Months run without gaps from the first to the last in `counts`.
void case_chart(Html& html, const std::vector<store::CaseCount>& counts, ChartSeries series, const std::string& title);

// "2026-11" → "2026-12"; "2026-12" → "2027-01".
std::string next_month(const std::string& month);

}  // namespace khabar::web

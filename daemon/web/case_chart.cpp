#include "web/case_chart.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

namespace khabar::web {
namespace {

constexpr std::array<const char*, 8> kColours{"#0b5cad", "#c0392b", "#27ae60", "#8e44ad",
                                              "#e67e22", "#16a085", "#7f8c8d", "#d4ac0d"};
constexpr int kBar = 36, kGap = 14, kLeft = 48, kTop = 16, kPlot = 200, kLegendRow = 20;

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

}  // namespace

std::string next_month(const std::string& month) {
  int year = 0, m = 0;
  if (std::sscanf(month.c_str(), "%d-%d", &year, &m) != 2) return month;
  if (++m > 12) m = 1, ++year;
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d", year, m);
  return text;
}

void case_chart(Html& html, const std::vector<store::CaseCount>& counts, ChartSeries series, const std::string& title) {
  std::map<std::string, std::map<std::string, std::int64_t>> by_month;  // month → key → people
  std::vector<std::string> keys;
  for (const auto& c : counts) {
    const auto& key = series == ChartSeries::kKind ? c.kind : c.country;
    by_month[c.month][key] += c.people;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> months;
  if (!by_month.empty()) {
    for (auto m = by_month.begin()->first; months.size() < 120; m = next_month(m)) {
      months.push_back(m);
      if (m >= by_month.rbegin()->first) break;
    }
  }
  std::int64_t top = 1;
  for (const auto& [month, people] : by_month) {
    std::int64_t sum = 0;
    for (const auto& [key, n] : people) sum += n;
    top = std::max(top, sum);
  }
  const int width = kLeft + static_cast<int>(months.size()) * (kBar + kGap) + 160;
  const int height = std::max(kTop + kPlot + 40, kTop + static_cast<int>(keys.size()) * kLegendRow + 20);
  const auto id = series == ChartSeries::kKind ? std::string("chart-kind") : std::string("chart-country");
  html.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                    {"viewBox", "0 0 " + std::to_string(width) + " " + std::to_string(height)},
                    {"width", std::to_string(width)},
                    {"height", std::to_string(height)},
                    {"role", "img"},
                    {"aria-labelledby", id + "-title"}});
  html.element("title", title, {{"id", id + "-title"}});
  const auto base = std::to_string(kTop + kPlot);
  html.open("line", {{"x1", std::to_string(kLeft)},
                     {"y1", base},
                     {"x2", std::to_string(width - 150)},
                     {"y2", base},
                     {"stroke", "#5a6372"}})
      .close();
  html.element("text", std::to_string(top), {{"x", "4"}, {"y", std::to_string(kTop + 10)}, {"font-size", "12"}});
  html.element("text", "0", {{"x", "4"}, {"y", base}, {"font-size", "12"}});
  for (size_t i = 0; i < months.size(); ++i) {
    const int x = kLeft + static_cast<int>(i) * (kBar + kGap);
    double y = kTop + kPlot;
    const auto it = by_month.find(months[i]);
    for (size_t k = 0; it != by_month.end() && k < keys.size(); ++k) {
      const auto n = it->second.count(keys[k]) ? it->second.at(keys[k]) : 0;
      if (n == 0) continue;
      const double h = static_cast<double>(n) * kPlot / static_cast<double>(top);
      y -= h;
      html.open("rect", {{"x", std::to_string(x)},
                         {"y", number(y)},
                         {"width", std::to_string(kBar)},
                         {"height", number(h)},
                         {"fill", kColours[k % kColours.size()]}});
      html.element("title", months[i] + ", " + keys[k] + ": " + std::to_string(n) + (n == 1 ? " person" : " people"))
          .close();
    }
    html.element("text", months[i],
                 {{"x", std::to_string(x)}, {"y", std::to_string(kTop + kPlot + 16)}, {"font-size", "11"}});
  }
  const int legend_x = width - 140;
  for (size_t k = 0; k < keys.size(); ++k) {
    const int y = kTop + static_cast<int>(k) * kLegendRow;
    html.open("rect", {{"x", std::to_string(legend_x)},
                       {"y", std::to_string(y)},
                       {"width", "12"},
                       {"height", "12"},
                       {"fill", kColours[k % kColours.size()]}})
        .close();
    html.element("text", keys[k],
                 {{"x", std::to_string(legend_x + 18)}, {"y", std::to_string(y + 11)}, {"font-size", "12"}});
  }
  html.close();
}

}  // namespace khabar::web

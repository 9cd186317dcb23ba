#include "util/suggest.h"

#include <algorithm>
#include <numeric>

namespace khabar {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substituted = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substituted});
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_name(const std::string& typed, const std::vector<std::string>& known) {
  const size_t allowed = std::max<size_t>(2, typed.size() / 3);
  std::optional<std::string> best;
  size_t best_distance = allowed + 1;
  for (const auto& name : known) {
    const auto distance = edit_distance(typed, name);
    if (distance < best_distance) best_distance = distance, best = name;
  }
  if (best || typed.size() < 3) return best;
  // "azattyk" for "azattyk-ru": a name typed without its suffix.
  for (const auto& name : known) {
    if (name.rfind(typed, 0) == 0) return name;
  }
  return std::nullopt;
}

std::string did_you_mean(const std::string& typed, const std::vector<std::string>& known) {
  const auto best = closest_name(typed, known);
  return best ? " (did you mean \"" + *best + "\"?)" : "";
}

}  // namespace khabar

#include "store/item_row.h"

#include <nlohmann/json.hpp>

#include "store/story_signature.h"
#include "text/normalizer.h"
#include "util/json_text.h"

namespace khabar::store {

IndexForms make_index_forms(std::string title, std::string summary, std::string content) {
  const auto signature = story_signature_of_index_forms(title, summary);
  return {std::move(title), std::move(summary), std::move(content), signature};
}

IndexForms index_forms_of(const std::optional<std::string>& title, const std::optional<std::string>& summary,
                          const std::optional<std::string>& content) {
  return make_index_forms(text::index_form(title.value_or("")), text::index_form(summary.value_or("")),
                          text::index_form(content.value_or("")));
}

ItemRecord read_item(const Statement& row, int first) {
  return ItemRecord{row.optional_text(first),        row.optional_text(first + 1),    row.optional_text(first + 2),
                    row.optional_text(first + 3),    row.optional_text(first + 4),    row.optional_text(first + 5),
                    row.optional_text(first + 6),    row.optional_integer(first + 7), row.optional_integer(first + 8),
                    row.optional_integer(first + 9), row.optional_text(first + 10)};
}

std::string terms_json(const std::vector<std::string>& terms) { return json_text(nlohmann::json(terms)); }

std::vector<std::string> terms_from_json(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_array()) return {};
  return json.get<std::vector<std::string>>();
}

std::string glosses_json(const std::vector<TermGloss>& glosses) {
  auto out = nlohmann::json::array();
  for (const auto& g : glosses) out.push_back({{"term", g.term}, {"en", g.en}, {"ru", g.ru}});
  return json_text(out);
}

std::vector<TermGloss> glosses_from_json(const std::optional<std::string>& text) {
  std::vector<TermGloss> out;
  if (!text) return out;
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_array()) return out;
  for (const auto& g : json) {
    if (!g.is_object()) continue;
    out.push_back({g.value("term", ""), g.value("en", ""), g.value("ru", "")});
  }
  return out;
}

}  // namespace khabar::store

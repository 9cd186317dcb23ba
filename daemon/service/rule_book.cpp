#include "service/rule_book.h"

namespace khabar::service {

Result<RuleBook> RuleBook::build(const config::Config& config) {
  std::vector<match::RuleSpec> specs;
  std::string errors;
  for (const auto& rule : config.rules) {
    if (auto query = match::parse_query(rule.query); !query) {
      errors += (errors.empty() ? "" : "\n") + rule.source.file + ":" + std::to_string(rule.query_line) +
                ": rule \"" + rule.name + "\".query: " + query.error().message;
    }
    specs.push_back({rule.name, rule.query});
  }
  if (!errors.empty()) return make_error(ErrorKind::kInvalidConfig, errors);
  auto matcher = match::Matcher::compile(specs);
  if (!matcher) return make_error(ErrorKind::kInvalidConfig, matcher.error().message);
  RuleBook book(std::move(*matcher));
  for (const auto& rule : config.rules) book.channels_[rule.name] = rule.alerts;
  return book;
}

std::vector<store::MatchRecord> RuleBook::match(const store::ItemRecord& item) const {
  std::vector<store::MatchRecord> out;
  for (auto& m : matcher_.match({item.title.value_or(""), item.summary.value_or("")})) {
    out.push_back({m.rule, std::move(m.terms), channels_.at(m.rule)});
  }
  return out;
}

}  // namespace khabar::service

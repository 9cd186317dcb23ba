#include "service/rule_book.h"

namespace khabar::service {

match::TermLists term_lists(const config::Config& config) {
  match::TermLists lists;
  for (const auto& list : config.lists) lists[list.name].terms = list.terms;
  return lists;
}

Result<RuleBook> RuleBook::build(const config::Config& config) {
  const auto lists = term_lists(config);
  std::vector<match::RuleSpec> specs;
  std::string errors;
  for (const auto& rule : config.rules) {
    if (auto query = match::parse_query(rule.query, lists); !query) {
      errors += (errors.empty() ? "" : "\n") + rule.source.file + ":" + std::to_string(rule.query_line) +
                ": rule \"" + rule.name + "\".query: " + query.error().message;
    }
    specs.push_back({rule.name, rule.query});
  }
  if (!errors.empty()) return make_error(ErrorKind::kInvalidConfig, errors);
  auto matcher = match::Matcher::compile(specs, lists);
  if (!matcher) return make_error(ErrorKind::kInvalidConfig, matcher.error().message);
  RuleBook book(std::move(*matcher));
  for (const auto& rule : config.rules) book.channels_[rule.name] = rule.alerts;
  return book;
}

std::vector<store::MatchRecord> RuleBook::match(const store::ItemRecord& item, const std::string& feed) const {
  std::vector<store::MatchRecord> out;
  static const std::string kNone;
  const match::MatchInput input{item.title ? *item.title : kNone, item.summary ? *item.summary : kNone,
                                item.language ? *item.language : kNone, feed};
  for (auto& m : matcher_.match(input)) {
    out.push_back({m.rule, std::move(m.terms), channels_.at(m.rule)});
  }
  return out;
}

}  // namespace khabar::service

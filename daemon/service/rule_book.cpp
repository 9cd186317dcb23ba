#include "service/rule_book.h"

#include <algorithm>

#include "service/story_keys.h"
#include "text/dateline.h"
#include "util/locale_codes.h"

namespace khabar::service {

ItemTokens tokenize_item(const store::ItemRecord& item) {
  return {text::tokenize(item.title.value_or("")), text::tokenize(item.summary.value_or("")),
          text::tokenize(item.content.value_or(""))};
}

store::IndexForms index_forms(const ItemTokens& tokens) {
  return store::make_index_forms(text::index_form(tokens.title), text::index_form(tokens.summary),
                                 text::index_form(tokens.content));
}

// The summary and content without an agency's dateline: "АСТАНА. KAZINFORM
// –" is where the report was filed, not a place it names.
match::MatchInput match_input(const store::ItemRecord& item, const std::string& feed, const ItemTokens* tokens) {
  static const std::string kNone;
  const std::string_view summary = item.summary ? *item.summary : kNone;
  const std::string_view content = item.content ? *item.content : kNone;
  match::MatchInput input{item.title ? *item.title : kNone, text::without_dateline(summary),
                          text::without_dateline(content), item.language ? *item.language : kNone, feed};
  if (tokens) {
    // A field that lost its dateline is tokenized again without it.
    input.title_tokens = &tokens->title;
    if (input.summary.size() == summary.size()) input.summary_tokens = &tokens->summary;
    if (input.content.size() == content.size()) input.content_tokens = &tokens->content;
  }
  return input;
}

match::TermLists term_lists(const config::Config& config) {
  match::TermLists lists;
  for (const auto& list : config.lists) lists[list.name].terms = list.terms;
  return lists;
}

std::vector<std::string> RuleBook::query_errors(const config::Config& config) {
  const auto lists = term_lists(config);
  std::vector<std::string> errors;
  for (const auto& rule : config.rules) {
    if (rule.query.empty()) continue;
    if (auto query = match::parse_query(rule.query, lists); !query) {
      errors.push_back(rule.source.file + ":" + std::to_string(rule.query_line) + ": rule \"" + rule.name +
                       "\".query: " + query.error().message);
    }
  }
  if (config.prefilter.empty()) return errors;
  if (auto query = match::parse_query(config.prefilter, lists); !query) {
    errors.push_back(config.prefilter_source.str() + ": prefilter: " + query.error().message);
  }
  return errors;
}

Result<RuleBook> RuleBook::build(const config::Config& config) {
  if (const auto errors = query_errors(config); !errors.empty()) {
    std::string message;
    for (const auto& error : errors) message += (message.empty() ? "" : "\n") + error;
    return make_error(ErrorKind::kInvalidConfig, message);
  }
  const auto lists = term_lists(config);
  std::vector<match::RuleSpec> specs;
  for (const auto& rule : config.rules) specs.push_back({rule.name, rule.query});
  auto matcher = match::Matcher::compile(specs, lists);
  if (!matcher) return make_error(ErrorKind::kInvalidConfig, matcher.error().message);
  RuleBook book(std::move(*matcher));
  if (!config.prefilter.empty()) {
    auto prefilter = match::Matcher::compile({{"prefilter", config.prefilter}}, lists);
    if (!prefilter) {
      return make_error(ErrorKind::kInvalidConfig,
                        config.prefilter_source.str() + ": prefilter: " + prefilter.error().message);
    }
    book.prefilter_ = std::move(*prefilter);
  }
  for (const auto& rule : config.rules) book.channels_[rule.name] = rule.alerts;
  book.glosses_ = config.glosses;
  auto kinds = story_kind_matcher(lists);
  if (!kinds) return make_error(ErrorKind::kInvalidConfig, "story kinds: " + kinds.error().message);
  book.kinds_ = std::move(*kinds);
  for (const auto& alert : config.alerts) book.channel_config_[alert.name] = alert;
  for (const auto& feed : config.feeds) {
    if (feed.country) book.feed_country_[feed.name] = *feed.country;
  }
  return book;
}

std::vector<store::MatchRecord> RuleBook::match(const store::ItemRecord& item, const std::string& feed,
                                                const ItemTokens* tokens) const {
  std::vector<store::MatchRecord> out;
  for (auto& m : matcher_.match(match_input(item, feed, tokens))) {
    std::vector<std::string> channels;
    for (const auto& name : channels_.at(m.rule)) {
      const auto it = channel_config_.find(name);
      if (it == channel_config_.end() || admits(it->second, item, feed)) channels.push_back(name);
    }
    std::vector<store::TermGloss> glosses;
    for (size_t i = 0; i < m.terms.size() && i < m.sources.size(); ++i) {
      if (const auto it = glosses_.find(m.sources[i]); it != glosses_.end()) {
        glosses.push_back({m.terms[i], it->second.en, it->second.ru});
      }
    }
    out.push_back({m.rule, std::move(m.terms), std::move(channels), std::move(glosses)});
  }
  return out;
}

store::StoryKeys RuleBook::story_keys(const store::ItemRecord& item, const ItemTokens* tokens) const {
  if (!tokens) return service::story_keys(item, *kinds_);
  return service::story_keys(item, *kinds_, &tokens->title, &tokens->summary);
}

bool RuleBook::passes_prefilter(const store::ItemRecord& item) const {
  return !prefilter_ || !prefilter_->match(match_input(item, "")).empty();
}

// Codes compare without regard to case: a config built elsewhere than the
// loader, which normalizes them, must not drop every alert over "kg" and "KG".
bool RuleBook::admits(const config::AlertConfig& channel, const store::ItemRecord& item,
                      const std::string& feed) const {
  if (!channel.languages.empty()) {
    const auto language = item.language.value_or("");
    const bool listed = std::any_of(channel.languages.begin(), channel.languages.end(),
                                    [&](const std::string& l) { return language_admits(l, language); });
    if (!listed) return false;
  }
  if (!channel.countries.empty()) {
    const auto it = feed_country_.find(feed);
    if (it == feed_country_.end()) return false;
    return std::any_of(channel.countries.begin(), channel.countries.end(),
                       [&](const std::string& c) { return same_code(c, it->second); });
  }
  return true;
}

}  // namespace khabar::service

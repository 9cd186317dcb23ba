// The configured rules compiled into one matcher, with each rule's channels.
#pragma once

#include <map>
#include <optional>

#include "config/config.h"
#include "match/matcher.h"
#include "match/query.h"
#include "store/archive.h"

namespace khabar::service {

// An item's title, summary and content tokenized once (text::tokenize), for
// the rules, the story kinds and the search index to share.
struct ItemTokens {
  text::TokenizedText title, summary, content;
};
ItemTokens tokenize_item(const store::ItemRecord& item);
// The search index's forms of those tokens, with the story signature.
store::IndexForms index_forms(const ItemTokens& tokens);

// What the matcher sees of a stored item of `feed`. The views point into
// `item`, `feed` and `tokens` (the item's, when given), which must outlive
// the result.
match::MatchInput match_input(const store::ItemRecord& item, const std::string& feed,
                              const ItemTokens* tokens = nullptr);

// The config's [[list]] tables as the query parser takes them.
match::TermLists term_lists(const config::Config& config);

class RuleBook {
 public:
  // Fails with kInvalidConfig naming the file, line and rule of every
  // query that does not parse.
  static Result<RuleBook> build(const config::Config& config);

  // Every rule query and the prefilter that does not parse, each
  // "FILE:LINE: rule \"NAME\".query: what is wrong". Rules without a query
  // are skipped: the loader has said so already.
  static std::vector<std::string> query_errors(const config::Config& config);

  // The matches of one item of `feed`, each with the channels to alert:
  // the rule's channels whose language and country filters admit the item.
  // Thread-safe.
  std::vector<store::MatchRecord> match(const store::ItemRecord& item, const std::string& feed,
                                        const ItemTokens* tokens = nullptr) const;

  const match::Matcher& matcher() const { return matcher_; }

  // The keys that group the item with reports of its event (story_keys.h).
  store::StoryKeys story_keys(const store::ItemRecord& item, const ItemTokens* tokens = nullptr) const;

  // Whether an item passes the config's prefilter (true when there is none):
  // its article is worth fetching. Thread-safe.
  bool passes_prefilter(const store::ItemRecord& item) const;

 private:
  explicit RuleBook(match::Matcher matcher) : matcher_(std::move(matcher)) {}
  bool admits(const config::AlertConfig& channel, const store::ItemRecord& item, const std::string& feed) const;

  match::Matcher matcher_;
  std::optional<match::Matcher> prefilter_;
  std::optional<match::Matcher> kinds_;
  std::map<std::string, std::vector<std::string>> channels_;
  std::map<std::string, config::AlertConfig> channel_config_;
  std::map<std::string, std::string> feed_country_;
  std::map<std::string, config::Gloss, std::less<>> glosses_;
};

}  // namespace khabar::service

// An item as the store keeps it, and how its columns are read back: shared
// by the archive and the outbox.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite.h"
#include "store/story_grouping.h"
#include "util/time_format.h"

namespace khabar::store {

// An item's words as the search index holds them (text::index_form of each
// field); the story signature is computed from the same forms.
struct IndexForms {
  std::string title;
  std::string summary;
  std::string content;
  // story_signature_of_index_forms(title, summary), when computed with the
  // forms (make_index_forms, on the pool); the archive computes it otherwise.
  std::optional<std::uint64_t> signature = std::nullopt;
};
// The forms with their story signature.
IndexForms make_index_forms(std::string title, std::string summary, std::string content);
IndexForms index_forms_of(const std::optional<std::string>& title, const std::optional<std::string>& summary,
                          const std::optional<std::string>& content);

struct ItemRecord {
  std::optional<std::string> guid;
  std::optional<std::string> link;
  std::optional<std::string> title;
  std::optional<std::string> summary;
  std::optional<std::string> content;  // plain text: the full text, or the article behind the item
  std::optional<std::string> author;
  std::optional<std::string> language;
  std::optional<UnixTime> published;
  std::optional<UnixTime> removed_at;  // set by the archive: when the feed stopped listing it
  // The article behind the item, when its feed fetches articles: when it was
  // fetched (its text is the content), or why that failed.
  std::optional<UnixTime> article_fetched_at = std::nullopt;
  std::optional<std::string> article_error = std::nullopt;
  // What groups it with reports of the same event in other languages (set by
  // the service; the archive keeps it).
  StoryKeys story_keys = {};
  // The index forms, when the service computed them off the archive's thread
  // (they must then be of this title, summary and content); the archive
  // computes them itself otherwise.
  std::optional<IndexForms> index_forms = std::nullopt;
};

// The columns of `items i` that read_item reads, in its order.
inline constexpr const char* kItemColumns =
    "i.guid, i.link, i.title, i.summary, i.content, i.author, i.language, i.published, i.removed_at,"
    " i.article_fetched_at, i.article_error";
inline constexpr int kItemColumnCount = 11;  // the columns above: a query's later columns start after them

// The item in kItemColumns order from column `first` of the row.
ItemRecord read_item(const Statement& row, int first);

// A matched term's meaning for editors who read English or Russian.
struct TermGloss {
  std::string term;  // as matched in the text
  std::string en;
  std::string ru;
};

// Matched terms as stored: a JSON array of strings.
std::string terms_json(const std::vector<std::string>& terms);
std::vector<std::string> terms_from_json(const std::string& text);

// Glosses as stored: [{"term", "en", "ru"}].
std::string glosses_json(const std::vector<TermGloss>& glosses);
std::vector<TermGloss> glosses_from_json(const std::optional<std::string>& text);

}  // namespace khabar::store

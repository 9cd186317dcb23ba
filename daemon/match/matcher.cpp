#include "match/matcher.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/container/small_vector.hpp>
#include <memory>
#include <span>
#include <unordered_set>

#include "match/token_hit_cache.h"
#include "match/word_forms.h"
#include "text/normalizer.h"

namespace khabar::match {
namespace {

using Kind = QueryNode::Kind;

// Summary positions start this far after the title's, and content's this far
// after the summary's, so that phrases and NEAR never reach from one field
// into another.
constexpr int kSummaryOffset = 1 << 20;
constexpr int kContentOffset = 2 << 20;

// A list or OR with more children with triggers than this finds an item's
// candidate children through the index by word. A node with fewer children
// but more triggers than this (an OR of lists) lets each child check its
// own; the rest check their triggers one by one against the item's words.
constexpr size_t kIndexedTriggers = 16;

struct Window {
  int lo = 0;
  int hi = 1 << 30;
};

struct Span {
  int first = 0;                        // token index of the first word
  int last = 0;                         // token index of the last word
  const std::string* source = nullptr;  // the list term it matched, if any
};

// Language tags and feed names compared without regard to ASCII case,
// inline (std::tolower is a call per character, and the language test is
// made at every lang: node of every candidate rule).
bool iequals(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// lang:uz matches "uz", "uz-Latn" and "uz-Cyrl"; lang:uz-Cyrl only the last.
bool language_matches(std::string_view wanted, std::string_view actual) {
  if (iequals(wanted, actual)) return true;
  return actual.size() > wanted.size() && actual[wanted.size()] == '-' &&
         iequals(wanted, actual.substr(0, wanted.size()));
}

// Spans gathered at one node: a few, kept on the stack.
using Spans = boost::container::small_vector<Span, 8>;

bool operator==(const Span& a, const Span& b) { return a.first == b.first && a.last == b.last; }

void add_term(Spans* terms, Span span) {
  if (terms && std::find(terms->begin(), terms->end(), span) == terms->end()) terms->push_back(span);
}

}  // namespace

// Per-item state: the item's words, and for each dictionary word the token
// indices that hit it.
class Matcher::Evaluation {
 public:
  Evaluation(const Matcher& matcher, const MatchInput& input)
      : matcher_(matcher),
        buffers_(item_buffers()),
        title_(text_of(input.title_tokens, input.title, buffers_.own[0])),
        summary_(text_of(input.summary_tokens, input.summary, buffers_.own[1])),
        content_(text_of(input.content_tokens, input.content, buffers_.own[2])),
        tokens_(buffers_.tokens),
        input_(input),
        hits_(scratch(matcher.word_count_)),
        present_(presence_scratch(matcher.word_count_)),
        memo_(memo_scratch(matcher.lists_.size())),
        memo_touched_(buffers_.memo_touched),
        touched_(buffers_.touched),
        indexed_children_(indexed_scratch(matcher.indexed_nodes_.size())),
        indexed_touched_(buffers_.indexed_touched) {
    auto& cache = lookup_cache(matcher);
    int index = 0;
    for (const auto& field :
         {std::pair{&title_, 0}, std::pair{&summary_, kSummaryOffset}, std::pair{&content_, kContentOffset}}) {
      const text::TokenizedText* text = field.first;
      const int offset = field.second;
      for (const auto& token : text->tokens) {
        tokens_.push_back({&token, text, token.position + offset});
        for (const int id : token_hits(cache.hits, *text, token)) hit(id, index);
        ++index;
      }
    }
    find_indexed_children();
  }

  // The dictionary words a token hits, from the thread's cache when known.
  // A token that meets a stem check hits what its stem says, which depends
  // on the token as written (Snowball stems the written form, and two
  // spellings can fold alike): it is remembered under its folded form and
  // its written form together.
  std::span<const int> token_hits(TokenHitCache& cache, const text::TokenizedText& text, const text::Token& token) {
    std::span<const int> known;
    const auto answer = cache.find(token.text, known);
    if (answer == TokenHitCache::Known::kHits) return known;
    auto& key = buffers_.key;
    if (answer == TokenHitCache::Known::kDependsOnSurface) {
      with_surface(text, token, key);
      if (cache.find(key, known) == TokenHitCache::Known::kHits) return known;
    }
    auto& found = buffers_.found;
    found.clear();
    const bool folded_only = matcher_.lookup(
        token.text, [&] { return text.surface(token); }, [&](int id) { found.push_back(id); });
    if (folded_only) {
      cache.remember(token.text, found);
    } else {
      if (answer == TokenHitCache::Known::kNo) {
        cache.remember_depends_on_surface(token.text);
        with_surface(text, token, key);
      }
      cache.remember(key, found);
    }
    return found;
  }
  // The folded token, a byte no token holds, and the token as written.
  static void with_surface(const text::TokenizedText& text, const text::Token& token, std::string& key) {
    key.assign(token.text);
    key += '\0';
    text.append_surface(token, key);
  }

  ~Evaluation() {
    for (const int id : touched_) {
      hits_[static_cast<size_t>(id)].clear();
      present_[static_cast<size_t>(id) / 64] = 0;
    }
    for (const size_t slot : memo_touched_) memo_[slot] = kUnknown;
    for (const int node : indexed_touched_) indexed_children_[static_cast<size_t>(node)].clear();
  }
  Evaluation(const Evaluation&) = delete;
  Evaluation& operator=(const Evaluation&) = delete;

  // Dictionary words that occur in the item.
  const std::vector<int>& touched() const { return touched_; }

  // `words_seen`: the caller found the node through one of its trigger
  // words, so only the window is left to check.
  bool holds(const CompiledNode& node, Window window, Spans* terms, bool words_seen = false) const {
    if (words_seen ? window.lo >= window.hi : !possible(node, window)) return false;
    if (node.memo_id < 0) return evaluate(node, window, terms);
    const int field = field_slot(window);
    if (field < 0) return evaluate(node, window, terms);
    const auto slot = static_cast<size_t>(node.memo_id) * kFieldSlots + static_cast<size_t>(field);
    // Collecting a matched rule's words, a list already known to fail here
    // has none to give; one that holds (or is unknown) is walked for them.
    if (terms && memo_[slot] == kFails) return false;
    if (memo_[slot] == kUnknown || terms) {
      const bool result = evaluate(node, window, terms);
      if (memo_[slot] == kUnknown) memo_touched_.push_back(slot);
      memo_[slot] = result ? kHolds : kFails;
    }
    return memo_[slot] == kHolds;
  }

 private:
  bool evaluate(const CompiledNode& node, Window window, Spans* terms) const {
    // Collecting over the headline (a merged "title:@x OR summary:@x"), each
    // field gives its own first occurrence, as the two scopes did.
    if (terms && (node.kind == Kind::kWords || node.kind == Kind::kNear) && window.lo == 0 &&
        window.hi == kContentOffset) {
      const bool in_title = evaluate(node, {0, kSummaryOffset}, terms);
      return evaluate(node, {kSummaryOffset, kContentOffset}, terms) || in_title;
    }
    switch (node.kind) {
      case Kind::kWords: {
        Span span;
        if (!first_phrase_span(node, window, span)) return false;
        span.source = &node.list_term;
        add_span_terms(span, terms);
        return true;
      }
      case Kind::kNear:
        return holds_near(node, window, terms);
      case Kind::kNot:
        return !holds(*node.children.front(), window, nullptr);
      case Kind::kAnd:
        return holds_all(node, window, terms);
      case Kind::kOr:
        return terms ? holds_any_collecting(node, window, terms) : holds_any(node, window);
      case Kind::kField:
        return holds(*node.children.front(), field_window(node.scope, window), terms);
      case Kind::kLang:
        return language_matches(node.value, input_.language);
      case Kind::kFeed:
        return iequals(node.value, input_.feed);
      case Kind::kScore:
        return holds_score(node, window, terms);
    }
    return false;
  }

  // The nodes that gather spans in a buffer of their own are kept out of
  // line: evaluate() is entered at every node, and inlined they would make
  // each entry reserve and save what only they need.
  [[gnu::noinline]] bool holds_near(const CompiledNode& node, Window window, Spans* terms) const {
    Spans found;
    spans(node, window, found, 1);
    if (found.empty()) return false;
    found.front().source = &node.list_term;
    add_span_terms(found.front(), terms);
    return true;
  }

  void hit(int id, int index) {
    auto& list = hits_[static_cast<size_t>(id)];
    if (list.empty()) {
      touched_.push_back(id);
      present_[static_cast<size_t>(id) / 64] |= uint64_t{1} << (id % 64);
    }
    if (list.empty() || list.back() != index) list.push_back(index);
  }

  // What each folded token hit in the dictionary, per thread: news text
  // repeats its words from item to item, and a hash lookup costs less than
  // a walk down the trie byte by byte. Tokens that met a stem check are not
  // kept (their result depends on the token as written).
  // One per compiled dictionary a thread uses (a poll's worker matches with
  // the rules and with the story kinds, item after item): a thread keeps a
  // few, the least recently used making way.
  struct LookupCache {
    std::uint64_t serial = 0;
    std::uint64_t used = 0;
    TokenHitCache hits;
  };
  static constexpr size_t kCachedDictionaries = 4;
  static LookupCache& lookup_cache(const Matcher& matcher) {
    thread_local std::array<std::unique_ptr<LookupCache>, kCachedDictionaries> caches;
    thread_local std::uint64_t clock = 0;
    ++clock;
    LookupCache* oldest = nullptr;
    for (auto& cache : caches) {
      if (!cache) cache = std::make_unique<LookupCache>();
      if (cache->serial == matcher.serial_) {
        cache->used = clock;
        return *cache;
      }
      if (!oldest || cache->used < oldest->used) oldest = cache.get();
    }
    if (oldest->serial != 0) oldest->hits.clear();
    oldest->serial = matcher.serial_;
    oldest->used = clock;
    return *oldest;
  }

  // Each indexed node's children that one of the item's words triggers, in
  // child order and each once. A node gets a few from an item, so each is
  // put in its place as it comes (a call to sort per node cost more).
  void find_indexed_children() {
    for (const int word : touched_) {
      for (const auto& [node, child] : matcher_.children_by_word_[static_cast<size_t>(word)]) {
        auto& found = indexed_children_[static_cast<size_t>(node)];
        if (found.empty()) indexed_touched_.push_back(node);
        auto at = found.end();
        while (at != found.begin() && *(at - 1) > child) --at;
        if (at != found.begin() && *(at - 1) == child) continue;
        found.insert(at, child);
      }
    }
  }

  using ChildIndexes = boost::container::small_vector<int, 6>;
  static std::vector<ChildIndexes>& indexed_scratch(size_t nodes) {
    thread_local std::vector<ChildIndexes> found;
    if (found.size() < nodes) found.resize(nodes);
    return found;
  }

  // Per-thread hit lists, one per dictionary word, reused from item to item
  // (only the touched ones are cleared), so an item costs what it contains,
  // not what the dictionary holds.
  static std::vector<std::vector<int>>& scratch(int words) {
    thread_local std::vector<std::vector<int>> lists;
    if (lists.size() < static_cast<size_t>(words)) lists.resize(static_cast<size_t>(words));
    return lists;
  }
  // A bit per dictionary word: whether the item holds it (kept zero between
  // items, like the hit lists).
  static std::vector<uint64_t>& presence_scratch(int words) {
    thread_local std::vector<uint64_t> bits;
    const auto size = static_cast<size_t>(words) / 64 + 1;
    if (bits.size() < size) bits.resize(size);
    return bits;
  }

  // Memoized list decisions, per list and field window: unknown, holds,
  // fails (kept unknown between items).
  static constexpr int8_t kUnknown = 0, kHolds = 1, kFails = 2;
  static constexpr size_t kFieldSlots = 5;
  static std::vector<int8_t>& memo_scratch(size_t lists) {
    thread_local std::vector<int8_t> memo;
    if (memo.size() < lists * kFieldSlots) memo.resize(lists * kFieldSlots, kUnknown);
    return memo;
  }

  // The memo slot of a whole-field window (or the whole item); -1 for others.
  static int field_slot(Window window) {
    if (window.lo == 0 && window.hi == (1 << 30)) return 0;
    if (window.lo == 0 && window.hi == kSummaryOffset) return 1;
    if (window.lo == kSummaryOffset && window.hi == kContentOffset) return 2;
    if (window.lo == kContentOffset && window.hi == (1 << 30)) return 3;
    if (window.lo == 0 && window.hi == kContentOffset) return 4;
    return -1;
  }

  bool present(int word) const { return (present_[static_cast<size_t>(word) / 64] >> (word % 64) & 1) != 0; }

  // Whether the item holds one of these sorted words: walks the shorter side.
  bool any_present(const WordIds& words) const {
    if (words.size() <= 2 * touched_.size())
      return std::any_of(words.begin(), words.end(), [&](int w) { return present(w); });
    return std::any_of(touched_.begin(), touched_.end(),
                       [&](int w) { return std::binary_search(words.begin(), words.end(), w); });
  }

  // False when the node can't hold: it needs words and the window has no
  // tokens, or none of its trigger words occurs in the item.
  bool possible(const CompiledNode& node, Window window) const {
    if (!node.needs_words) return true;
    if (window.lo >= window.hi) return false;
    // A long set costs about what evaluating the node costs (a list walks
    // its trigger index anyway): check only short ones.
    return node.triggers.empty() || node.triggers.size() > kCheckedTriggers || any_present(node.triggers);
  }
  static constexpr size_t kCheckedTriggers = 16;

  // A token of one field; positions of later fields are offset, so that
  // phrases and NEAR never reach across fields.
  struct TokenRef {
    const text::Token* token;
    const text::TokenizedText* source;
    int position;  // the token's position plus its field's offset
  };

  // The caller's tokens of a field, else the field tokenized into `own`.
  static const text::TokenizedText& text_of(const text::TokenizedText* given, std::string_view field,
                                            text::TokenizedText& own) {
    if (given) return *given;
    text::tokenize(field, own);
    return own;
  }

  // The item's own buffers, per thread and emptied for each item: an item
  // then allocates only when it holds more than any item before it. (An
  // evaluation never nests within one on the same thread; the hit lists
  // above are per thread too.)
  struct ItemBuffers {
    text::TokenizedText own[3];  // the fields the caller did not tokenize
    std::vector<TokenRef> tokens;
    std::vector<size_t> memo_touched;
    std::vector<int> touched, indexed_touched, found;
    std::string key;  // a token with its written form, for the cache
  };
  static ItemBuffers& item_buffers() {
    thread_local ItemBuffers buffers;
    buffers.tokens.clear();
    buffers.memo_touched.clear();
    buffers.touched.clear();
    buffers.indexed_touched.clear();
    return buffers;
  }

  int position(int index) const { return tokens_[static_cast<size_t>(index)].position; }
  bool inside(int index, Window w) const { return position(index) >= w.lo && position(index) < w.hi; }

  // The part of `outer` in the field; empty when the field has no words.
  Window field_window(CompiledNode::Scope field, Window outer) const {
    using Scope = CompiledNode::Scope;
    if (field == Scope::kHeadline) {
      if (title_.tokens.empty() && summary_.tokens.empty()) return {0, 0};
      return {std::max(outer.lo, 0), std::min(outer.hi, kContentOffset)};
    }
    const bool title = field == Scope::kTitle, summary = field == Scope::kSummary;
    const auto& text = title ? title_ : summary ? summary_ : content_;
    if (text.tokens.empty()) return {0, 0};
    const Window field_range = title     ? Window{0, kSummaryOffset}
                               : summary ? Window{kSummaryOffset, kContentOffset}
                                         : Window{kContentOffset, 1 << 30};
    return {std::max(outer.lo, field_range.lo), std::min(outer.hi, field_range.hi)};
  }

  // Where a position-bearing node holds; at most `limit` spans (0: all).
  void spans(const CompiledNode& node, Window window, Spans& out, size_t limit) const {
    if (!possible(node, window)) return;
    switch (node.kind) {
      case Kind::kWords:
        return phrase_spans(node, window, out, limit);
      case Kind::kOr:
        visit_candidate_children(node, [&](int c, bool) {
          spans(child(node, c), window, out, 0);
          return false;
        });
        return;
      case Kind::kField:
        return spans(*node.children.front(), field_window(node.scope, window), out, limit);
      case Kind::kNear:
        return near_spans(node, window, out);
      default:
        return;
    }
  }

  bool phrase_at(const CompiledNode& node, int start, Window window) const {
    if (!inside(start, window)) return false;
    for (size_t k = 1; k < node.word_ids.size(); ++k) {
      const int wanted = start + static_cast<int>(k);
      const auto& later = hits_[static_cast<size_t>(node.word_ids[k])];
      if (std::find(later.begin(), later.end(), wanted) == later.end() ||
          position(wanted) != position(start) + static_cast<int>(k)) {
        return false;
      }
    }
    return true;
  }

  bool first_phrase_span(const CompiledNode& node, Window window, Span& span) const {
    for (const int start : hits_[static_cast<size_t>(node.word_ids.front())]) {
      if (phrase_at(node, start, window)) {
        span.first = start;
        span.last = start + static_cast<int>(node.word_ids.size()) - 1;
        return true;
      }
    }
    return false;
  }

  void phrase_spans(const CompiledNode& node, Window window, Spans& out, size_t limit) const {
    for (const int start : hits_[static_cast<size_t>(node.word_ids.front())]) {
      if (!phrase_at(node, start, window)) continue;
      out.push_back({start, start + static_cast<int>(node.word_ids.size()) - 1});
      if (limit && out.size() >= limit) return;
    }
  }

  void near_spans(const CompiledNode& node, Window window, Spans& out) const {
    Spans left, right;
    spans(*node.children[0], window, left, 0);
    spans(*node.children[1], window, right, 0);
    for (const auto& a : left) {
      for (const auto& b : right) {
        const int gap = std::max(position(a.first), position(b.first)) - std::min(position(a.last), position(b.last));
        if (gap <= node.distance) out.push_back({std::min(a.first, b.first), std::max(a.last, b.last)});
      }
    }
  }

  void add_span_terms(const Span& span, Spans* terms) const { add_term(terms, span); }

 public:
  // The words of a span as written; a long NEAR span shows its two ends.
  std::string span_text(const Span& span) const {
    std::string phrase;
    for (int i = span.first; i <= span.last; ++i) {
      if (span.last - span.first > 8 && i > span.first && i < span.last) continue;
      const auto& ref = tokens_[static_cast<size_t>(i)];
      if (!phrase.empty()) phrase += ' ';
      ref.source->append_surface(*ref.token, phrase);
    }
    return phrase;
  }

 private:
  [[gnu::noinline]] bool holds_all(const CompiledNode& node, Window window, Spans* terms) const {
    Spans local;  // terms count only when the whole conjunction holds
    for (const auto& child : node.children) {
      if (!holds(*child, window, terms ? &local : nullptr)) return false;
    }
    for (const auto& span : local) add_term(terms, span);
    return true;
  }

  // Calls visit(child index) for the children of a list (kOr, kScore) that
  // can hold in this item: those with a trigger word the item holds, found
  // through the node's index, then those without triggers. Each child once,
  // until visit returns true; returns whether it did.
  template <typename Visit>
  bool visit_candidate_children(const CompiledNode& node, Visit&& visit) const {
    if (node.indexed_id >= 0)
      return visit_children(node, indexed_children_[static_cast<size_t>(node.indexed_id)], visit);
    if (node.child_triggers.size() > kIndexedTriggers) {
      // A few children with many triggers (an OR of lists): each child
      // checks its own (a list looks up what the item triggers in it).
      for (size_t c = 0; c < node.children.size(); ++c) {
        if (!node.children[c]->triggers.empty() && visit(static_cast<int>(c), false)) return true;
      }
      return visit_children(node, std::array<int, 0>{}, visit);
    }
    boost::container::small_vector<int, 16> found;
    for (const auto& [word, child] : node.child_triggers) {
      if (present(word)) found.push_back(child);
    }
    if (found.size() > 1) {
      std::sort(found.begin(), found.end());
      found.erase(std::unique(found.begin(), found.end()), found.end());
    }
    return visit_children(node, found, visit);
  }

  // The children triggered (`found`), then those without triggers.
  template <typename Indexes, typename Visit>
  static bool visit_children(const CompiledNode& node, const Indexes& found, Visit&& visit) {
    for (const int child : found) {
      if (visit(child, true)) return true;
    }
    for (const int child : node.other_children) {
      if (visit(child, false)) return true;
    }
    return false;
  }

  const CompiledNode& child(const CompiledNode& node, int index) const {
    return *node.children[static_cast<size_t>(index)];
  }

  bool holds_any(const CompiledNode& node, Window window) const {
    return visit_candidate_children(node,
                                    [&](int c, bool seen) { return holds(child(node, c), window, nullptr, seen); });
  }

  [[gnu::noinline]] bool holds_score(const CompiledNode& node, Window window, Spans* terms) const {
    double score = 0;
    Spans local;
    visit_candidate_children(node, [&](int c, bool seen) {
      if (holds(child(node, c), window, terms ? &local : nullptr, seen)) score += node.weights[static_cast<size_t>(c)];
      // Deciding only, the threshold reached is final when no weight can
      // take it back.
      return !terms && node.weights_nonnegative && score >= node.threshold;
    });
    if (score < node.threshold) return false;
    for (const auto& span : local) add_term(terms, span);
    return true;
  }

  bool holds_any_collecting(const CompiledNode& node, Window window, Spans* terms) const {
    bool any = false;
    visit_candidate_children(node, [&](int c, bool seen) {
      any = holds(child(node, c), window, terms, seen) || any;
      return false;
    });
    return any;
  }

  const Matcher& matcher_;
  ItemBuffers& buffers_;
  const text::TokenizedText& title_;
  const text::TokenizedText& summary_;
  const text::TokenizedText& content_;
  std::vector<TokenRef>& tokens_;
  const MatchInput& input_;
  std::vector<std::vector<int>>& hits_;
  std::vector<uint64_t>& present_;
  std::vector<int8_t>& memo_;
  std::vector<size_t>& memo_touched_;
  std::vector<int>& touched_;
  std::vector<ChildIndexes>& indexed_children_;  // by indexed id
  std::vector<int>& indexed_touched_;
};

Result<Matcher> Matcher::compile(const std::vector<RuleSpec>& rules, const TermLists& lists) {
  static std::atomic<std::uint64_t> compiled{0};
  Matcher matcher;
  matcher.serial_ = ++compiled;
  for (const auto& rule : rules) {
    auto query = parse_query(rule.query, lists);
    if (!query) {
      return make_error(ErrorKind::kInvalidInput, "rule \"" + rule.name + "\": " + query.error().message);
    }
    matcher.rules_.push_back({rule.name, *matcher.compile_node(**query)});
  }
  matcher.index_trie();
  matcher.index_children_by_word();
  std::vector<std::vector<int>> rules_by_word(static_cast<size_t>(matcher.word_count_));
  for (size_t i = 0; i < matcher.rules_.size(); ++i) {
    const auto& root = matcher.rules_[i].root;
    if (!root.needs_words) {
      matcher.unconditional_rules_.push_back(static_cast<int>(i));
    } else if (!root.triggers.empty()) {
      // The rule can hold only with one of these words: an item without any
      // of them (one holding only the words of its NOT part, say) never
      // makes it a candidate.
      for (const int word : root.triggers) rules_by_word[static_cast<size_t>(word)].push_back(static_cast<int>(i));
    } else {
      index_rule(root, static_cast<int>(i), rules_by_word);
    }
  }
  matcher.rules_by_word_ = PackedLists<int>(rules_by_word);
  return matcher;
}

// Whether every way the node can hold needs some dictionary word in the
// text: such a rule is evaluated only when one of its words occurs.
bool Matcher::needs_words(const CompiledNode& node) {
  auto any = [&](bool wanted) {
    return std::any_of(node.children.begin(), node.children.end(),
                       [&](const NodePtr& child) { return child->needs_words == wanted; });
  };
  switch (node.kind) {
    case Kind::kWords:
    case Kind::kNear:
      return true;
    case Kind::kNot:
    case Kind::kLang:
    case Kind::kFeed:
      return false;
    case Kind::kAnd:
      return any(true);
    case Kind::kOr:
    case Kind::kScore:
    case Kind::kField:
      return !any(false);
  }
  return false;
}

// Words one of which the node needs (see CompiledNode::triggers), from its
// children's; the children are compiled first.
Matcher::WordIds Matcher::triggers_of(const CompiledNode& node) {
  if (!node.needs_words) return {};
  WordIds out;
  switch (node.kind) {
    case Kind::kWords:
      return {node.word_ids.front()};
    case Kind::kNear:
    case Kind::kField:
      return node.children.front()->triggers;
    case Kind::kAnd:
      // Any child that needs words will do: take the smallest set.
      for (const auto& child : node.children) {
        if (child->needs_words && !child->triggers.empty() && (out.empty() || child->triggers.size() < out.size()))
          out = child->triggers;
      }
      return out;
    case Kind::kOr:
    case Kind::kScore:
      // Some child must hold: the union, if every child has a set.
      for (const auto& child : node.children) {
        if (child->triggers.empty()) return {};
        out.insert(out.end(), child->triggers.begin(), child->triggers.end());
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      return out;
    default:
      return {};
  }
}

void Matcher::index_children_by_word() {
  std::vector<std::vector<std::pair<int, int>>> children_by_word(static_cast<size_t>(word_count_));
  for (const auto& node : indexed_nodes_) {
    for (const auto& [word, child] : node->child_triggers)
      children_by_word[static_cast<size_t>(word)].emplace_back(node->indexed_id, child);
  }
  children_by_word_ = PackedLists<std::pair<int, int>>(children_by_word);
}

void Matcher::index_rule(const CompiledNode& node, int rule, std::vector<std::vector<int>>& rules_by_word) {
  for (const int id : node.word_ids) {
    auto& users = rules_by_word[static_cast<size_t>(id)];
    if (users.empty() || users.back() != rule) users.push_back(rule);
  }
  for (const auto& child : node.children) index_rule(*child, rule, rules_by_word);
}

int Matcher::trie_child(int node, unsigned char byte) const {
  const auto& n = trie_[static_cast<size_t>(node)];
  if (!n.dense.empty()) return n.dense[byte];
  const auto& children = n.children;
  const auto it = std::lower_bound(children.begin(), children.end(), std::pair<unsigned char, int>{byte, -1});
  return it != children.end() && it->first == byte ? it->second : -1;
}

// Nodes near the root branch on most of the alphabet: a table by byte
// there saves a binary search per byte of every token.
void Matcher::index_trie() {
  constexpr size_t kDenseChildren = 8;
  for (auto& node : trie_) {
    if (node.children.size() < kDenseChildren) continue;
    node.dense.assign(256, -1);
    for (const auto& [byte, child] : node.children) node.dense[byte] = child;
  }
}

// The trie node at the end of `path`, made as needed.
int Matcher::trie_node(const std::string& path) {
  int node = 0;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    int next = trie_child(node, byte);
    if (next < 0) {
      next = static_cast<int>(trie_.size());
      trie_.emplace_back();
      auto& children = trie_[static_cast<size_t>(node)].children;
      children.insert(std::lower_bound(children.begin(), children.end(), std::pair<unsigned char, int>{byte, -1}),
                      {byte, next});
    }
    node = next;
  }
  return node;
}

int Matcher::word_id(const Word& word) {
  if (word.stem) return stem_word_id(word);
  const int node = trie_node(word.text);
  int& id = word.prefix ? trie_[static_cast<size_t>(node)].prefix_id : trie_[static_cast<size_t>(node)].exact_id;
  if (id < 0) id = word_count_++;
  return id;
}

// A word~: its stem in each language is checked on every token that starts
// with the prefix all its forms share, so only those tokens are stemmed.
int Matcher::stem_word_id(const Word& word) {
  if (const auto it = stem_word_ids_.find(word.text); it != stem_word_ids_.end()) return it->second;
  const int id = word_count_++;
  stem_word_ids_[word.text] = id;
  const int node = trie_node(word_form_prefix(word));
  for (auto& [language, stem] : stems_of(word)) {
    trie_[static_cast<size_t>(node)].stem_checks.push_back(static_cast<int>(stem_targets_.size()));
    stem_targets_.push_back({language, std::move(stem), id});
  }
  return id;
}

template <typename Surface, typename Hit>
bool Matcher::lookup(const std::string& token, Surface&& surface, Hit&& hit) const {
  int node = 0;
  std::array<std::string, text::kStemLanguages.size()> stems;  // the token's, computed when first needed
  std::string written;
  bool folded_only = true;
  for (size_t i = 0; i < token.size(); ++i) {
    node = trie_child(node, static_cast<unsigned char>(token[i]));
    if (node < 0) return folded_only;
    // A prefix word matches at any length, but only at a character boundary.
    const auto& n = trie_[static_cast<size_t>(node)];
    const bool boundary = i + 1 == token.size() || (static_cast<unsigned char>(token[i + 1]) & 0xC0) != 0x80;
    if (!boundary) continue;
    if (n.prefix_id >= 0) hit(n.prefix_id);
    if (!n.stem_checks.empty()) folded_only = false;
    for (const int check : n.stem_checks) {
      const auto& target = stem_targets_[static_cast<size_t>(check)];
      auto& stem = stems[static_cast<size_t>(target.language)];
      if (stem.empty()) {
        if (written.empty()) written = surface();
        stem = text::stem(target.language, written, token);
      }
      if (stem == target.stem) hit(target.word_id);
    }
  }
  if (const int exact = trie_[static_cast<size_t>(node)].exact_id; exact >= 0) hit(exact);
  return folded_only;
}

// Whether a node holds over two fields' window exactly when it holds in one
// of them: words, phrases and NEAR never reach across fields, and a list of
// them holds where one of them does. Not so for AND, NOT or a score, whose
// parts could be found in different fields.
bool Matcher::field_additive(const CompiledNode& node) {
  switch (node.kind) {
    case Kind::kWords:
    case Kind::kNear:
      return true;
    case Kind::kOr:
      return std::all_of(node.children.begin(), node.children.end(),
                         [](const NodePtr& child) { return field_additive(*child); });
    default:
      return false;
  }
}

// "title:@x OR summary:@x", the rules' way of saying "in the headline", is
// @x over the title and summary's one window when @x is field-additive: the
// list is then walked once, not once per field.
void Matcher::merge_headline_fields(CompiledNode& node) {
  if (node.kind != Kind::kOr || node.children.size() != 2) return;
  const auto& a = *node.children[0];
  const auto& b = *node.children[1];
  if (a.kind != Kind::kField || b.kind != Kind::kField) return;
  const bool title_and_summary =
      (a.value == "title" && b.value == "summary") || (a.value == "summary" && b.value == "title");
  if (!title_and_summary) return;
  const auto& list = *a.children.front();
  if (list.memo_id < 0 || list.memo_id != b.children.front()->memo_id || !field_additive(list)) return;
  CompiledNode merged = a;
  merged.value = "headline";
  merged.scope = CompiledNode::Scope::kHeadline;
  node = std::move(merged);
}

Matcher::NodePtr Matcher::compile_node(const QueryNode& node) {
  // A list's compiled form depends only on the list and its threshold (the
  // term a use is tagged with is read only from words and NEAR nodes, which
  // the list's own terms tag): each is compiled once.
  std::string list_key;
  if ((node.kind == Kind::kOr || node.kind == Kind::kScore) && !node.value.empty()) {
    list_key = node.value + (node.kind == Kind::kScore ? ">=" + std::to_string(node.threshold) : "");
    if (const auto it = lists_.find(list_key); it != lists_.end()) return it->second;
  }
  CompiledNode out{};
  out.kind = node.kind;
  out.weights = node.weights;
  out.threshold = node.threshold;
  out.distance = node.distance;
  out.value = node.value;
  if (node.kind == Kind::kField) {
    out.scope = node.value == "title"     ? CompiledNode::Scope::kTitle
                : node.value == "summary" ? CompiledNode::Scope::kSummary
                                          : CompiledNode::Scope::kContent;
  }
  out.list_term = node.list_term;
  for (const auto& word : node.words) out.word_ids.push_back(word_id(word));
  for (const auto& child : node.children) out.children.push_back(compile_node(*child));
  merge_headline_fields(out);
  if (out.kind == Kind::kOr || out.kind == Kind::kScore) {
    for (size_t i = 0; i < out.children.size(); ++i) {
      const auto& child = *out.children[i];
      for (const int word : child.triggers) out.child_triggers.emplace_back(word, static_cast<int>(i));
      if (child.triggers.empty()) out.other_children.push_back(static_cast<int>(i));
    }
    std::sort(out.child_triggers.begin(), out.child_triggers.end());
    const auto triggered = out.children.size() - out.other_children.size();
    if (triggered > kIndexedTriggers) out.indexed_id = static_cast<int>(indexed_nodes_.size());
  }
  out.weights_nonnegative = std::all_of(out.weights.begin(), out.weights.end(), [](double w) { return w >= 0; });
  out.needs_words = needs_words(out);
  out.triggers = triggers_of(out);
  // A list's memo slot is its place among the compiled lists.
  if (!list_key.empty()) out.memo_id = static_cast<int>(lists_.size());
  auto compiled = std::make_shared<const CompiledNode>(std::move(out));
  if (compiled->indexed_id >= 0) indexed_nodes_.push_back(compiled);
  if (!list_key.empty()) lists_.emplace(list_key, compiled);
  return compiled;
}

// The rules an item's words can satisfy, in rule order. A rule shared by
// many of the item's words is taken once, by a per-thread mark per rule,
// instead of collecting every word's rules and sorting out the repeats. The
// list is per thread, valid until the thread's next item.
const std::vector<int>& Matcher::candidate_rules(const std::vector<int>& words) const {
  thread_local std::vector<std::uint64_t> marks;
  thread_local std::uint64_t item = 0;
  thread_local std::vector<int> candidates;
  if (marks.size() < rules_.size()) marks.resize(rules_.size(), 0);
  ++item;
  candidates.assign(unconditional_rules_.begin(), unconditional_rules_.end());
  for (const int rule : unconditional_rules_) marks[static_cast<size_t>(rule)] = item;
  for (const int word : words) {
    for (const int rule : rules_by_word_[static_cast<size_t>(word)]) {
      auto& mark = marks[static_cast<size_t>(rule)];
      if (mark == item) continue;
      mark = item;
      candidates.push_back(rule);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  return candidates;
}

std::vector<RuleMatch> Matcher::match(const MatchInput& input) const {
  const Evaluation evaluation(*this, input);
  const auto& candidates = candidate_rules(evaluation.touched());
  std::vector<RuleMatch> matches;
  for (const int index : candidates) {
    const auto& rule = rules_[static_cast<size_t>(index)];
    // Most candidates fail: decide first, collect the matched words after.
    if (!evaluation.holds(rule.root, Window{}, nullptr, !rule.root.triggers.empty())) continue;
    Spans spans;
    evaluation.holds(rule.root, Window{}, &spans);
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.first < b.first; });
    RuleMatch match{rule.name, {}, {}};
    match.terms.reserve(spans.size());
    match.sources.reserve(spans.size());
    for (const auto& span : spans) {
      auto text = evaluation.span_text(span);
      if (std::find(match.terms.begin(), match.terms.end(), text) != match.terms.end()) continue;
      match.terms.push_back(std::move(text));
      match.sources.push_back(span.source ? *span.source : std::string());
    }
    matches.push_back(std::move(match));
  }
  return matches;
}

size_t Matcher::memory_bytes() const {
  size_t bytes = sizeof(*this) + trie_.capacity() * sizeof(TrieNode);
  for (const auto& node : trie_)
    bytes += node.children.capacity() * sizeof(std::pair<unsigned char, int>) + node.dense.capacity() * sizeof(int);
  bytes += rules_by_word_.memory_bytes() + children_by_word_.memory_bytes();
  // Each node once: the lists are shared by every use.
  std::vector<const CompiledNode*> stack;
  std::unordered_set<const CompiledNode*> seen;
  for (const auto& rule : rules_) {
    bytes += sizeof(CompiledRule) + rule.name.capacity();
    stack.push_back(&rule.root);
  }
  while (!stack.empty()) {
    const auto* node = stack.back();
    stack.pop_back();
    if (!seen.insert(node).second) continue;
    bytes += sizeof(CompiledNode) + node->children.capacity() * sizeof(NodePtr) +
             node->weights.capacity() * sizeof(double) + node->value.capacity() + node->list_term.capacity() +
             node->child_triggers.capacity() * sizeof(std::pair<int, int>) +
             node->other_children.capacity() * sizeof(int);
    for (const auto& child : node->children) stack.push_back(child.get());
  }
  return bytes;
}

}  // namespace khabar::match

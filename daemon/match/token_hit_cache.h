// What each folded token hit in a compiled dictionary, remembered per thread:
// news text repeats its words from item to item, and a probe of one flat
// table costs less than a walk down the trie byte by byte (and less than a
// node-based hash map, whose buckets, nodes and id vectors are three cache
// misses apart).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::match {

class TokenHitCache {
 public:
  TokenHitCache();

  enum class Known {
    kNo,
    kHits,              // `ids` holds what the token hit
    kDependsOnSurface,  // what it hits depends on the token as written (a stem check): ask with that
  };
  // What the dictionary word ids `token` hit. The span is valid until the
  // next remember() or clear().
  Known find(std::string_view token, std::span<const int>& ids) const;
  // Remembers a token's hits; forgets everything first when full.
  void remember(std::string_view token, std::span<const int> ids);
  // Remembers that a token's hits depend on how it was written.
  void remember_depends_on_surface(std::string_view token);
  void clear();

 private:
  // A token of up to 16 bytes (nearly every folded word) is held in its
  // slot as two words, and so are up to two hits: a probe is then one
  // cache line, not three (slot, key arena, id arena). Longer tokens and
  // more hits live in the arenas.
  static constexpr size_t kInlineKey = 16;
  static constexpr size_t kInlineIds = 2;
  struct Key {
    std::uint64_t first = 0, second = 0;
    bool operator==(const Key&) const = default;
  };
  struct Slot {
    std::uint32_t tag = 0;  // high hash bits, never 0 in a used slot
    std::uint16_t key_length = 0;
    std::uint16_t id_count = 0;
    Key key;  // the token (short), or {offset in keys_, 0}
    union {
      int inline_ids[kInlineIds];
      std::uint32_t ids_offset;  // in ids_
    };
  };
  static_assert(sizeof(Slot) == 32);
  static constexpr std::uint16_t kDependsOnSurface = 0xFFFF;  // an id_count no remembered token has
  // The table starts small and doubles when half full, up to a limit, and
  // then starts over: its size follows the vocabulary the thread sees, so a
  // small one is probed within the nearer caches.
  static constexpr size_t kFirstSlots = size_t{1} << 12;
  static constexpr size_t kMaxSlots = size_t{1} << 17;

  static Key short_key(std::string_view token);
  static std::uint64_t hash_of_short(const Key& key, size_t length);
  static std::uint64_t hash_of(std::string_view token, const Key& key);
  std::uint64_t hash_of(const Slot& slot) const;
  bool same(const Slot& slot, std::string_view token, const Key& key) const;
  void place(const Slot& slot, std::uint64_t hash);
  void grow();
  void insert(std::string_view token, std::span<const int> ids, std::uint16_t id_count);

  std::vector<Slot> slots_;
  std::string keys_;
  std::vector<int> ids_;
  size_t mask_ = 0;  // slots_.size() - 1
  size_t size_ = 0;
};

}  // namespace khabar::match

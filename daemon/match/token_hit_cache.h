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

  // The dictionary word ids `token` hit, or false when it is not known.
  bool find(std::string_view token, std::span<const int>& ids) const;
  // Remembers a token's hits; forgets everything first when full.
  void remember(std::string_view token, std::span<const int> ids);
  void clear();

 private:
  struct Slot {
    std::uint32_t tag = 0;  // high hash bits, never 0 in a used slot
    std::uint32_t key = 0;  // offset of the token in keys_
    std::uint32_t ids = 0;  // offset of its hits in ids_
    std::uint16_t key_length = 0;
    std::uint16_t id_count = 0;
  };
  static constexpr size_t kSlots = size_t{1} << 17;
  static constexpr size_t kMaxTokens = kSlots / 2;

  std::vector<Slot> slots_;
  std::string keys_;
  std::vector<int> ids_;
  size_t size_ = 0;
};

}  // namespace khabar::match

#include "match/token_hit_cache.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace khabar::match {
namespace {

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 31;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 29;
  return h;
}

std::uint64_t hash_of(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    h = mix(h ^ word) * 0xBF58476D1CE4E5B9ull;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return mix(mix(h ^ tail) * 0xBF58476D1CE4E5B9ull);
}

std::uint32_t tag_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> 32) | 1u; }

}  // namespace

TokenHitCache::TokenHitCache() : slots_(kSlots) {}

bool TokenHitCache::find(std::string_view token, std::span<const int>& ids) const {
  const auto hash = hash_of(token);
  const auto tag = tag_of(hash);
  for (size_t slot = hash & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
    const Slot& s = slots_[slot];
    if (s.tag == 0) return false;
    if (s.tag == tag && s.key_length == token.size() &&
        std::memcmp(keys_.data() + s.key, token.data(), token.size()) == 0) {
      ids = {ids_.data() + s.ids, s.id_count};
      return true;
    }
  }
}

void TokenHitCache::remember(std::string_view token, std::span<const int> ids) {
  constexpr size_t kMaxLength = std::numeric_limits<std::uint16_t>::max();
  if (token.size() > kMaxLength || ids.size() > kMaxLength) return;  // not worth a slot
  if (size_ >= kMaxTokens || keys_.size() + token.size() > std::numeric_limits<std::uint32_t>::max()) clear();
  const auto hash = hash_of(token);
  size_t slot = hash & (kSlots - 1);
  while (slots_[slot].tag != 0) slot = (slot + 1) & (kSlots - 1);
  slots_[slot] = {tag_of(hash), static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(ids_.size()),
                  static_cast<std::uint16_t>(token.size()), static_cast<std::uint16_t>(ids.size())};
  keys_.append(token);
  ids_.insert(ids_.end(), ids.begin(), ids.end());
  ++size_;
}

void TokenHitCache::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  keys_.clear();
  ids_.clear();
  size_ = 0;
}

}  // namespace khabar::match

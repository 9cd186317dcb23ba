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

std::uint64_t hash_of_long(std::string_view s) {
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

// A short token as two words, read with fixed-size loads that may overlap
// (a copy of a variable length would be a call): from 9 to 16 bytes, its
// first and last 8; from 4 to 8, its first and last 4; below 4, its first,
// middle and last bytes. With the length, the two words tell tokens apart
// exactly: together the loads cover every byte.
TokenHitCache::Key TokenHitCache::short_key(std::string_view token) {
  Key key;
  const size_t n = token.size();
  const char* p = token.data();
  if (n > kInlineKey || n == 0) return key;
  if (n > 8) {
    std::memcpy(&key.first, p, 8);
    std::memcpy(&key.second, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    key.first = head | std::uint64_t{tail} << 32;
  } else {
    key.first = static_cast<unsigned char>(p[0]) |
                static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
                static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
  }
  return key;
}

std::uint64_t TokenHitCache::hash_of_short(const Key& key, size_t length) {
  return mix(mix(key.first ^ (0x9E3779B97F4A7C15ull * (length + 1))) * 0xBF58476D1CE4E5B9ull ^ key.second);
}

std::uint64_t TokenHitCache::hash_of(std::string_view token, const Key& key) {
  return token.size() > kInlineKey ? hash_of_long(token) : hash_of_short(key, token.size());
}

bool TokenHitCache::same(const Slot& slot, std::string_view token, const Key& key) const {
  if (slot.key_length != token.size()) return false;
  if (token.size() <= kInlineKey) return slot.key == key;
  return std::memcmp(keys_.data() + slot.key.first, token.data(), token.size()) == 0;
}

TokenHitCache::TokenHitCache() : slots_(kFirstSlots), mask_(kFirstSlots - 1) {}

std::uint64_t TokenHitCache::hash_of(const Slot& slot) const {
  if (slot.key_length > kInlineKey) return hash_of_long({keys_.data() + slot.key.first, slot.key_length});
  return hash_of_short(slot.key, slot.key_length);
}

void TokenHitCache::place(const Slot& slot, std::uint64_t hash) {
  size_t at = hash & mask_;
  while (slots_[at].tag != 0) at = (at + 1) & mask_;
  slots_[at] = slot;
}

void TokenHitCache::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.tag == 0) continue;
    place(slot, hash_of(slot));
  }
}

TokenHitCache::Known TokenHitCache::find(std::string_view token, std::span<const int>& ids) const {
  const Key key = short_key(token);
  const auto hash = hash_of(token, key);
  const auto tag = tag_of(hash);
  for (size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const Slot& s = slots_[slot];
    if (s.tag == 0) return Known::kNo;
    if (s.tag == tag && same(s, token, key)) {
      if (s.id_count == kDependsOnSurface) return Known::kDependsOnSurface;
      ids = {s.id_count <= kInlineIds ? s.inline_ids : ids_.data() + s.ids_offset, s.id_count};
      return Known::kHits;
    }
  }
}

void TokenHitCache::remember(std::string_view token, std::span<const int> ids) {
  if (ids.size() >= kDependsOnSurface) return;  // not worth a slot
  insert(token, ids, static_cast<std::uint16_t>(ids.size()));
}

void TokenHitCache::remember_depends_on_surface(std::string_view token) { insert(token, {}, kDependsOnSurface); }

void TokenHitCache::insert(std::string_view token, std::span<const int> ids, std::uint16_t id_count) {
  if (token.size() > std::numeric_limits<std::uint16_t>::max()) return;  // not worth a slot
  if (size_ >= slots_.size() / 2 && slots_.size() < kMaxSlots) grow();
  if (size_ >= slots_.size() / 2 || keys_.size() + token.size() > std::numeric_limits<std::uint32_t>::max() ||
      ids_.size() + ids.size() > std::numeric_limits<std::uint32_t>::max()) {
    clear();
  }
  Key key = short_key(token);
  const auto hash = hash_of(token, key);
  Slot s{};
  if (token.size() > kInlineKey) {
    key = {keys_.size(), 0};
    keys_.append(token);
  }
  s.tag = tag_of(hash);
  s.key_length = static_cast<std::uint16_t>(token.size());
  s.id_count = id_count;
  s.key = key;
  if (ids.size() <= kInlineIds) {
    std::copy(ids.begin(), ids.end(), s.inline_ids);
  } else {
    s.ids_offset = static_cast<std::uint32_t>(ids_.size());
    ids_.insert(ids_.end(), ids.begin(), ids.end());
  }
  place(s, hash);
  ++size_;
}

void TokenHitCache::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  keys_.clear();
  ids_.clear();
  size_ = 0;
}

}  // namespace khabar::match

// Passwords and secrets for the newsroom, through libsodium (which lives
// behind this header only): Argon2id hashes as crypto_pwhash_str writes them,
// and random tokens for sessions and CSRF. Hashing and verifying take about
// a tenth of a second and 64 MiB on purpose: never on the io_context.
#pragma once

#include <string>

#include "util/result.h"

namespace khabar::web {

// How much a hash costs to check: libsodium's interactive limits (64 MiB,
// two passes) for real accounts; its minimum for tests, which must be fast.
enum class HashCost { kInteractive, kMinimalForTests };

// "$argon2id$v=19$m=65536,t=2,p=1$...".
Result<std::string> hash_password(const std::string& password, HashCost cost = HashCost::kInteractive);

// Whether `password` is the one `hash` was made from. False for any hash
// that is not Argon2id.
bool verify_password(const std::string& hash, const std::string& password);

// `bytes` random bytes as lower-case hex (a session id, a CSRF token).
std::string random_token(size_t bytes = 32);

// Equal without telling where they differ, by timing.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace khabar::web

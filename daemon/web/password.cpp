#include "web/password.h"

#include <sodium.h>

#include <vector>

namespace khabar::web {
namespace {

bool ready() {
  static const bool initialized = sodium_init() >= 0;
  return initialized;
}

}  // namespace

Result<std::string> hash_password(const std::string& password, HashCost cost) {
  if (!ready()) return make_error(ErrorKind::kIo, "libsodium failed to initialize");
  const bool minimal = cost == HashCost::kMinimalForTests;
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return make_error(ErrorKind::kIo, "hashing the password ran out of memory");
  }
  return std::string(hash);
}

bool verify_password(const std::string& hash, const std::string& password) {
  if (!ready() || hash.rfind("$argon2id$", 0) != 0 || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(size_t bytes) {
  (void)ready();  // randombytes works even when sodium_init failed: it falls back to the kernel's source
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace khabar::web

// Typed, located access to one TOML table that remembers which keys were
// read, so unknown keys can be reported. Wraps toml++ for the config stage.
#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace khabar::config {

class TomlTableReader {
 public:
  // `path` names the table in messages ("feed[2]"); `file` is the source file.
  TomlTableReader(const toml::table& table, std::string file, std::string path);

  std::optional<std::string> string(const std::string& key, bool required = false);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::int64_t> integer(const std::string& key);
  std::optional<std::chrono::seconds> duration(const std::string& key);
  std::optional<std::vector<std::string>> strings(const std::string& key);
  // A table of string keys to positive numbers, in document order.
  std::optional<std::vector<std::pair<std::string, double>>> weights(const std::string& key);
  // Marks keys that are accepted but not used by this version.
  void allow(std::initializer_list<const char*> keys);
  void allow(const std::vector<std::string>& keys);

  // Reports every key that was never read or allowed.
  void reject_unknown_keys();
  int line_of(const std::string& key) const;
  int line() const;
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

  void fail(const std::string& key, const std::string& message);
  // The raw node, marked as read; nullptr when absent.
  const toml::node* find_node(const std::string& key) { return find(key); }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  const toml::node* find(const std::string& key);

  const toml::table& table_;
  std::string file_;
  std::string path_;
  std::set<std::string> seen_;
  std::vector<std::string> errors_;
};

}  // namespace khabar::config

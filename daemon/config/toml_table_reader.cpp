#include "config/toml_table_reader.h"

#include <algorithm>

#include "util/duration.h"

namespace khabar::config {

TomlTableReader::TomlTableReader(const toml::table& table, std::string file, std::string path)
    : table_(table), file_(std::move(file)), path_(std::move(path)) {}

const toml::node* TomlTableReader::find(const std::string& key) {
  seen_.insert(key);
  return table_.get(key);
}

int TomlTableReader::line() const { return static_cast<int>(table_.source().begin.line); }

int TomlTableReader::line_of(const std::string& key) const {
  const auto* node = table_.get(key);
  return node ? static_cast<int>(node->source().begin.line) : line();
}

void TomlTableReader::fail(const std::string& key, const std::string& message) {
  const auto name = path_.empty() ? key : (key.empty() ? path_ : path_ + "." + key);
  errors_.push_back(file_ + ":" + std::to_string(line_of(key)) + ": " + name + ": " + message);
}

std::optional<std::string> TomlTableReader::string(const std::string& key, bool required) {
  const auto* node = find(key);
  if (!node) {
    if (required) fail(key, "is required");
    return std::nullopt;
  }
  if (!node->is_string()) {
    fail(key, "must be a string");
    return std::nullopt;
  }
  return node->value<std::string>();
}

std::optional<bool> TomlTableReader::boolean(const std::string& key) {
  const auto* node = find(key);
  if (!node) return std::nullopt;
  if (!node->is_boolean()) {
    fail(key, "must be true or false");
    return std::nullopt;
  }
  return node->value<bool>();
}

std::optional<std::int64_t> TomlTableReader::integer(const std::string& key) {
  const auto* node = find(key);
  if (!node) return std::nullopt;
  if (!node->is_integer()) {
    fail(key, "must be an integer");
    return std::nullopt;
  }
  return node->value<std::int64_t>();
}

std::optional<std::chrono::seconds> TomlTableReader::duration(const std::string& key) {
  const auto text = string(key);
  if (!text) return std::nullopt;
  auto parsed = parse_duration(*text);
  if (!parsed) fail(key, "\"" + *text + "\" is not a duration (use e.g. \"90s\", \"15m\", \"2h\")");
  return parsed;
}

std::optional<std::vector<std::string>> TomlTableReader::strings(const std::string& key) {
  const auto* node = find(key);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) {
    fail(key, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& element : *array) {
    if (!element.is_string()) {
      fail(key, "must be an array of strings");
      return std::nullopt;
    }
    out.push_back(*element.value<std::string>());
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, double>>> TomlTableReader::weights(const std::string& key) {
  const auto* node = find(key);
  if (!node) return std::nullopt;
  const auto* table = node->as_table();
  if (!table) {
    fail(key, "must be a table of terms to weights, e.g. { \"вербов*\" = 3 }");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [term, value] : *table) {
    const auto weight = value.value<double>();
    if (!weight || *weight <= 0) {
      fail(key, "weight of \"" + std::string(term.str()) + "\" must be a positive number");
      return std::nullopt;
    }
    out.emplace_back(std::string(term.str()), *weight);
  }
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    return table->get(a.first)->source().begin < table->get(b.first)->source().begin;
  });
  return out;
}

void TomlTableReader::allow(std::initializer_list<const char*> keys) {
  for (const char* key : keys) seen_.insert(key);
}

void TomlTableReader::allow(const std::vector<std::string>& keys) { seen_.insert(keys.begin(), keys.end()); }

void TomlTableReader::reject_unknown_keys() {
  for (const auto& [key, node] : table_) {
    const std::string name(key.str());
    if (!seen_.count(name)) {
      errors_.push_back(file_ + ":" + std::to_string(node.source().begin.line) + ": " +
                        (path_.empty() ? name : path_ + "." + name) + ": unknown key");
    }
  }
}

}  // namespace khabar::config

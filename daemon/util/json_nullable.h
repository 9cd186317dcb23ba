// JSON null for an absent optional, the value otherwise: the convention of
// every JSON khabar writes (`parse` output, webhook bodies, `status --json`).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

namespace khabar {

template <typename T>
nlohmann::ordered_json nullable(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

}  // namespace khabar

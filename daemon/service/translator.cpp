#include "service/translator.h"

#include <nlohmann/json.hpp>

#include "util/json_text.h"

namespace khabar::service {
namespace {

// LibreTranslate names languages by their primary subtag: "uz-Latn" is "uz".
std::string primary(const std::string& tag) { return tag.substr(0, tag.find('-')); }

std::string service_error(const fetch::HttpResponse& response) {
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  std::string why = "the translation service answered HTTP " + std::to_string(response.status);
  if (json.is_object() && json.contains("error") && json["error"].is_string())
    why += ": " + json["error"].get<std::string>();
  return why;
}

std::optional<std::string> text_at(const nlohmann::json& answer, size_t index) {
  if (!answer.is_array() || index >= answer.size() || !answer[index].is_string()) return std::nullopt;
  return answer[index].get<std::string>();
}

}  // namespace

Translator::Translator(config::TranslateConfig config, std::string api_key, fetch::HttpClient& http)
    : config_(std::move(config)), api_key_(std::move(api_key)), http_(http) {}

bool Translator::take_request_slot() {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  while (!recent_.empty() && now - recent_.front() > std::chrono::hours(1)) recent_.pop_front();
  if (static_cast<int>(recent_.size()) >= config_.max_per_hour) return false;
  recent_.push_back(now);
  return true;
}

Result<alert::Translation> Translator::translate(const std::optional<std::string>& title,
                                                 const std::optional<std::string>& summary, const std::string& source,
                                                 const std::string& target) {
  if (!take_request_slot()) {
    return make_error(ErrorKind::kTransient,
                      "over the translation limit of " + std::to_string(config_.max_per_hour) + " requests an hour");
  }
  nlohmann::json request{{"q", {title.value_or(""), summary.value_or("")}},
                         {"source", source.empty() ? "auto" : primary(source)},
                         {"target", target},
                         {"format", "text"}};
  if (!api_key_.empty()) request["api_key"] = api_key_;
  fetch::HttpRequest http;
  http.method = "POST";
  http.url = config_.url + (config_.url.back() == '/' ? "translate" : "/translate");
  http.body = json_text(request);
  http.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  http.timeout = config_.timeout;
  http.max_body_bytes = 1 << 20;
  http.follow_redirects = false;
  auto response = http_.perform(http);
  if (!response) return make_error(ErrorKind::kTransient, "the translation service: " + response.error().message);
  if (response->status != 200) return make_error(ErrorKind::kTransient, service_error(*response));
  const auto answer = nlohmann::json::parse(response->body, nullptr, false);
  if (!answer.is_object() || !answer.contains("translatedText")) {
    return make_error(ErrorKind::kTransient, "the translation service's answer has no translatedText");
  }
  const auto& text = answer["translatedText"];
  alert::Translation out{target, text_at(text, 0), text_at(text, 1)};
  if (!title) out.title.reset();
  if (!summary) out.summary.reset();
  return out;
}

}  // namespace khabar::service

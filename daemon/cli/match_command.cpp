// `khabar match`: JSON lines of items in, the rules each satisfies out.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "service/rule_book.h"
#include "store/archive.h"
#include "text/language_detector.h"
#include "util/json_text.h"

namespace khabar::cli {

namespace {

// One line of `khabar match` input, {"id", "title", "summary", "content", "lang"}, to
// its output line {"id", "rules", "lang"}, with {"terms": {rule: [words]}}
// when asked.
Result<std::string> match_json_line(const service::RuleBook& book, const std::string& line, bool with_terms) {
  const auto json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_object()) return make_error(ErrorKind::kInvalidInput, "not a JSON object");
  auto text_of = [&](const char* key) {
    const auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  store::ItemRecord item;
  item.title = text_of("title");
  item.summary = text_of("summary");
  if (auto content = text_of("content"); !content.empty()) item.content = std::move(content);
  item.language = text::identify_language(*item.title + "\n" + *item.summary, text_of("lang"));
  nlohmann::ordered_json out;
  out["id"] = json.contains("id") ? json["id"] : nlohmann::json(nullptr);
  out["rules"] = nlohmann::json::array();
  if (with_terms) out["terms"] = nlohmann::json::object();
  for (const auto& m : book.match(item, "")) {
    out["rules"].push_back(m.rule);
    if (with_terms) out["terms"][m.rule] = m.terms;
  }
  out["lang"] = item.language->empty() ? nlohmann::json(nullptr) : nlohmann::json(*item.language);
  return json_text(out);
}

}  // namespace

int match_command(const MatchArgs& args) {
  auto rules = config::load_rules(args.rules);
  if (!rules) {
    std::cerr << rules.error().message << "\n";
    return kExitConfig;
  }
  auto book = service::RuleBook::build(*rules);
  if (!book) {
    std::cerr << book.error().message << "\n";
    return kExitConfig;
  }
  std::ifstream file;
  if (!args.input.empty() && args.input != "-") {
    file.open(args.input);
    if (!file) {
      std::cerr << args.input << ": cannot read the file\n";
      return kExitFailure;
    }
  }
  std::istream& in = file.is_open() ? file : std::cin;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto result = match_json_line(*book, line, args.terms);
    if (!result) {
      std::cerr << (args.input.empty() ? "stdin" : args.input) << ":" << number << ": " << result.error().message
                << "\n";
      return kExitDataError;
    }
    std::cout << *result << "\n";
  }
  return kExitOk;
}

}  // namespace khabar::cli

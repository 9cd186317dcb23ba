#include "cli/feeds_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/table.h"
#include "config/config.h"
#include "parse/opml.h"
#include "store/archive.h"
#include "util/json_text.h"
#include "util/toml_text.h"
#include "util/url.h"

namespace khabar::cli {
namespace {

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

// A name for an imported feed: its host (lower-case, [a-z0-9-]), made unique.
std::string unique_name(const std::string& url, std::set<std::string>& taken) {
  std::string base;
  for (const char c : url_host(url).value_or("feed")) base += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  if (base.rfind("www-", 0) == 0) base = base.substr(4);
  std::string name = base;
  for (int n = 2; taken.count(name); ++n) name = base + "-" + std::to_string(n);
  taken.insert(name);
  return name;
}

int write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream out(path);
  if (!(out << text)) {
    std::cerr << path << ": cannot write the file\n";
    return kExitFailure;
  }
  return kExitOk;
}

// The archive's record of each feed (its last probe), when an archive exists:
// listing feeds never creates one.
std::map<std::string, store::FeedState> stored_states(const config::Config& config) {
  std::map<std::string, store::FeedState> out;
  if (config.daemon.database != ":memory:" && !std::filesystem::exists(config.daemon.database)) return out;
  auto archive = store::Archive::open(config.daemon.database);
  if (!archive) return out;
  if (auto feeds = archive->feeds()) {
    for (auto& state : *feeds) out[state.name] = std::move(state);
  }
  return out;
}

std::string kind_name(config::FeedType type) {
  return type == config::FeedType::kTelegram ? "telegram" : type == config::FeedType::kHtml ? "html" : "feed";
}

std::string probe_text(const store::FeedState* state) {
  if (!state || !state->probed_at) return "-";
  return format_rfc3339(*state->probed_at).substr(0, 10) + " " + state->probe_verdict.value_or("?");
}

int list(const config::Config& config, bool json) {
  const auto stored = stored_states(config);
  auto state_of = [&](const std::string& name) {
    const auto it = stored.find(name);
    return it == stored.end() ? nullptr : &it->second;
  };
  if (json) {
    auto feeds = nlohmann::ordered_json::array();
    for (const auto& f : config.feeds) {
      const auto* state = state_of(f.name);
      feeds.push_back(
          {{"name", f.name},
           {"url", mask_credentials(f.url)},
           {"type", kind_name(f.type)},
           {"country", f.country ? nlohmann::json(*f.country) : nlohmann::json()},
           {"languages", f.languages},
           {"enabled", f.enabled},
           {"grade", f.confidence ? nlohmann::json(*f.confidence) : nlohmann::json()},
           {"confirmed", f.confirmed ? nlohmann::json(*f.confirmed) : nlohmann::json()},
           {"probed_at",
            state && state->probed_at ? nlohmann::json(format_rfc3339(*state->probed_at)) : nlohmann::json()},
           {"probe_verdict", state && state->probe_verdict ? nlohmann::json(*state->probe_verdict) : nlohmann::json()},
           {"source", f.source.str()}});
    }
    std::cout << json_text(nlohmann::ordered_json{{"feeds", feeds}}, 2) << "\n";
    return kExitOk;
  }
  std::cout << fit("NAME", 22) << "  " << fit("KIND", 8) << "  " << fit("COUNTRY", 7) << "  " << fit("LANGUAGES", 14)
            << "  " << fit("GRADE", 5) << "  " << fit("LAST PROBE", 22) << "  " << fit("ENABLED", 7) << "  URL\n";
  for (const auto& f : config.feeds) {
    const auto languages = f.languages.empty() ? f.language.value_or("-") : join(f.languages, ",");
    std::cout << fit(f.name, 22) << "  " << fit(kind_name(f.type), 8) << "  " << fit(f.country.value_or("-"), 7) << "  "
              << fit(languages, 14) << "  " << fit(f.confidence.value_or("-"), 5) << "  "
              << fit(probe_text(state_of(f.name)), 22) << "  " << fit(f.enabled ? "yes" : "no", 7) << "  "
              << mask_credentials(f.url) << "\n";
  }
  return kExitOk;
}

// Credentials in URLs are masked unless asked for: an export is shared.
int export_opml(const config::Config& config, const std::string& output, bool with_credentials) {
  std::vector<parse::OpmlFeed> feeds;
  for (const auto& f : config.feeds) {
    parse::OpmlFeed feed{with_credentials ? f.url : mask_credentials(f.url), f.name, f.site, f.language, {}};
    if (!f.language && !f.languages.empty()) feed.language = f.languages.front();
    if (f.country) feed.categories.push_back(*f.country);
    feeds.push_back(std::move(feed));
  }
  std::stable_sort(feeds.begin(), feeds.end(),
                   [](const auto& a, const auto& b) { return a.categories < b.categories; });
  return write_output(output, parse::write_opml("khabar feeds", feeds));
}

int import_opml(const config::Config& config, const FeedsArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    std::cerr << args.file << ": cannot read the file\n";
    return kExitFailure;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto document = parse::parse_opml(bytes.str());
  if (!document) {
    std::cerr << args.file << ": " << document.error().message << "\n";
    return kExitDataError;
  }
  std::set<std::string> taken, known_urls;
  for (const auto& f : config.feeds) taken.insert(f.name), known_urls.insert(f.url);
  std::string toml = "# Imported from " + args.file + " by khabar feeds import; include this file from the config.\n";
  int imported = 0;
  for (const auto& feed : document->feeds) {
    if (known_urls.count(feed.url)) {
      std::cerr << args.file << ": " << feed.url << ": already configured, not imported again\n";
      continue;
    }
    toml +=
        "\n[[feed]]\nname = " + toml_quoted(unique_name(feed.url, taken)) + "\nurl = " + toml_quoted(feed.url) + "\n";
    if (feed.language) toml += "language = " + toml_quoted(*feed.language) + "\n";
    if (feed.site) toml += "site = " + toml_quoted(*feed.site) + "\n";
    if (!feed.title.empty())
      toml += "note = " +
              toml_quoted(feed.title + (feed.categories.empty() ? "" : " (" + join(feed.categories, " / ") + ")")) +
              "\n";
    ++imported;
  }
  for (const auto& reason : document->skipped) std::cerr << args.file << ": skipped: " << reason << "\n";
  std::cerr << args.file << ": " << imported << " feeds imported, " << document->skipped.size() << " skipped\n";
  return write_output(args.output, toml);
}

}  // namespace

int feeds_command(const std::string& config_path, const FeedsArgs& args) {
  auto config = config::load_config(config::resolve_config_path(config_path));
  if (!config) {
    std::cerr << config.error().message << "\n";
    return kExitConfig;
  }
  if (args.action == "list") return list(*config, args.json);
  if (args.action == "export") return export_opml(*config, args.output, args.show_credentials);
  if (args.action == "import") return import_opml(*config, args);
  if (args.action == "probe") return probe_command(*config, args.probe);
  std::cerr << "feeds: unknown action " << args.action << " (list, import, export, probe)\n";
  return kExitUsage;
}

}  // namespace khabar::cli

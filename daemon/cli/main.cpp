// khabar: parses argv, then hands over to a command. Nothing else lives here.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/alerts_command.h"
#include "cli/commands.h"
#include "cli/demo_command.h"
#include "cli/feeds_command.h"
#include "cli/logging.h"
#include "cli/newsroom_command.h"
#include "cli/stories_command.h"
#include "config/config.h"
#include "khabar_version.h"

int main(int argc, char** argv) {
  using namespace khabar::cli;
  CLI::App app{"khabar: multilingual news monitoring for reports on Central Asian recruits"};
  app.set_version_flag("--version", std::string("khabar ") + khabar::kKhabarVersion);
  app.require_subcommand(1);
  std::string config_path;
  app.fallthrough();  // `khabar poll --once -c FILE` as well as `khabar -c FILE poll --once`
  app.add_option("-c,--config", config_path, "configuration file (default: $KHABAR_CONFIG, /etc/khabar/config.toml)");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "log debug messages");

  ParseArgs parse_args;
  auto* parse = app.add_subcommand("parse", "print a feed, a Telegram channel page or a web page as JSON");
  parse->add_option("FILE", parse_args.file, "feed document")->required();
  parse->add_option("--content-type", parse_args.content_type, "HTTP Content-Type the document came with");
  parse->add_option("--url", parse_args.url, "URL the document came from, for relative links");
  parse->add_option("--type", parse_args.type, "auto (feeds and Telegram pages, told from the content), telegram, html")
      ->check(CLI::IsMember({"auto", "telegram", "html"}));
  auto& selectors = parse_args.selectors;
  parse->add_option("--xpath-item", selectors.item, "html: XPath selecting each news item");
  parse->add_option("--xpath-link", selectors.link, "html: XPath of an item's link, relative to it");
  parse->add_option("--xpath-title", selectors.title, "html: XPath of an item's title (default: the link's text)");
  parse->add_option("--xpath-date", selectors.date, "html: XPath of an item's date");
  parse->add_option("--xpath-summary", selectors.summary, "html: XPath of an item's summary");
  parse->add_option("--xpath-author", selectors.author, "html: XPath of an item's author");
  parse->add_option("--utc-offset", selectors.utc_offset,
                    "html: the page's local time, e.g. +05:00, for dates without a zone");

  MatchArgs match_args;
  auto* match = app.add_subcommand("match", "match JSON lines {id, title, summary, content, lang} against rules");
  match->add_option("-r,--rules", match_args.rules, "rules file: [[rule]] and [[list]] tables")->required();
  match->add_option("FILE", match_args.input, "JSON lines (default: standard input)");
  match->add_flag("--terms", match_args.terms, "also print the words of the text each rule matched");

  auto* check = app.add_subcommand("check-config", "validate the configuration and its rules");
  auto* poll = app.add_subcommand("poll", "fetch every feed, store, match and alert");
  bool once = false;
  poll->add_flag("--once", once, "poll each feed once, then exit")->required();
  auto* run = app.add_subcommand("run", "poll on schedule until SIGTERM or SIGINT");

  FeedsArgs feeds_args;
  auto* feeds = app.add_subcommand("feeds", "the feed list: list, import FILE.opml, export (OPML 2.0), probe");
  auto* feeds_list = feeds->add_subcommand("list", "list the configured feeds");
  feeds_list->add_flag("--json", feeds_args.json, "one JSON document");
  auto* feeds_import = feeds->add_subcommand("import", "turn an OPML file into [[feed]] tables to include");
  feeds_import->add_option("FILE", feeds_args.file, "OPML file from a feed reader")->required();
  feeds_import->add_option("-o,--output", feeds_args.output, "write the TOML here (default: standard output)");
  auto* feeds_export = feeds->add_subcommand("export", "write the configured feeds as OPML 2.0");
  feeds_export->add_option("-o,--output", feeds_args.output, "write the OPML here (default: standard output)");
  feeds_export->add_flag("--show-credentials", feeds_args.show_credentials,
                         "keep passwords and tokens in feed URLs (masked as *** by default)");
  auto* feeds_probe =
      feeds->add_subcommand("probe", "fetch sources once and say what each is: kind, items, newest, verdict");
  feeds_probe->add_option("SOURCE", feeds_args.probe.sources, "configured feed names or URLs");
  feeds_probe->add_flag("--all", feeds_args.probe.all, "every configured feed");
  feeds_probe->add_flag("--json", feeds_args.probe.json, "one JSON document");
  feeds_probe->add_flag("--write", feeds_args.probe.write, "keep each verdict in the archive (shown by feeds list)");

  AlertsArgs alerts_args;
  auto* alerts = app.add_subcommand("alerts", "the alert outbox: list, retry, digest, test CHANNEL");
  auto* alerts_list = alerts->add_subcommand("list", "list alerts, newest first");
  alerts_list->add_option("--state", alerts_args.state, "pending, sent or failed")
      ->check(CLI::IsMember({"pending", "sent", "failed"}));
  alerts_list->add_option("-n,--limit", alerts_args.limit, "at most this many")->check(CLI::Range(1, 100000));
  alerts_list->add_flag("--json", alerts_args.json, "one JSON document");
  auto* alerts_retry = alerts->add_subcommand("retry", "make failed and waiting alerts due now");
  alerts_retry->add_option("ID", alerts_args.id, "one alert (default: every failed or waiting one)");
  auto* alerts_digest =
      alerts->add_subcommand("digest", "bundle held alerts into digests now, not at the period's end");
  alerts_digest->add_option("CHANNEL", alerts_args.channel, "one [[alert]] (default: every channel)");
  auto* alerts_test = alerts->add_subcommand("test", "send a sample alert through a channel and report the outcome");
  alerts_test->add_option("CHANNEL", alerts_args.channel, "an [[alert]] name")->required();

  StoriesArgs stories_args;
  auto* stories =
      app.add_subcommand("stories", "stories as grouped across outlets and languages: show, merge, split, regroup");
  auto* stories_show = stories->add_subcommand("show", "a story's reports");
  stories_show->add_option("STORY", stories_args.story, "the story's number")->required();
  stories_show->add_flag("--json", stories_args.json, "one JSON document");
  auto* stories_merge = stories->add_subcommand("merge", "story B joins story A (kept through regrouping)");
  stories_merge->add_option("A", stories_args.story, "the story to keep")->required();
  stories_merge->add_option("B", stories_args.other, "the story that joins it")->required();
  auto* stories_split =
      stories->add_subcommand("split", "an item leaves its story for one of its own (kept through regrouping)");
  stories_split->add_option("ITEM", stories_args.item, "the item's number")->required();
  auto* stories_regroup = stories->add_subcommand("regroup", "group recent items again, keeping every merge and split");
  stories_regroup->add_option("--since", stories_args.since, "items of this age (default 7d)");

  std::string backup_path;
  auto* backup = app.add_subcommand("backup", "an online, consistent copy of the archive");
  backup->add_option("PATH", backup_path, "where to write the copy (must not exist)")->required();

  ReplayArgs replay_args;
  auto* replay = app.add_subcommand("replay", "what a rule or query would have caught in the archive; sends nothing");
  replay->add_option("RULE_OR_QUERY", replay_args.rule_or_query, "a configured rule's name, or a query")->required();
  replay->add_option("--since", replay_args.since, "only items since: a date, or an age like 30d");
  replay->add_option("-n,--limit", replay_args.limit, "at most this many (default: 20 in the table, all in an export)")
      ->check(CLI::Range(1, 10000000));
  replay
      ->add_option("--format", replay_args.format,
                   "table, json (one document), jsonl (one object per line), csv or atom")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv", "atom"}));

  std::string demo_data;
  auto* demo = app.add_subcommand("demo", "run the whole pipeline on bundled sample feeds, locally, in seconds");
  demo->add_option("--data", demo_data,
                   "folder holding demo/ or feeds/demo/ (sample feeds) and rules/: share/khabar, or a source checkout");
  std::string demo_serve;
  demo->add_option("--serve", demo_serve,
                   "keep the newsroom page up this long (e.g. 10m; default: until Ctrl-C on a terminal)");
  std::string demo_dir;
  demo->add_option("--dir", demo_dir,
                   "write the demo's config, archive and alerts here and keep them (default: a temporary folder, "
                   "removed at the end)");

  bool status_json = false;
  auto* status = app.add_subcommand("status", "show each feed's health: last success, errors, items, next poll");
  status->add_flag("--json", status_json, "one JSON document");

  SearchArgs search_args;
  auto* search = app.add_subcommand("search", "search the archive with the rule language");
  search->add_option("QUERY", search_args.query, "e.g. 'вербов* AND (кыргыз* OR tajik*)'");
  search->add_option("-n,--limit", search_args.limit, "at most this many (default: 20 in the table, all in an export)")
      ->check(CLI::Range(1, 10000000));
  search->add_option("--sort", search_args.sort, "published (default) or fetched: newest first")
      ->check(CLI::IsMember({"published", "fetched"}));
  search->add_option("--since", search_args.since, "published since: a date, or an age like 7d");
  search->add_option("--until", search_args.until, "published before: a date, or an age like 1d");
  search->add_option("--lang", search_args.language, "items in this language (uz: uz-Latn and uz-Cyrl)");
  search->add_option("--feed", search_args.feed, "items of this feed");
  search->add_option("--rule", search_args.rule, "items that matched this rule");
  search->add_option("--story", search_args.story, "items of this story (its number, as shown)");
  search
      ->add_option("--format", search_args.format,
                   "table, json (one document), jsonl (one object per line), csv or atom")
      ->check(CLI::IsMember({"table", "json", "jsonl", "csv", "atom"}));
  search->add_flag("--json", search_args.json, "one JSON document (same as --format json)");
  search->add_flag("--jsonl", search_args.jsonl, "one JSON object per line (same as --format jsonl)");
  search
      ->add_option("--triage", search_args.triage,
                   "relevant, irrelevant, duplicate or unlabelled: editors' labels (newsroom)")
      ->check(CLI::IsMember({"relevant", "irrelevant", "duplicate", "unlabelled"}));

  auto* passwd =
      app.add_subcommand("passwd", "read a password on standard input, print its Argon2id hash for [[web.user]]");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }
  configure_logging(verbose);

  if (*parse) return parse_command(parse_args);
  if (*match) return match_command(match_args);
  if (*demo) return demo_command(demo_data, demo_serve, demo_dir);
  if (*passwd) return passwd_command();
  // A group without its subcommand: say which there are.
  for (auto* group : {alerts, stories, feeds}) {
    if (*group && group->get_subcommands().empty()) {
      std::cerr << group->help("khabar " + group->get_name(), CLI::AppFormatMode::Sub);
      return kExitUsage;
    }
  }
  // Every command below reads the configuration: a first run without one
  // hears how to give one, not only that a file is missing.
  if (const auto hint = khabar::config::missing_default_config(config_path)) {
    std::cerr << *hint << "\n";
    return kExitConfig;
  }
  if (*check) return check_config_command(config_path);
  if (*poll) return poll_once_command(config_path);
  if (*run) return run_command(config_path);
  if (*search) return search_command(config_path, search_args);
  if (*status) return status_command(config_path, status_json);
  if (*backup) return backup_command(config_path, backup_path);
  if (*replay) return replay_command(config_path, replay_args);
  if (*alerts) {
    alerts_args.action = *alerts_list ? "list" : *alerts_retry ? "retry" : *alerts_digest ? "digest" : "test";
    return alerts_command(config_path, alerts_args);
  }
  if (*stories) {
    stories_args.action = *stories_show ? "show" : *stories_merge ? "merge" : *stories_split ? "split" : "regroup";
    return stories_command(config_path, stories_args);
  }
  if (*feeds) {
    feeds_args.action = *feeds_list ? "list" : *feeds_import ? "import" : *feeds_probe ? "probe" : "export";
    return feeds_command(config_path, feeds_args);
  }
  return kExitUsage;
}

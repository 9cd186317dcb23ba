// `khabar parse FILE`: a saved feed or page as khabar reads it, in JSON.
#include <iostream>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "parse/feed_json.h"
#include "parse/feed_parser.h"
#include "util/json_text.h"

namespace khabar::cli {

int parse_command(const ParseArgs& args) {
  auto bytes = read_file(args.file);
  if (!bytes) {
    std::cerr << args.file << ": cannot read the file\n";
    return kExitFailure;
  }
  parse::ParseOptions options;
  options.content_type = args.content_type;
  options.url = args.url;
  options.kind = args.type == "telegram" ? parse::SourceKind::kTelegram
                 : args.type == "html"   ? parse::SourceKind::kHtml
                                         : parse::SourceKind::kAuto;
  options.selectors = args.selectors;
  auto parsed = parse::parse_feed(*bytes, options);
  if (!parsed) {
    std::cerr << args.file << ": " << parsed.error().message << "\n";
    return kExitDataError;
  }
  std::cout << json_text(parse::to_json(*parsed), 2) << "\n";
  return kExitOk;
}

}  // namespace khabar::cli

// What every newsroom page shares: who is looking (and the CSRF token their
// forms carry), the page itself, and the document around it. Pages are pure
// functions of a view struct (and the viewer): tests call them without a
// socket.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "store/newsroom.h"
#include "web/html.h"

namespace khabar::web {

struct Viewer {
  std::string name;
  std::string role;  // editor, viewer
  std::string csrf;
  bool can_edit() const { return role == "editor"; }
};

struct Page {
  std::string title;
  Fragment body;
  int status = 200;
};

// The navigation's sections; `section` marks the current one.
std::string document(const Page& page, const Viewer* viewer, std::string_view section);

// The stylesheet and script every page links (served from /static/).
extern const Markup kStyleSheet;
extern const Markup kScript;

// Glosses by the matched word they explain: a [gloss] key without its * and
// quotes, normalized (case-folded) as the matcher writes matched words.
class Glossary {
 public:
  Glossary() = default;
  explicit Glossary(const std::map<std::string, config::Gloss, std::less<>>& glosses);
  const config::Gloss* find(const std::string& term) const;

 private:
  std::map<std::string, config::Gloss> by_word_;
};

// Shared pieces of pages.
std::string day(UnixTime time);     // "2026-11-24"
std::string minute(UnixTime time);  // "2026-11-24 10:40 UTC"
void csrf_field(Html& html, const Viewer& viewer);
// "relevant (aigul, 2026-11-24: note)", or "unlabelled".
void triage_state(Html& html, const std::optional<store::TriageMark>& own,
                  const std::optional<store::TriageMark>& story);
// One report as a list shows it: title (to its page), outlet, country,
// language, date, link, rules with matched words and glosses, translation,
// triage state.
void report_summary(Html& html, const store::ReportView& report, const Glossary& glossary);
// A labelled form to set a triage label; ids start with `id_prefix`.
void triage_form(Html& html, const Viewer& viewer, const std::string& action, const std::string& id_prefix,
                 const std::string& what);

}  // namespace khabar::web

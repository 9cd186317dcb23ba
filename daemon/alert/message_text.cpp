#include "alert/message_text.h"

#include "util/url.h"

namespace khabar::alert {
namespace {

std::string joined(const std::vector<std::string>& words, const std::string& separator = ", ") {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

std::string title_of(const Report& report) { return report.title.value_or("(untitled)"); }

// Only web links go into an alert: a feed's "javascript:" or "file:" link is dropped.
std::string link_of(const Report& report) {
  return report.link && is_http_url(*report.link) ? *report.link : std::string();
}

// "feed (ru), KG".
std::string source_of(const Report& report) {
  return report.feed + (report.language ? " (" + *report.language + ")" : "") +
         (report.country ? ", " + *report.country : "");
}

std::string rules_of(const Report& report) { return report.rules.empty() ? report.rule : joined(report.rules); }

// "каза болгон (died / погиб), согушта (war / война)".
std::string glossed_terms(const Report& report) {
  std::vector<std::string> out;
  for (const auto& term : report.terms) {
    std::string text = term;
    for (const auto& gloss : report.glosses) {
      if (gloss.term == term) text += " (" + gloss.en + " / " + gloss.ru + ")";
    }
    out.push_back(text);
  }
  return joined(out);
}

// "1 story", "2 stories", "3 reports".
std::string plural(size_t count, const std::string& word) {
  if (count == 1) return "1 " + word;
  const bool y = word.back() == 'y';
  return std::to_string(count) + " " + (y ? word.substr(0, word.size() - 1) + "ies" : word + "s");
}

std::string intro(const AlertMessage& m) {
  if (m.kind == MessageKind::kSurge) {
    const auto countries = m.countries();
    return "One story, reported by outlets in " + plural(countries.size(), "country") + " (" + joined(countries) +
           ") within hours.";
  }
  return plural(m.stories.size(), "story") + ", " + plural(m.report_count(), "report") + " since the last digest.";
}

// The translation, above the original; or why there is none.
std::string translation_text(const Report& r) {
  if (r.translation) {
    return "Translation (" + r.translation->language + "): " + r.translation->title.value_or("") + "\n" +
           (r.translation->summary ? *r.translation->summary + "\n" : "") + "\nOriginal:\n";
  }
  return r.untranslated ? "(Not translated: " + *r.untranslated + ")\n\n" : "";
}

std::string single_alert_text(const Report& r) {
  std::string text = "Rules: " + rules_of(r) + "\n";
  if (!r.reason.empty()) text += "Why: " + r.reason + "\n";
  text += "Feed: " + source_of(r) + "\n";
  if (r.published) text += "Published: " + format_rfc3339(*r.published) + "\n";
  text += "\n" + translation_text(r) + title_of(r) + "\n" + link_of(r) + "\n\n";
  if (r.summary) text += *r.summary + "\n\n";
  return text + "Matched: " + glossed_terms(r) + "\n";
}

std::string report_text(const Report& r) {
  std::string text = "   - " + source_of(r) + " · " + rules_of(r);
  if (r.published) text += " · " + format_rfc3339(*r.published);
  text += "\n     " + title_of(r) + "\n";
  if (r.translation && r.translation->title)
    text += "     (" + r.translation->language + ") " + *r.translation->title + "\n";
  if (!link_of(r).empty()) text += "     " + link_of(r) + "\n";
  return text + "     Matched: " + glossed_terms(r) + "\n";
}

std::string linked_title(const Report& r) {
  const auto link = link_of(r);
  if (link.empty()) return html_escape(title_of(r));
  return "<a href=\"" + html_escape(link) + "\">" + html_escape(title_of(r)) + "</a>";
}

std::string report_html(const Report& r) {
  std::string html = "<li>" + linked_title(r);
  if (r.translation && r.translation->title) {
    html += "<br><i>(" + html_escape(r.translation->language) + ") " + html_escape(*r.translation->title) + "</i>";
  }
  return html + "<br><small>" + html_escape(source_of(r)) + " &middot; <b>" + html_escape(rules_of(r)) + "</b>" +
         (r.published ? " &middot; " + format_rfc3339(*r.published) : "") +
         " &middot; matched: " + html_escape(glossed_terms(r)) + "</small></li>";
}

std::string translation_html(const Report& r) {
  if (r.translation) {
    return "<div><p><small>Translation (" + html_escape(r.translation->language) + ")</small></p><h3>" +
           html_escape(r.translation->title.value_or("")) + "</h3><p>" +
           html_escape(r.translation->summary.value_or("")) + "</p><hr><p><small>Original</small></p></div>";
  }
  return r.untranslated ? "<p><small>Not translated: " + html_escape(*r.untranslated) + "</small></p>" : "";
}

std::string single_alert_html(const Report& r) {
  return "<p><b>" + html_escape(rules_of(r)) + "</b> &middot; " + html_escape(source_of(r)) + "</p>" +
         (r.reason.empty() ? "" : "<p>Why: " + html_escape(r.reason) + "</p>") + translation_html(r) + "<h2>" +
         linked_title(r) + "</h2><p>" + html_escape(r.summary.value_or("")) +
         "</p><p><small>Matched: " + html_escape(glossed_terms(r)) + "</small></p>";
}

// Slack and Mattermost read &, < and > as markup (<!channel>, <url|text>).
std::string slack_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

std::string display_title(const Report& r) {
  if (r.translation && r.translation->title)
    return title_of(r) + " [" + r.translation->language + ": " + *r.translation->title + "]";
  return title_of(r);
}

// One report for a chat service, its link in the service's markup.
std::string chat_line(const Report& r, ChatMarkup markup) {
  const auto link = link_of(r);
  const auto terms = glossed_terms(r);
  if (markup == ChatMarkup::kHtml) {
    const auto title = html_escape(display_title(r));
    return "<b>" + html_escape(rules_of(r)) +
           "</b>: " + (link.empty() ? title : "<a href=\"" + html_escape(link) + "\">" + title + "</a>") + " — " +
           html_escape(r.feed) + (r.language ? " (" + html_escape(*r.language) + ")" : "") +
           (terms.empty() ? "" : "\n<i>" + html_escape(terms) + "</i>");
  }
  const auto line = "[" + rules_of(r) + "] " + display_title(r) + " — " + r.feed +
                    (r.language ? " (" + *r.language + ")" : "") + (terms.empty() ? "" : "\n" + terms);
  if (markup == ChatMarkup::kSlack) return slack_escape(line) + (link.empty() ? "" : "\n<" + slack_escape(link) + ">");
  return line + (link.empty() ? "" : "\n" + link);
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

std::string report_line(const Report& r) {
  return "[" + rules_of(r) + "] " + title_of(r) + " — " + r.feed + (r.language ? " (" + *r.language + ")" : "");
}

std::string headline(const AlertMessage& m) {
  if (m.kind == MessageKind::kAlert) return rules_of(m.lead()) + ": " + title_of(m.lead());
  if (m.kind == MessageKind::kDigest) {
    return "Digest: " + plural(m.stories.size(), "story") + ", " + plural(m.report_count(), "report");
  }
  const auto countries = m.countries();
  return "Surge: " + title_of(m.lead()) + " — outlets in " + plural(countries.size(), "country") + " (" +
         joined(countries) + ")";
}

std::string plain_text(const AlertMessage& m) {
  if (m.kind == MessageKind::kAlert) return single_alert_text(m.lead());
  std::string text = intro(m) + "\n";
  int number = 0;
  for (const auto& story : m.stories) {
    text += "\n" + std::to_string(++number) + ". " + title_of(story.reports.front()) + "\n";
    for (const auto& report : story.reports) text += report_text(report);
  }
  return text;
}

std::string html_text(const AlertMessage& m) {
  std::string html = "<!DOCTYPE html><html><body>";
  if (m.kind == MessageKind::kAlert) return html + single_alert_html(m.lead()) + "</body></html>";
  html += "<p>" + html_escape(intro(m)) + "</p><ol>";
  for (const auto& story : m.stories) {
    html += "<li><p><b>" + html_escape(title_of(story.reports.front())) + "</b></p><ul>";
    for (const auto& report : story.reports) html += report_html(report);
    html += "</ul></li>";
  }
  return html + "</ol></body></html>";
}

std::string chat_text(const AlertMessage& m, size_t limit, ChatMarkup markup) {
  const bool single = m.kind == MessageKind::kAlert;
  auto head = headline(m);
  std::string text = single                         ? ""
                     : markup == ChatMarkup::kHtml  ? "<b>" + html_escape(head) + "</b>"
                     : markup == ChatMarkup::kSlack ? slack_escape(head)
                                                    : head;
  if (single && !m.lead().reason.empty()) {
    text = markup == ChatMarkup::kHtml    ? "<i>" + html_escape(m.lead().reason) + "</i>"
           : markup == ChatMarkup::kSlack ? slack_escape(m.lead().reason)
                                          : m.lead().reason;
  }
  const size_t total = m.report_count();
  size_t shown = 0;
  for (const auto& story : m.stories) {
    for (const auto& report : story.reports) {
      auto line = (text.empty() ? "" : single ? "\n" : "\n• ") + chat_line(report, markup);
      const auto rest = "\n… and " + std::to_string(total - shown) + " more";
      if (shown > 0 && text.size() + line.size() + rest.size() > limit) return text + rest;
      text += line;
      ++shown;
    }
  }
  return text;
}

}  // namespace khabar::alert

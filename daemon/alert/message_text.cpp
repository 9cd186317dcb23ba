#include "alert/message_text.h"

namespace khabar::alert {
namespace {

std::string joined(const std::vector<std::string>& words, const std::string& separator = ", ") {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

std::string title_of(const Report& report) { return report.title.value_or("(untitled)"); }

// "feed (ru), KG".
std::string source_of(const Report& report) {
  return report.feed + (report.language ? " (" + *report.language + ")" : "") +
         (report.country ? ", " + *report.country : "");
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

std::string single_alert_text(const Report& r) {
  std::string text = "Rule: " + r.rule + "\nFeed: " + source_of(r) + "\n";
  if (r.published) text += "Published: " + format_rfc3339(*r.published) + "\n";
  text += "\n" + title_of(r) + "\n" + r.link.value_or("") + "\n\n";
  if (r.summary) text += *r.summary + "\n\n";
  return text + "Matched: " + joined(r.terms) + "\n";
}

std::string report_text(const Report& r) {
  std::string text = "   - " + source_of(r) + " · " + r.rule;
  if (r.published) text += " · " + format_rfc3339(*r.published);
  text += "\n     " + title_of(r) + "\n";
  if (r.link) text += "     " + *r.link + "\n";
  return text + "     Matched: " + joined(r.terms) + "\n";
}

std::string report_html(const Report& r) {
  std::string terms;
  for (const auto& t : r.terms) terms += (terms.empty() ? "" : ", ") + html_escape(t);
  return "<li><a href=\"" + html_escape(r.link.value_or("")) + "\">" + html_escape(title_of(r)) + "</a><br><small>" +
         html_escape(source_of(r)) + " &middot; <b>" + html_escape(r.rule) + "</b>" +
         (r.published ? " &middot; " + format_rfc3339(*r.published) : "") + " &middot; matched: " + terms +
         "</small></li>";
}

std::string single_alert_html(const Report& r) {
  std::string terms;
  for (const auto& t : r.terms) terms += (terms.empty() ? "" : ", ") + html_escape(t);
  return "<p><b>" + html_escape(r.rule) + "</b> &middot; " + html_escape(source_of(r)) + "</p><h2><a href=\"" +
         html_escape(r.link.value_or("")) + "\">" + html_escape(title_of(r)) + "</a></h2><p>" +
         html_escape(r.summary.value_or("")) + "</p><p><small>Matched: " + terms + "</small></p>";
}

// One report for a chat service, its link in the service's markup.
std::string chat_line(const Report& r, ChatMarkup markup) {
  if (markup == ChatMarkup::kHtml) {
    const auto link = r.link.value_or("");
    return "<b>" + html_escape(r.rule) + "</b>: " +
           (link.empty() ? html_escape(title_of(r)) : "<a href=\"" + html_escape(link) + "\">" + html_escape(title_of(r)) + "</a>") +
           " — " + html_escape(r.feed) + (r.language ? " (" + html_escape(*r.language) + ")" : "");
  }
  const auto line = report_line(r);
  if (!r.link) return line;
  return line + (markup == ChatMarkup::kSlack ? "\n<" + *r.link + ">" : "\n" + *r.link);
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::string report_line(const Report& r) {
  return "[" + r.rule + "] " + title_of(r) + " — " + r.feed + (r.language ? " (" + *r.language + ")" : "");
}

std::string headline(const AlertMessage& m) {
  if (m.kind == MessageKind::kAlert) return m.lead().rule + ": " + title_of(m.lead());
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
  std::string text = single ? "" : (markup == ChatMarkup::kHtml ? "<b>" + html_escape(headline(m)) + "</b>" : headline(m));
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

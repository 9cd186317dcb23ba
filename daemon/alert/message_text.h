// The words of an alert, shared by mail and chat renderings: its headline,
// one line per report, and whole bodies in plain text and HTML. Pure.
#pragma once

#include <string>

#include "alert/notifier.h"

namespace khabar::alert {

// Text made safe inside HTML elements and attributes (& < > ").
std::string html_escape(const std::string& text);

// "[rule] title — feed (lang)".
std::string report_line(const Report& report);

// What the message is about, in a line: "rule: title" for an alert,
// "Surge: title — outlets in 3 countries (KG, RU, TJ)", "Digest: 4 stories, 6 reports".
std::string headline(const AlertMessage& message);

// The whole message for a reader: every story with its reports, their
// sources, languages, countries, rules, matched terms and links.
std::string plain_text(const AlertMessage& message);
std::string html_text(const AlertMessage& message);

// How chat services take links: bare, Slack's <url>, or HTML (Telegram, Matrix).
enum class ChatMarkup { kPlain, kSlack, kHtml };

// Short text for chat services: a line per report with its link (after the
// headline, for surges and digests), cut at a whole line to fit `limit`
// bytes ("… and N more").
std::string chat_text(const AlertMessage& message, size_t limit, ChatMarkup markup);

}  // namespace khabar::alert

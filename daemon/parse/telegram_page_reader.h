// Public Telegram channels through their web preview (https://t.me/s/NAME):
// each post with text is an item. Pure: a page in, items out.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "parse/feed.h"
#include "util/result.h"

namespace khabar::parse {

// Whether decoded text is a page of t.me (a channel's preview, or the card
// Telegram shows for a name without one), judged from its markup.
bool looks_like_telegram_page(std::string_view utf8);

// The posts of a preview page, newest first: id "NAME/N", link
// https://t.me/NAME/N, the text with its line breaks as summary, its first
// line or sentence (cut at a word near 120 characters) as title, the
// signature as author, the forward's origin, the link preview, photos and
// videos as enclosures, and the text's HTML (with the link preview) as
// content. Posts without text and service messages are skipped.
// feed.older_page is the page before the oldest post, when there is one.
// Fails with kPermanent when the page is Telegram's card for a name that is
// not a public channel, and kTransient when Telegram asks to slow down.
Result<ParsedFeed> read_telegram_page(const pugi::xml_document& page, const std::string& page_url);

// A post's title from its text: the first line, else its first sentence,
// cut at a word near `max_chars` characters (with "…").
std::string title_from_text(std::string_view text, size_t max_chars = 120);

}  // namespace khabar::parse

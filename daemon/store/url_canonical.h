// The canonical form of an item's link: the key under which one article,
// re-published through RSS, Telegram, AMP and mobile mirrors, is stored once.
// Pure string work: no I/O, no DNS, no redirects followed.
#pragma once

#include <string>
#include <string_view>

namespace khabar::store {

// The form of a URL under which re-publications of one item meet:
//  - scheme folded to https (sites serve the same item on both);
//  - userinfo dropped; host lower-cased (ASCII; a Unicode host is NFKC-case-folded, not
//    converted to punycode), a trailing dot dropped, and leading "www.", "m." and "amp."
//    labels dropped while at least two labels remain;
//  - default ports (80, 443) and an empty port dropped; other ports kept;
//  - fragment dropped;
//  - in path and query, percent-escapes of unreserved characters (A-Z a-z 0-9 - . _ ~)
//    decoded, other escapes written with upper-case hex, raw non-ASCII bytes (IRIs)
//    percent-encoded, so "/новости", "/%d0%bd..." and "/%D0%BD..." meet;
//  - path: "." and ".." segments resolved; empty path -> "/"; a trailing slash, a last
//    segment "index.html", "index.htm" or "index.php", and a last segment "amp" (when
//    something precedes it) dropped, repeatedly, the root "/" kept; case kept (paths are
//    case-sensitive);
//  - query ("&"-separated): empty parameters and those is_tracking_parameter names
//    removed; the rest kept as written (after escape normalization) and stably sorted by
//    name, so repeated names keep their relative order; "?" dropped when nothing remains.
// Returns the input with ASCII whitespace trimmed, otherwise unchanged, when it is not an
// absolute http(s) URL (khabar::is_http_url). Idempotent. Thread-safe.
std::string canonical_url(std::string_view url);

// Whether a query parameter carries no identity of the item, only where a reader came from.
// Names and values are compared ASCII-case-insensitively (canonical_url passes them
// after escape normalization). Dropped:
//  - any name starting with utm_ (Google Analytics), at_ (AT Internet: at_medium,
//    at_campaign...), pk_ or mtm_ (Matomo campaigns);
//  - fbclid, gclid, dclid, gbraid, wbraid, msclkid, yclid, ysclid, twclid, ttclid, igshid,
//    igsh, mc_cid, mc_eid, _ga, _gl, _hsenc, _hsmi, xtor, ref, ref_src, ref_url, from, spm,
//    rss, usqp, amp_js_v (click ids, newsletter ids, referrer tags, Yandex/Telegram "from=",
//    Google AMP cache parameters);
//  - amp with an empty value, "1" or "true", and output=amp (AMP renderings).
// Meaningful parameters (id=, p=, article=, page=...) are never on this list.
bool is_tracking_parameter(std::string_view name, std::string_view value);

}  // namespace khabar::store

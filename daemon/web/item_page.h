// One report: its text as published with the matched words marked, its
// earlier versions (each edit as a word diff, and when it came), when its
// feed removed it, its story and its source; editors label it here.
#pragma once

#include "web/page.h"

namespace khabar::web {

struct ItemPageView {
  store::ItemDetail detail;
  const Glossary* glossary = nullptr;
  std::string notice;
  std::string error;
};

Page render(const Viewer& viewer, const ItemPageView& view);

}  // namespace khabar::web

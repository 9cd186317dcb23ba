// One story: its reports, its label (editors mark it), and its cases
// (editors record one: kind, date, country, region, people, note).
#pragma once

#include "web/page.h"

namespace khabar::web {

struct StoryPageView {
  store::StoryView story;
  const Glossary* glossary = nullptr;
  std::string notice;  // what the last action did
  std::string error;
};

Page render(const Viewer& viewer, const StoryPageView& view);

}  // namespace khabar::web

// The stories page: stories newest first, each with its reports, their rules
// and matched words (glossed), translations and triage state; filters above,
// a link to older stories below.
#pragma once

#include "web/filters.h"
#include "web/page.h"

namespace khabar::web {

struct StoriesView {
  store::StoryPage page;
  FilterValues filters;
  FilterChoices choices;
  std::string error;  // a filter that could not be read
  const Glossary* glossary = nullptr;
};

Page render(const Viewer& viewer, const StoriesView& view);

// One story in a card: its reports, its state, a link to its page.
void story_card(Html& html, const store::StoryView& story, const Glossary& glossary);

}  // namespace khabar::web

// The archive's schema as an ordered list of migrations; PRAGMA user_version
// holds how many have been applied.
#pragma once

#include "store/sqlite.h"

namespace khabar::store {

// The schema version this build writes.
int current_schema_version();

// Applies the missing migrations up to `target` (tests stop earlier), each in
// its own transaction. Refuses a database whose version is newer than this
// build knows (a downgrade).
Status migrate(Database& db, int target = current_schema_version());

}  // namespace khabar::store

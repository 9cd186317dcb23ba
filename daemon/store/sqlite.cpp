#include "store/sqlite.h"

namespace khabar::store {
namespace {

Error sqlite_error(sqlite3* db, const std::string& what) {
  return make_error(ErrorKind::kIo, what + ": " + sqlite3_errmsg(db));
}

// Before SQLite's first use in the process: no memory statistics. Kept,
// they take a global mutex at every allocation SQLite makes (2.7% of a
// cold poll's CPU, locking and unlocking); khabar never reads them.
void configure_sqlite() {
  static const int once = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)once;
}

}  // namespace

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  if (text) return bind(index, std::string_view(*text));
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
  if (value) return bind(index, *value);
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

Result<bool> Statement::step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(db_, "database step failed");
}

Status Statement::run() {
  while (true) {
    auto row = step();
    if (!row) return row.error();
    if (!*row) return Status::success();
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
  return integer(column);
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_.get(), column);
  if (!data) return {};
  return std::string(reinterpret_cast<const char*>(data),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

Result<Database> Database::open(const std::string& path) {
  configure_sqlite();
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) return sqlite_error(raw, "cannot open database " + path);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // 32 KiB pages for a new archive (an existing one keeps its own: the pragma is a no-op once the
  // file has content). A poll's transaction dirties pages all over the items' indexes and the
  // search index; with 4 KiB pages each was a WAL frame of its own, two writes and, at a million
  // items, a read back from disk, and a million items ingested at 10,600-14,200 items/s against
  // 17,800-19,100 with 32 KiB pages (bench/README.md, Archive).
  // The page cache is 8 MB (256 pages; SQLite's default, 2 MB, is 62 of them): a poll's batch
  // touches more pages than 62, and read each back from the file when it came round again (a
  // 1,000-feed cold poll read 10,600 pages, 340 MB, for an 85 MB archive). Temporary storage is
  // in memory: each feed's savepoint journals the first change to every page it touches, and
  // SQLite sends a statement journal over 64 KiB (two pages) to a file in /var/tmp, which was
  // 570 MB of writes in that poll. Neither is needed after a crash (the WAL is).
  for (const char* pragma : {"PRAGMA page_size = 32768", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                             "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -8192", "PRAGMA temp_store = MEMORY"}) {
    if (auto status = db.exec(pragma); !status) {
      return make_error(ErrorKind::kIo, "database " + path + ": " + status.error().message);
    }
  }
  return db;
}

Status Database::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return make_error(ErrorKind::kIo, text);
  }
  return Status::success();
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    return sqlite_error(db_.get(), "cannot prepare statement");
  }
  return Statement(db_.get(), stmt);
}

Result<Statement*> Database::cached(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto stmt = prepare(sql);
    if (!stmt) return stmt.error();
    it = statements_.emplace(sql, std::make_unique<Statement>(std::move(*stmt))).first;
  }
  it->second->reset();
  return it->second.get();
}

void Database::reset_cached() {
  for (auto& [sql, statement] : statements_) statement->reset();
}

Transaction::Transaction(Database& db)
    : db_(db),
      nested_(sqlite3_get_autocommit(db.handle()) == 0),
      begin_(db.exec(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE")) {}

Transaction::~Transaction() {
  if (done_ || !begin_.ok()) return;
  db_.reset_cached();
  // A destructor cannot report; a failed ROLLBACK leaves SQLite's own on close.
  (void)db_.exec(nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
}

// A COMMIT that fails (a deferred constraint, SQLITE_BUSY) leaves the
// transaction open: the destructor must still roll it back, or the next
// BEGIN on this connection fails and the half-written work lingers.
Status Transaction::commit() {
  db_.reset_cached();
  auto committed = db_.exec(nested_ ? "RELEASE nested" : "COMMIT");
  done_ = committed.ok();
  return committed;
}

}  // namespace khabar::store

// RAII wrappers for SQLite handles; every query is prepared with bound
// parameters. SQLite lives behind the store stage only.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/result.h"

namespace khabar::store {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind(int index, const std::optional<std::int64_t>& value);

  // Advances: true with a row, false when done. Errors become kIo.
  Result<bool> step();
  Status run();  // step to completion, for statements without rows

  // Ready for another execution: reset, bindings cleared.
  void reset();

  std::int64_t integer(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

class Database {
 public:
  // How long a statement waits for another connection's write lock.
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens (creating if needed) with WAL, foreign keys and a busy timeout.
  static Result<Database> open(const std::string& path);

  Status exec(const std::string& sql);
  Result<Statement> prepare(std::string_view sql);
  // A statement prepared once per Database and reused, reset for each use:
  // for the statements an ingest runs for every item. The reference stays
  // valid until the Database is destroyed; use it before preparing it again.
  Result<Statement*> cached(const std::string& sql);
  // Resets every cached statement. A statement left on a row keeps its read
  // snapshot open, and a connection on a stale snapshot cannot write once
  // another connection has (SQLITE_BUSY at once, no waiting): transactions
  // call this when they end.
  void reset_cached();
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  int changes() const { return sqlite3_changes(db_.get()); }
  std::string error_message() const { return sqlite3_errmsg(db_.get()); }
  sqlite3* handle() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  explicit Database(sqlite3* db) : db_(db) {}
  std::unique_ptr<sqlite3, Closer> db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;  // finalized before db_ closes
};

// Commits on commit(), rolls back when destroyed without it. Inside another
// transaction it is a savepoint: commit() releases it into the outer one,
// and only the outer commit writes (one WAL commit for a poll's writes).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Status begin_status() const { return begin_; }
  Status commit();

 private:
  Database& db_;
  bool nested_;
  Status begin_;
  bool done_ = false;
};

}  // namespace khabar::store

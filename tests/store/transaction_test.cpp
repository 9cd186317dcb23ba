#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite.h"

namespace khabar::store {
namespace {

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("khabar-txn-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    auto db = Database::open(path_.string());
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_.emplace(std::move(*db));
    ASSERT_TRUE(db_->exec("CREATE TABLE parent(id INTEGER PRIMARY KEY);"
                          "CREATE TABLE child(parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);")
                    .ok());
  }
  void TearDown() override {
    db_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }
  std::int64_t children() {
    auto count = db_->prepare("SELECT COUNT(*) FROM child");
    EXPECT_TRUE(count.ok());
    EXPECT_TRUE(*count->step());
    return count->integer(0);
  }

  std::filesystem::path path_;
  std::optional<Database> db_;
};

// A deferred foreign key fails at COMMIT, the way a busy database can.
TEST_F(TransactionTest, FailedCommitRollsBackAndLeavesTheConnectionUsable) {
  {
    Transaction txn(*db_);
    ASSERT_TRUE(txn.begin_status().ok());
    ASSERT_TRUE(db_->exec("INSERT INTO child VALUES (7)").ok());
    EXPECT_FALSE(txn.commit().ok());
  }
  EXPECT_EQ(children(), 0) << "the failed transaction's row was left behind";
  Transaction next(*db_);
  ASSERT_TRUE(next.begin_status().ok()) << "a failed COMMIT left the transaction open";
  ASSERT_TRUE(db_->exec("INSERT INTO parent VALUES (7); INSERT INTO child VALUES (7)").ok());
  EXPECT_TRUE(next.commit().ok());
  EXPECT_EQ(children(), 1);
}

TEST_F(TransactionTest, DestroyedWithoutCommitRollsBack) {
  {
    Transaction txn(*db_);
    ASSERT_TRUE(db_->exec("INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1)").ok());
  }
  EXPECT_EQ(children(), 0);
}

// A poll's writes are one transaction, with the ingest's own inside it: the
// inner one is a savepoint, kept or undone with the outer.
TEST_F(TransactionTest, AnInnerTransactionIsASavepointOfTheOuterOne) {
  {
    Transaction outer(*db_);
    ASSERT_TRUE(db_->exec("INSERT INTO parent(id) VALUES (1)").ok());
    {
      Transaction inner(*db_);
      ASSERT_TRUE(inner.begin_status().ok());
      ASSERT_TRUE(db_->exec("INSERT INTO child(parent_id) VALUES (1)").ok());
      ASSERT_TRUE(inner.commit().ok());
    }
    {
      Transaction undone(*db_);
      ASSERT_TRUE(db_->exec("INSERT INTO child(parent_id) VALUES (1)").ok());
    }  // rolled back to its savepoint, the outer transaction still open
    EXPECT_EQ(children(), 1);
    ASSERT_TRUE(outer.commit().ok());
  }
  EXPECT_EQ(children(), 1);
  {
    Transaction outer(*db_);
    Transaction inner(*db_);
    ASSERT_TRUE(db_->exec("INSERT INTO child(parent_id) VALUES (1)").ok());
    ASSERT_TRUE(inner.commit().ok());
  }  // the outer one never committed: the inner one's write is gone with it
  EXPECT_EQ(children(), 1);
}

}  // namespace
}  // namespace khabar::store

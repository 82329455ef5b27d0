// The engine under a storage contract test, by the test's parameter:
// "sqlite-file" (a fresh database in a temporary directory), "sqlite-memory",
// or "postgres" (OCOP_TEST_PG_URL with its public schema dropped and made
// again). Either way the store is open and migrated when SetUp returns. The
// PostgreSQL run fails without OCOP_TEST_PG_URL rather than pass unnoticed.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/crypto.h"
#include "storage/open_store.h"
#include "storage/postgres/pg_connection.h"

namespace ocop::storage::contract {

class EngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  // A fixture that adds to SetUp calls this first and returns when
  // HasFatalFailure(): an ASSERT here ends only this function.
  void SetUp() override {
    ASSERT_TRUE(crypto::Initialize());
    const std::string engine = GetParam();
    if (engine == "sqlite-file") {
      dir_ = std::filesystem::temp_directory_path() / ("ocop-contract-" + crypto::RandomToken(6));
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "ocop.db").string();
    } else if (engine == "sqlite-memory") {
      url_ = "sqlite::memory:";
    } else {
      const char* pg = std::getenv("OCOP_TEST_PG_URL");
      ASSERT_NE(pg, nullptr) << "OCOP_TEST_PG_URL is not set: run through scripts/with-postgres.sh";
      url_ = pg;
      auto conn = OpenPostgres(url_);
      ASSERT_TRUE(conn) << conn.error().ToString();
      ASSERT_TRUE((*conn)->ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public").ok());
    }
    store_ = Open();
    ASSERT_TRUE(store_);
    auto applied = store_->Migrate();
    ASSERT_TRUE(applied) << applied.error().ToString();
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Another store on the same database (a second server), or null with a
  // failure recorded.
  std::unique_ptr<SqlStore> Open() {
    auto s = OpenStore(url_);
    EXPECT_TRUE(s) << s.error().ToString();
    return s ? std::move(*s) : nullptr;
  }

  // What `fn(repositories)` (a Result<T>) gives in a read transaction, or T{}
  // with a failure recorded.
  template <typename T, typename Fn>
  T ReadValue(Fn fn) {
    T out{};
    Status s = store_->Read([&](domain::Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(out, fn(r));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  // What `fn(repositories)` (a Result<T>) gives in a write transaction, or
  // the error that rolled it back.
  template <typename T, typename Fn>
  Result<T> TransactValue(Fn fn) {
    T out{};
    Status s = store_->Transact([&](domain::Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(out, fn(r));
      return Status::Ok();
    });
    if (!s.ok()) return Err(s);
    return out;
  }

  std::filesystem::path dir_;  // sqlite-file only
  std::string url_;
  std::unique_ptr<SqlStore> store_;
};

// "sqlite_file" for "sqlite-file": gtest names allow no '-'.
inline std::string EngineName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

}  // namespace ocop::storage::contract

// The numbered schema migrations, embedded in the binary at build time from
// src/storage/migrations/{sqlite,postgres}/NNNN_name.sql. Never edit one that
// has shipped: add the next number.
#pragma once

#include <string_view>
#include <vector>

namespace ocop::storage {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
};

// In version order, 1, 2, 3, … with no gaps.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace ocop::storage

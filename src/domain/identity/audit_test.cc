#include "domain/identity/audit.h"

#include <gtest/gtest.h>

namespace ocop::domain {
namespace {

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  std::optional<AuditEntry> last;
  for (int i = 0; i < n; ++i) {
    AuditEntry e{0,
                 1795316400 + i,
                 "tinh.52",
                 "score.sign",
                 "dossier:" + std::to_string(i),
                 "Tổng điểm " + std::to_string(70 + i),
                 "",
                 ""};
    ChainAfter(last, e);
    out.push_back(e);
    last = e;
  }
  return out;
}

TEST(Audit, AnIntactChainVerifiesAndItsHeadIsTheLastHash) {
  auto entries = Chain(5);
  EXPECT_EQ(entries.front().prev_hash, kAuditGenesis);
  EXPECT_EQ(FirstBrokenEntry(entries), std::nullopt);
  AuditChainCheck check;
  for (const auto& e : entries) EXPECT_TRUE(check.Follows(e));
  EXPECT_EQ(check.count(), 5);
  EXPECT_EQ(check.head(), entries.back().hash);
}

TEST(Audit, AChangedInsertedOrDeletedEntryIsNamed) {
  auto changed = Chain(5);
  changed[2].detail = "Tổng điểm 95";
  EXPECT_EQ(FirstBrokenEntry(changed), 3);

  auto rehashed = Chain(5);  // recomputing the changed entry's own hash breaks the next one
  rehashed[2].detail = "Tổng điểm 95";
  rehashed[2].hash = AuditHashOf(rehashed[2]);
  EXPECT_EQ(FirstBrokenEntry(rehashed), 4);

  auto deleted = Chain(5);
  deleted.erase(deleted.begin() + 1);
  EXPECT_EQ(FirstBrokenEntry(deleted), 3);
}

TEST(Audit, FieldBoundariesCannotBeShifted) {
  AuditEntry a{1, 1, "ab", "c", "s", "d", kAuditGenesis, ""};
  AuditEntry b{1, 1, "a", "bc", "s", "d", kAuditGenesis, ""};
  EXPECT_NE(AuditHashOf(a), AuditHashOf(b));
}

}  // namespace
}  // namespace ocop::domain

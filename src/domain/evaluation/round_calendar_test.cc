#include "domain/evaluation/round_calendar.h"

#include <gtest/gtest.h>

namespace ocop::domain {
namespace {

std::string Round(CouncilLevel level, CivilDate forwarded) {
  auto r = DefaultRoundFor(level, forwarded);
  return r.intake_closes.ToIso() + " → " + r.finishes_by.ToIso();
}

TEST(RoundCalendar, ProvincialRoundsFollowArticleFive) {
  EXPECT_EQ(Round(CouncilLevel::kProvince, {2026, 1, 5}), "2026-04-30 → 2026-06-30");
  EXPECT_EQ(Round(CouncilLevel::kProvince, {2026, 4, 29}), "2026-04-30 → 2026-06-30");
  // "trước ngày 30 tháng 4": a dossier forwarded on 30 April itself is late.
  EXPECT_EQ(Round(CouncilLevel::kProvince, {2026, 4, 30}), "2026-10-30 → 2026-12-30");
  EXPECT_EQ(Round(CouncilLevel::kProvince, {2026, 10, 29}), "2026-10-30 → 2026-12-30");
  EXPECT_EQ(Round(CouncilLevel::kProvince, {2026, 11, 22}), "2027-04-30 → 2027-06-30");
}

TEST(RoundCalendar, CentralRoundsFollowArticleFive) {
  EXPECT_EQ(Round(CouncilLevel::kCentral, {2026, 1, 29}), "2026-01-30 → 2026-03-30");
  EXPECT_EQ(Round(CouncilLevel::kCentral, {2026, 1, 30}), "2026-07-30 → 2026-09-30");
  EXPECT_EQ(Round(CouncilLevel::kCentral, {2026, 7, 30}), "2027-01-30 → 2027-03-30");
}

}  // namespace
}  // namespace ocop::domain

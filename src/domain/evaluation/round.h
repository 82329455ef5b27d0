// Đợt đánh giá và Hội đồng — an evaluation round with its council and
// advisory team, a member's stored score sheet and conflicts of interest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/evaluation/round_calendar.h"
#include "domain/evaluation/scoring.h"

namespace ocop::domain {

std::string_view CouncilLevelId(CouncilLevel l);  // "province", "central"
std::optional<CouncilLevel> ParseCouncilLevel(std::string_view id);

enum class RoundRole { kChair, kMember, kAdvisory };
std::string_view RoundRoleId(RoundRole r);  // "chair", "member", "advisory"
std::optional<RoundRole> ParseRoundRole(std::string_view id);

// A province's council rules (quorum and the largest spread between members'
// totals before they must re-score). Absent a stored row, the defaults.
struct CouncilPolicy {
  int quorum_percent = 75;
  bool chair_required = true;
  double max_spread = 10;
};

struct RoundMember {
  std::int64_t user_id = 0;
  std::string username;
  RoundRole role = RoundRole::kMember;
};

struct Round {
  std::int64_t id = 0;
  CouncilLevel level = CouncilLevel::kProvince;
  std::string province_code;  // empty for a central round
  std::string name;
  RoundCalendar calendar;
  bool open = true;
  CouncilPolicy policy;  // copied from the province's rules when the round opens
  std::vector<RoundMember> members;
  std::int64_t created_by = 0, created_at = 0;

  const RoundMember* FindMember(std::int64_t user_id) const;
  // Members who score: the chair and the members (not the advisory team).
  int ScoringMembers() const;
};

// A member's sheet as stored: the scoring engine's sheet plus who, which
// attempt, and whether it is signed (then it never changes).
struct StoredSheet {
  std::int64_t dossier_id = 0;
  CouncilLevel level = CouncilLevel::kProvince;
  int attempt = 1;
  std::int64_t user_id = 0;
  ScoreSheet sheet;  // sheet.member is the username
  double total = 0;
  std::optional<std::int64_t> signed_at;
  std::int64_t updated_at = 0;
};

struct Conflict {
  std::int64_t dossier_id = 0, user_id = 0;
  std::string reason;
  std::int64_t declared_at = 0;
  std::string username;  // filled from the round's members when shown, not stored
};

}  // namespace ocop::domain

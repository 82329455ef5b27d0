#include "domain/evaluation/round.h"

namespace ocop::domain {

std::string_view CouncilLevelId(CouncilLevel l) {
  return l == CouncilLevel::kCentral ? "central" : "province";
}

std::optional<CouncilLevel> ParseCouncilLevel(std::string_view id) {
  if (id == "province") return CouncilLevel::kProvince;
  if (id == "central") return CouncilLevel::kCentral;
  return std::nullopt;
}

std::string_view RoundRoleId(RoundRole r) {
  switch (r) {
    case RoundRole::kChair:
      return "chair";
    case RoundRole::kMember:
      return "member";
    case RoundRole::kAdvisory:
      return "advisory";
  }
  return "";
}

std::optional<RoundRole> ParseRoundRole(std::string_view id) {
  if (id == "chair") return RoundRole::kChair;
  if (id == "member") return RoundRole::kMember;
  if (id == "advisory") return RoundRole::kAdvisory;
  return std::nullopt;
}

const RoundMember* Round::FindMember(std::int64_t user_id) const {
  for (const auto& m : members) {
    if (m.user_id == user_id) return &m;
  }
  return nullptr;
}

int Round::ScoringMembers() const {
  int n = 0;
  for (const auto& m : members) n += m.role != RoundRole::kAdvisory;
  return n;
}

}  // namespace ocop::domain

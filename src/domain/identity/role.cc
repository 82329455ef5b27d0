#include "domain/identity/role.h"

namespace ocop::domain {

std::string_view RoleId(Role role) {
  switch (role) {
    case Role::kNationalAdmin:
      return "national-admin";
    case Role::kProvincialOfficer:
      return "provincial-officer";
    case Role::kCommuneOfficer:
      return "commune-officer";
    case Role::kCouncilMember:
      return "council-member";
    case Role::kAdvisoryMember:
      return "advisory-member";
    case Role::kProducer:
      return "producer";
    case Role::kInspector:
      return "inspector";
    case Role::kLaboratory:
      return "laboratory";
  }
  return "producer";
}

std::optional<Role> ParseRole(std::string_view id) {
  for (Role r : kAllRoles) {
    if (RoleId(r) == id) return r;
  }
  return std::nullopt;
}

}  // namespace ocop::domain

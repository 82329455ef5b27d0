// Roles (vai trò) and the acting principal that every use case is given.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocop::domain {

enum class Role {
  kNationalAdmin,      // Bộ NN&MT / national programme office
  kProvincialOfficer,  // cơ quan tham mưu cấp tỉnh, scoped to one province
  kCommuneOfficer,     // UBND xã, scoped to one commune
  kCouncilMember,      // thành viên Hội đồng đánh giá
  kAdvisoryMember,     // Tổ tư vấn
  kProducer,           // chủ thể OCOP, linked to one producer
  kInspector,
  kLaboratory,
};

inline constexpr std::array<Role, 8> kAllRoles = {
    Role::kNationalAdmin,  Role::kProvincialOfficer, Role::kCommuneOfficer, Role::kCouncilMember,
    Role::kAdvisoryMember, Role::kProducer,          Role::kInspector,      Role::kLaboratory};

// The ids used in the CLI and the API: "national-admin", "provincial-officer", …
std::string_view RoleId(Role role);
std::optional<Role> ParseRole(std::string_view id);

// Who is acting. Scope fields are set according to the role.
struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  Role role = Role::kProducer;
  std::string province_code;     // provincial-officer
  std::string commune_code;      // commune-officer
  std::int64_t producer_id = 0;  // producer
};

}  // namespace ocop::domain

// Chủ thể OCOP — a producer: cooperative, enterprise, household business, …
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocop::domain {

enum class LegalType { kCooperative, kCooperativeGroup, kEnterprise, kFarm, kHouseholdBusiness };
inline constexpr std::array<LegalType, 5> kAllLegalTypes = {
    LegalType::kCooperative, LegalType::kCooperativeGroup, LegalType::kEnterprise, LegalType::kFarm,
    LegalType::kHouseholdBusiness};
std::string_view LegalTypeId(LegalType t);  // "cooperative", "household-business", …
std::optional<LegalType> ParseLegalType(std::string_view id);

enum class Gender { kFemale, kMale, kOther };
std::string_view GenderId(Gender g);
std::optional<Gender> ParseGender(std::string_view id);

// Người đại diện theo pháp luật. Gender and ethnicity feed bonus criteria.
struct LegalRepresentative {
  std::string name;
  Gender gender = Gender::kOther;
  std::string ethnicity;  // "Kinh", "Tày", "Ê Đê", …
};

// What a user may set on a producer.
struct ProducerFields {
  LegalType legal_type = LegalType::kCooperative;
  std::string name;
  std::string registration_no;  // mã số thuế / business registration number
  LegalRepresentative representative;
  std::string commune_code;
  std::string street_address;
  std::string phone;
  std::string email;
  std::string founded_on;  // YYYY-MM-DD, may be empty
};

struct Producer {
  std::int64_t id = 0;
  std::int64_t version = 0;  // optimistic concurrency
  ProducerFields fields;
  std::string province_code;  // derived from the commune
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

}  // namespace ocop::domain

#include "domain/registry/producer.h"

namespace ocop::domain {

std::string_view LegalTypeId(LegalType t) {
  switch (t) {
    case LegalType::kCooperative:
      return "cooperative";
    case LegalType::kCooperativeGroup:
      return "cooperative-group";
    case LegalType::kEnterprise:
      return "enterprise";
    case LegalType::kFarm:
      return "farm";
    case LegalType::kHouseholdBusiness:
      return "household-business";
  }
  return "cooperative";
}

std::optional<LegalType> ParseLegalType(std::string_view id) {
  for (LegalType t : kAllLegalTypes) {
    if (LegalTypeId(t) == id) return t;
  }
  return std::nullopt;
}

std::string_view GenderId(Gender g) {
  switch (g) {
    case Gender::kFemale:
      return "female";
    case Gender::kMale:
      return "male";
    case Gender::kOther:
      return "other";
  }
  return "other";
}

std::optional<Gender> ParseGender(std::string_view id) {
  for (Gender g : {Gender::kFemale, Gender::kMale, Gender::kOther}) {
    if (GenderId(g) == id) return g;
  }
  return std::nullopt;
}

}  // namespace ocop::domain

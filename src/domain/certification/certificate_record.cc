#include "domain/certification/certificate_record.h"

#include <cstdio>

namespace ocop::domain {

std::string_view RevocationGroundId(RevocationGround g) {
  switch (g) {
    case RevocationGround::kFalseInformation:
      return "false_information";
    case RevocationGround::kCriteriaNotMet:
      return "criteria_not_met";
    case RevocationGround::kLawViolation:
      return "law_violation";
    case RevocationGround::kMarkMisuse:
      return "mark_misuse";
    case RevocationGround::kStoppedProduction:
      return "stopped_production";
    case RevocationGround::kAuthorityConclusion:
      return "authority_conclusion";
  }
  return "";
}

std::optional<RevocationGround> ParseRevocationGround(std::string_view id) {
  for (auto g : kAllRevocationGrounds) {
    if (RevocationGroundId(g) == id) return g;
  }
  return std::nullopt;
}

CertificateFacts Certificate::Facts() const {
  CertificateFacts f;
  f.issued = issued;
  f.expires = expires;
  f.revoked = revoked_on.has_value();
  f.suspended = suspended_on.has_value();
  f.reevaluation_filed = reevaluation_filed;
  f.reevaluation_decided = reevaluation_decided;
  return f;
}

std::string FormatCertificateNumber(std::string_view scope, int year, std::int64_t sequence) {
  char seq[24];
  std::snprintf(seq, sizeof seq, "%05lld", static_cast<long long>(sequence));
  return "OCOP-" + std::string(scope) + "-" + std::to_string(year) + "-" + seq;
}

}  // namespace ocop::domain

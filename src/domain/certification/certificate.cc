#include "domain/certification/certificate.h"

namespace ocop::domain {

CivilDate ExpiryOf(const CivilDate& issued) { return issued.AddMonths(kCertificateMonths); }

DateWindow ReevaluationWindow(const CivilDate& expires) {
  return {expires.AddDays(-kWindowOpensDaysBefore), expires.AddDays(-kWindowClosesDaysBefore)};
}

std::string_view CertificateStatusId(CertificateStatus s) {
  switch (s) {
    case CertificateStatus::kValid:
      return "valid";
    case CertificateStatus::kRenewalWindow:
      return "renewal_window";
    case CertificateStatus::kGrace:
      return "grace";
    case CertificateStatus::kExpired:
      return "expired";
    case CertificateStatus::kRevoked:
      return "revoked";
    case CertificateStatus::kSuspended:
      return "suspended";
  }
  return "expired";
}

CertificateState StateOn(const CertificateFacts& facts, const CivilDate& today) {
  if (facts.revoked) return {CertificateStatus::kRevoked, false};
  if (facts.suspended) return {CertificateStatus::kSuspended, false};
  if (today < facts.issued) return {CertificateStatus::kExpired, false};  // not yet in force
  if (today <= facts.expires) {
    return {ReevaluationWindow(facts.expires).Contains(today) ? CertificateStatus::kRenewalWindow
                                                              : CertificateStatus::kValid,
            true};
  }
  const bool filed_in_time = facts.reevaluation_filed &&
                             ReevaluationWindow(facts.expires).Contains(*facts.reevaluation_filed);
  if (filed_in_time && !facts.reevaluation_decided &&
      today <= facts.expires.AddDays(kGraceDaysAfterExpiry)) {
    return {CertificateStatus::kGrace, true};
  }
  return {CertificateStatus::kExpired, false};
}

std::string SignedMessage(std::string_view number, std::string_view product_code, int stars,
                          const CivilDate& issued, const CivilDate& expires) {
  std::string out = "OCOP1|";
  out.append(number).append("|").append(product_code).append("|");
  out += std::to_string(stars) + "|" + issued.ToIso() + "|" + expires.ToIso();
  return out;
}

}  // namespace ocop::domain

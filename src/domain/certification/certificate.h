// Giấy chứng nhận OCOP — certificate validity, the re-evaluation window, the
// status a shopper's scan reports, and the message a certificate's QR code
// signs (Decision 26/2026/QĐ-TTg: valid 36 months; re-evaluation filed 180 to
// 120 days before expiry). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace ocop::domain {

inline constexpr int kCertificateMonths = 36;
inline constexpr int kWindowOpensDaysBefore = 180;
inline constexpr int kWindowClosesDaysBefore = 120;
inline constexpr int kGraceDaysAfterExpiry = 180;

// The expiry of a certificate issued on `issued`: 36 months later.
CivilDate ExpiryOf(const CivilDate& issued);

struct DateWindow {
  CivilDate opens, closes;  // both inclusive
  bool Contains(const CivilDate& d) const { return opens <= d && d <= closes; }
};

// The days on which a re-evaluation may be filed: 180 to 120 days before expiry.
DateWindow ReevaluationWindow(const CivilDate& expires);

enum class CertificateStatus { kValid, kRenewalWindow, kGrace, kExpired, kRevoked, kSuspended };
std::string_view CertificateStatusId(CertificateStatus s);  // "valid", "renewal_window", …

struct CertificateFacts {
  CivilDate issued, expires;
  bool revoked = false;
  bool suspended = false;
  // When a re-evaluation was filed, and whether it has been decided.
  std::optional<CivilDate> reevaluation_filed;
  bool reevaluation_decided = false;
};

struct CertificateState {
  CertificateStatus status;
  bool mark_allowed;  // may the OCOP mark with its stars be printed on `today`
};

// The status on `today`: revoked and suspended first; then valid (in the
// re-evaluation window: renewal_window) until the expiry date inclusive; after
// it, grace while a re-evaluation filed inside the window awaits its decision,
// at most 180 days past expiry; else expired.
CertificateState StateOn(const CertificateFacts& facts, const CivilDate& today);

// "OCOP1|{number}|{product_code}|{stars}|{issued}|{expires}", dates YYYY-MM-DD:
// the bytes a certificate's Ed25519 signature covers.
std::string SignedMessage(std::string_view number, std::string_view product_code, int stars,
                          const CivilDate& issued, const CivilDate& expires);

}  // namespace ocop::domain

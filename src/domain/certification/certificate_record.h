// A certificate as the registry keeps it: the facts printed on it, how it was
// signed, and what happened to it since (re-evaluation filed, revocation or
// suspension with its ground). Plus the six grounds of revocation, signing
// keys and post-certification inspections.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/certification/certificate.h"

namespace ocop::domain {

// Căn cứ thu hồi — the decree's grounds for revoking a certificate.
enum class RevocationGround {
  kFalseInformation,     // thông tin giả mạo, không trung thực
  kCriteriaNotMet,       // không còn đáp ứng tiêu chí khi kiểm tra
  kLawViolation,         // vi phạm chất lượng, ATTP, môi trường, SHTT, nhãn
  kMarkMisuse,           // sử dụng biểu trưng OCOP gây nhầm lẫn
  kStoppedProduction,    // chủ thể ngừng sản xuất
  kAuthorityConclusion,  // trường hợp khác theo kết luận của cơ quan có thẩm quyền
};
inline constexpr std::array<RevocationGround, 6> kAllRevocationGrounds = {
    RevocationGround::kFalseInformation,  RevocationGround::kCriteriaNotMet,
    RevocationGround::kLawViolation,      RevocationGround::kMarkMisuse,
    RevocationGround::kStoppedProduction, RevocationGround::kAuthorityConclusion};
std::string_view RevocationGroundId(RevocationGround g);  // "false_information", …
std::optional<RevocationGround> ParseRevocationGround(std::string_view id);

// Where a certificate came from.
enum class CertificateSource { kPlatform, kImported };

struct Certificate {
  std::int64_t id = 0;
  std::string number;
  std::int64_t product_id = 0;  // 0 for an imported certificate not linked to the registry
  std::int64_t dossier_id = 0;
  std::string product_name, product_code, producer_name, province_code;
  int stars = 0;
  std::string rubric_version, authority, decision_number, signer;
  CivilDate issued, expires;
  std::string kid, signature;  // Ed25519 over SignedMessage(), base64url
  CertificateSource source = CertificateSource::kPlatform;
  std::optional<CivilDate> reevaluation_filed;
  bool reevaluation_decided = false;
  std::string superseded_by;  // the certificate that replaced it (upgrade, re-evaluation)
  std::optional<CivilDate> revoked_on, suspended_on;
  std::optional<RevocationGround> ground;
  std::string ground_note, ground_evidence, ground_decision;
  std::int64_t created_at = 0, updated_at = 0;
  std::int64_t version = 1;  // grows with every status change (UpdateStatus checks it)

  CertificateFacts Facts() const;
  CertificateState StateOn(const CivilDate& today) const { return domain::StateOn(Facts(), today); }
  std::string Message() const {
    return SignedMessage(number, product_code, stars, issued, expires);
  }
};

struct SigningKey {
  std::string kid;
  std::string public_key, secret_key;  // raw bytes
  std::int64_t created_at = 0;
  std::optional<std::int64_t> retired_at;
};

// Kiểm tra sau chứng nhận — an inspection's findings against scored criteria.
struct Inspection {
  std::int64_t id = 0, certificate_id = 0, inspector_user_id = 0;
  CivilDate inspected_on;
  std::string kind;  // "periodic" or "adhoc"
  std::vector<std::string> unmet_criteria;
  std::string findings;
  std::int64_t created_at = 0;
};

// "OCOP-52-2026-00017": unique nationwide because the scope (the province's
// code, or "TW" for the ministry) and the year are part of it.
std::string FormatCertificateNumber(std::string_view scope, int year, std::int64_t sequence);

}  // namespace ocop::domain

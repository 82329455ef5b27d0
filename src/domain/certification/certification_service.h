// Use cases of certificates: issuing and signing (called by the council's
// decision), public verification, the register, revocation, suspension,
// post-certification inspection, signing-key rotation, and the import of
// certificates issued before the platform. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/certification/certificate_record.h"
#include "domain/certification/legacy_import.h"
#include "domain/identity/role.h"
#include "domain/registry/geography.h"
#include "domain/rubric/rubric.h"
#include "domain/store.h"

namespace ocop::domain {

struct CertificationSettings {
  std::string public_base_url = "http://127.0.0.1:8080";  // printed in every QR code
  std::string central_authority = "Bộ Nông nghiệp và Môi trường";
};

// What a recognition decision puts on a certificate.
struct IssueRequest {
  std::int64_t product_id = 0, dossier_id = 0;
  int stars = 0;
  std::string rubric_version;
  bool central = false;  // the ministry issues 5★
  std::string decision_number, signer;
  CivilDate issued;
  std::string actor;  // for the audit log
};

// The answer of a scan: the certificate (absent: not an OCOP certificate),
// its state today, whether the `sig` given verifies (nullopt when none was
// given), and the exact URL its QR code carries.
struct Verification {
  Certificate certificate;
  CertificateState state;
  std::optional<bool> signature_valid;
  std::string qr_url;
};

struct RevocationInput {
  std::string ground;  // RevocationGroundId
  std::string note, evidence, decision_number;
};

struct InspectionInput {
  std::string inspected_on;  // YYYY-MM-DD or dd/mm/yyyy
  std::string kind;          // "periodic" or "adhoc"
  std::vector<std::string> unmet_criteria;
  std::string findings;
};

struct ImportOutcome {
  LegacyImportReport report;
  int imported = 0;
  bool applied = false;  // false when the file had errors and only_valid_rows was not asked
};

class CertificationService {
 public:
  CertificationService(Store& store, const Geography& geo, const RubricCatalog& rubrics,
                       const Clock& clock, CertificationSettings settings)
      : store_(store),
        geo_(geo),
        rubrics_(rubrics),
        clock_(clock),
        settings_(std::move(settings)) {}

  // In the caller's transaction: numbers, signs (creating the first key if
  // there is none), stores and audits a certificate of the product.
  Result<Certificate> Issue(Repositories& repos, const IssueRequest& in, std::int64_t now);

  // NotFound "error.certificate.not_found" for an unknown number.
  Result<Verification> Verify(const std::string& number, const std::optional<std::string>& sig);
  // The public register, paged by filter.offset/limit. The status filter
  // ("valid", …) needs the state on today: the store narrows the rows by
  // flags and dates, exactly for revoked, suspended, valid and
  // renewal_window (paged by the store); for grace and expired every narrowed
  // row is read and checked, and the total counts only the matching ones.
  Result<Page<Verification>> List(CertificateFilter filter, const std::string& status);

  // Province officers revoke and suspend 3★/4★ certificates of their province;
  // the ministry (national admin) any. Both need one of the decree's six
  // grounds, the evidence and the decision number (InvalidArgument naming
  // each missing field); FailedPrecondition when already revoked (or
  // suspended). Reinstating lifts a suspension with a reason.
  Result<Certificate> Revoke(const Principal& who, const std::string& number,
                             const RevocationInput& in);
  Result<Certificate> Suspend(const Principal& who, const std::string& number,
                              const RevocationInput& in);
  Result<Certificate> Reinstate(const Principal& who, const std::string& number,
                                const std::string& note);
  Result<Inspection> Inspect(const Principal& who, const std::string& number,
                             const InspectionInput& in);
  Result<std::vector<Inspection>> Inspections(const std::string& number);

  // Retires the active key and makes a new one; old keys stay for verifying.
  Result<SigningKey> RotateKey(const std::string& actor);
  // Every key, oldest first, public parts only (secret_key emptied).
  Result<std::vector<SigningKey>> PublicKeys();
  // The active key's public part, creating the first key if needed.
  Result<SigningKey> ActivePublicKey();

  // Validates `rows` (header first) and, when the file is clean or
  // `only_valid_rows`, imports the valid rows in one transaction, signed with
  // the active key like issued ones; a number already in the register
  // (error.import.exists) and, for a provincial officer, a row of another
  // province (error.import.scope) are reported as errors of their row. The
  // report's errors are sorted by row.
  Result<ImportOutcome> ImportLegacy(const Principal& who,
                                     const std::vector<std::vector<std::string>>& rows,
                                     bool only_valid_rows);

  std::string QrUrlOf(const Certificate& c) const;
  // Sets the address printed in QR codes; only before the service is shared
  // (serve learns its port after binding when asked for port 0).
  void SetPublicBaseUrl(std::string url) { settings_.public_base_url = std::move(url); }
  const CertificationSettings& settings() const { return settings_; }

 private:
  CivilDate Today() const { return CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds()); }
  Result<SigningKey> ActiveKey(Repositories& repos, std::int64_t now);
  Result<std::optional<std::string>> PublicKeyOf(const std::string& kid);
  // Loads, checks `who` may act on it, applies `change`, writes and audits.
  Result<Certificate> Change(const Principal& who, const std::string& number,
                             const std::string& action, const std::string& detail,
                             const std::function<Status(Certificate&)>& change);

  Store& store_;
  const Geography& geo_;
  const RubricCatalog& rubrics_;
  const Clock& clock_;
  CertificationSettings settings_;
  std::mutex keys_mutex_;
  std::map<std::string, std::string> public_keys_;  // kid → raw key; keys never change
  // Checking an Ed25519 signature is most of a scan's cost, and its verdict
  // is a pure function of (key id, signed message, signature): verdicts are
  // remembered, at most kMaxVerdicts (then forgotten all at once).
  static constexpr std::size_t kMaxVerdicts = 50000;  // about 10 MB
  std::mutex verdicts_mutex_;
  std::unordered_map<std::string, bool> verdicts_;
  Result<bool> SignatureVerifies(const Certificate& c, const std::string& sig);
};

// Whether `who` may revoke, suspend or inspect a certificate of `stars` in
// `province_code`.
bool MayOversee(const Principal& who, const std::string& province_code, int stars);

}  // namespace ocop::domain

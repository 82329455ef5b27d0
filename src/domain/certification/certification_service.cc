#include "domain/certification/certification_service.h"

#include <algorithm>
#include <cctype>

#include "core/crypto.h"
#include "core/text.h"
#include "domain/text_input.h"

namespace ocop::domain {
namespace {

constexpr const char* kCentralScope = "TW";

Status Audit(Repositories& repos, std::int64_t now, const std::string& actor,
             const std::string& action, const Certificate& c, const std::string& detail) {
  AuditEntry e;
  e.at = now;
  e.actor = actor;
  e.action = action;
  e.subject = "certificate:" + c.number;
  e.detail = detail;
  return AppendAudit(repos.audit(), std::move(e));
}

// Narrows `f` to the rows that can have `status` on `today` (CertificateStatus
// via StateOn, whose window is expires-180 .. expires-120, i.e. expiry in
// [today+120, today+180]); true when the narrowed rows all have it.
bool NarrowToStatus(CertificateFilter& f, const std::string& status, const CivilDate& today) {
  if (status == "revoked") {
    f.revoked = true;
    return true;
  }
  f.revoked = false;
  if (status == "suspended") {
    f.suspended = true;
    return true;
  }
  f.suspended = false;
  const std::string window_from = today.AddDays(kWindowClosesDaysBefore).ToIso();
  const std::string window_to = today.AddDays(kWindowOpensDaysBefore).ToIso();
  if (status == "valid") {
    f.in_force_on = today.ToIso();
    f.expires_outside_from = window_from;
    f.expires_outside_to = window_to;
    return true;
  }
  if (status == "renewal_window") {
    f.in_force_on = today.ToIso();
    f.expires_from = window_from;
    f.expires_to = window_to;
    return true;
  }
  if (status == "grace") {
    f.expires_from = today.AddDays(-kGraceDaysAfterExpiry).ToIso();
    f.expires_to = today.AddDays(-1).ToIso();
    f.in_force_on.clear();
    return false;
  }
  f.lapsed_on = today.ToIso();  // expired (and grace, told apart by StateOn)
  return false;
}

// "Tỉnh Gia Lai" → "tỉnh Gia Lai", as it reads after "Ủy ban nhân dân".
std::string LowerAdministrativeUnit(const Province* province) {
  if (province == nullptr) return {};
  for (auto [upper, lower] : {std::pair<std::string_view, std::string_view>{"Tỉnh ", "tỉnh "},
                              {"Thành phố ", "thành phố "}}) {
    if (province->name.starts_with(upper)) {
      return std::string(lower) + province->name.substr(upper.size());
    }
  }
  return province->name;
}

// The base64url Ed25519 signature of `c`'s message; Internal when the key
// cannot sign (never store a certificate with an empty signature).
Result<std::string> SignatureOf(const Certificate& c, const SigningKey& key) {
  std::string raw = crypto::Sign(c.Message(), key.secret_key);
  if (raw.empty()) return Err(Internal("signing key " + key.kid + " cannot sign"));
  return crypto::Base64UrlEncode(raw);
}

std::string Describe(const Certificate& c) {
  return c.product_code + " " + std::to_string(c.stars) + "* " + c.issued.ToIso() + ".." +
         c.expires.ToIso();
}

}  // namespace

bool MayOversee(const Principal& who, const std::string& province_code, int stars) {
  if (who.role == Role::kNationalAdmin) return true;
  if (who.role == Role::kProvincialOfficer) {
    return who.province_code == province_code && stars < 5;
  }
  return false;
}

namespace {

// The number as one URL path segment: RFC 3986 unreserved bytes kept, every
// other byte percent-encoded (imported numbers are free text).
std::string PathSegment(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (std::isalnum(b) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

}  // namespace

std::string CertificationService::QrUrlOf(const Certificate& c) const {
  return settings_.public_base_url + "/v/" + PathSegment(c.number) + "?sig=" + c.signature;
}

Result<SigningKey> CertificationService::ActiveKey(Repositories& repos, std::int64_t now) {
  OCOP_ASSIGN_OR_RETURN(std::optional<SigningKey> key, repos.certificates().ActiveKey());
  if (key) return *key;
  crypto::SigningKeyPair pair = crypto::GenerateSigningKey();
  SigningKey k{crypto::KeyId(pair.public_key), pair.public_key, pair.secret_key, now, {}};
  OCOP_RETURN_IF_ERROR(repos.certificates().InsertKey(k));
  return k;
}

Result<Certificate> CertificationService::Issue(Repositories& repos, const IssueRequest& in,
                                                std::int64_t now) {
  OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, repos.products().Get(in.product_id));
  if (!product) return Err(NotFound("error.product.not_found"));
  OCOP_ASSIGN_OR_RETURN(std::optional<Producer> producer,
                        repos.producers().Get(product->fields.producer_id));
  if (!producer) return Err(NotFound("error.producer.not_found"));
  const std::string scope = in.central ? kCentralScope : product->province_code;
  OCOP_ASSIGN_OR_RETURN(std::int64_t seq, repos.certificates().NextSequence(scope, in.issued.year));
  Certificate c;
  c.number = FormatCertificateNumber(scope, in.issued.year, seq);
  c.product_id = product->id;
  c.dossier_id = in.dossier_id;
  c.product_name = product->fields.name;
  c.product_code = product->code;
  c.producer_name = producer->fields.name;
  c.province_code = product->province_code;
  c.stars = in.stars;
  c.rubric_version = in.rubric_version;
  const Province* province = geo_.FindProvince(product->province_code);
  c.authority = in.central ? settings_.central_authority
                           : "Ủy ban nhân dân " + LowerAdministrativeUnit(province);
  c.decision_number = in.decision_number;
  c.signer = in.signer;
  c.issued = in.issued;
  c.expires = ExpiryOf(in.issued);
  c.source = CertificateSource::kPlatform;
  OCOP_ASSIGN_OR_RETURN(SigningKey key, ActiveKey(repos, now));
  c.kid = key.kid;
  OCOP_ASSIGN_OR_RETURN(c.signature, SignatureOf(c, key));
  c.created_at = c.updated_at = now;
  OCOP_ASSIGN_OR_RETURN(c.id, repos.certificates().Insert(c));
  OCOP_RETURN_IF_ERROR(Audit(repos, now, in.actor, "certificate.issue", c, Describe(c)));
  return c;
}

Result<std::optional<std::string>> CertificationService::PublicKeyOf(const std::string& kid) {
  {
    std::lock_guard lock(keys_mutex_);
    auto it = public_keys_.find(kid);
    if (it != public_keys_.end()) return std::optional<std::string>{it->second};
  }
  OCOP_ASSIGN_OR_RETURN(std::vector<SigningKey> keys, PublicKeys());
  std::lock_guard lock(keys_mutex_);
  for (const auto& k : keys) public_keys_[k.kid] = k.public_key;
  auto it = public_keys_.find(kid);
  if (it == public_keys_.end()) return std::optional<std::string>{};
  return std::optional<std::string>{it->second};
}

Result<Verification> CertificationService::Verify(const std::string& number,
                                                  const std::optional<std::string>& sig) {
  std::optional<Certificate> c;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(c, repos.certificates().GetByNumber(number));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  if (!c) return Err(NotFound("error.certificate.not_found"));
  Verification v{*c, c->StateOn(Today()), std::nullopt, QrUrlOf(*c)};
  if (sig) {
    OCOP_ASSIGN_OR_RETURN(v.signature_valid, SignatureVerifies(*c, *sig));
  }
  return v;
}

Result<bool> CertificationService::SignatureVerifies(const Certificate& c, const std::string& sig) {
  const std::string message = c.Message();
  std::string memo_key = c.kid;
  memo_key += '\n';
  memo_key += message;
  memo_key += '\n';
  memo_key += sig;
  {
    std::lock_guard lock(verdicts_mutex_);
    if (auto it = verdicts_.find(memo_key); it != verdicts_.end()) return it->second;
  }
  OCOP_ASSIGN_OR_RETURN(std::optional<std::string> key, PublicKeyOf(c.kid));
  std::optional<std::string> raw = crypto::Base64UrlDecode(sig);
  const bool valid = key && raw && crypto::VerifySignature(message, *raw, *key);
  std::lock_guard lock(verdicts_mutex_);
  if (verdicts_.size() >= kMaxVerdicts) verdicts_.clear();
  verdicts_.emplace(std::move(memo_key), valid);
  return valid;
}

Result<Page<Verification>> CertificationService::List(CertificateFilter filter,
                                                      const std::string& status) {
  const CivilDate today = Today();
  Page<Verification> out;
  // Without a status the store pages; with one, the state depends on today,
  // so every row of the other filters is read (in chunks) and the matching
  // ones are counted and paged here.
  const int offset = filter.offset, limit = filter.limit;
  const bool scan = !status.empty() && !NarrowToStatus(filter, status, today);
  if (scan) {
    filter.offset = 0;
    filter.limit = 1000;
  }
  Status s = store_.Read([&](Repositories& repos) -> Status {
    for (;;) {
      OCOP_ASSIGN_OR_RETURN(Page<Certificate> page, repos.certificates().List(filter));
      if (!scan) out.total = page.total;
      for (auto& c : page.items) {
        CertificateState state = c.StateOn(today);
        if (scan) {
          if (CertificateStatusId(state.status) != status) continue;
          if (out.total++ < offset || static_cast<int>(out.items.size()) >= limit) continue;
        }
        std::string qr = QrUrlOf(c);
        out.items.push_back({std::move(c), state, std::nullopt, std::move(qr)});
      }
      if (!scan || static_cast<int>(page.items.size()) < filter.limit) break;
      filter.offset += filter.limit;
    }
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

Result<Certificate> CertificationService::Change(
    const Principal& who, const std::string& number, const std::string& action,
    const std::string& detail, const std::function<Status(Certificate&)>& change) {
  const std::int64_t now = clock_.NowUnixSeconds();
  Certificate c;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> current,
                          repos.certificates().GetByNumber(number));
    if (!current) return NotFound("error.certificate.not_found");
    if (!MayOversee(who, current->province_code, current->stars)) {
      return PermissionDenied("error.scope");
    }
    c = *current;
    OCOP_RETURN_IF_ERROR(change(c));
    c.updated_at = now;
    OCOP_RETURN_IF_ERROR(repos.certificates().UpdateStatus(c));
    return Audit(repos, now, who.username, action, c, detail);
  });
  if (!s.ok()) return Err(s);
  return c;
}

namespace {

// A revocation's or suspension's ground (one of the decree's six), evidence
// and decision, checked field by field; the note is optional.
struct Grounds {
  RevocationGround ground;
  std::string note, evidence, decision;

  std::string Describe() const {
    return std::string(RevocationGroundId(ground)) + "; " + decision + "; " + evidence;
  }
  void ApplyTo(Certificate& c) const {
    c.ground = ground;
    c.ground_note = note;
    c.ground_evidence = evidence;
    c.ground_decision = decision;
  }
};

Result<Grounds> ReadGrounds(const RevocationInput& in) {
  FieldErrors errors;
  std::optional<RevocationGround> ground = ParseRevocationGround(in.ground);
  if (!ground)
    errors.Add("ground",
               in.ground.empty() ? "error.revocation.ground_required" : "error.revocation.ground");
  Grounds g{ground.value_or(RevocationGround::kAuthorityConclusion),
            CleanText(errors, "note", in.note, 5000, false, Lines::kMany),
            CleanText(errors, "evidence", in.evidence, 2000, true, Lines::kMany),
            CleanText(errors, "decision_number", in.decision_number, 100, true)};
  OCOP_RETURN_IF_ERROR(errors.ToStatus());
  return g;
}

}  // namespace

Result<Certificate> CertificationService::Revoke(const Principal& who, const std::string& number,
                                                 const RevocationInput& in) {
  OCOP_ASSIGN_OR_RETURN(Grounds g, ReadGrounds(in));
  const CivilDate today = Today();
  return Change(who, number, "certificate.revoke", g.Describe(), [&](Certificate& c) -> Status {
    if (c.revoked_on) return FailedPrecondition("error.certificate.already_revoked");
    c.revoked_on = today;
    g.ApplyTo(c);
    return Status::Ok();
  });
}

Result<Certificate> CertificationService::Suspend(const Principal& who, const std::string& number,
                                                  const RevocationInput& in) {
  OCOP_ASSIGN_OR_RETURN(Grounds g, ReadGrounds(in));
  const CivilDate today = Today();
  return Change(who, number, "certificate.suspend", g.Describe(), [&](Certificate& c) -> Status {
    if (c.revoked_on) return FailedPrecondition("error.certificate.already_revoked");
    if (c.suspended_on) return FailedPrecondition("error.certificate.already_suspended");
    c.suspended_on = today;
    g.ApplyTo(c);
    return Status::Ok();
  });
}

Result<Certificate> CertificationService::Reinstate(const Principal& who, const std::string& number,
                                                    const std::string& note) {
  FieldErrors errors;
  std::string reason = CleanText(errors, "note", note, 5000, true, Lines::kMany);
  OCOP_RETURN_IF_ERROR(errors.ToStatus());
  return Change(who, number, "certificate.reinstate", reason, [&](Certificate& c) -> Status {
    if (!c.suspended_on || c.revoked_on) {
      return FailedPrecondition("error.certificate.not_suspended");
    }
    c.suspended_on.reset();
    c.ground.reset();
    c.ground_evidence.clear();
    c.ground_decision.clear();
    c.ground_note = reason;
    return Status::Ok();
  });
}

Result<Inspection> CertificationService::Inspect(const Principal& who, const std::string& number,
                                                 const InspectionInput& in) {
  FieldErrors errors;
  std::optional<CivilDate> on = CivilDate::Parse(in.inspected_on);
  if (!on) on = CivilDate::ParseDisplay(in.inspected_on);
  if (!on) {
    errors.Add("inspected_on", "error.field.date");
  } else if (*on > Today()) {
    errors.Add("inspected_on", "error.field.future");
  }
  if (in.kind != "periodic" && in.kind != "adhoc") errors.Add("kind", "error.inspection.kind");
  std::string findings = CleanText(errors, "findings", in.findings, 20000, true, Lines::kMany);
  const std::int64_t now = clock_.NowUnixSeconds();
  Inspection i;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> c, repos.certificates().GetByNumber(number));
    if (!c) return NotFound("error.certificate.not_found");
    if (who.role != Role::kInspector && !MayOversee(who, c->province_code, c->stars)) {
      return PermissionDenied("error.scope");
    }
    // Findings name criteria of the sheet the product was scored on; of an
    // imported certificate (no product, or an older rubric) only their form.
    const RubricSet* set = nullptr;
    if (c->product_id != 0) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, repos.products().Get(c->product_id));
      const RubricVersion* version = rubrics_.Find(c->rubric_version);
      if (product && version) set = version->FindSet(product->fields.product_set);
    }
    FieldErrors criteria_errors = errors;
    for (const auto& id : in.unmet_criteria) {
      if (id.empty() || id.size() > 10 || id.find(',') != std::string::npos ||
          !HasOnlyPrintable(id, Lines::kOne) || (set && !set->FindCriterion(id))) {
        criteria_errors.Add("unmet_criteria", "error.inspection.criterion", {{"id", id}});
      }
    }
    OCOP_RETURN_IF_ERROR(criteria_errors.ToStatus());
    i = {0, c->id, who.user_id, *on, in.kind, in.unmet_criteria, findings, now};
    OCOP_ASSIGN_OR_RETURN(i.id, repos.certificates().AddInspection(i));
    std::string unmet;
    for (const auto& id : in.unmet_criteria) unmet += (unmet.empty() ? "" : ",") + id;
    return Audit(repos, now, who.username, "certificate.inspect", *c,
                 in.kind + " " + on->ToIso() + " unmet=" + unmet);
  });
  if (!s.ok()) return Err(s);
  return i;
}

Result<std::vector<Inspection>> CertificationService::Inspections(const std::string& number) {
  std::vector<Inspection> out;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> c, repos.certificates().GetByNumber(number));
    if (!c) return NotFound("error.certificate.not_found");
    OCOP_ASSIGN_OR_RETURN(out, repos.certificates().Inspections(c->id));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

Result<SigningKey> CertificationService::RotateKey(const std::string& actor) {
  const std::int64_t now = clock_.NowUnixSeconds();
  SigningKey key;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_RETURN_IF_ERROR(repos.certificates().RetireKeys(now));
    crypto::SigningKeyPair pair = crypto::GenerateSigningKey();
    key = {crypto::KeyId(pair.public_key), pair.public_key, pair.secret_key, now, {}};
    OCOP_RETURN_IF_ERROR(repos.certificates().InsertKey(key));
    AuditEntry e{0, now, actor, "key.rotate", "key:" + key.kid, "Ed25519", "", ""};
    return AppendAudit(repos.audit(), std::move(e));
  });
  if (!s.ok()) return Err(s);
  key.secret_key.clear();
  return key;
}

Result<std::vector<SigningKey>> CertificationService::PublicKeys() {
  std::vector<SigningKey> keys;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(keys, repos.certificates().Keys());
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  for (auto& k : keys) k.secret_key.clear();
  return keys;
}

Result<SigningKey> CertificationService::ActivePublicKey() {
  SigningKey key;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(key, ActiveKey(repos, clock_.NowUnixSeconds()));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  key.secret_key.clear();
  return key;
}

Result<ImportOutcome> CertificationService::ImportLegacy(
    const Principal& who, const std::vector<std::vector<std::string>>& rows, bool only_valid_rows) {
  if (who.role != Role::kNationalAdmin && who.role != Role::kProvincialOfficer) {
    return Err(PermissionDenied("error.role"));
  }
  const LegacyImportReport validated = ValidateLegacyRows(rows, geo_, Today());
  const std::int64_t now = clock_.NowUnixSeconds();
  ImportOutcome out;
  // The body may run again (the store retries conflicts): it starts afresh.
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    out = ImportOutcome{validated, 0, false};
    std::vector<LegacyCertificate> fresh;
    for (const auto& c : out.report.valid) {
      // An officer imports only its own province's 3★ and 4★: 5★ are the
      // ministry's (MayOversee).
      if (!MayOversee(who, c.province_code, c.stars)) {
        out.report.errors.push_back(
            {c.row, c.stars >= 5 ? "stars" : "province", "error.import.scope"});
        continue;
      }
      OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> existing,
                            repos.certificates().GetByNumber(c.number));
      if (existing) {
        out.report.errors.push_back({c.row, "number", "error.import.exists"});
      } else {
        fresh.push_back(c);
      }
    }
    out.report.valid = std::move(fresh);
    std::stable_sort(out.report.errors.begin(), out.report.errors.end(),
                     [](const RowError& a, const RowError& b) { return a.row < b.row; });
    if (!out.report.errors.empty() && !only_valid_rows) return Status::Ok();
    OCOP_ASSIGN_OR_RETURN(SigningKey key, ActiveKey(repos, now));
    for (const auto& l : out.report.valid) {
      Certificate c;
      c.number = l.number;
      c.product_name = l.product_name;
      c.product_code = l.number;  // no registry code: the number identifies it
      c.producer_name = l.producer_name;
      c.province_code = l.province_code;
      c.stars = l.stars;
      c.rubric_version = l.rubric_version;
      c.authority = l.authority;
      c.decision_number = l.decision_number;
      c.issued = l.issued;
      c.expires = l.expires;
      c.source = CertificateSource::kImported;
      c.kid = key.kid;
      OCOP_ASSIGN_OR_RETURN(c.signature, SignatureOf(c, key));
      c.created_at = c.updated_at = now;
      OCOP_ASSIGN_OR_RETURN(c.id, repos.certificates().Insert(c));
      OCOP_RETURN_IF_ERROR(Audit(repos, now, who.username, "certificate.import", c, Describe(c)));
      ++out.imported;
    }
    out.applied = true;
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

}  // namespace ocop::domain

#include "domain/evaluation/evaluation_service.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/file_kind.h"
#include "core/text.h"
#include "domain/registry/registry_service.h"
#include "domain/text_input.h"

namespace ocop::domain {
namespace {

bool IsOpen(DossierState s) {
  return s != DossierState::kRecognised && s != DossierState::kNotRecognised;
}

Status StaleVersion(std::int64_t current) {
  return Aborted("error.version.stale").WithDetail(std::to_string(current));
}

// The certificate a product holds now (the newest issued), if any.
Result<std::optional<Certificate>> CurrentCertificate(Repositories& repos,
                                                      std::int64_t product_id) {
  CertificateFilter f;
  f.product_id = product_id;
  f.limit = 1;
  OCOP_ASSIGN_OR_RETURN(Page<Certificate> page, repos.certificates().List(f));
  if (page.items.empty()) return std::optional<Certificate>{};
  return std::optional<Certificate>{page.items.front()};
}

Status OutsideWindow(const DateWindow& w) {
  return Status(Code::kFailedPrecondition,
                {"error.dossier.outside_window",
                 {{"opens", w.opens.ToDisplay()}, {"closes", w.closes.ToDisplay()}}});
}

// Who may edit a dossier's content: its producer while it awaits the producer.
bool MayEditContent(const Principal& who, const Dossier& d) {
  return RegistryService::MayEdit(who, d.province_code, d.commune_code, d.producer_id) &&
         AwaitsProducer(d.state);
}

// The criteria answered differently on two sheets.
std::vector<std::string> ChangedCriteria(const ScoreSheet& before, const ScoreSheet& now) {
  std::vector<std::string> changed;
  for (const auto& [id, answer] : now.choices) {
    auto it = before.choices.find(id);
    if (it == before.choices.end() || it->second != answer) changed.push_back(id);
  }
  for (const auto& [id, answer] : before.choices) {
    if (!now.choices.count(id)) changed.push_back(id);
  }
  return changed;
}

// From the province's receipt to the decision: what the advisory team reviews.
bool InAdvisoryReach(DossierState s) {
  return s != DossierState::kDraft && s != DossierState::kSubmitted &&
         s != DossierState::kCommuneReported;
}

}  // namespace

const RubricVersion* RubricInForce(const RubricCatalog& rubrics, const CivilDate& today) {
  const RubricVersion* best = nullptr;
  for (const auto& [id, v] : rubrics.versions) {
    if (v.in_force_from > today.ToIso()) continue;
    if (!best || v.in_force_from > best->in_force_from) best = &v;
  }
  return best;
}

bool MayRead(const Principal& who, const Dossier& d, const std::vector<Round>& rounds_of_who) {
  switch (who.role) {
    case Role::kNationalAdmin:
      return true;
    case Role::kProvincialOfficer:
      return who.province_code == d.province_code;
    case Role::kCommuneOfficer:
      return who.commune_code == d.commune_code && d.state != DossierState::kDraft;
    case Role::kProducer:
      return who.producer_id == d.producer_id;
    case Role::kCouncilMember:
      return std::any_of(rounds_of_who.begin(), rounds_of_who.end(), [&](const Round& r) {
        return r.id == d.round_id || r.id == d.central_round_id;
      });
    case Role::kAdvisoryMember:
      // The advisory team reviews the province's dossiers before any round
      // has them: it reads those of the provinces of its open rounds.
      return std::any_of(rounds_of_who.begin(), rounds_of_who.end(), [&](const Round& r) {
        return r.id == d.round_id || r.id == d.central_round_id ||
               (r.open && r.level == CouncilLevel::kProvince &&
                r.province_code == d.province_code && InAdvisoryReach(d.state));
      });
    default:
      return false;
  }
}

Status RecordMove(Repositories& repos, const Principal& who, const Dossier& d,
                  std::string_view action, DossierState from, const std::string& note,
                  std::int64_t now) {
  DossierEvent e{now, who.user_id, who.username, std::string(action), from, d.state, note};
  OCOP_RETURN_IF_ERROR(repos.dossiers().AddEvent(d.id, e));
  AuditEntry a;
  a.at = now;
  a.actor = who.username;
  a.action = "dossier." + std::string(action);
  a.subject = "dossier:" + d.token;
  a.detail = std::string(DossierStateId(from)) + " -> " + std::string(DossierStateId(d.state)) +
             (note.empty() ? "" : "; " + note);
  return AppendAudit(repos.audit(), std::move(a));
}

Status EvaluationService::CheckSheet(const Dossier& d, const ScoreSheet& sheet,
                                     bool complete) const {
  const RubricVersion* version = rubrics_.Find(d.rubric_version);
  const RubricSet* set = version ? version->FindSet(d.product_set) : nullptr;
  if (!set) return FailedPrecondition("error.rubric.set_not_found");
  return domain::CheckSheet(*set, sheet,
                            complete ? SheetCompleteness::kComplete : SheetCompleteness::kPartial);
}

// An upgrade needs a certificate in force; a re-evaluation must be filed in
// the certificate's window.
Status EvaluationService::CheckType(Repositories& repos, const Dossier& d,
                                    const CivilDate& today) const {
  if (d.type == DossierType::kFirst) return Status::Ok();
  OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> cert, CurrentCertificate(repos, d.product_id));
  if (!cert) return FailedPrecondition("error.dossier.needs_certificate");
  if (d.type == DossierType::kUpgrade) {
    auto state = cert->StateOn(today);
    if (state.status != CertificateStatus::kValid &&
        state.status != CertificateStatus::kRenewalWindow) {
      return FailedPrecondition("error.dossier.needs_certificate");
    }
    if (cert->stars >= 5) return FailedPrecondition("error.dossier.upgrade_top");
    return Status::Ok();
  }
  if (cert->revoked_on || cert->suspended_on) {
    return FailedPrecondition("error.dossier.needs_certificate");
  }
  DateWindow window = ReevaluationWindow(cert->expires);
  if (!window.Contains(today)) return OutsideWindow(window);
  return Status::Ok();
}

Result<Dossier> EvaluationService::Create(const Principal& who, const NewDossier& in) {
  const CivilDate today = Today();
  const RubricVersion* version = RubricInForce(rubrics_, today);
  if (!version) return Err(FailedPrecondition("error.rubric.none_in_force"));
  const std::int64_t now = clock_.NowUnixSeconds();
  Dossier d;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, repos.products().Get(in.product_id));
    if (!product) return NotFound("error.product.not_found");
    if (!RegistryService::MayEdit(who, product->province_code, product->commune_code,
                                  product->fields.producer_id)) {
      return PermissionDenied("error.scope");
    }
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> previous,
                          repos.dossiers().LatestOfProduct(product->id, 0));
    if (previous && IsOpen(previous->state)) {
      return FailedPrecondition("error.dossier.open_exists");
    }
    d.token = crypto::RandomToken(16);
    d.version = 1;
    d.product_id = product->id;
    d.producer_id = product->fields.producer_id;
    d.province_code = product->province_code;
    d.commune_code = product->commune_code;
    d.type = in.type;
    d.state = DossierState::kDraft;
    d.rubric_version = version->id;
    d.product_set = product->fields.product_set;
    d.created_at = d.updated_at = now;
    OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> cert, CurrentCertificate(repos, product->id));
    if (cert) d.base_certificate_id = cert->id;
    OCOP_RETURN_IF_ERROR(CheckType(repos, d, today));
    if (in.from_previous && previous) {
      d.previous_dossier_id = previous->id;
      d.form = previous->form;
      // Answers carry over only on the same sheet.
      if (previous->rubric_version == d.rubric_version && previous->product_set == d.product_set) {
        d.self_assessment = previous->self_assessment;
      }
    }
    OCOP_ASSIGN_OR_RETURN(d.id, repos.dossiers().Insert(d));
    if (d.previous_dossier_id) {
      OCOP_RETURN_IF_ERROR(repos.dossiers().CopyEvidence(d.previous_dossier_id, d.id));
    }
    return RecordMove(repos, who, d, "create", DossierState::kDraft,
                      std::string(DossierTypeId(d.type)), now);
  });
  if (!s.ok()) return Err(s);
  return d;
}

Result<Dossier> EvaluationService::Edit(const Principal& who, const std::string& token,
                                        const RegistrationForm& form,
                                        const ScoreSheet& self_assessment,
                                        std::int64_t expected_version) {
  FieldErrors errors;
  RegistrationForm normalised{
      CleanText(errors, "scale", form.scale, 2000, false, Lines::kMany),
      CleanText(errors, "raw_materials", form.raw_materials, 2000, false, Lines::kMany),
      CleanText(errors, "markets", form.markets, 2000, false, Lines::kMany),
      CleanText(errors, "story", form.story, 20000, false, Lines::kMany),
      CleanText(errors, "changes", form.changes, 20000, false, Lines::kMany)};
  OCOP_RETURN_IF_ERROR(errors.ToStatus());
  Dossier d;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> current, repos.dossiers().GetByToken(token));
    if (!current) return NotFound("error.dossier.not_found");
    if (!MayEditContent(who, *current)) {
      // In scope, the dossier is past the producer's part (the transition
      // error names its state); out of scope, refused.
      if (!RegistryService::MayEdit(who, current->province_code, current->commune_code,
                                    current->producer_id)) {
        return PermissionDenied("error.scope");
      }
      return CheckTransition(current->state, DossierAction::kSubmit);
    }
    if (current->version != expected_version) return StaleVersion(current->version);
    OCOP_RETURN_IF_ERROR(CheckSheet(*current, self_assessment, false));
    d = *current;
    d.form = normalised;
    d.self_assessment = self_assessment;
    d.self_assessment.member = who.username;
    d.updated_at = clock_.NowUnixSeconds();
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome, repos.dossiers().Update(d, expected_version));
    if (outcome != UpdateOutcome::kUpdated) return StaleVersion(current->version);
    d.version = expected_version + 1;
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return d;
}

Result<Evidence> EvaluationService::AttachEvidence(const Principal& who, const std::string& token,
                                                   const std::string& file_name,
                                                   const std::string& bytes,
                                                   const std::vector<std::string>& criteria) {
  if (static_cast<std::int64_t>(bytes.size()) > settings_.max_evidence_bytes) {
    return Err(InvalidArgument(
        "error.evidence.size",
        {{"file",
          {"error.evidence.size",
           {{"max", std::to_string(settings_.max_evidence_bytes / (1024 * 1024))}}}}}));
  }
  std::optional<FileKind> kind = SniffFileKind(bytes);
  if (!kind)
    return Err(InvalidArgument("error.evidence.type", {{"file", {"error.evidence.type"}}}));
  FieldErrors name_errors;
  std::string name = CleanText(name_errors, "file", file_name, 200, false);
  if (!name_errors.empty() || name.empty()) name = "file";
  Evidence e;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> d, repos.dossiers().GetByToken(token));
    if (!d) return NotFound("error.dossier.not_found");
    if (!MayEditContent(who, *d)) {
      if (!RegistryService::MayEdit(who, d->province_code, d->commune_code, d->producer_id)) {
        return PermissionDenied("error.scope");
      }
      return CheckTransition(d->state, DossierAction::kSubmit);
    }
    const RubricVersion* version = rubrics_.Find(d->rubric_version);
    const RubricSet* set = version ? version->FindSet(d->product_set) : nullptr;
    FieldErrors errors;
    for (const auto& id : criteria) {
      if (!set || !set->FindCriterion(id)) {
        errors.Add("criteria", "error.evidence.criterion", {{"criterion", id}});
      }
    }
    OCOP_RETURN_IF_ERROR(errors.ToStatus());
    OCOP_ASSIGN_OR_RETURN(std::vector<Evidence> existing, repos.dossiers().ListEvidence(d->id));
    if (static_cast<std::int64_t>(existing.size()) >= settings_.max_evidence_files) {
      return ResourceExhausted("error.evidence.too_many");
    }
    const std::int64_t now = clock_.NowUnixSeconds();
    e.dossier_id = d->id;
    e.sha256 = crypto::Sha256Hex(bytes);
    e.file_name = name;
    e.mime = std::string(FileKindMime(*kind));
    e.size = static_cast<std::int64_t>(bytes.size());
    e.criteria = criteria;
    e.uploaded_by = who.user_id;
    e.uploaded_at = now;
    OCOP_RETURN_IF_ERROR(repos.dossiers().PutBlob(e.sha256, e.mime, bytes, now));
    OCOP_ASSIGN_OR_RETURN(e.id, repos.dossiers().AddEvidence(e));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return e;
}

Result<std::pair<Evidence, std::string>> EvaluationService::EvidenceFile(
    const Principal& who, const std::string& token, const std::string& sha256) {
  std::pair<Evidence, std::string> out;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> d, repos.dossiers().GetByToken(token));
    OCOP_ASSIGN_OR_RETURN(std::vector<Round> rounds, repos.rounds().OfMember(who.user_id));
    if (!d || !MayRead(who, *d, rounds)) return NotFound("error.dossier.not_found");
    OCOP_ASSIGN_OR_RETURN(std::vector<Evidence> list, repos.dossiers().ListEvidence(d->id));
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const Evidence& e) { return e.sha256 == sha256; });
    if (it == list.end()) return NotFound("error.not_found");
    OCOP_ASSIGN_OR_RETURN(std::optional<std::string> bytes, repos.dossiers().GetBlob(sha256));
    if (!bytes) return NotFound("error.not_found");
    out = {*it, std::move(*bytes)};
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

Result<Dossier> EvaluationService::Move(const Principal& who, const std::string& token,
                                        const DossierMove& move) {
  switch (move.action) {
    case DossierAction::kAssignRound:
    case DossierAction::kCloseSession:
    case DossierAction::kDecide:
      return Err(InvalidArgument("error.dossier.action", {{"action", {"error.dossier.action"}}}));
    default:
      break;
  }
  if (!RoleMayTake(who.role, move.action)) return Err(PermissionDenied("error.role"));
  if ((move.action == DossierAction::kRequestAdditions ||
       move.action == DossierAction::kSiteVisit || move.action == DossierAction::kRequestLabTest) &&
      text::Trim(move.note).empty()) {
    return Err(InvalidArgument("error.invalid_input", {{"note", {"error.field.required"}}}));
  }
  if (move.action == DossierAction::kCommuneReport && !move.report) {
    return Err(InvalidArgument("error.invalid_input", {{"report", {"error.field.required"}}}));
  }
  FieldErrors errors;
  const std::string note = CleanText(errors, "note", move.note, 5000, false, Lines::kMany);
  OCOP_RETURN_IF_ERROR(errors.ToStatus());
  const CivilDate today = Today();
  const std::int64_t now = clock_.NowUnixSeconds();
  Dossier d;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> current, repos.dossiers().GetByToken(token));
    OCOP_ASSIGN_OR_RETURN(std::vector<Round> rounds, repos.rounds().OfMember(who.user_id));
    if (!current || !MayRead(who, *current, rounds)) return NotFound("error.dossier.not_found");
    if (who.role == Role::kAdvisoryMember &&
        !std::any_of(rounds.begin(), rounds.end(), [&](const Round& r) {
          return r.province_code == current->province_code && r.FindMember(who.user_id);
        })) {
      return PermissionDenied("error.scope");
    }
    if (move.expected_version && *move.expected_version != current->version) {
      return StaleVersion(current->version);
    }
    OCOP_RETURN_IF_ERROR(CheckTransition(current->state, move.action));
    d = *current;
    switch (move.action) {
      case DossierAction::kSubmit: {
        OCOP_RETURN_IF_ERROR(CheckSheet(d, d.self_assessment, true));
        OCOP_RETURN_IF_ERROR(CheckType(repos, d, today));
        d.state = DossierState::kSubmitted;
        d.submitted_on = today;
        d.commune_deadline =
            settings_.calendar.AddWorkingDays(today, settings_.commune_working_days);
        if (d.type == DossierType::kReevaluation && d.base_certificate_id) {
          OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> cert,
                                repos.certificates().Get(d.base_certificate_id));
          if (cert) {
            cert->reevaluation_filed = today;
            cert->reevaluation_decided = false;
            cert->updated_at = now;
            OCOP_RETURN_IF_ERROR(repos.certificates().UpdateStatus(*cert));
          }
        }
        break;
      }
      case DossierAction::kCommuneReport: {
        CommuneReport r = *move.report;
        r.notes = note;
        r.reported_on = today;
        r.late = d.commune_deadline && today > *d.commune_deadline;
        d.commune_report = r;
        d.state = DossierState::kCommuneReported;
        break;
      }
      case DossierAction::kReceive:
        d.state = DossierState::kReceived;
        break;
      case DossierAction::kStartReview:
        d.state = DossierState::kAdvisoryReview;
        break;
      case DossierAction::kRequestAdditions:
        d.state = DossierState::kAdditionsRequested;
        break;
      case DossierAction::kResubmit:
        OCOP_RETURN_IF_ERROR(CheckSheet(d, d.self_assessment, true));
        d.state = DossierState::kReceived;
        break;
      default:  // site visit, lab test request: recorded, no move
        break;
    }
    d.updated_at = now;
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome, repos.dossiers().Update(d, current->version));
    if (outcome != UpdateOutcome::kUpdated) return StaleVersion(current->version);
    d.version = current->version + 1;
    return RecordMove(repos, who, d, DossierActionId(move.action), current->state, note, now);
  });
  if (!s.ok()) return Err(s);
  return d;
}

Result<DossierView> EvaluationService::Get(const Principal& who, const std::string& token) {
  DossierView v;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> d, repos.dossiers().GetByToken(token));
    OCOP_ASSIGN_OR_RETURN(std::vector<Round> rounds, repos.rounds().OfMember(who.user_id));
    if (!d || !MayRead(who, *d, rounds)) return NotFound("error.dossier.not_found");
    v.dossier = std::move(*d);
    OCOP_ASSIGN_OR_RETURN(v.history, repos.dossiers().Events(v.dossier.id));
    OCOP_ASSIGN_OR_RETURN(v.evidence, repos.dossiers().ListEvidence(v.dossier.id));
    if (v.dossier.type != DossierType::kFirst && v.dossier.base_certificate_id) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> cert,
                            repos.certificates().Get(v.dossier.base_certificate_id));
      if (cert && cert->dossier_id) {
        OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> base, repos.dossiers().Get(cert->dossier_id));
        if (base) {
          v.changed_criteria = ChangedCriteria(base->self_assessment, v.dossier.self_assessment);
        }
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  const RubricVersion* version = rubrics_.Find(v.dossier.rubric_version);
  const RubricSet* set = version ? version->FindSet(v.dossier.product_set) : nullptr;
  if (set && CheckSheet(v.dossier, v.dossier.self_assessment, true).ok()) {
    v.self_total = SheetTotal(*set, v.dossier.self_assessment);
  }
  return v;
}

Result<Page<Dossier>> EvaluationService::List(const Principal& who, DossierFilter filter) {
  switch (who.role) {
    case Role::kNationalAdmin:
      break;
    case Role::kProvincialOfficer:
      filter.province_code = who.province_code;
      break;
    case Role::kCommuneOfficer:
      filter.commune_code = who.commune_code;
      break;
    case Role::kProducer:
      filter.producer_id = who.producer_id;
      break;
    case Role::kCouncilMember:
      if (filter.round_id == 0) return Err(PermissionDenied("error.scope"));
      break;
    case Role::kAdvisoryMember:
      break;  // a round of theirs, or the province of their newest open round (below)
    default:
      return Err(PermissionDenied("error.scope"));
  }
  // A draft is the producer's own until it is filed.
  if (who.role != Role::kProducer) filter.hidden_states = {DossierState::kDraft};
  Page<Dossier> page;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    if (who.role == Role::kAdvisoryMember && filter.round_id == 0) {
      OCOP_ASSIGN_OR_RETURN(std::vector<Round> rounds, repos.rounds().OfMember(who.user_id));
      auto open = std::find_if(rounds.begin(), rounds.end(), [](const Round& r) {
        return r.open && r.level == CouncilLevel::kProvince;
      });
      if (open == rounds.end()) return PermissionDenied("error.scope");
      filter.province_code = open->province_code;
      filter.hidden_states = {DossierState::kDraft, DossierState::kSubmitted,
                              DossierState::kCommuneReported};
      OCOP_ASSIGN_OR_RETURN(page, repos.dossiers().List(filter));
      return Status::Ok();
    }
    if (who.role == Role::kCouncilMember || who.role == Role::kAdvisoryMember) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Round> r, repos.rounds().Get(filter.round_id));
      if (!r || !r->FindMember(who.user_id)) return PermissionDenied("error.scope");
    }
    OCOP_ASSIGN_OR_RETURN(page, repos.dossiers().List(filter));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return page;
}

}  // namespace ocop::domain

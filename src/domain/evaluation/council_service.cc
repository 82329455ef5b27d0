#include "domain/evaluation/council_service.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "domain/text_input.h"

namespace ocop::domain {
namespace {

Status StaleVersion(std::int64_t current) {
  return Aborted("error.version.stale").WithDetail(std::to_string(current));
}

std::optional<CivilDate> ParseDate(const std::string& s) {
  if (auto d = CivilDate::Parse(s)) return d;
  return CivilDate::ParseDisplay(s);
}

bool MayRunRounds(const Principal& who, CouncilLevel level) {
  if (level == CouncilLevel::kCentral) return who.role == Role::kNationalAdmin;
  return who.role == Role::kProvincialOfficer;
}

// The level a dossier is scored at now, and its round.
std::pair<CouncilLevel, std::int64_t> SessionOf(const Dossier& d) {
  if (d.state == DossierState::kInCentralRound) return {CouncilLevel::kCentral, d.central_round_id};
  return {CouncilLevel::kProvince, d.round_id};
}

// Chair and members of `round`, less those who declared a conflict.
std::vector<const RoundMember*> ScoringMembers(const Round& round,
                                               const std::vector<Conflict>& conflicts) {
  std::vector<const RoundMember*> out;
  for (const auto& m : round.members) {
    if (m.role == RoundRole::kAdvisory) continue;
    bool conflicted = std::any_of(conflicts.begin(), conflicts.end(),
                                  [&](const Conflict& c) { return c.user_id == m.user_id; });
    if (!conflicted) out.push_back(&m);
  }
  return out;
}

struct Session {
  Dossier dossier;
  Round round;
  CouncilLevel level;
  std::vector<Conflict> conflicts;
  std::vector<StoredSheet> sheets;  // of the current attempt
};

// Marks the session changed (a sheet signed, a conflict declared) by moving
// the dossier's version on: a chair closing the session at the same moment
// then finds its copy stale and sees the change, instead of closing without
// it. Two such marks racing make the store run the later one again.
Status MarkSessionChanged(Repositories& repos, Dossier d, std::int64_t now) {
  d.updated_at = now;
  OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome, repos.dossiers().Update(d, d.version));
  if (outcome == UpdateOutcome::kUpdated) return Status::Ok();
  return Status(Code::kAborted, {"error.store.retry", {}}).WithDetail("dossier " + d.token);
}

// Loads the dossier in its council session; NotFound for a dossier `who`
// cannot see, FailedPrecondition when it is not being scored. With
// `finished_too`, a dossier whose session is over loads its last session
// (central if it had one) for reading.
Result<Session> LoadSession(Repositories& repos, const Principal& who, const std::string& token,
                            bool finished_too = false) {
  OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> d, repos.dossiers().GetByToken(token));
  OCOP_ASSIGN_OR_RETURN(std::vector<Round> rounds, repos.rounds().OfMember(who.user_id));
  if (!d) return Err(NotFound("error.dossier.not_found"));
  const bool in_round = d->state == DossierState::kInRound ||
                        d->state == DossierState::kInCentralRound ||
                        (finished_too && d->round_id != 0);
  // A council member holding a dossier's (unguessable) token learns only that
  // it is not being scored, not its state: clearer than "no such dossier".
  if (!in_round && (MayRead(who, *d, rounds) || who.role == Role::kCouncilMember)) {
    return Err(FailedPrecondition("error.council.not_in_round"));
  }
  if (!MayRead(who, *d, rounds)) return Err(NotFound("error.dossier.not_found"));
  auto [level, round_id] = SessionOf(*d);
  if (finished_too && d->central_round_id != 0) {
    level = CouncilLevel::kCentral;
    round_id = d->central_round_id;
  }
  OCOP_ASSIGN_OR_RETURN(std::optional<Round> round, repos.rounds().Get(round_id));
  if (!round) return Err(Internal("dossier in a missing round"));
  Session s{std::move(*d), std::move(*round), level, {}, {}};
  OCOP_ASSIGN_OR_RETURN(s.conflicts, repos.rounds().Conflicts(s.dossier.id));
  OCOP_ASSIGN_OR_RETURN(s.sheets, repos.rounds().Sheets(s.dossier.id, level, s.dossier.attempt));
  return s;
}

Status AuditDossier(Repositories& repos, std::int64_t now, const std::string& actor,
                    const std::string& action, const Dossier& d, const std::string& detail) {
  AuditEntry e;
  e.at = now;
  e.actor = actor;
  e.action = action;
  e.subject = "dossier:" + d.token;
  e.detail = detail;
  return AppendAudit(repos.audit(), std::move(e));
}

std::string Centi(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

Result<Round> CouncilService::OpenRound(const Principal& who, const NewRound& in) {
  if (!MayRunRounds(who, in.level)) return Err(PermissionDenied("error.role"));
  FieldErrors errors;
  Round r;
  r.level = in.level;
  r.province_code = in.level == CouncilLevel::kCentral ? "" : who.province_code;
  r.name = CleanText(errors, "name", in.name, 200, true);
  const CivilDate today = Today();
  r.calendar = DefaultRoundFor(in.level, today);
  if (!in.intake_closes.empty()) {
    if (auto d = ParseDate(in.intake_closes)) {
      r.calendar.intake_closes = *d;
    } else {
      errors.Add("intake_closes", "error.field.date");
    }
  }
  if (!in.finishes_by.empty()) {
    if (auto d = ParseDate(in.finishes_by)) {
      r.calendar.finishes_by = *d;
    } else {
      errors.Add("finishes_by", "error.field.date");
    }
  }
  if (r.calendar.finishes_by < r.calendar.intake_closes) {
    errors.Add("finishes_by", "error.round.dates");
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  r.created_by = who.user_id;
  r.created_at = now;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    std::set<std::string> seen;
    int chairs = 0, members = 0;
    for (const auto& [username, role_id] : in.members) {
      const std::string field = "members." + username;
      std::optional<RoundRole> role = ParseRoundRole(role_id);
      OCOP_ASSIGN_OR_RETURN(std::optional<User> user, repos.users().FindByUsername(username));
      if (!role) {
        errors.Add(field, "error.round.member_role");
        continue;
      }
      if (!user) {
        errors.Add(field, "error.round.unknown_user");
        continue;
      }
      Role needed = *role == RoundRole::kAdvisory ? Role::kAdvisoryMember : Role::kCouncilMember;
      if (user->role != needed) {
        errors.Add(field, "error.round.member_account");
        continue;
      }
      if (!seen.insert(username).second) {
        errors.Add(field, "error.round.duplicate_member");
        continue;
      }
      chairs += *role == RoundRole::kChair;
      members += *role != RoundRole::kAdvisory;
      r.members.push_back({user->id, user->username, *role});
    }
    if (chairs != 1) errors.Add("members", "error.round.one_chair");
    if (members < 3) errors.Add("members", "error.round.too_few_members");
    OCOP_RETURN_IF_ERROR(errors.ToStatus());
    if (r.level == CouncilLevel::kProvince) {
      OCOP_ASSIGN_OR_RETURN(std::optional<CouncilPolicy> policy,
                            repos.rounds().PolicyOf(r.province_code));
      if (policy) r.policy = *policy;
    }
    OCOP_ASSIGN_OR_RETURN(r.id, repos.rounds().Insert(r));
    AuditEntry e{
        0,
        now,
        who.username,
        "round.open",
        "round:" + std::to_string(r.id),
        r.name + " " + r.calendar.intake_closes.ToIso() + ".." + r.calendar.finishes_by.ToIso(),
        "",
        ""};
    return AppendAudit(repos.audit(), std::move(e));
  });
  if (!s.ok()) return Err(s);
  return r;
}

Result<Round> CouncilService::GetRound(const Principal& who, std::int64_t id) {
  std::optional<Round> r;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(r, repos.rounds().Get(id));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  bool visible =
      r && (who.role == Role::kNationalAdmin || r->FindMember(who.user_id) ||
            (who.role == Role::kProvincialOfficer && r->province_code == who.province_code));
  if (!visible) return Err(NotFound("error.round.not_found"));
  return *r;
}

Result<std::vector<Round>> CouncilService::ListRounds(const Principal& who) {
  std::vector<Round> out;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    switch (who.role) {
      case Role::kNationalAdmin: {
        OCOP_ASSIGN_OR_RETURN(out, repos.rounds().List("", true));
        return Status::Ok();
      }
      case Role::kProvincialOfficer: {
        OCOP_ASSIGN_OR_RETURN(out, repos.rounds().List(who.province_code, false));
        return Status::Ok();
      }
      case Role::kCouncilMember:
      case Role::kAdvisoryMember: {
        OCOP_ASSIGN_OR_RETURN(out, repos.rounds().OfMember(who.user_id));
        return Status::Ok();
      }
      default:
        return PermissionDenied("error.role");
    }
  });
  if (!s.ok()) return Err(s);
  return out;
}

Status CouncilService::CloseRound(const Principal& who, std::int64_t id) {
  OCOP_ASSIGN_OR_RETURN(Round r, GetRound(who, id));
  if (!MayRunRounds(who, r.level)) return PermissionDenied("error.role");
  return store_.Transact([&](Repositories& repos) -> Status {
    // Pending: dossiers still being scored in this round. (A dossier the
    // province forwarded keeps its provincial round id while the ministry
    // scores it; that does not hold the province's round open.)
    DossierFilter f;
    f.round_id = id;
    f.state =
        r.level == CouncilLevel::kCentral ? DossierState::kInCentralRound : DossierState::kInRound;
    f.limit = 1;
    OCOP_ASSIGN_OR_RETURN(Page<Dossier> pending, repos.dossiers().List(f));
    if (pending.total > 0) return FailedPrecondition("error.round.dossiers_pending");
    OCOP_RETURN_IF_ERROR(repos.rounds().SetOpen(id, false));
    AuditEntry e{0,
                 clock_.NowUnixSeconds(),
                 who.username,
                 "round.close",
                 "round:" + std::to_string(id),
                 "",
                 "",
                 ""};
    return AppendAudit(repos.audit(), std::move(e));
  });
}

Result<CouncilPolicy> CouncilService::PolicyOf(const std::string& province_code) {
  CouncilPolicy p;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<CouncilPolicy> stored,
                          repos.rounds().PolicyOf(province_code));
    if (stored) p = *stored;
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return p;
}

Status CouncilService::SetPolicy(const Principal& who, const std::string& province_code,
                                 const CouncilPolicy& p) {
  if (!(who.role == Role::kNationalAdmin ||
        (who.role == Role::kProvincialOfficer && who.province_code == province_code))) {
    return PermissionDenied("error.scope");
  }
  FieldErrors errors;
  if (p.quorum_percent < 50 || p.quorum_percent > 100) {
    errors.Add("quorum_percent", "error.policy.quorum");
  }
  if (!(p.max_spread >= 0 && p.max_spread <= 100)) errors.Add("max_spread", "error.policy.spread");
  OCOP_RETURN_IF_ERROR(errors.ToStatus());
  const std::int64_t now = clock_.NowUnixSeconds();
  return store_.Transact([&](Repositories& repos) -> Status {
    OCOP_RETURN_IF_ERROR(repos.rounds().SetPolicy(province_code, p, now));
    AuditEntry e{0,
                 now,
                 who.username,
                 "council.policy",
                 "province:" + province_code,
                 "quorum=" + std::to_string(p.quorum_percent) + "% spread=" + Centi(p.max_spread) +
                     (p.chair_required ? " chair" : ""),
                 "",
                 ""};
    return AppendAudit(repos.audit(), std::move(e));
  });
}

Result<Dossier> CouncilService::Assign(const Principal& who, std::int64_t round_id,
                                       const std::string& token) {
  const std::int64_t now = clock_.NowUnixSeconds();
  Dossier d;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Round> round, repos.rounds().Get(round_id));
    if (!round) return NotFound("error.round.not_found");
    if (!MayRunRounds(who, round->level) ||
        (round->level == CouncilLevel::kProvince && round->province_code != who.province_code)) {
      return PermissionDenied("error.scope");
    }
    if (!round->open) return FailedPrecondition("error.round.closed");
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> current, repos.dossiers().GetByToken(token));
    if (!current || (round->level == CouncilLevel::kProvince &&
                     current->province_code != round->province_code)) {
      return NotFound("error.dossier.not_found");
    }
    OCOP_RETURN_IF_ERROR(CheckTransition(current->state, DossierAction::kAssignRound));
    d = *current;
    if (round->level == CouncilLevel::kProvince) {
      if (d.state != DossierState::kAdvisoryReview) {
        return FailedPrecondition("error.dossier.transition")
            .WithDetail(std::string(DossierStateId(d.state)));
      }
      d.state = DossierState::kInRound;
      d.round_id = round->id;
    } else {
      if (d.state != DossierState::kForwarded) {
        return FailedPrecondition("error.dossier.transition")
            .WithDetail(std::string(DossierStateId(d.state)));
      }
      d.state = DossierState::kInCentralRound;
      d.central_round_id = round->id;
    }
    d.attempt = 1;
    d.updated_at = now;
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome, repos.dossiers().Update(d, current->version));
    if (outcome != UpdateOutcome::kUpdated) return StaleVersion(current->version);
    d.version = current->version + 1;
    return RecordMove(repos, who, d, "assign_round", current->state, round->name, now);
  });
  if (!s.ok()) return Err(s);
  return d;
}

Status CouncilService::DeclareConflict(const Principal& who, const std::string& token,
                                       const std::string& reason) {
  FieldErrors errors;
  std::string why = CleanText(errors, "reason", reason, 2000, true, Lines::kMany);
  OCOP_RETURN_IF_ERROR(errors.ToStatus());
  const std::int64_t now = clock_.NowUnixSeconds();
  return store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(Session session, LoadSession(repos, who, token));
    const RoundMember* me = session.round.FindMember(who.user_id);
    if (!me || me->role == RoundRole::kAdvisory)
      return PermissionDenied("error.council.not_member");
    for (const auto& sheet : session.sheets) {
      if (sheet.user_id == who.user_id && sheet.signed_at) {
        return FailedPrecondition("error.council.already_signed");
      }
    }
    for (const auto& c : session.conflicts) {
      if (c.user_id == who.user_id) return FailedPrecondition("error.council.conflicted");
    }
    Conflict conflict;
    conflict.dossier_id = session.dossier.id;
    conflict.user_id = who.user_id;
    conflict.reason = why;
    conflict.declared_at = now;
    OCOP_RETURN_IF_ERROR(repos.rounds().AddConflict(conflict));
    OCOP_RETURN_IF_ERROR(MarkSessionChanged(repos, session.dossier, now));
    return AuditDossier(repos, now, who.username, "council.conflict", session.dossier, why);
  });
}

Result<StoredSheet> CouncilService::SaveSheet(const Principal& who, const std::string& token,
                                              const ScoreSheet& sheet, bool sign) {
  const std::int64_t now = clock_.NowUnixSeconds();
  StoredSheet stored;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(Session session, LoadSession(repos, who, token));
    const RoundMember* me = session.round.FindMember(who.user_id);
    if (!me || me->role == RoundRole::kAdvisory)
      return PermissionDenied("error.council.not_member");
    for (const auto& c : session.conflicts) {
      if (c.user_id == who.user_id) return FailedPrecondition("error.council.conflicted");
    }
    for (const auto& existing : session.sheets) {
      if (existing.user_id == who.user_id && existing.signed_at) {
        return FailedPrecondition("error.council.already_signed");
      }
    }
    const RubricVersion* version = rubrics_.Find(session.dossier.rubric_version);
    const RubricSet* set = version ? version->FindSet(session.dossier.product_set) : nullptr;
    if (!set) return FailedPrecondition("error.rubric.set_not_found");
    OCOP_RETURN_IF_ERROR(
        CheckSheet(*set, sheet, sign ? SheetCompleteness::kComplete : SheetCompleteness::kPartial));
    stored.dossier_id = session.dossier.id;
    stored.level = session.level;
    stored.attempt = session.dossier.attempt;
    stored.user_id = who.user_id;
    stored.sheet = sheet;
    stored.sheet.member = who.username;
    stored.total = SheetTotal(*set, sheet);
    if (sign) stored.signed_at = now;
    stored.updated_at = now;
    OCOP_RETURN_IF_ERROR(repos.rounds().SaveSheet(stored));
    if (!sign) return Status::Ok();
    OCOP_RETURN_IF_ERROR(MarkSessionChanged(repos, session.dossier, now));
    return AuditDossier(repos, now, who.username, "score.sign", session.dossier,
                        std::string(CouncilLevelId(session.level)) + " attempt " +
                            std::to_string(stored.attempt) + " total " + Centi(stored.total));
  });
  if (!s.ok()) return Err(s);
  return stored;
}

Result<SheetsView> CouncilService::Sheets(const Principal& who, const std::string& token) {
  SheetsView v;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(Session session, LoadSession(repos, who, token, true));
    v.level = session.level;
    v.attempt = session.dossier.attempt;
    v.conflicts = session.conflicts;
    for (auto& c : v.conflicts) {
      if (const RoundMember* m = session.round.FindMember(c.user_id)) c.username = m->username;
    }
    auto scoring = ScoringMembers(session.round, session.conflicts);
    for (const auto* m : scoring) v.scoring_members.push_back(m->username);
    for (const auto& sheet : session.sheets) {
      if (sheet.signed_at) v.signed_members.push_back(sheet.sheet.member);
      if (sheet.user_id == who.user_id) v.own = sheet;
    }
    v.all_signed = std::all_of(scoring.begin(), scoring.end(), [&](const RoundMember* m) {
      return std::find(v.signed_members.begin(), v.signed_members.end(), m->username) !=
             v.signed_members.end();
    });
    v.closed = session.dossier.state != DossierState::kInRound &&
               session.dossier.state != DossierState::kInCentralRound;
    if (v.all_signed || v.closed) {
      for (const auto& sheet : session.sheets) {
        if (sheet.signed_at && sheet.user_id != who.user_id) v.others.push_back(sheet);
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return v;
}

Result<Dossier> CouncilService::CloseSession(const Principal& who, const std::string& token,
                                             const std::string& disqualifier) {
  const std::int64_t now = clock_.NowUnixSeconds();
  Dossier d;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(Session session, LoadSession(repos, who, token));
    const RoundMember* me = session.round.FindMember(who.user_id);
    if (!me || me->role != RoundRole::kChair) return PermissionDenied("error.council.not_chair");
    const RubricVersion* version = rubrics_.Find(session.dossier.rubric_version);
    const RubricSet* set = version ? version->FindSet(session.dossier.product_set) : nullptr;
    if (!set) return FailedPrecondition("error.rubric.set_not_found");
    auto scoring = ScoringMembers(session.round, session.conflicts);
    ScoringRequest request;
    bool chair_signed = false;
    for (const auto& sheet : session.sheets) {
      if (!sheet.signed_at) continue;
      request.sheets.push_back(sheet.sheet);
      chair_signed |= sheet.user_id == who.user_id;
    }
    if (request.sheets.empty()) return FailedPrecondition("error.council.no_quorum");
    const CouncilPolicy& policy = session.round.policy;
    request.council.members = static_cast<int>(scoring.size());
    request.council.chair_present = chair_signed;
    request.council.quorum = policy.quorum_percent / 100.0;
    request.council.chair_required = policy.chair_required;
    request.council.max_spread = policy.max_spread;
    request.disqualifier = disqualifier;
    request.disqualified = !disqualifier.empty();
    OCOP_ASSIGN_OR_RETURN(ScoringResult result, Score(*version, *set, request));
    if (!result.quorum_met) return FailedPrecondition("error.council.no_quorum");
    d = session.dossier;
    const DossierState from = d.state;
    const bool central = session.level == CouncilLevel::kCentral;
    std::string note;
    if (result.rescore_required) {
      d.attempt += 1;
      d.result_note = "rescore";
      note = "spread " + Centi(result.spread) + " > " + Centi(policy.max_spread);
    } else {
      (central ? d.central_mean : d.mean) = result.mean;
      (central ? d.central_stars : d.stars) = result.stars;
      d.result_note = result.rejected_reason.value_or("");
      d.state = central ? DossierState::kCentralScored : DossierState::kScored;
      note = "mean " + Centi(result.mean) + ", " + std::to_string(result.stars) + "*";
    }
    d.updated_at = now;
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome,
                          repos.dossiers().Update(d, session.dossier.version));
    if (outcome != UpdateOutcome::kUpdated) return StaleVersion(session.dossier.version);
    d.version = session.dossier.version + 1;
    return RecordMove(repos, who, d, result.rescore_required ? "rescore" : "close_session", from,
                      note, now);
  });
  if (!s.ok()) return Err(s);
  return d;
}

Result<std::pair<Dossier, std::optional<Certificate>>> CouncilService::Decide(
    const Principal& who, const std::string& token, const DecisionInput& in) {
  FieldErrors errors;
  std::string number = CleanText(errors, "number", in.number, 100, true);
  std::string signer = CleanText(errors, "signer", in.signer, 200, true);
  std::optional<CivilDate> date = ParseDate(in.date);
  const CivilDate today = Today();
  if (!date) {
    errors.Add("date", "error.field.date");
  } else if (*date > today) {
    errors.Add("date", "error.field.future");
  }
  OCOP_RETURN_IF_ERROR(errors.ToStatus());
  const std::int64_t now = clock_.NowUnixSeconds();
  Dossier d;
  std::optional<Certificate> issued;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Dossier> current, repos.dossiers().GetByToken(token));
    if (!current || !MayRead(who, *current, {})) return NotFound("error.dossier.not_found");
    if (!RoleMayTake(who.role, DossierAction::kDecide)) return PermissionDenied("error.role");
    OCOP_RETURN_IF_ERROR(CheckTransition(current->state, DossierAction::kDecide));
    const bool central = current->state == DossierState::kCentralScored;
    // The ministry decides central results; the province its own and returned ones.
    if (central != (who.role == Role::kNationalAdmin)) return PermissionDenied("error.role");
    d = *current;
    int stars = central ? d.central_stars : d.stars;
    DecisionOutcome outcome;
    if (d.state == DossierState::kReturnedToProvince) {
      stars = ProvincialStarsAfterReturn(d.central_stars);
      outcome = stars >= 3 ? DecisionOutcome::kRecognised : DecisionOutcome::kNotRecognised;
    } else {
      outcome = OutcomeOf(stars, central);
    }
    switch (outcome) {
      case DecisionOutcome::kRecognised:
        d.state = DossierState::kRecognised;
        break;
      case DecisionOutcome::kNotRecognised:
        d.state = DossierState::kNotRecognised;
        break;
      case DecisionOutcome::kForwarded:
        d.state = DossierState::kForwarded;
        break;
      case DecisionOutcome::kReturnedToProvince:
        d.state = DossierState::kReturnedToProvince;
        break;
    }
    d.decision_number = number;
    d.decision_date = *date;
    d.decision_signer = signer;
    d.updated_at = now;
    const bool final =
        outcome == DecisionOutcome::kRecognised || outcome == DecisionOutcome::kNotRecognised;
    if (outcome == DecisionOutcome::kRecognised) {
      IssueRequest req{d.product_id, d.id,   stars, d.rubric_version, central,
                       number,       signer, *date, who.username};
      OCOP_ASSIGN_OR_RETURN(issued, certification_.Issue(repos, req, now));
    }
    // The certificate the dossier renews or upgrades: the decision ends its
    // grace, and a new certificate replaces it.
    if (final && d.base_certificate_id && d.type != DossierType::kFirst) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Certificate> base,
                            repos.certificates().Get(d.base_certificate_id));
      if (base) {
        if (d.type == DossierType::kReevaluation) base->reevaluation_decided = true;
        if (issued) base->superseded_by = issued->number;
        base->updated_at = now;
        OCOP_RETURN_IF_ERROR(repos.certificates().UpdateStatus(*base));
      }
    }
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome updated, repos.dossiers().Update(d, current->version));
    if (updated != UpdateOutcome::kUpdated) return StaleVersion(current->version);
    d.version = current->version + 1;
    std::string note = std::string(DecisionOutcomeId(outcome)) + " " + std::to_string(stars) +
                       "*; " + number + " " + date->ToIso() + " " + signer;
    if (issued) note += "; " + issued->number;
    return RecordMove(repos, who, d, "decide", current->state, note, now);
  });
  if (!s.ok()) return Err(s);
  return std::pair{d, issued};
}

}  // namespace ocop::domain

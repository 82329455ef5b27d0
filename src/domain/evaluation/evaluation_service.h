// Use cases of a dossier from the producer's draft to the province's review:
// creating (possibly from the product's previous dossier), editing the
// registration form and self-assessment, attaching evidence, and the moves up
// to the council (submit, commune report, receive, review, additions). The
// council's part is in council_service.h. Thread-safe (no mutable state).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/status.h"
#include "domain/evaluation/dossier.h"
#include "domain/identity/role.h"
#include "domain/rubric/rubric.h"
#include "domain/store.h"

namespace ocop::domain {

struct EvaluationSettings {
  WorkingCalendar calendar;       // for the commune's deadline
  int commune_working_days = 15;  // Article 6
  std::int64_t max_evidence_bytes = 10 * 1024 * 1024;
  std::int64_t max_evidence_files = 100;
};

struct NewDossier {
  std::int64_t product_id = 0;
  DossierType type = DossierType::kFirst;
  bool from_previous = true;  // copy form, self-assessment and evidence of the last dossier
};

// What a move carries besides the action.
struct DossierMove {
  DossierAction action = DossierAction::kSubmit;
  std::string note;                     // reasons (required to request additions)
  std::optional<CommuneReport> report;  // commune_report
  // When set, the move is refused (Aborted "error.version.stale") unless the
  // dossier is still at this version.
  std::optional<std::int64_t> expected_version;
};

// A dossier with what its reader needs alongside it.
struct DossierView {
  Dossier dossier;
  std::vector<DossierEvent> history;
  std::vector<Evidence> evidence;
  // Upgrade and re-evaluation: the criteria whose self-assessed answer differs
  // from the dossier the certificate was given on.
  std::vector<std::string> changed_criteria;
  // The self-assessment's total when it answers every criterion.
  std::optional<double> self_total;
};

// The rubric version in force on `today` (the latest whose in_force_from is
// not after it); nullptr when none is.
const RubricVersion* RubricInForce(const RubricCatalog& rubrics, const CivilDate& today);

// Whether `who` may read the dossier: its producer, the commune and province
// officers of its place, the ministry, council or advisory members of the
// round it is in, and the advisory team of an open round of its province
// from the province's receipt on.
bool MayRead(const Principal& who, const Dossier& d, const std::vector<Round>& rounds_of_who);

class EvaluationService {
 public:
  EvaluationService(Store& store, const RubricCatalog& rubrics, const Clock& clock,
                    EvaluationSettings settings)
      : store_(store), rubrics_(rubrics), clock_(clock), settings_(std::move(settings)) {}

  // The product's producer (or an officer in scope) opens a dossier.
  // FailedPrecondition: another dossier of the product is still open
  // ("error.dossier.open_exists"); an upgrade without a valid certificate
  // ("error.dossier.upgrade_needs_certificate"); a re-evaluation outside the
  // window ("error.dossier.outside_window" with args opens/closes, dd/mm/yyyy).
  Result<Dossier> Create(const Principal& who, const NewDossier& in);
  // Replaces the form and self-assessment of a draft (or a dossier sent back
  // for additions). InvalidArgument names every bad field; Aborted when stale.
  Result<Dossier> Edit(const Principal& who, const std::string& token, const RegistrationForm& form,
                       const ScoreSheet& self_assessment, std::int64_t expected_version);
  // Content-typed (PDF, JPEG, PNG from the bytes), size-limited, stored once
  // by digest. InvalidArgument "error.evidence.type" / "error.evidence.size"
  // / "error.evidence.criterion".
  Result<Evidence> AttachEvidence(const Principal& who, const std::string& token,
                                  const std::string& file_name, const std::string& bytes,
                                  const std::vector<std::string>& criteria);
  // The bytes and type of an evidence file of a dossier `who` may read.
  Result<std::pair<Evidence, std::string>> EvidenceFile(const Principal& who,
                                                        const std::string& token,
                                                        const std::string& sha256);
  // One of submit, commune_report, receive, start_review, request_additions,
  // resubmit, site_visit, request_lab_test; others belong to the council.
  Result<Dossier> Move(const Principal& who, const std::string& token, const DossierMove& move);

  Result<DossierView> Get(const Principal& who, const std::string& token);
  // The dossiers `who` may see, narrowed by `filter`. Council members name a
  // round of theirs; advisory members too, or get the dossiers from receipt
  // on of the province of their newest open round (the total then counts
  // before that narrowing).
  Result<Page<Dossier>> List(const Principal& who, DossierFilter filter);

  const RubricCatalog& rubrics() const { return rubrics_; }
  const EvaluationSettings& settings() const { return settings_; }

 private:
  CivilDate Today() const { return CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds()); }
  Status CheckSheet(const Dossier& d, const ScoreSheet& sheet, bool complete) const;
  Status CheckType(Repositories& repos, const Dossier& d, const CivilDate& today) const;

  Store& store_;
  const RubricCatalog& rubrics_;
  const Clock& clock_;
  EvaluationSettings settings_;
};

// Appends a history line and an audit entry for a move of `d` by `who`.
Status RecordMove(Repositories& repos, const Principal& who, const Dossier& d,
                  std::string_view action, DossierState from, const std::string& note,
                  std::int64_t now);

}  // namespace ocop::domain

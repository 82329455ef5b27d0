// Hồ sơ đánh giá — a product's dossier, its type, its states and the moves
// between them (Decision 26/2026/QĐ-TTg, Articles 5–7). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/evaluation/scoring.h"
#include "domain/identity/role.h"

namespace ocop::domain {

// Đánh giá lần đầu, nâng hạng, đánh giá lại.
enum class DossierType { kFirst, kUpgrade, kReevaluation };
std::string_view DossierTypeId(DossierType t);  // "first", "upgrade", "reevaluation"
std::optional<DossierType> ParseDossierType(std::string_view id);

enum class DossierState {
  kDraft,               // the producer is preparing it
  kSubmitted,           // filed with the commune
  kCommuneReported,     // the commune's report (Mẫu 03) is written; forwarded
  kReceived,            // the province has it
  kAdvisoryReview,      // the advisory team reviews it
  kAdditionsRequested,  // sent back to the producer for additions
  kInRound,             // assigned to a provincial round; members score
  kScored,              // the council's session is closed
  kForwarded,           // mean ≥ 90: sent to the ministry
  kInCentralRound,      // assigned to a central round
  kCentralScored,       // the central council's session is closed
  kReturnedToProvince,  // under 90 centrally: the province may recognise 3★/4★
  kRecognised,          // decided, with a certificate
  kNotRecognised,       // decided, no certificate
};
std::string_view DossierStateId(DossierState s);  // "draft", "submitted", …
std::optional<DossierState> ParseDossierState(std::string_view id);

// What can be done to a dossier. Each action has one set of states it may
// start from and the roles that may take it.
enum class DossierAction {
  kSubmit,            // producer: draft → submitted
  kCommuneReport,     // commune officer: submitted → commune_reported
  kReceive,           // province: commune_reported → received
  kStartReview,       // province or advisory: received → advisory_review
  kRequestAdditions,  // province or advisory: received/advisory_review → additions_requested
  kResubmit,          // producer: additions_requested → received
  kSiteVisit,         // advisory: note in advisory_review, no move
  kRequestLabTest,    // advisory: note in advisory_review, no move
  kAssignRound,  // province: advisory_review → in_round; ministry: forwarded → in_central_round
  kCloseSession,  // chair: in_round → scored (or stays for a re-score); central likewise
  kDecide,        // province: scored/returned_to_province → recognised/not_recognised/forwarded;
                  // ministry: central_scored → recognised/returned_to_province
};
std::string_view DossierActionId(DossierAction a);
std::optional<DossierAction> ParseDossierAction(std::string_view id);

// Mẫu 01 — the registration form's own fields (the producer and product come
// from the registry).
struct RegistrationForm {
  std::string scale;          // quy mô sản xuất
  std::string raw_materials;  // nguồn nguyên liệu
  std::string markets;        // thị trường
  std::string story;          // câu chuyện sản phẩm
  std::string changes;        // upgrade and re-evaluation: what changed since the certificate
};

// Mẫu 03 — the commune's report: the four local items and a recommendation.
struct CommuneReport {
  bool local_materials = false;  // nguồn gốc sản phẩm, nguyên liệu địa phương
  bool local_labour = false;     // lao động địa phương
  bool local_idea = false;       // nguồn gốc ý tưởng sản phẩm
  bool local_identity = false;   // bản sắc địa phương
  bool recommend = false;        // forward for evaluation
  std::string notes;
  CivilDate reported_on;
  bool late = false;  // written after the 15-working-day deadline
};

struct Dossier {
  std::int64_t id = 0;
  std::string token;  // opaque public id; a dossier is never addressed by its row id
  std::int64_t version = 0;
  std::int64_t product_id = 0, producer_id = 0;
  std::string province_code, commune_code;
  DossierType type = DossierType::kFirst;
  DossierState state = DossierState::kDraft;
  std::string rubric_version;
  int product_set = 0;
  std::int64_t previous_dossier_id = 0;  // the dossier it was started from, or 0
  std::int64_t base_certificate_id = 0;  // upgrade / re-evaluation: the certificate held
  RegistrationForm form;
  ScoreSheet self_assessment;  // Mẫu 02, on the rubric sheet of the product's set
  std::optional<CivilDate> submitted_on;
  std::optional<CivilDate> commune_deadline;
  std::optional<CommuneReport> commune_report;
  std::int64_t round_id = 0, central_round_id = 0;
  int attempt = 1;  // grows each time the council must re-score
  std::optional<double> mean;
  int stars = 0;
  std::optional<double> central_mean;
  int central_stars = 0;
  std::string result_note;  // the engine's reason for a rejection, or a re-score
  std::string decision_number, decision_signer;
  std::optional<CivilDate> decision_date;
  std::int64_t created_at = 0, updated_at = 0;
};

// One line of a dossier's history.
struct DossierEvent {
  std::int64_t at = 0;
  std::int64_t actor_user_id = 0;
  std::string actor;  // username
  std::string action;
  DossierState from = DossierState::kDraft, to = DossierState::kDraft;
  std::string note;
};

// The states `action` may start from.
std::vector<DossierState> SourceStatesOf(DossierAction action);
// Whether `role` may take `action` at all (scope is checked by the service).
bool RoleMayTake(Role role, DossierAction action);

// FailedPrecondition "error.dossier.transition" (detail names the state) when
// `action` cannot be taken in `state`.
Status CheckTransition(DossierState state, DossierAction action);

// Whether a producer must act: a draft to finish, or additions asked for.
bool AwaitsProducer(DossierState s);

// The outcome of the provincial decision on a scored dossier: the ministry
// recognises 5★, so a 5★ result is forwarded; 3★ and 4★ are recognised; under
// 3★ (or rejected) is not recognised.
enum class DecisionOutcome { kRecognised, kNotRecognised, kForwarded, kReturnedToProvince };
std::string_view DecisionOutcomeId(DecisionOutcome o);
// For the provincial council's result (`central` false) or the central one.
DecisionOutcome OutcomeOf(int stars, bool central);
// The stars a province may recognise for a dossier returned from the ministry.
inline int ProvincialStarsAfterReturn(int central_stars) {
  return central_stars > 4 ? 4 : central_stars;
}

}  // namespace ocop::domain

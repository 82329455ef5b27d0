#include "domain/evaluation/dossier.h"

#include <algorithm>
#include <array>
#include <utility>

namespace ocop::domain {
namespace {

template <typename E, std::size_t N>
std::optional<E> ParseId(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view id) {
  for (const auto& [value, name] : table) {
    if (name == id) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view IdOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "";
}

constexpr std::array<std::pair<DossierType, std::string_view>, 3> kTypes = {{
    {DossierType::kFirst, "first"},
    {DossierType::kUpgrade, "upgrade"},
    {DossierType::kReevaluation, "reevaluation"},
}};

using S = DossierState;
constexpr std::array<std::pair<S, std::string_view>, 14> kStates = {{
    {S::kDraft, "draft"},
    {S::kSubmitted, "submitted"},
    {S::kCommuneReported, "commune_reported"},
    {S::kReceived, "received"},
    {S::kAdvisoryReview, "advisory_review"},
    {S::kAdditionsRequested, "additions_requested"},
    {S::kInRound, "in_round"},
    {S::kScored, "scored"},
    {S::kForwarded, "forwarded"},
    {S::kInCentralRound, "in_central_round"},
    {S::kCentralScored, "central_scored"},
    {S::kReturnedToProvince, "returned_to_province"},
    {S::kRecognised, "recognised"},
    {S::kNotRecognised, "not_recognised"},
}};

using A = DossierAction;
constexpr std::array<std::pair<A, std::string_view>, 11> kActions = {{
    {A::kSubmit, "submit"},
    {A::kCommuneReport, "commune_report"},
    {A::kReceive, "receive"},
    {A::kStartReview, "start_review"},
    {A::kRequestAdditions, "request_additions"},
    {A::kResubmit, "resubmit"},
    {A::kSiteVisit, "site_visit"},
    {A::kRequestLabTest, "request_lab_test"},
    {A::kAssignRound, "assign_round"},
    {A::kCloseSession, "close_session"},
    {A::kDecide, "decide"},
}};

}  // namespace

std::string_view DossierTypeId(DossierType t) { return IdOf(kTypes, t); }
std::optional<DossierType> ParseDossierType(std::string_view id) { return ParseId(kTypes, id); }
std::string_view DossierStateId(DossierState s) { return IdOf(kStates, s); }
std::optional<DossierState> ParseDossierState(std::string_view id) { return ParseId(kStates, id); }
std::string_view DossierActionId(DossierAction a) { return IdOf(kActions, a); }
std::optional<DossierAction> ParseDossierAction(std::string_view id) {
  return ParseId(kActions, id);
}

std::vector<DossierState> SourceStatesOf(DossierAction action) {
  switch (action) {
    case A::kSubmit:
      return {S::kDraft};
    case A::kCommuneReport:
      return {S::kSubmitted};
    case A::kReceive:
      return {S::kCommuneReported};
    case A::kStartReview:
      return {S::kReceived};
    case A::kRequestAdditions:
      return {S::kReceived, S::kAdvisoryReview};
    case A::kResubmit:
      return {S::kAdditionsRequested};
    case A::kSiteVisit:
    case A::kRequestLabTest:
      return {S::kAdvisoryReview};
    case A::kAssignRound:
      return {S::kAdvisoryReview, S::kForwarded};
    case A::kCloseSession:
      return {S::kInRound, S::kInCentralRound};
    case A::kDecide:
      return {S::kScored, S::kCentralScored, S::kReturnedToProvince};
  }
  return {};
}

bool RoleMayTake(Role role, DossierAction action) {
  switch (action) {
    case A::kSubmit:
    case A::kResubmit:
      return role == Role::kProducer;
    case A::kCommuneReport:
      return role == Role::kCommuneOfficer;
    case A::kReceive:
    case A::kAssignRound:
    case A::kDecide:
      return role == Role::kProvincialOfficer || role == Role::kNationalAdmin;
    case A::kStartReview:
    case A::kRequestAdditions:
    case A::kSiteVisit:
    case A::kRequestLabTest:
      return role == Role::kProvincialOfficer || role == Role::kAdvisoryMember ||
             role == Role::kNationalAdmin;
    case A::kCloseSession:
      return role == Role::kCouncilMember;  // the chair of the round, checked by the service
  }
  return false;
}

Status CheckTransition(DossierState state, DossierAction action) {
  auto from = SourceStatesOf(action);
  if (std::find(from.begin(), from.end(), state) != from.end()) return Status::Ok();
  return FailedPrecondition("error.dossier.transition")
      .WithDetail(std::string(DossierStateId(state)));
}

bool AwaitsProducer(DossierState s) { return s == S::kDraft || s == S::kAdditionsRequested; }

std::string_view DecisionOutcomeId(DecisionOutcome o) {
  switch (o) {
    case DecisionOutcome::kRecognised:
      return "recognised";
    case DecisionOutcome::kNotRecognised:
      return "not_recognised";
    case DecisionOutcome::kForwarded:
      return "forwarded";
    case DecisionOutcome::kReturnedToProvince:
      return "returned_to_province";
  }
  return "";
}

DecisionOutcome OutcomeOf(int stars, bool central) {
  if (central)
    return stars >= 5 ? DecisionOutcome::kRecognised : DecisionOutcome::kReturnedToProvince;
  if (stars >= 5) return DecisionOutcome::kForwarded;
  return stars >= 3 ? DecisionOutcome::kRecognised : DecisionOutcome::kNotRecognised;
}

}  // namespace ocop::domain

// Use cases of evaluation rounds and their councils: opening a round with its
// calendar and members, the province's council rules, assigning dossiers,
// conflicts of interest, each member's sheet (saved, then signed), closing
// the session through the scoring engine, and the decision that issues the
// certificate. Thread-safe (no mutable state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/certification/certification_service.h"
#include "domain/evaluation/evaluation_service.h"
#include "domain/evaluation/round.h"
#include "domain/identity/role.h"
#include "domain/store.h"

namespace ocop::domain {

struct NewRound {
  CouncilLevel level = CouncilLevel::kProvince;
  std::string name;
  std::string intake_closes, finishes_by;  // empty: the decree's defaults
  // username → role; exactly one chair; chair and members are council-member
  // accounts, the advisory team advisory-member accounts.
  std::vector<std::pair<std::string, std::string>> members;
};

struct DecisionInput {
  std::string number;  // số quyết định
  std::string date;    // YYYY-MM-DD or dd/mm/yyyy; not in the future
  std::string signer;
};

// The sheets of a dossier as `who` may see them: their own always; the
// others' only once every member who scores has signed.
struct SheetsView {
  CouncilLevel level = CouncilLevel::kProvince;
  int attempt = 1;
  std::vector<std::string> scoring_members;  // usernames, conflicted ones excluded
  std::vector<std::string> signed_members;
  std::vector<Conflict> conflicts;
  std::optional<StoredSheet> own;
  std::vector<StoredSheet> others;  // empty until all have signed or the session closed
  bool all_signed = false;
  bool closed = false;  // the session is over: every signed sheet is shown
};

class CouncilService {
 public:
  CouncilService(Store& store, const RubricCatalog& rubrics, CertificationService& certification,
                 const Clock& clock)
      : store_(store), rubrics_(rubrics), certification_(certification), clock_(clock) {}

  // A provincial officer opens its province's rounds; the ministry (national
  // admin) opens central ones.
  Result<Round> OpenRound(const Principal& who, const NewRound& in);
  Result<Round> GetRound(const Principal& who, std::int64_t id);
  Result<std::vector<Round>> ListRounds(const Principal& who);
  Status CloseRound(const Principal& who, std::int64_t id);

  Result<CouncilPolicy> PolicyOf(const std::string& province_code);
  Status SetPolicy(const Principal& who, const std::string& province_code, const CouncilPolicy& p);

  // advisory_review → in_round (province), forwarded → in_central_round.
  Result<Dossier> Assign(const Principal& who, std::int64_t round_id, const std::string& token);
  // A member of the dossier's round declares a conflict and is excluded;
  // refused once their sheet is signed.
  Status DeclareConflict(const Principal& who, const std::string& token, const std::string& reason);
  // Saves the member's sheet; `sign` also checks it is complete and makes it
  // final. FailedPrecondition when already signed, conflicted, or the dossier
  // is not in the member's round.
  Result<StoredSheet> SaveSheet(const Principal& who, const std::string& token,
                                const ScoreSheet& sheet, bool sign);
  // The current session's sheets, or once it is over, those of the last
  // session (central if there was one).
  Result<SheetsView> Sheets(const Principal& who, const std::string& token);
  // The chair closes the session: the engine scores the signed sheets. Too
  // few sheets: FailedPrecondition "error.council.no_quorum". Spread beyond
  // the rules: the attempt grows and members re-score (the dossier stays).
  Result<Dossier> CloseSession(const Principal& who, const std::string& token,
                               const std::string& disqualifier);
  // The office records the decision; recognition issues the certificate.
  Result<std::pair<Dossier, std::optional<Certificate>>> Decide(const Principal& who,
                                                                const std::string& token,
                                                                const DecisionInput& in);

 private:
  CivilDate Today() const { return CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds()); }

  Store& store_;
  const RubricCatalog& rubrics_;
  CertificationService& certification_;
  const Clock& clock_;
};

}  // namespace ocop::domain

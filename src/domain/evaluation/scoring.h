// The rating engine: council members' score sheets on a product set → the
// product's mean score, band, stars after the minimum-requirement caps, and an
// explanation. Pure arithmetic, no I/O; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/status.h"
#include "domain/rubric/rubric.h"

namespace ocop::domain {

// One answer on a sheet: the 1-based ordinal of the chosen option in printed
// order (0 = none of the printed options is met), or yes/no for a yes/no item.
using Answer = std::variant<int, bool>;

// Phiếu đánh giá — one council member's sheet.
struct ScoreSheet {
  std::string member;
  std::map<std::string, Answer> choices;  // criterion id → answer
  std::string stopped;  // id of a criterion whose stop rule the member found, or empty
};

// The council's rules of a province (quorum, spread) and who sat.
struct CouncilRules {
  int members = 0;  // members of the council
  bool chair_present = true;
  double quorum = 0.75;        // share of members who must score
  bool chair_required = true;  // the quorum counts only with the chair
  double max_spread = 10;      // beyond this between members' totals: re-score
};

struct ScoringRequest {
  std::vector<ScoreSheet> sheets;
  bool disqualified = false;
  std::string disqualifier;  // id of the set's disqualifier, optional
  CouncilRules council;
};

struct MemberScore {
  std::string member;
  double total = 0;
  std::map<std::string, double> parts;  // part id → subtotal
};

// For one star level: the tagged criteria not met on some member's sheet.
struct CapReport {
  int level = 0;
  std::vector<std::string> unmet;
};

// A tagged criterion on which members disagree (some meet it, some do not).
struct Disagreement {
  std::string criterion;
  int level = 0;
  std::vector<std::string> meeting, not_meeting;
};

struct ScoringResult {
  std::vector<MemberScore> members;
  double mean = 0;     // of the members' totals, rounded to two decimals
  int band_stars = 0;  // the band of the mean
  int stars = 0;       // after the caps; 0 when rejected
  bool certifiable = false;
  std::vector<CapReport> caps;  // each level above `stars` (3..5) with its unmet criteria
  std::vector<Disagreement> disagreements;
  double spread = 0;
  bool rescore_required = false;
  bool quorum_met = false;
  std::optional<std::string> rejected_reason;  // disqualifier or stop rule, in Vietnamese
};

enum class SheetCompleteness { kPartial, kComplete };
// Validates one sheet against `set` (fields "sheet.choices.<id>"): known
// criteria, ordinals in range, yes/no only on yes/no items, a known stop
// rule; kComplete also requires every criterion answered unless stopped.
Status CheckSheet(const RubricSet& set, const ScoreSheet& sheet, SheetCompleteness completeness);
// The points of a sheet's answers, rounded to two decimals; the sheet must
// have passed CheckSheet.
double SheetTotal(const RubricSet& set, const ScoreSheet& sheet);

// Validates every sheet against `set` — each criterion answered exactly once
// (unless the sheet stopped), no unknown criterion, ordinals in range, yes/no
// only on yes/no items, a known stop rule — and returns InvalidArgument
// listing every problem; else the explained result.
Result<ScoringResult> Score(const RubricVersion& version, const RubricSet& set,
                            const ScoringRequest& request);

}  // namespace ocop::domain

#include "domain/evaluation/scoring.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace ocop::domain {
namespace {

// The points an answer gives on `c`; the answer must have been validated.
double PointsOf(const Criterion& c, const Answer& a) {
  int ordinal = std::holds_alternative<bool>(a) ? (std::get<bool>(a) ? 2 : 1) : std::get<int>(a);
  return ordinal == 0 ? 0 : c.options[static_cast<std::size_t>(ordinal - 1)].points;
}

// `where` prefixes the field names ("sheets[0]"); `complete` also requires
// every criterion answered unless the sheet stopped at a stop rule.
void ValidateSheet(const RubricSet& set, const std::vector<const Criterion*>& criteria,
                   const ScoreSheet& sheet, const std::string& where, bool complete,
                   FieldErrors& errors) {
  const Criterion* stop = nullptr;
  if (!sheet.stopped.empty()) {
    stop = set.FindCriterion(sheet.stopped);
    if (!stop || !stop->stop_rule) {
      errors.Add(where + ".stopped", "error.score.no_stop_rule", {{"criterion", sheet.stopped}});
    }
  }
  for (const auto& [id, answer] : sheet.choices) {
    const Criterion* c = set.FindCriterion(id);
    if (!c) {
      errors.Add(where + ".choices." + id, "error.score.unknown_criterion");
      continue;
    }
    if (std::holds_alternative<bool>(answer)) {
      if (!c->yes_no) errors.Add(where + ".choices." + id, "error.score.not_yes_no");
    } else {
      int ordinal = std::get<int>(answer);
      if (ordinal < 0 || ordinal > static_cast<int>(c->options.size())) {
        errors.Add(where + ".choices." + id, "error.score.ordinal",
                   {{"max", std::to_string(c->options.size())}});
      }
    }
  }
  // The evaluation ended at a stop rule: later criteria may be blank.
  if (!complete || (stop && stop->stop_rule)) return;
  for (const Criterion* c : criteria) {
    if (!sheet.choices.count(c->id)) {
      errors.Add(where + ".choices." + c->id, "error.score.missing");
    }
  }
}

double Round2(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

Status CheckSheet(const RubricSet& set, const ScoreSheet& sheet, SheetCompleteness completeness) {
  FieldErrors errors;
  ValidateSheet(set, set.Criteria(), sheet, "sheet", completeness == SheetCompleteness::kComplete,
                errors);
  return errors.ToStatus();
}

double SheetTotal(const RubricSet& set, const ScoreSheet& sheet) {
  double total = 0;
  for (const auto& [id, answer] : sheet.choices) {
    if (const Criterion* c = set.FindCriterion(id)) total += PointsOf(*c, answer);
  }
  return Round2(total);
}

Result<ScoringResult> Score(const RubricVersion& version, const RubricSet& set,
                            const ScoringRequest& request) {
  const std::vector<const Criterion*> criteria = set.Criteria();
  FieldErrors errors;
  if (request.sheets.empty()) errors.Add("sheets", "error.score.no_sheets");
  std::set<std::string> names;
  for (std::size_t i = 0; i < request.sheets.size(); ++i) {
    const auto& sheet = request.sheets[i];
    if (sheet.member.empty()) {
      errors.Add("sheets[" + std::to_string(i) + "].member", "error.field.required");
    } else if (!names.insert(sheet.member).second) {
      errors.Add("sheets[" + std::to_string(i) + "].member", "error.score.duplicate_member");
    }
    ValidateSheet(set, criteria, sheet, "sheets[" + std::to_string(i) + "]", true, errors);
  }
  const CouncilRules& council = request.council;
  if (council.members < 1)
    errors.Add("council.members", "error.score.council_members");
  else if (static_cast<int>(request.sheets.size()) > council.members) {
    errors.Add("sheets", "error.score.more_sheets_than_members");
  }
  if (council.quorum <= 0 || council.quorum > 1) errors.Add("council.quorum", "error.score.quorum");
  if (council.max_spread < 0) errors.Add("council.max_spread", "error.score.max_spread");
  if (!request.disqualifier.empty()) {
    bool known = std::any_of(set.disqualifiers.begin(), set.disqualifiers.end(),
                             [&](const Disqualifier& d) { return d.id == request.disqualifier; });
    if (!known) errors.Add("disqualifier", "error.score.unknown_disqualifier");
  }
  if (!errors.empty()) return Err(errors.ToStatus());

  ScoringResult r;
  // Each member's points per criterion (in Criteria() order; nullopt where a
  // stopped sheet left it blank), then totals and part subtotals: nothing is
  // rounded before the mean.
  std::vector<std::vector<std::optional<double>>> points(request.sheets.size());
  double sum = 0, lowest = 0, highest = 0;
  for (std::size_t i = 0; i < request.sheets.size(); ++i) {
    const auto& sheet = request.sheets[i];
    MemberScore m{sheet.member, 0, {}};
    for (const auto& part : set.parts) m.parts[part.id] = 0;
    points[i].resize(criteria.size());
    for (std::size_t k = 0; k < criteria.size(); ++k) {
      auto it = sheet.choices.find(criteria[k]->id);
      if (it == sheet.choices.end()) continue;
      points[i][k] = PointsOf(*criteria[k], it->second);
      m.parts[criteria[k]->part_id] += *points[i][k];
      m.total += *points[i][k];
    }
    sum += m.total;
    lowest = i == 0 ? m.total : std::min(lowest, m.total);
    highest = i == 0 ? m.total : std::max(highest, m.total);
    r.members.push_back(std::move(m));
  }
  r.mean = Round2(sum / static_cast<double>(request.sheets.size()));
  r.spread = Round2(highest - lowest);
  r.rescore_required = r.spread > council.max_spread + 1e-9;
  const int present = static_cast<int>(request.sheets.size());
  r.quorum_met = present >= static_cast<int>(std::ceil(council.quorum * council.members - 1e-9)) &&
                 (council.chair_present || !council.chair_required);
  r.band_stars = version.BandOf(r.mean);

  // Caps: a level counts only if every tagged minimum of it and of every lower
  // level is met on every member's sheet.
  const int top = version.bands.empty() ? 0 : version.bands.front().stars;
  std::map<int, std::vector<std::string>> unmet;
  for (int level = version.certifiable_from_stars; level <= top; ++level) {
    for (std::size_t k = 0; k < criteria.size(); ++k) {
      auto minimum = criteria[k]->MinimumFor(level);
      if (!minimum) continue;
      Disagreement d{criteria[k]->id, level, {}, {}};
      for (std::size_t i = 0; i < request.sheets.size(); ++i) {
        const bool met = points[i][k] && *points[i][k] >= *minimum - 1e-9;
        (met ? d.meeting : d.not_meeting).push_back(request.sheets[i].member);
      }
      if (!d.not_meeting.empty()) unmet[level].push_back(d.criterion);
      if (!d.meeting.empty() && !d.not_meeting.empty()) r.disagreements.push_back(std::move(d));
    }
  }
  r.stars = r.band_stars;
  for (int level = version.certifiable_from_stars; level <= r.band_stars; ++level) {
    if (!unmet[level].empty()) {
      r.stars = level - 1;
      break;
    }
  }
  for (int level = std::max(r.stars + 1, version.certifiable_from_stars); level <= top; ++level) {
    r.caps.push_back({level, unmet[level]});
  }

  // A disqualified dossier or a stop rule found on any sheet ends with no star.
  if (request.disqualified || !request.disqualifier.empty()) {
    std::string reason = "Hồ sơ bị loại";
    for (const auto& d : set.disqualifiers) {
      if (d.id == request.disqualifier) reason += ": " + d.text_vi;
    }
    r.rejected_reason = reason;
  } else {
    for (const auto& sheet : request.sheets) {
      if (sheet.stopped.empty()) continue;
      r.rejected_reason = "Dừng đánh giá tại tiêu chí " + sheet.stopped + ": " +
                          set.FindCriterion(sheet.stopped)->stop_rule->text_vi;
      break;
    }
  }
  if (r.rejected_reason) r.stars = 0;
  r.certifiable = r.stars >= version.certifiable_from_stars;
  return r;
}

}  // namespace ocop::domain

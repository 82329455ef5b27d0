// Bộ tiêu chí — the criteria sets of a rubric version (Decision 26/2026/QĐ-TTg
// and others) as data: parts, blocks, criteria, options with their points,
// the minimum-star tags, disqualifiers and stop rules. Immutable once loaded.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

// One printed option (□ …) of a criterion.
struct RubricOption {
  double points = 0;
  std::string text_vi;
  int min_stars = 0;  // 3, 4 or 5 when tagged ***, ****, *****; 0 otherwise
};

struct StopRule {
  std::string text_vi, text_en;
};

// Tiêu chí — one criterion, scored by choosing one of its options.
struct Criterion {
  std::string id;  // "1.1", as printed
  std::string title_vi, title_en;
  double max = 0;
  std::string note_vi;
  std::vector<RubricOption> options;  // in printed order; ordinal 1 is the first
  bool yes_no = false;                // options are "no" then "yes"
  std::optional<StopRule> stop_rule;
  std::string part_id;  // filled in when loaded

  // The lowest points an option tagged for `stars` gives (the minimum a sheet
  // must reach), or nullopt when no option carries that tag.
  std::optional<double> MinimumFor(int stars) const;
};

struct RubricBlock {
  std::string id;
  std::string title_vi, title_en;
  double max = 0;
  std::vector<Criterion> criteria;
};

struct RubricPart {
  std::string id;  // "A", "B", "C"
  std::string title_vi, title_en;
  double max = 0;
  std::vector<RubricBlock> blocks;
};

struct Disqualifier {
  std::string id;  // "D1"
  std::string text_vi, text_en;
};

// Bộ sản phẩm — the scoring sheet of one product set.
struct RubricSet {
  std::string rubric;
  int number = 0;
  std::string name_vi, name_en;
  std::vector<Disqualifier> disqualifiers;
  std::vector<RubricPart> parts;

  // Every criterion in printed order.
  std::vector<const Criterion*> Criteria() const;
  // nullptr for an unknown id. Uses the index built by BuildIndex.
  const Criterion* FindCriterion(const std::string& id) const;
  // Indexes the criteria by id (the first of a duplicated id); call once the
  // parts are complete.
  void BuildIndex();

 private:
  std::unordered_map<std::string, std::array<std::size_t, 3>>
      index_;  // id → part, block, criterion
};

struct StarBand {
  int stars = 0;
  double min = 0;  // the band is [min, next band's min)
};

// A rubric version: its own rules and its sets.
struct RubricVersion {
  std::string id;
  std::string title_vi, title_en;
  std::string in_force_from;            // YYYY-MM-DD
  std::map<std::string, double> parts;  // expected part maxima, e.g. A 40
  double total = 100;
  std::vector<StarBand> bands;  // highest first
  int certifiable_from_stars = 3;
  int set_count = 0;
  std::map<int, RubricSet> sets;

  const RubricSet* FindSet(int number) const;
  // The band's stars for a score, 0 if below every band.
  int BandOf(double score) const;
};

// Checks the invariants of docs/rubric-format.md (sums, maxima, ids, tags).
// Field violations name the place ("set-04.json: criterion 3.5: option 2: points").
// `part_maxima` overrides the version's expected parts for one set.
Status ValidateSet(const RubricVersion& version, const RubricSet& set,
                   const std::map<std::string, double>& part_maxima, const std::string& file);

// All versions found, by id.
struct RubricCatalog {
  std::map<std::string, RubricVersion> versions;
  const RubricVersion* Find(const std::string& id) const;
};

}  // namespace ocop::domain

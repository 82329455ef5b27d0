#include "domain/rubric/rubric.h"

#include <cmath>
#include <set>

#include "core/text.h"

namespace ocop::domain {
namespace {

bool Same(double a, double b) { return std::fabs(a - b) < 1e-9; }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::optional<double> Criterion::MinimumFor(int stars) const {
  std::optional<double> lowest;
  for (const auto& o : options) {
    if (o.min_stars == stars && (!lowest || o.points < *lowest)) lowest = o.points;
  }
  return lowest;
}

std::vector<const Criterion*> RubricSet::Criteria() const {
  std::vector<const Criterion*> out;
  for (const auto& p : parts) {
    for (const auto& b : p.blocks) {
      for (const auto& c : b.criteria) out.push_back(&c);
    }
  }
  return out;
}

const Criterion* RubricSet::FindCriterion(const std::string& id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return nullptr;
  const auto& [p, b, c] = it->second;
  return &parts[p].blocks[b].criteria[c];
}

void RubricSet::BuildIndex() {
  index_.clear();
  for (std::size_t p = 0; p < parts.size(); ++p) {
    for (std::size_t b = 0; b < parts[p].blocks.size(); ++b) {
      for (std::size_t c = 0; c < parts[p].blocks[b].criteria.size(); ++c) {
        index_.emplace(parts[p].blocks[b].criteria[c].id, std::array<std::size_t, 3>{p, b, c});
      }
    }
  }
}

const RubricSet* RubricVersion::FindSet(int number) const {
  auto it = sets.find(number);
  return it == sets.end() ? nullptr : &it->second;
}

int RubricVersion::BandOf(double score) const {
  for (const auto& b : bands) {  // highest first
    if (score >= b.min - 1e-9) return b.stars;
  }
  return 0;
}

const RubricVersion* RubricCatalog::Find(const std::string& id) const {
  auto it = versions.find(id);
  return it == versions.end() ? nullptr : &it->second;
}

Status ValidateSet(const RubricVersion& version, const RubricSet& set,
                   const std::map<std::string, double>& part_maxima, const std::string& file) {
  FieldErrors errors;
  auto add = [&](const std::string& where, const std::string& what) {
    errors.Add(file + ": " + where, "error.rubric.invalid", {{"problem", what}});
  };
  auto text = [&](const std::string& where, const std::string& value, bool required) {
    if (value.empty()) {
      if (required) add(where, "is empty");
    } else if (!text::IsValidUtf8(value) || !text::IsNfc(value)) {
      add(where, "is not UTF-8 in NFC");
    }
  };
  if (set.rubric != version.id)
    add("rubric", "is '" + set.rubric + "', expected '" + version.id + "'");
  text("name_vi", set.name_vi, true);
  text("name_en", set.name_en, true);
  std::set<std::string> ids;
  for (const auto& d : set.disqualifiers) {
    if (!ids.insert("D:" + d.id).second) add("disqualifier " + d.id, "duplicate id");
    text("disqualifier " + d.id + ": text_vi", d.text_vi, true);
  }
  const auto& expected = part_maxima.empty() ? version.parts : part_maxima;
  if (set.parts.size() != expected.size()) {
    add("parts",
        std::to_string(set.parts.size()) + " parts, expected " + std::to_string(expected.size()));
  }
  double total = 0;
  for (const auto& p : set.parts) {
    const std::string pw = "part " + p.id;
    auto it = expected.find(p.id);
    if (it == expected.end())
      add(pw, "is not a part of " + version.id);
    else if (!Same(it->second, p.max))
      add(pw + ": max", Num(p.max) + ", expected " + Num(it->second));
    text(pw + ": title_vi", p.title_vi, true);
    double blocks = 0;
    for (const auto& b : p.blocks) {
      const std::string bw = pw + ": block " + b.id;
      if (!ids.insert("B:" + b.id).second) add(bw, "duplicate block id");
      text(bw + ": title_vi", b.title_vi, true);
      blocks += b.max;
      double criteria = 0;
      for (const auto& c : b.criteria) {
        const std::string cw = "criterion " + c.id;
        if (c.id.empty()) add(bw, "a criterion has no id");
        if (!ids.insert("C:" + c.id).second) add(cw, "duplicate criterion id");
        text(cw + ": title_vi", c.title_vi, true);
        text(cw + ": title_en", c.title_en, true);
        if (c.max <= 0) add(cw + ": max", "must be positive");
        criteria += c.max;
        if (c.options.empty()) add(cw + ": options", "none");
        double best = 0;
        for (std::size_t i = 0; i < c.options.size(); ++i) {
          const auto& o = c.options[i];
          const std::string ow = cw + ": option " + std::to_string(i + 1);
          text(ow + ": text_vi", o.text_vi, true);
          if (o.points < 0 || o.points > c.max + 1e-9) {
            add(ow + ": points", Num(o.points) + " is outside 0.." + Num(c.max));
          }
          best = std::max(best, o.points);
          if (o.min_stars != 0 && (o.min_stars < version.certifiable_from_stars ||
                                   o.min_stars > version.bands.front().stars)) {
            add(ow + ": min_stars", std::to_string(o.min_stars) + " is not a certifiable level");
          }
        }
        if (!c.options.empty() && !Same(best, c.max)) {
          add(cw + ": max", Num(c.max) + " but the best option gives " + Num(best));
        }
        if (c.yes_no && (c.options.size() != 2 || !Same(c.options[0].points, 0))) {
          add(cw + ": yes_no", "needs exactly two options, 'no' (0 points) first");
        }
        if (c.stop_rule) text(cw + ": stop_rule: text_vi", c.stop_rule->text_vi, true);
        total += best;
      }
      if (!Same(criteria, b.max))
        add(bw + ": max", Num(b.max) + " but its criteria sum to " + Num(criteria));
    }
    if (!Same(blocks, p.max))
      add(pw + ": max", Num(p.max) + " but its blocks sum to " + Num(blocks));
  }
  if (!Same(total, version.total)) {
    add("total", Num(total) + " at the best options, expected " + Num(version.total));
  }
  if (errors.empty()) return Status::Ok();
  return InvalidArgument("error.rubric.invalid_file", errors.ToStatus().fields());
}

}  // namespace ocop::domain

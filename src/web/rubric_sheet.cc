#include "web/rubric_sheet.h"

#include <cmath>
#include <cstdio>

#include "core/text.h"

namespace ocop::web {
namespace {

// The ordinal an answer stands for (yes = 2, no = 1, as the engine reads it).
int OrdinalOf(const domain::Answer& a) {
  if (std::holds_alternative<bool>(a)) return std::get<bool>(a) ? 2 : 1;
  return std::get<int>(a);
}

double PointsOf(const domain::Criterion& c, const domain::Answer& a) {
  const int ordinal = OrdinalOf(a);
  if (ordinal < 1 || ordinal > static_cast<int>(c.options.size())) return 0;
  return c.options[static_cast<std::size_t>(ordinal - 1)].points;
}

// An id usable in HTML ids and CSS selectors: "1.1" → "1-1".
std::string Slug(const std::string& id) {
  std::string out;
  for (char ch : id) out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  return out;
}

std::string StarsMark(int min_stars) { return min_stars > 0 ? std::string(min_stars, '*') : ""; }

}  // namespace

const domain::RubricSet* SetOfDossier(const domain::RubricCatalog& rubrics,
                                      const domain::Dossier& d) {
  const domain::RubricVersion* version = rubrics.Find(d.rubric_version);
  return version ? version->FindSet(d.product_set) : nullptr;
}

std::string ShowPoints(double points, const std::string& lang) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::round(points * 100.0) / 100.0);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  if (lang == "vi") {
    for (char& ch : s) {
      if (ch == '.') ch = ',';
    }
  }
  return s;
}

SheetTotals TotalsOf(const domain::RubricSet& set, const domain::ScoreSheet& sheet) {
  SheetTotals t;
  for (const auto& part : set.parts) t.parts[part.id] = 0;
  for (const auto& [id, answer] : sheet.choices) {
    const domain::Criterion* c = set.FindCriterion(id);
    if (!c) continue;
    const double p = PointsOf(*c, answer);
    t.parts[c->part_id] += p;
    t.total += p;
    ++t.answered;
  }
  return t;
}

domain::ScoreSheet SheetFromForm(const domain::RubricSet& set,
                                 const std::map<std::string, std::string>& form) {
  domain::ScoreSheet sheet;
  for (const domain::Criterion* c : set.Criteria()) {
    auto it = form.find("c." + c->id);
    if (it == form.end() || it->second.empty()) continue;
    const std::string& v = it->second;
    if (c->yes_no && (v == "yes" || v == "no")) {
      sheet.choices[c->id] = v == "yes";
    } else if (text::IsDigits(v) && v.size() < 4) {
      sheet.choices[c->id] = std::stoi(v);
    } else {
      sheet.choices[c->id] = -1;
    }
  }
  auto stopped = form.find("stopped");
  if (stopped != form.end()) sheet.stopped = text::Trim(stopped->second);
  return sheet;
}

std::string RenderSheet(WebContext& ctx, const std::string& lang, const domain::RubricSet& set,
                        const domain::ScoreSheet& sheet, bool editable,
                        const std::map<std::string, std::string>& errors) {
  const SheetTotals totals = TotalsOf(set, sheet);
  const bool en = lang == "en";
  Data parts{Data::type::list};
  int criteria_count = 0;
  for (const auto& part : set.parts) {
    Data p;
    p.set("id", part.id);
    p.set("title", en ? part.title_en : part.title_vi);
    p.set("max", ShowPoints(part.max, lang));
    p.set("points", ShowPoints(totals.parts.at(part.id), lang));
    Data blocks{Data::type::list};
    for (const auto& block : part.blocks) {
      Data b;
      b.set("id", block.id);
      b.set("title", en ? block.title_en : block.title_vi);
      b.set("max", ShowPoints(block.max, lang));
      Data criteria{Data::type::list};
      for (const auto& c : block.criteria) {
        ++criteria_count;
        Data row;
        row.set("id", c.id);
        row.set("slug", Slug(c.id));
        row.set("part", part.id);
        row.set("title", en ? c.title_en : c.title_vi);
        row.set("max", ShowPoints(c.max, lang));
        if (!c.note_vi.empty()) row.set("note", c.note_vi);
        auto answer = sheet.choices.find(c.id);
        const int chosen = answer == sheet.choices.end() ? -1 : OrdinalOf(answer->second);
        Data choices{Data::type::list};
        auto add = [&](const std::string& value, int ordinal, const std::string& label,
                       double points, int min_stars) {
          Data o;
          o.set("value", value);
          o.set("input_id", "c-" + Slug(c.id) + "-" + value);
          o.set("label", label);
          o.set("points", ShowPoints(points, lang));
          o.set("raw_points", ShowPoints(points, "en"));
          if (min_stars > 0) o.set("stars", StarsMark(min_stars));
          o.set("checked", ordinal == chosen);
          if (ordinal == chosen) {
            row.set("chosen_label", label);
            row.set("chosen_points", ShowPoints(points, lang));
            if (min_stars > 0) row.set("chosen_stars", StarsMark(min_stars));
          }
          choices.push_back(o);
        };
        for (std::size_t i = 0; i < c.options.size(); ++i) {
          const auto& option = c.options[i];
          const int ordinal = static_cast<int>(i) + 1;
          std::string value = c.yes_no ? (ordinal == 2 ? "yes" : "no") : std::to_string(ordinal);
          add(value, ordinal, option.text_vi, option.points, option.min_stars);
        }
        // None of the printed options met: 0 points (only where no option
        // already gives 0, so that the choice is not offered twice).
        bool has_zero = c.yes_no;
        for (const auto& option : c.options) has_zero |= option.points == 0;
        if (!has_zero) add("0", 0, ctx.catalog.Text(lang, "page.score.none_met"), 0, 0);
        row.set("choices", choices);
        row.set("answered", chosen >= 0);
        if (c.stop_rule) {
          Data stop;
          stop.set("text", en ? c.stop_rule->text_en : c.stop_rule->text_vi);
          stop.set("checked", sheet.stopped == c.id);
          row.set("stop", stop);
        }
        auto error = errors.find("sheet.choices." + c.id);
        if (error != errors.end()) {
          row.set("has_error", true);
          row.set("error", error->second);
        }
        criteria.push_back(row);
      }
      b.set("criteria", criteria);
      blocks.push_back(b);
    }
    p.set("blocks", blocks);
    parts.push_back(p);
  }
  // Only the language: the page's own keys must not leak into the sheet's
  // sections (mustache looks names up the context stack).
  Data d;
  d.set("lang", lang);
  d.set("parts", parts);
  d.set("editable", editable);
  d.set("total", ShowPoints(totals.total, lang));
  d.set("answered", std::to_string(totals.answered));
  d.set("criteria_count", std::to_string(criteria_count));
  d.set("set_name", std::to_string(set.number) + ". " + (en ? set.name_en : set.name_vi));
  auto stopped_error = errors.find("sheet.stopped");
  if (stopped_error != errors.end()) d.set("stopped_error", stopped_error->second);
  return ctx.templates.Render("rubric_sheet", d, TextsOf(ctx, lang));
}

}  // namespace ocop::web

#include "api/rubric_json.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace ocop::api {

using nlohmann::json;

Result<domain::ScoringRequest> ParseScoringRequest(const std::string& body) {
  if (!text::IsValidUtf8(body)) return Err(InvalidArgument("error.field.utf8"));
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::exception&) {
    return Err(InvalidArgument("error.json.malformed"));
  }
  if (!doc.is_object()) return Err(InvalidArgument("error.json.object"));
  FieldErrors errors;
  domain::ScoringRequest req;
  for (const auto& item : doc.items()) {
    const std::string& k = item.key();
    if (k != "sheets" && k != "disqualified" && k != "disqualifier" && k != "council") {
      errors.Add(k, "error.field.unknown");
    }
  }
  auto sheets = doc.find("sheets");
  if (sheets == doc.end() || !sheets->is_array()) {
    errors.Add("sheets", "error.score.sheets_list");
  } else {
    for (std::size_t i = 0; i < sheets->size(); ++i) {
      const json& s = (*sheets)[i];
      const std::string where = "sheets[" + std::to_string(i) + "]";
      if (!s.is_object()) {
        errors.Add(where, "error.json.object");
        continue;
      }
      domain::ScoreSheet sheet;
      if (auto m = s.find("member"); m != s.end() && m->is_string())
        sheet.member = m->get<std::string>();
      else
        errors.Add(where + ".member", "error.field.type_string");
      if (auto st = s.find("stopped"); st != s.end() && !st->is_null()) {
        if (st->is_string())
          sheet.stopped = st->get<std::string>();
        else
          errors.Add(where + ".stopped", "error.field.type_string");
      }
      auto choices = s.find("choices");
      if (choices == s.end() || !choices->is_object()) {
        errors.Add(where + ".choices", "error.score.choices_object");
      } else {
        for (const auto& c : choices->items()) {
          if (c.value().is_boolean())
            sheet.choices[c.key()] = c.value().get<bool>();
          else if (c.value().is_number_integer() && c.value().get<std::int64_t>() >= -1000 &&
                   c.value().get<std::int64_t>() <= 1000) {
            sheet.choices[c.key()] = static_cast<int>(c.value().get<std::int64_t>());
          } else {
            errors.Add(where + ".choices." + c.key(), "error.score.answer_type");
          }
        }
      }
      for (const auto& item : s.items()) {
        if (item.key() != "member" && item.key() != "choices" && item.key() != "stopped") {
          errors.Add(where + "." + item.key(), "error.field.unknown");
        }
      }
      req.sheets.push_back(std::move(sheet));
    }
  }
  if (auto d = doc.find("disqualified"); d != doc.end()) {
    if (d->is_boolean())
      req.disqualified = d->get<bool>();
    else
      errors.Add("disqualified", "error.score.boolean");
  }
  if (auto d = doc.find("disqualifier"); d != doc.end() && !d->is_null()) {
    if (d->is_string())
      req.disqualifier = d->get<std::string>();
    else
      errors.Add("disqualifier", "error.field.type_string");
  }
  auto council = doc.find("council");
  if (council == doc.end() || !council->is_object()) {
    errors.Add("council", "error.score.council");
  } else {
    auto& c = req.council;
    auto number = [&](const char* key, double& out, bool required) {
      auto it = council->find(key);
      if (it == council->end()) {
        if (required) errors.Add(std::string("council.") + key, "error.field.required");
      } else if (!it->is_number()) {
        errors.Add(std::string("council.") + key, "error.score.number");
      } else {
        out = it->get<double>();
      }
    };
    auto boolean = [&](const char* key, bool& out) {
      auto it = council->find(key);
      if (it == council->end()) return;
      if (it->is_boolean())
        out = it->get<bool>();
      else
        errors.Add(std::string("council.") + key, "error.score.boolean");
    };
    double members = 0;
    number("members", members, true);
    if (members != static_cast<int>(members) || members > 1000) {
      errors.Add("council.members", "error.score.council_members");
    } else {
      c.members = static_cast<int>(members);
    }
    number("max_spread", c.max_spread, false);
    number("quorum", c.quorum, false);
    boolean("chair_present", c.chair_present);
    boolean("chair_required", c.chair_required);
    for (const auto& item : council->items()) {
      static const char* kKnown[] = {"members", "max_spread", "quorum", "chair_present",
                                     "chair_required"};
      bool known = false;
      for (const char* k : kKnown) known |= item.key() == k;
      if (!known) errors.Add("council." + item.key(), "error.field.unknown");
    }
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  return req;
}

void WriteScoringResult(JsonWriter& w, const domain::ScoringResult& r) {
  w.BeginObject().Key("members").BeginArray();
  for (const auto& m : r.members) {
    w.BeginObject()
        .Member("member", m.member)
        .Key("total")
        .Number(m.total)
        .Key("parts")
        .BeginObject();
    for (const auto& [part, points] : m.parts) w.Key(part).Number(points);
    w.EndObject().EndObject();
  }
  w.EndArray()
      .Key("mean")
      .Number(r.mean)
      .Member("band_stars", r.band_stars)
      .Member("stars", r.stars)
      .Key("certifiable")
      .Bool(r.certifiable)
      .Key("caps")
      .BeginArray();
  for (const auto& cap : r.caps) {
    w.BeginObject().Member("level", cap.level).Key("unmet").BeginArray();
    for (const auto& id : cap.unmet) w.String(id);
    w.EndArray().EndObject();
  }
  w.EndArray().Key("disagreements").BeginArray();
  for (const auto& d : r.disagreements) {
    w.BeginObject()
        .Member("criterion", d.criterion)
        .Member("level", d.level)
        .Key("meeting")
        .BeginArray();
    for (const auto& m : d.meeting) w.String(m);
    w.EndArray().Key("not_meeting").BeginArray();
    for (const auto& m : d.not_meeting) w.String(m);
    w.EndArray().EndObject();
  }
  w.EndArray()
      .Key("spread")
      .Number(r.spread)
      .Key("rescore_required")
      .Bool(r.rescore_required)
      .Key("quorum_met")
      .Bool(r.quorum_met)
      .Key("rejected_reason");
  if (r.rejected_reason)
    w.String(*r.rejected_reason);
  else
    w.Null();
  w.EndObject();
}

void WriteRubricSet(JsonWriter& w, const domain::RubricSet& set) {
  w.BeginObject()
      .Member("rubric", set.rubric)
      .Member("set", set.number)
      .Member("name_vi", set.name_vi)
      .Member("name_en", set.name_en)
      .Key("disqualifiers")
      .BeginArray();
  for (const auto& d : set.disqualifiers) {
    w.BeginObject()
        .Member("id", d.id)
        .Member("text_vi", d.text_vi)
        .Member("text_en", d.text_en)
        .EndObject();
  }
  w.EndArray().Key("parts").BeginArray();
  for (const auto& p : set.parts) {
    w.BeginObject()
        .Member("id", p.id)
        .Member("title_vi", p.title_vi)
        .Member("title_en", p.title_en)
        .Key("max")
        .Number(p.max)
        .Key("blocks")
        .BeginArray();
    for (const auto& b : p.blocks) {
      w.BeginObject()
          .Member("id", b.id)
          .Member("title_vi", b.title_vi)
          .Member("title_en", b.title_en)
          .Key("max")
          .Number(b.max)
          .Key("criteria")
          .BeginArray();
      for (const auto& c : b.criteria) {
        w.BeginObject()
            .Member("id", c.id)
            .Member("title_vi", c.title_vi)
            .Member("title_en", c.title_en)
            .Key("max")
            .Number(c.max);
        if (!c.note_vi.empty()) w.Member("note_vi", c.note_vi);
        if (c.yes_no) w.Key("yes_no").Bool(true);
        if (c.stop_rule) {
          w.Key("stop_rule")
              .BeginObject()
              .Member("text_vi", c.stop_rule->text_vi)
              .Member("text_en", c.stop_rule->text_en)
              .EndObject();
        }
        w.Key("options").BeginArray();
        int ordinal = 0;
        for (const auto& o : c.options) {
          w.BeginObject()
              .Member("ordinal", ++ordinal)
              .Key("points")
              .Number(o.points)
              .Member("text_vi", o.text_vi);
          if (o.min_stars) w.Member("min_stars", o.min_stars);
          w.EndObject();
        }
        w.EndArray().EndObject();
      }
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
}

void WriteRubricVersions(JsonWriter& w, const domain::RubricCatalog& catalog) {
  w.BeginObject().Key("items").BeginArray();
  for (const auto& [id, v] : catalog.versions) {
    w.BeginObject()
        .Member("id", v.id)
        .Member("title_vi", v.title_vi)
        .Member("title_en", v.title_en)
        .Member("in_force_from", v.in_force_from)
        .Key("sets")
        .BeginArray();
    for (const auto& [n, set] : v.sets) {
      w.BeginObject()
          .Member("set", n)
          .Member("name_vi", set.name_vi)
          .Member("name_en", set.name_en)
          .EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
}

}  // namespace ocop::api

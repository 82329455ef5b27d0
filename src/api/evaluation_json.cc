#include "api/evaluation_json.h"

#include <algorithm>

#include "api/json_views.h"

namespace ocop::api {
namespace {

using domain::DossierAction;
using domain::DossierState;
using domain::Role;

void DateOrNull(JsonWriter& w, std::string_view key, const std::optional<CivilDate>& d) {
  w.Key(key);
  if (d) {
    w.String(d->ToIso());
  } else {
    w.Null();
  }
}

void NumberOrNull(JsonWriter& w, std::string_view key, const std::optional<double>& v) {
  w.Key(key);
  if (v) {
    w.Number(*v);
  } else {
    w.Null();
  }
}

void IdOrNull(JsonWriter& w, std::string_view key, std::int64_t id) {
  w.Key(key);
  if (id) {
    w.Int(id);
  } else {
    w.Null();
  }
}

void WriteChoices(JsonWriter& w, const domain::ScoreSheet& sheet) {
  w.Key("choices").BeginObject();
  for (const auto& [id, answer] : sheet.choices) {
    w.Key(id);
    if (std::holds_alternative<bool>(answer)) {
      w.Bool(std::get<bool>(answer));
    } else {
      w.Int(std::get<int>(answer));
    }
  }
  w.EndObject().Key("stopped_by").StringOrNull(sheet.stopped);
}

// The members of a dossier every reader gets.
void WriteDossierFields(JsonWriter& w, const domain::Dossier& d) {
  w.Member("token", d.token)
      .Member("version", d.version)
      .Member("type", domain::DossierTypeId(d.type))
      .Member("state", domain::DossierStateId(d.state))
      .Member("product_id", d.product_id)
      .Member("producer_id", d.producer_id)
      .Member("province", d.province_code)
      .Member("commune", d.commune_code)
      .Member("rubric_version", d.rubric_version)
      .Member("product_set", d.product_set);
  DateOrNull(w, "submitted_on", d.submitted_on);
  DateOrNull(w, "commune_deadline", d.commune_deadline);
  IdOrNull(w, "round_id", d.round_id);
  IdOrNull(w, "central_round_id", d.central_round_id);
  w.Member("attempt", d.attempt);
  NumberOrNull(w, "mean", d.mean);
  w.Key("stars").Int(d.stars);
  NumberOrNull(w, "central_mean", d.central_mean);
  w.Key("central_stars").Int(d.central_stars);
  w.Key("result_note").StringOrNull(d.result_note);
  w.Key("decision");
  if (d.decision_date) {
    w.BeginObject()
        .Member("number", d.decision_number)
        .Member("date", d.decision_date->ToIso())
        .Member("signer", d.decision_signer)
        .EndObject();
  } else {
    w.Null();
  }
  w.Key("awaits_producer").Bool(domain::AwaitsProducer(d.state));
  w.Member("created_at", IsoTimestamp(d.created_at))
      .Member("updated_at", IsoTimestamp(d.updated_at));
}

}  // namespace

std::vector<std::string> NextActions(const domain::Principal& who, const domain::Dossier& d,
                                     bool chair) {
  std::vector<std::string> out;
  if (who.role == Role::kProducer && domain::AwaitsProducer(d.state)) {
    out.push_back("edit");
    out.push_back("attach_evidence");
  }
  for (DossierAction a :
       {DossierAction::kSubmit, DossierAction::kCommuneReport, DossierAction::kReceive,
        DossierAction::kStartReview, DossierAction::kRequestAdditions, DossierAction::kResubmit,
        DossierAction::kSiteVisit, DossierAction::kRequestLabTest}) {
    if (domain::RoleMayTake(who.role, a) && domain::CheckTransition(d.state, a).ok()) {
      out.emplace_back(domain::DossierActionId(a));
    }
  }
  switch (d.state) {
    case DossierState::kAdvisoryReview:
      if (who.role == Role::kProvincialOfficer) out.push_back("assign_round");
      break;
    case DossierState::kForwarded:
      if (who.role == Role::kNationalAdmin) out.push_back("assign_round");
      break;
    case DossierState::kInRound:
    case DossierState::kInCentralRound:
      if (who.role == Role::kCouncilMember) {
        out.push_back("score");
        out.push_back("declare_conflict");
        if (chair) out.push_back("close_session");
      }
      break;
    case DossierState::kScored:
    case DossierState::kReturnedToProvince:
      if (who.role == Role::kProvincialOfficer) out.push_back("decide");
      break;
    case DossierState::kCentralScored:
      if (who.role == Role::kNationalAdmin) out.push_back("decide");
      break;
    default:
      break;
  }
  return out;
}

void WriteDossierSummary(JsonWriter& w, const domain::Dossier& d) {
  w.BeginObject();
  WriteDossierFields(w, d);
  w.EndObject();
}

void WriteDossierView(JsonWriter& w, const domain::DossierView& v,
                      const std::vector<std::string>& next_actions) {
  const domain::Dossier& d = v.dossier;
  w.BeginObject();
  WriteDossierFields(w, d);
  // What the producer is asked for: the reasons of the last request for additions.
  std::string asked;
  if (d.state == DossierState::kAdditionsRequested) {
    for (const auto& e : v.history) {
      if (e.action == domain::DossierActionId(DossierAction::kRequestAdditions)) asked = e.note;
    }
  }
  w.Key("asked").StringOrNull(asked);
  w.Key("next_actions").BeginArray();
  for (const auto& a : next_actions) w.String(a);
  w.EndArray();
  w.Key("form")
      .BeginObject()
      .Member("scale", d.form.scale)
      .Member("raw_materials", d.form.raw_materials)
      .Member("markets", d.form.markets)
      .Member("story", d.form.story)
      .Member("changes", d.form.changes)
      .EndObject();
  w.Key("self_assessment").BeginObject();
  WriteChoices(w, d.self_assessment);
  w.EndObject();
  NumberOrNull(w, "self_total", v.self_total);
  w.Key("commune_report");
  if (d.commune_report) {
    const auto& r = *d.commune_report;
    w.BeginObject()
        .Key("local_materials")
        .Bool(r.local_materials)
        .Key("local_labour")
        .Bool(r.local_labour)
        .Key("local_idea")
        .Bool(r.local_idea)
        .Key("local_identity")
        .Bool(r.local_identity)
        .Key("recommend")
        .Bool(r.recommend)
        .Member("notes", r.notes)
        .Member("reported_on", r.reported_on.ToIso())
        .Key("late")
        .Bool(r.late)
        .EndObject();
  } else {
    w.Null();
  }
  w.Key("changed_criteria").BeginArray();
  for (const auto& c : v.changed_criteria) w.String(c);
  w.EndArray();
  w.Key("history").BeginArray();
  for (const auto& e : v.history) {
    w.BeginObject()
        .Member("at", IsoTimestamp(e.at))
        .Member("actor", e.actor)
        .Member("action", e.action)
        .Member("from", domain::DossierStateId(e.from))
        .Member("to", domain::DossierStateId(e.to))
        .Member("note", e.note)
        .EndObject();
  }
  w.EndArray();
  w.Key("evidence").BeginArray();
  for (const auto& e : v.evidence) {
    w.BeginObject()
        .Member("sha256", e.sha256)
        .Member("file_name", e.file_name)
        .Member("mime", e.mime)
        .Member("size", e.size)
        .Member("uploaded_at", IsoTimestamp(e.uploaded_at))
        .Key("criteria")
        .BeginArray();
    for (const auto& c : e.criteria) w.String(c);
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WritePolicy(JsonWriter& w, const domain::CouncilPolicy& p) {
  w.BeginObject()
      .Member("quorum_percent", p.quorum_percent)
      .Key("chair_required")
      .Bool(p.chair_required)
      .Key("max_spread")
      .Number(p.max_spread)
      .EndObject();
}

void WriteRound(JsonWriter& w, const domain::Round& r) {
  w.BeginObject()
      .Member("id", r.id)
      .Member("level", domain::CouncilLevelId(r.level))
      .Key("province")
      .StringOrNull(r.province_code)
      .Member("name", r.name)
      .Key("calendar")
      .BeginObject()
      .Member("intake_closes", r.calendar.intake_closes.ToIso())
      .Member("finishes_by", r.calendar.finishes_by.ToIso())
      .EndObject()
      .Key("open")
      .Bool(r.open)
      .Key("policy");
  WritePolicy(w, r.policy);
  w.Key("members").BeginArray();
  for (const auto& m : r.members) {
    w.BeginObject()
        .Member("username", m.username)
        .Member("role", domain::RoundRoleId(m.role))
        .EndObject();
  }
  w.EndArray().Member("created_at", IsoTimestamp(r.created_at)).EndObject();
}

void WriteStoredSheet(JsonWriter& w, const domain::StoredSheet& s) {
  w.BeginObject()
      .Member("member", s.sheet.member)
      .Member("level", domain::CouncilLevelId(s.level))
      .Member("attempt", s.attempt);
  WriteChoices(w, s.sheet);
  w.Key("total").Number(s.total).Key("signed").Bool(s.signed_at.has_value()).Key("signed_at");
  if (s.signed_at) {
    w.String(IsoTimestamp(*s.signed_at));
  } else {
    w.Null();
  }
  w.Member("updated_at", IsoTimestamp(s.updated_at)).EndObject();
}

void WriteSheets(JsonWriter& w, const domain::SheetsView& v) {
  w.BeginObject()
      .Member("level", domain::CouncilLevelId(v.level))
      .Member("attempt", v.attempt)
      .Key("scoring_members")
      .BeginArray();
  for (const auto& m : v.scoring_members) w.String(m);
  w.EndArray().Key("signed_members").BeginArray();
  for (const auto& m : v.signed_members) w.String(m);
  w.EndArray()
      .Key("all_signed")
      .Bool(v.all_signed)
      .Key("closed")
      .Bool(v.closed)
      .Key("conflicts")
      .BeginArray();
  for (const auto& c : v.conflicts) {
    w.BeginObject()
        .Member("member", c.username)
        .Member("reason", c.reason)
        .Member("declared_at", IsoTimestamp(c.declared_at))
        .EndObject();
  }
  w.EndArray().Key("own");
  if (v.own) {
    WriteStoredSheet(w, *v.own);
  } else {
    w.Null();
  }
  w.Key("others").BeginArray();
  for (const auto& s : v.others) WriteStoredSheet(w, s);
  w.EndArray().EndObject();
}

void WriteIssuedCertificate(JsonWriter& w, const domain::Certificate& c,
                            const std::string& qr_url) {
  w.BeginObject()
      .Member("number", c.number)
      .Member("stars", c.stars)
      .Member("issued", c.issued.ToIso())
      .Member("expires", c.expires.ToIso())
      .Member("product_code", c.product_code)
      .Member("authority", c.authority)
      .Member("qr_url", qr_url)
      .EndObject();
}

domain::ScoreSheet ReadSheet(const nlohmann::json& object, const std::string& prefix,
                             std::initializer_list<const char*> extra, FieldErrors& errors) {
  domain::ScoreSheet sheet;
  const std::string where = prefix.empty() ? "" : prefix + ".";
  for (const auto& item : object.items()) {
    const std::string& k = item.key();
    bool known = k == "choices" || k == "stopped_by" ||
                 std::any_of(extra.begin(), extra.end(), [&](const char* e) { return k == e; });
    if (!known) errors.Add(where + k, "error.field.unknown");
  }
  auto choices = object.find("choices");
  if (choices != object.end() && !choices->is_null()) {
    if (!choices->is_object()) {
      errors.Add(where + "choices", "error.score.choices_object");
    } else {
      for (const auto& c : choices->items()) {
        const auto& v = c.value();
        if (v.is_boolean()) {
          sheet.choices[c.key()] = v.get<bool>();
        } else if (v.is_number_integer() && v.get<std::int64_t>() >= -1000 &&
                   v.get<std::int64_t>() <= 1000) {
          sheet.choices[c.key()] = static_cast<int>(v.get<std::int64_t>());
        } else {
          errors.Add(where + "choices." + c.key(), "error.score.answer_type");
        }
      }
    }
  }
  auto stopped = object.find("stopped_by");
  if (stopped != object.end() && !stopped->is_null()) {
    if (stopped->is_string()) {
      sheet.stopped = stopped->get<std::string>();
    } else {
      errors.Add(where + "stopped_by", "error.field.type_string");
    }
  }
  return sheet;
}

domain::RegistrationForm ReadForm(const nlohmann::json& object, FieldErrors& errors) {
  domain::RegistrationForm f;
  static const char* kFields[] = {"scale", "raw_materials", "markets", "story", "changes"};
  std::string* targets[] = {&f.scale, &f.raw_materials, &f.markets, &f.story, &f.changes};
  for (const auto& item : object.items()) {
    if (std::none_of(std::begin(kFields), std::end(kFields),
                     [&](const char* k) { return item.key() == k; })) {
      errors.Add("form." + item.key(), "error.field.unknown");
    }
  }
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    auto it = object.find(kFields[i]);
    if (it == object.end() || it->is_null()) continue;
    if (!it->is_string()) {
      errors.Add(std::string("form.") + kFields[i], "error.field.type_string");
      continue;
    }
    *targets[i] = it->get<std::string>();
  }
  return f;
}

domain::CommuneReport ReadCommuneReport(const nlohmann::json& object, FieldErrors& errors) {
  domain::CommuneReport r;
  static const char* kFlags[] = {"local_materials", "local_labour", "local_idea", "local_identity",
                                 "recommend"};
  bool* targets[] = {&r.local_materials, &r.local_labour, &r.local_idea, &r.local_identity,
                     &r.recommend};
  for (const auto& item : object.items()) {
    if (item.key() != "notes" && std::none_of(std::begin(kFlags), std::end(kFlags),
                                              [&](const char* k) { return item.key() == k; })) {
      errors.Add("report." + item.key(), "error.field.unknown");
    }
  }
  for (std::size_t i = 0; i < std::size(kFlags); ++i) {
    auto it = object.find(kFlags[i]);
    if (it == object.end() || it->is_null()) continue;
    if (!it->is_boolean()) {
      errors.Add(std::string("report.") + kFlags[i], "error.score.boolean");
      continue;
    }
    *targets[i] = it->get<bool>();
  }
  if (auto it = object.find("notes"); it != object.end() && !it->is_null()) {
    if (it->is_string()) {
      r.notes = it->get<std::string>();
    } else {
      errors.Add("report.notes", "error.field.type_string");
    }
  }
  return r;
}

}  // namespace ocop::api

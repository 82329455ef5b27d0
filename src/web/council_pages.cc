// Rounds, councils and a member's score sheet: /rounds, /rounds/new,
// /rounds/{id} (members, dossiers, assigning, closing) and
// /dossiers/{token}/score (the official sheet of the product's set, saved,
// signed, with conflicts of interest and the chair's closing of the session).
#include <algorithm>

#include "core/date.h"
#include "core/text.h"
#include "web/page_data.h"
#include "web/rubric_sheet.h"

namespace ocop::web {
namespace {

using domain::DossierState;
using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

std::string RoleLabel(WebContext& ctx, const std::string& lang, domain::RoundRole role) {
  return ctx.catalog.Text(lang, "page.round.role." + std::string(domain::RoundRoleId(role)));
}

std::string LevelLabel(WebContext& ctx, const std::string& lang, domain::CouncilLevel level) {
  return ctx.catalog.Text(lang, "page.round.level." + std::string(domain::CouncilLevelId(level)));
}

bool RunsRounds(const domain::Principal& who) {
  return who.role == Role::kProvincialOfficer || who.role == Role::kNationalAdmin;
}

// ---------- /rounds ----------

// The council rules form of a provincial officer's province (Quy chế hội
// đồng): the stored rules, or what was typed with its errors.
struct PolicyForm {
  std::map<std::string, std::string> values, errors;
  bool saved = false;
};

// "70" or "7,5" as the domain's numbers; a field error otherwise.
std::optional<double> TypedNumber(const std::string& typed) {
  std::string s(text::Trim(typed));
  std::replace(s.begin(), s.end(), ',', '.');
  if (s.empty() || s.size() > 8 || s.find_first_not_of("0123456789.") != std::string::npos ||
      std::count(s.begin(), s.end(), '.') > 1 || s.front() == '.') {
    return std::nullopt;
  }
  return std::stod(s);
}

Response ListRounds(Request& r, WebContext& ctx, const PolicyForm& policy_form = {},
                    int status = 200) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.round.list_title");
  if (r.principal->role == Role::kProvincialOfficer) {
    auto stored = ctx.council.PolicyOf(r.principal->province_code);
    if (!stored) return PageError(r, ctx, stored.error());
    auto values = policy_form.values;
    if (values.empty()) {
      values["quorum_percent"] = std::to_string(stored->quorum_percent);
      values["max_spread"] = ShowPoints(stored->max_spread, lang);
      values["chair_required"] = stored->chair_required ? "1" : "";
    }
    Data policy;
    for (const char* name : {"quorum_percent", "max_spread"}) {
      policy.set(name, Field(values[name], policy_form.errors, name));
    }
    policy.set("chair_required", !values["chair_required"].empty());
    policy.set("saved", policy_form.saved || r.Query("saved") == "policy");
    d.set("policy", policy);
  }
  auto rounds = ctx.council.ListRounds(*r.principal);
  if (!rounds) return PageError(r, ctx, rounds.error());
  Data rows{Data::type::list};
  for (const auto& round : *rounds) {
    Data row;
    row.set("id", std::to_string(round.id));
    row.set("name", round.name);
    row.set("level", LevelLabel(ctx, lang, round.level));
    row.set("intake_closes", round.calendar.intake_closes.ToDisplay());
    row.set("finishes_by", round.calendar.finishes_by.ToDisplay());
    row.set("open", round.open);
    if (const auto* me = round.FindMember(r.principal->user_id)) {
      row.set("my_role", RoleLabel(ctx, lang, me->role));
    }
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("empty", rounds->empty());
  d.set("may_open", RunsRounds(*r.principal));
  return HtmlPage(ctx, "rounds", d, status);
}

Response SavePolicy(Request& r, WebContext& ctx) {
  PolicyForm form;
  form.values = FormOf(r);
  FieldErrors errors;
  domain::CouncilPolicy p;
  auto quorum = TypedNumber(form.values["quorum_percent"]);
  if (!quorum || *quorum != static_cast<int>(*quorum)) {
    errors.Add("quorum_percent", "error.policy.quorum");
  } else {
    p.quorum_percent = static_cast<int>(*quorum);
  }
  auto spread = TypedNumber(form.values["max_spread"]);
  if (!spread) {
    errors.Add("max_spread", "error.policy.spread");
  } else {
    p.max_spread = *spread;
  }
  p.chair_required = !form.values["chair_required"].empty();
  Status s = errors.empty() ? ctx.council.SetPolicy(*r.principal, r.principal->province_code, p)
                            : errors.ToStatus();
  if (s.ok()) return Response::Redirect("/rounds?saved=policy");
  if (s.code() != Code::kInvalidArgument) return PageError(r, ctx, s);
  form.errors = FieldMessages(r, ctx, s);
  return ListRounds(r, ctx, form, 400);
}

// Usernames typed one per line, or separated by commas or spaces.
std::vector<std::string> Usernames(const std::string& typed) {
  std::vector<std::string> out;
  std::string current;
  for (char ch : typed + "\n") {
    if (ch == ',' || ch == ';' || std::isspace(static_cast<unsigned char>(ch))) {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  return out;
}

domain::CouncilLevel LevelFor(const domain::Principal& who, const std::string& asked) {
  return who.role == Role::kNationalAdmin && asked != "province" ? domain::CouncilLevel::kCentral
                                                                 : domain::CouncilLevel::kProvince;
}

Response RoundForm(const Request& r, WebContext& ctx, std::map<std::string, std::string> values,
                   const std::map<std::string, std::string>& errors, const std::string& notice,
                   int status) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.round.new_title");
  const auto level = LevelFor(*r.principal, values["level"]);
  // The decree's default calendar for a round opened today.
  const domain::RoundCalendar defaults = domain::DefaultRoundFor(level, Today(ctx));
  if (values["intake_closes"].empty()) values["intake_closes"] = defaults.intake_closes.ToDisplay();
  if (values["finishes_by"].empty()) values["finishes_by"] = defaults.finishes_by.ToDisplay();
  Data form;
  for (const char* name :
       {"name", "intake_closes", "finishes_by", "chair", "members", "advisory"}) {
    form.set(name, Field(values[name], errors, name));
  }
  d.set("f", form);
  d.set("level", LevelLabel(ctx, lang, level));
  d.set("level_id", std::string(domain::CouncilLevelId(level)));
  d.set("calendar_hint", ctx.catalog.Text(lang, level == domain::CouncilLevel::kCentral
                                                    ? "page.round.calendar_hint_central"
                                                    : "page.round.calendar_hint_province"));
  // The members' own problems ("members.<username>"), named.
  Data member_errors{Data::type::list};
  bool has_member_errors = false;
  for (const auto& [field, message] : errors) {
    if (field.rfind("members", 0) != 0) continue;
    Data e;
    e.set("text", field.size() > 8 ? field.substr(8) + ": " + message : message);
    member_errors.push_back(e);
    has_member_errors = true;
  }
  d.set("member_errors", member_errors);
  d.set("has_member_errors", has_member_errors);
  if (!notice.empty()) d.set("notice", notice);
  return HtmlPage(ctx, "round_form", d, status);
}

Response OpenRound(Request& r, WebContext& ctx) {
  auto values = FormOf(r);
  domain::NewRound in;
  in.level = LevelFor(*r.principal, values["level"]);
  in.name = values["name"];
  in.intake_closes = IsoDate(values["intake_closes"]);
  in.finishes_by = IsoDate(values["finishes_by"]);
  for (const auto& u : Usernames(values["chair"])) in.members.emplace_back(u, "chair");
  for (const auto& u : Usernames(values["members"])) in.members.emplace_back(u, "member");
  for (const auto& u : Usernames(values["advisory"])) in.members.emplace_back(u, "advisory");
  auto opened = ctx.council.OpenRound(*r.principal, in);
  if (opened) return Response::Redirect("/rounds/" + std::to_string(opened->id));
  const Status& e = opened.error();
  if (e.code() != Code::kInvalidArgument) return PageError(r, ctx, e);
  return RoundForm(r, ctx, values, FieldMessages(r, ctx, e),
                   ctx.catalog.Text(r.Language(), "form.fix_errors"), 400);
}

Response RoundPage(const Request& r, WebContext& ctx, std::int64_t id, const std::string& notice,
                   int status) {
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  auto round = ctx.council.GetRound(who, id);
  if (!round) return PageError(r, ctx, round.error());
  Data d = BaseData(r, ctx, "page.round.title");
  Data v;
  v.set("id", std::to_string(round->id));
  v.set("name", round->name);
  v.set("level", LevelLabel(ctx, lang, round->level));
  v.set("intake_closes", round->calendar.intake_closes.ToDisplay());
  v.set("finishes_by", round->calendar.finishes_by.ToDisplay());
  v.set("open", round->open);
  v.set("quorum", std::to_string(round->policy.quorum_percent));
  v.set("max_spread", ShowPoints(round->policy.max_spread, lang));
  d.set("round", v);
  Data members{Data::type::list};
  for (const auto& m : round->members) {
    Data row;
    row.set("username", m.username);
    row.set("role", RoleLabel(ctx, lang, m.role));
    row.set("role_id", std::string(domain::RoundRoleId(m.role)));
    members.push_back(row);
  }
  d.set("members", members);

  domain::DossierFilter f;
  f.round_id = id;
  f.limit = 200;
  Data dossiers{Data::type::list};
  if (auto list = ctx.evaluation.List(who, f)) {
    for (const auto& dossier : list->items) {
      Data row;
      row.set("token", dossier.token);
      if (auto p = ctx.registry.GetProduct(dossier.product_id)) {
        row.set("product_name", p->fields.name);
        row.set("product_code", p->code);
      }
      row.set("state", StateLabel(ctx, lang, dossier.state));
      row.set("state_id", std::string(domain::DossierStateId(dossier.state)));
      row.set("scoring", dossier.state == DossierState::kInRound ||
                             dossier.state == DossierState::kInCentralRound);
      if (dossier.mean) row.set("mean", ShowPoints(*dossier.mean, lang));
      dossiers.push_back(row);
    }
    d.set("no_dossiers", list->items.empty());
  }
  d.set("dossiers", dossiers);
  d.set("is_member", who.role == Role::kCouncilMember && round->FindMember(who.user_id));

  // The office assigns the dossiers its advisory team has reviewed (the
  // ministry those forwarded to it) while the round is open.
  const bool runs = RunsRounds(who) && round->open;
  d.set("may_run", runs);
  if (runs) {
    domain::DossierFilter ready;
    ready.state = round->level == domain::CouncilLevel::kCentral ? DossierState::kForwarded
                                                                 : DossierState::kAdvisoryReview;
    if (round->level == domain::CouncilLevel::kProvince) ready.province_code = round->province_code;
    ready.limit = 200;
    std::vector<std::pair<std::string, std::string>> options;
    if (auto list = ctx.evaluation.List(who, ready)) {
      for (const auto& dossier : list->items) {
        std::string label = dossier.token;
        if (auto p = ctx.registry.GetProduct(dossier.product_id)) {
          label = p->fields.name + " (" + p->code + ")";
        }
        options.emplace_back(dossier.token, label);
      }
    }
    d.set("ready", Options(options, ""));
    d.set("none_ready", options.empty());
  }
  if (!notice.empty()) d.set("notice", notice);
  return HtmlPage(ctx, "round", d, status);
}

Response RoundAction(Request& r, WebContext& ctx, bool close) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.round.not_found"));
  Status s = Status::Ok();
  if (close) {
    s = ctx.council.CloseRound(*r.principal, *id);
  } else {
    auto values = FormOf(r);
    auto assigned = ctx.council.Assign(*r.principal, *id, values["token"]);
    if (!assigned) s = assigned.error();
  }
  if (s.ok()) return Response::Redirect("/rounds/" + std::to_string(*id));
  if (s.code() == Code::kInternal || s.code() == Code::kUnavailable ||
      s.code() == Code::kUnauthenticated) {
    return PageError(r, ctx, s);
  }
  return RoundPage(r, ctx, *id, ctx.catalog.Render(r.Language(), s.message()),
                   http::HttpStatusOf(s.code()));
}

// ---------- /dossiers/{token}/score ----------

struct SheetRedraw {
  int status = 200;
  std::string notice;
  std::map<std::string, std::string> errors;
  std::optional<domain::ScoreSheet> sheet;
  std::string reason;  // the conflict form's text
};

Response ScorePage(const Request& r, WebContext& ctx, const std::string& token,
                   const SheetRedraw& redraw) {
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  auto view = ctx.evaluation.Get(who, token);
  if (!view) return PageError(r, ctx, view.error());
  auto sheets = ctx.council.Sheets(who, token);
  if (!sheets) return PageError(r, ctx, sheets.error());
  const domain::Dossier& dossier = view->dossier;
  const auto* set = SetOfDossier(ctx.evaluation.rubrics(), dossier);
  if (!set) return PageError(r, ctx, FailedPrecondition("error.rubric.set_not_found"));
  auto round = ctx.council.GetRound(who, sheets->level == domain::CouncilLevel::kCentral
                                             ? dossier.central_round_id
                                             : dossier.round_id);
  if (!round) return PageError(r, ctx, round.error());
  const domain::RoundMember* me = round->FindMember(who.user_id);

  Data d = BaseData(r, ctx, "page.score.title");
  d.set("token", token);
  if (auto p = ctx.registry.GetProduct(dossier.product_id)) {
    d.set("product_name", p->fields.name);
    d.set("product_code", p->code);
  }
  d.set("round_name", round->name);
  d.set("round_id", std::to_string(round->id));
  d.set("attempt", std::to_string(sheets->attempt));
  d.set("rescore", sheets->attempt > 1);
  if (me) d.set("my_role", RoleLabel(ctx, lang, me->role));

  const bool conflicted =
      std::any_of(sheets->conflicts.begin(), sheets->conflicts.end(),
                  [&](const domain::Conflict& c) { return c.user_id == who.user_id; });
  const bool signed_it = sheets->own && sheets->own->signed_at;
  const bool scorer = me && me->role != domain::RoundRole::kAdvisory;
  d.set("conflicted", conflicted);
  for (const auto& c : sheets->conflicts) {
    if (c.user_id == who.user_id) d.set("conflict_reason", c.reason);
  }
  d.set("signed", signed_it);
  if (signed_it)
    d.set("signed_at", CivilDate::FromUnixInVietnam(*sheets->own->signed_at).ToDisplay());
  const bool editable = scorer && !conflicted && !signed_it;
  d.set("editable", editable);
  d.set("may_declare", scorer && !conflicted && !signed_it);
  if (!conflicted && scorer) {
    domain::ScoreSheet sheet;
    if (redraw.sheet) {
      sheet = *redraw.sheet;
    } else if (sheets->own) {
      sheet = sheets->own->sheet;
    }
    d.set("sheet_html", RenderSheet(ctx, lang, *set, sheet, editable, redraw.errors));
  }
  auto confirm_error = redraw.errors.find("confirm");
  if (confirm_error != redraw.errors.end()) d.set("confirm_error", confirm_error->second);
  d.set("reason", redraw.reason);
  auto reason_error = redraw.errors.find("reason");
  if (reason_error != redraw.errors.end()) d.set("reason_error", reason_error->second);

  // Who scores and who has signed: names only; the sheets stay private until
  // every member has signed.
  Data members{Data::type::list};
  for (const auto& name : sheets->scoring_members) {
    Data m;
    m.set("username", name);
    m.set("signed", std::find(sheets->signed_members.begin(), sheets->signed_members.end(), name) !=
                        sheets->signed_members.end());
    members.push_back(m);
  }
  d.set("members", members);
  d.set("signed_count", std::to_string(sheets->signed_members.size()));
  d.set("member_count", std::to_string(sheets->scoring_members.size()));
  d.set("all_signed", sheets->all_signed);
  if (sheets->all_signed) {
    Data totals{Data::type::list};
    auto add = [&](const domain::StoredSheet& s, bool own) {
      const SheetTotals t = TotalsOf(*set, s.sheet);
      Data row;
      row.set("member", s.sheet.member);
      row.set("own", own);
      Data parts{Data::type::list};
      for (const auto& part : set->parts) {
        Data p;
        p.set("id", part.id);
        p.set("points", ShowPoints(t.parts.at(part.id), lang));
        parts.push_back(p);
      }
      row.set("parts", parts);
      row.set("total", ShowPoints(s.total, lang));
      totals.push_back(row);
    };
    if (sheets->own) add(*sheets->own, true);
    for (const auto& s : sheets->others) add(s, false);
    d.set("totals", totals);
    Data part_ids{Data::type::list};
    for (const auto& part : set->parts) {
      Data p;
      p.set("id", part.id);
      part_ids.push_back(p);
    }
    d.set("part_ids", part_ids);
  }
  d.set("conflict_count", std::to_string(sheets->conflicts.size()));
  d.set("has_conflicts", !sheets->conflicts.empty());

  // The chair closes the session, naming a disqualifier if one applies.
  if (me && me->role == domain::RoundRole::kChair) {
    std::vector<std::pair<std::string, std::string>> options{
        {"", ctx.catalog.Text(lang, "page.score.no_disqualifier")}};
    for (const auto& dq : set->disqualifiers) {
      options.emplace_back(dq.id, dq.id + ". " + (lang == "en" ? dq.text_en : dq.text_vi));
    }
    d.set("chair", true);
    d.set("disqualifiers", Options(options, ""));
  }
  if (!redraw.notice.empty()) d.set("notice", redraw.notice);
  if (redraw.status == 200 && r.Query("saved") == "1") d.set("saved", true);
  if (redraw.status == 200 && r.Query("signed") == "1") d.set("just_signed", true);
  return HtmlPage(ctx, "score_sheet", d, redraw.status);
}

Response SaveSheet(Request& r, WebContext& ctx) {
  const std::string token = r.PathParam("token");
  const std::string lang = r.Language();
  auto values = FormOf(r);
  auto view = ctx.evaluation.Get(*r.principal, token);
  if (!view) return PageError(r, ctx, view.error());
  const auto* set = SetOfDossier(ctx.evaluation.rubrics(), view->dossier);
  if (!set) return PageError(r, ctx, FailedPrecondition("error.rubric.set_not_found"));
  const domain::ScoreSheet sheet = SheetFromForm(*set, values);
  const bool sign = values["intent"] == "sign";
  SheetRedraw redraw;
  redraw.sheet = sheet;
  // Signing is final: the member ticks that they know it.
  if (sign && values["confirm"] != "1") {
    redraw.status = 400;
    redraw.notice = ctx.catalog.Text(lang, "form.fix_errors");
    redraw.errors["confirm"] = ctx.catalog.Text(lang, "page.score.confirm_required");
    return ScorePage(r, ctx, token, redraw);
  }
  auto saved = ctx.council.SaveSheet(*r.principal, token, sheet, sign);
  if (saved)
    return Response::Redirect("/dossiers/" + token + (sign ? "/score?signed=1" : "/score?saved=1"));
  const Status& e = saved.error();
  if (e.code() == Code::kInternal || e.code() == Code::kUnavailable ||
      e.code() == Code::kNotFound) {
    return PageError(r, ctx, e);
  }
  redraw.status = http::HttpStatusOf(e.code());
  redraw.notice = e.code() == Code::kInvalidArgument
                      ? ctx.catalog.Text(lang, sign ? "page.score.incomplete" : "form.fix_errors")
                      : ctx.catalog.Render(lang, e.message());
  redraw.errors = FieldMessages(r, ctx, e);
  return ScorePage(r, ctx, token, redraw);
}

Response DeclareConflict(Request& r, WebContext& ctx) {
  const std::string token = r.PathParam("token");
  auto values = FormOf(r);
  Status s = ctx.council.DeclareConflict(*r.principal, token, values["reason"]);
  if (s.ok()) return Response::Redirect("/dossiers/" + token + "/score");
  if (s.code() == Code::kInternal || s.code() == Code::kUnavailable ||
      s.code() == Code::kNotFound) {
    return PageError(r, ctx, s);
  }
  SheetRedraw redraw;
  redraw.status = http::HttpStatusOf(s.code());
  redraw.notice = ctx.catalog.Render(r.Language(), s.message());
  redraw.errors = FieldMessages(r, ctx, s);
  redraw.reason = values["reason"];
  return ScorePage(r, ctx, token, redraw);
}

Response CloseSession(Request& r, WebContext& ctx) {
  const std::string token = r.PathParam("token");
  auto values = FormOf(r);
  auto closed = ctx.council.CloseSession(*r.principal, token, values["disqualifier"]);
  if (closed) {
    // A re-score keeps the dossier in the round: back to the sheet.
    const bool still =
        closed->state == DossierState::kInRound || closed->state == DossierState::kInCentralRound;
    return Response::Redirect("/dossiers/" + token + (still ? "/score" : ""));
  }
  const Status& e = closed.error();
  if (e.code() == Code::kInternal || e.code() == Code::kUnavailable ||
      e.code() == Code::kNotFound) {
    return PageError(r, ctx, e);
  }
  SheetRedraw redraw;
  redraw.status = http::HttpStatusOf(e.code());
  redraw.notice = ctx.catalog.Render(r.Language(), e.message());
  return ScorePage(r, ctx, token, redraw);
}

}  // namespace

void RegisterCouncilPages(http::Router& router, WebContext& ctx) {
  const auto round_readers = Access::Roles({Role::kNationalAdmin, Role::kProvincialOfficer,
                                            Role::kCouncilMember, Role::kAdvisoryMember});
  const auto offices = Access::Roles({Role::kNationalAdmin, Role::kProvincialOfficer});
  const auto members = Access::Roles({Role::kCouncilMember});
  router.Add(Method::kPost, "/rounds/council-policy", Access::Roles({Role::kProvincialOfficer}),
             Surface::kPage, [&ctx](Request& r) { return SavePolicy(r, ctx); });
  router.Add(Method::kGet, "/rounds", round_readers, Surface::kPage,
             [&ctx](Request& r) { return ListRounds(r, ctx); });
  router.Add(Method::kGet, "/rounds/new", offices, Surface::kPage, [&ctx](Request& r) {
    return RoundForm(r, ctx, {{"level", r.Query("level")}}, {}, "", 200);
  });
  router.Add(Method::kPost, "/rounds", offices, Surface::kPage,
             [&ctx](Request& r) { return OpenRound(r, ctx); });
  router.Add(Method::kGet, "/rounds/{id}", round_readers, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.round.not_found"));
    return RoundPage(r, ctx, *id, "", 200);
  });
  router.Add(Method::kPost, "/rounds/{id}/dossiers", offices, Surface::kPage,
             [&ctx](Request& r) { return RoundAction(r, ctx, false); });
  router.Add(Method::kPost, "/rounds/{id}/close", offices, Surface::kPage,
             [&ctx](Request& r) { return RoundAction(r, ctx, true); });
  router.Add(Method::kGet, "/dossiers/{token}/score", members, Surface::kPage,
             [&ctx](Request& r) { return ScorePage(r, ctx, r.PathParam("token"), {}); });
  router.Add(Method::kPost, "/dossiers/{token}/score", members, Surface::kPage,
             [&ctx](Request& r) { return SaveSheet(r, ctx); });
  router.Add(Method::kPost, "/dossiers/{token}/conflict", members, Surface::kPage,
             [&ctx](Request& r) { return DeclareConflict(r, ctx); });
  router.Add(Method::kPost, "/dossiers/{token}/session/close", members, Surface::kPage,
             [&ctx](Request& r) { return CloseSession(r, ctx); });
}

}  // namespace ocop::web

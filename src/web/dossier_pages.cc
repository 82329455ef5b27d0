// A producer's dossiers and the officers' review of them: /dossiers (the list
// each role may see), /dossiers/new, /dossiers/{token} (state in words, what
// is asked, history, Mẫu 01 and the self-assessment, evidence, the moves the
// user may make, the decision) and the small POST forms behind it.
#include <algorithm>
#include <cstdio>

#include "core/crypto.h"
#include "core/date.h"
#include "core/text.h"
#include "http/cookies.h"
#include "http/multipart.h"
#include "web/page_data.h"
#include "web/rubric_sheet.h"

namespace ocop::web {
namespace {

using domain::DossierAction;
using domain::DossierState;
using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr int kPerPage = 20;

// The roles that see dossiers at all (inspectors and laboratories do not).
const std::vector<Role> kReaderRoles = {Role::kNationalAdmin,  Role::kProvincialOfficer,
                                        Role::kCommuneOfficer, Role::kCouncilMember,
                                        Role::kAdvisoryMember, Role::kProducer};

// The moves of a dossier this page offers, in the order of its journey; the
// council's (assign, close session, decide) have pages of their own.
constexpr DossierAction kPageActions[] = {
    DossierAction::kSubmit,    DossierAction::kResubmit,      DossierAction::kCommuneReport,
    DossierAction::kReceive,   DossierAction::kStartReview,   DossierAction::kRequestAdditions,
    DossierAction::kSiteVisit, DossierAction::kRequestLabTest};

std::string TypeLabel(WebContext& ctx, const std::string& lang, domain::DossierType t) {
  return ctx.catalog.Text(lang, "page.dossier.type." + std::string(domain::DossierTypeId(t)));
}

// "dd/mm/yyyy hh:mm" in Vietnam's time.
std::string DateTime(std::int64_t unix_seconds) {
  const std::int64_t local = unix_seconds + 7 * 3600;
  const std::int64_t minutes = ((local % 86400) + 86400) % 86400 / 60;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return CivilDate::FromUnixInVietnam(unix_seconds).ToDisplay() + " " + hm;
}

void SetProduct(WebContext& ctx, Data& row, std::int64_t product_id) {
  if (auto p = ctx.registry.GetProduct(product_id)) {
    row.set("product_name", p->fields.name);
    row.set("product_code", p->code);
  } else {
    row.set("product_name", "#" + std::to_string(product_id));
  }
  row.set("product_id", std::to_string(product_id));
}

Data ListRow(WebContext& ctx, const std::string& lang, const domain::Dossier& d) {
  Data row;
  row.set("token", d.token);
  SetProduct(ctx, row, d.product_id);
  row.set("type", TypeLabel(ctx, lang, d.type));
  row.set("state", StateLabel(ctx, lang, d.state));
  row.set("state_id", std::string(domain::DossierStateId(d.state)));
  row.set("updated", CivilDate::FromUnixInVietnam(d.updated_at).ToDisplay());
  row.set("awaits_producer", domain::AwaitsProducer(d.state));
  return row;
}

Response List(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  Data d = BaseData(r, ctx, "page.dossier.list_title");
  domain::DossierFilter f;
  const std::string state = r.Query("state");
  f.state = domain::ParseDossierState(state);
  Data rows{Data::type::list};
  std::int64_t total = 0;
  const int page = PageNumber(r);
  if (who.role == Role::kCouncilMember || who.role == Role::kAdvisoryMember) {
    // Members see the dossiers of their rounds, round by round.
    auto rounds = ctx.council.ListRounds(who);
    if (!rounds) return PageError(r, ctx, rounds.error());
    for (const auto& round : *rounds) {
      f.round_id = round.id;
      f.limit = 200;
      auto list = ctx.evaluation.List(who, f);
      if (!list) return PageError(r, ctx, list.error());
      for (const auto& dossier : list->items) {
        Data row = ListRow(ctx, lang, dossier);
        row.set("round", round.name);
        rows.push_back(row);
        ++total;
      }
    }
    SetPager(d, "/dossiers?state=" + http::UrlEncode(state), 1, total, std::max<int>(1, total));
  } else {
    f.limit = kPerPage;
    f.offset = (page - 1) * kPerPage;
    auto list = ctx.evaluation.List(who, f);
    if (!list) return PageError(r, ctx, list.error());
    for (const auto& dossier : list->items) rows.push_back(ListRow(ctx, lang, dossier));
    total = list->total;
    SetPager(d, "/dossiers?state=" + http::UrlEncode(state), page, total, kPerPage);
  }
  d.set("rows", rows);
  d.set("empty", total == 0);
  d.set("total", std::to_string(total));
  std::vector<std::pair<std::string, std::string>> states{
      {"", ctx.catalog.Text(lang, "filter.any")}};
  for (int i = 0; i <= static_cast<int>(DossierState::kNotRecognised); ++i) {
    auto s = static_cast<DossierState>(i);
    states.emplace_back(std::string(domain::DossierStateId(s)), StateLabel(ctx, lang, s));
  }
  d.set("states", Options(states, state));
  d.set("may_create", std::find(domain::kEditorRoles.begin(), domain::kEditorRoles.end(),
                                who.role) != domain::kEditorRoles.end());
  return HtmlPage(ctx, "dossiers", d);
}

// ---------- /dossiers/new ----------

Response NewForm(const Request& r, WebContext& ctx, std::map<std::string, std::string> values,
                 const std::map<std::string, std::string>& errors, const std::string& notice,
                 int status) {
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  Data d = BaseData(r, ctx, "page.dossier.new_title");
  domain::ProductFilter f;
  f.limit = 500;
  if (who.role == Role::kProducer) f.producer_id = who.producer_id;
  if (who.role == Role::kProvincialOfficer) f.province_code = who.province_code;
  if (who.role == Role::kCommuneOfficer) f.commune_code = who.commune_code;
  std::vector<std::pair<std::string, std::string>> products{{"", ""}};
  if (auto page = ctx.registry.ListProducts(f)) {
    for (const auto& p : page->items) {
      products.emplace_back(std::to_string(p.id), p.fields.name + " (" + p.code + ")");
    }
  }
  d.set("products", Options(products, values["product_id"]));
  d.set("no_products", products.size() == 1);
  std::vector<std::pair<std::string, std::string>> types;
  for (auto t : {domain::DossierType::kFirst, domain::DossierType::kUpgrade,
                 domain::DossierType::kReevaluation}) {
    types.emplace_back(std::string(domain::DossierTypeId(t)), TypeLabel(ctx, lang, t));
  }
  d.set("types", Options(types, values["type"].empty() ? "first" : values["type"]));
  d.set("from_previous", values["from_previous"] == "1");
  Data form;
  for (const char* name : {"product_id", "type"}) form.set(name, Field(values[name], errors, name));
  d.set("f", form);
  if (!notice.empty()) d.set("notice", notice);
  return HtmlPage(ctx, "dossier_form", d, status);
}

Response Create(Request& r, WebContext& ctx) {
  auto values = FormOf(r);
  const std::string lang = r.Language();
  std::map<std::string, std::string> errors;
  domain::NewDossier in;
  const std::string& product = values["product_id"];
  if (text::IsDigits(product) && !product.empty() && product.size() < 18) {
    in.product_id = std::stoll(product);
  } else {
    errors["product_id"] = ctx.catalog.Text(lang, "error.field.required");
  }
  auto type = domain::ParseDossierType(values["type"]);
  if (type) {
    in.type = *type;
  } else {
    errors["type"] = ctx.catalog.Text(lang, "page.dossier.type_required");
  }
  in.from_previous = values["from_previous"] == "1";
  if (!errors.empty()) {
    return NewForm(r, ctx, values, errors, ctx.catalog.Text(lang, "form.fix_errors"), 400);
  }
  auto created = ctx.evaluation.Create(*r.principal, in);
  if (created) return Response::Redirect("/dossiers/" + created->token);
  const Status& e = created.error();
  if (e.code() == Code::kInternal || e.code() == Code::kUnavailable) return PageError(r, ctx, e);
  return NewForm(r, ctx, values, FieldMessages(r, ctx, e), ctx.catalog.Render(lang, e.message()),
                 http::HttpStatusOf(e.code()));
}

// ---------- /dossiers/{token} ----------

// What a redrawn dossier page carries after a failed form: the alert, the
// fields' messages, the submitted values and which form failed.
struct Redraw {
  int status = 200;
  std::string notice;
  std::map<std::string, std::string> errors;
  std::map<std::string, std::string> values;
  std::string failed;  // "edit", "evidence", "decision" or an action id
  std::optional<domain::ScoreSheet> sheet;
  std::int64_t version = 0;
};

Redraw FailedWith(const Request& r, WebContext& ctx, const Status& e, std::string failed,
                  std::map<std::string, std::string> values) {
  Redraw redraw;
  redraw.status = http::HttpStatusOf(e.code());
  redraw.notice = e.code() == Code::kInvalidArgument
                      ? ctx.catalog.Text(r.Language(), "form.fix_errors")
                      : ctx.catalog.Render(r.Language(), e.message());
  redraw.errors = FieldMessages(r, ctx, e);
  redraw.values = std::move(values);
  redraw.failed = std::move(failed);
  return redraw;
}

// The reasons of the last request for additions, shown to the producer.
std::string LastNoteOf(const std::vector<domain::DossierEvent>& history,
                       const std::string& action) {
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (it->action == action) return it->note;
  }
  return "";
}

Data ActionsData(const Request& r, WebContext& ctx, const domain::Dossier& dossier,
                 const Redraw& redraw) {
  const std::string lang = r.Language();
  const Role role = r.principal->role;
  Data actions{Data::type::list};
  for (DossierAction a : kPageActions) {
    if (!domain::RoleMayTake(role, a) || !domain::CheckTransition(dossier.state, a).ok()) continue;
    const std::string id(domain::DossierActionId(a));
    Data row;
    row.set("id", id);
    row.set("label", ctx.catalog.Text(lang, "page.dossier.action." + id));
    row.set("hint", ctx.catalog.Text(lang, "page.dossier.action_hint." + id));
    const bool note_required = a == DossierAction::kRequestAdditions ||
                               a == DossierAction::kSiteVisit ||
                               a == DossierAction::kRequestLabTest;
    const bool report = a == DossierAction::kCommuneReport;
    row.set("is_report", report);
    row.set("has_note", note_required || report);
    row.set("note_required", note_required);
    row.set("note_label", ctx.catalog.Text(lang, report ? "page.dossier.report.notes"
                                                        : "page.dossier.note." + id));
    const bool failed = redraw.failed == id;
    auto value = [&](const std::string& name) {
      auto it = redraw.values.find(name);
      return failed && it != redraw.values.end() ? it->second : std::string();
    };
    row.set("note_value", value("note"));
    if (report) {
      Data items{Data::type::list};
      for (const char* item : {"local_materials", "local_labour", "local_idea", "local_identity"}) {
        Data i;
        i.set("name", std::string(item));
        i.set("label", ctx.catalog.Text(lang, std::string("page.dossier.report.") + item));
        i.set("checked", value(item) == "1");
        items.push_back(i);
      }
      row.set("items", items);
      row.set("recommend_no", failed && value("recommend") == "0");
    }
    if (failed) {
      // An unfinished self-assessment names its criteria once, not one message each.
      std::string error, missing;
      for (const auto& [field, message] : redraw.errors) {
        if (field.rfind("sheet.choices.", 0) != 0) error += (error.empty() ? "" : " ") + message;
      }
      if (const auto* set = SetOfDossier(ctx.evaluation.rubrics(), dossier)) {
        for (const auto* c : set->Criteria()) {  // in printed order
          if (redraw.errors.count("sheet.choices." + c->id)) {
            missing += (missing.empty() ? "" : ", ") + c->id;
          }
        }
      }
      if (!missing.empty()) {
        error +=
            (error.empty() ? "" : " ") +
            ctx.catalog.Render(lang, {"page.dossier.sheet_incomplete", {{"criteria", missing}}});
      }
      if (error.empty()) error = redraw.notice;
      row.set("error", error);
    }
    actions.push_back(row);
  }
  return actions;
}

Data FactsData(WebContext& ctx, const std::string& lang, const domain::DossierView& v) {
  const domain::Dossier& dossier = v.dossier;
  Data f;
  f.set("token", dossier.token);
  SetProduct(ctx, f, dossier.product_id);
  if (auto producer = ctx.registry.GetProducer(dossier.producer_id)) {
    f.set("producer_name", producer->fields.name);
  }
  f.set("producer_id", std::to_string(dossier.producer_id));
  f.set("type", TypeLabel(ctx, lang, dossier.type));
  f.set("state", StateLabel(ctx, lang, dossier.state));
  f.set("state_id", std::string(domain::DossierStateId(dossier.state)));
  f.set("rubric_version", dossier.rubric_version);
  if (const auto* s = ctx.registry.product_sets().Find(dossier.product_set)) {
    f.set("set", std::to_string(s->number) + ". " + (lang == "en" ? s->name_en : s->name_vi));
  }
  if (dossier.submitted_on) f.set("submitted_on", dossier.submitted_on->ToDisplay());
  if (dossier.commune_deadline) f.set("commune_deadline", dossier.commune_deadline->ToDisplay());
  if (dossier.round_id) f.set("round_id", std::to_string(dossier.round_id));
  f.set("round_name", "#" + std::to_string(dossier.round_id));
  if (dossier.central_round_id) f.set("central_round_id", std::to_string(dossier.central_round_id));
  if (dossier.attempt > 1) f.set("attempt", std::to_string(dossier.attempt));
  if (dossier.mean) {
    f.set("mean", ShowPoints(*dossier.mean, lang));
    f.set("stars", std::to_string(dossier.stars));
  }
  if (dossier.central_mean) {
    f.set("central_mean", ShowPoints(*dossier.central_mean, lang));
    f.set("central_stars", std::to_string(dossier.central_stars));
  }
  if (!dossier.result_note.empty()) {
    f.set("result_note", dossier.result_note == "rescore"
                             ? ctx.catalog.Text(lang, "page.dossier.rescore")
                             : dossier.result_note);
  }
  if (!dossier.decision_number.empty()) {
    f.set("decision_number", dossier.decision_number);
    f.set("decision_signer", dossier.decision_signer);
    if (dossier.decision_date) f.set("decision_date", dossier.decision_date->ToDisplay());
  }
  if (dossier.state == DossierState::kRecognised) {
    domain::CertificateFilter cf;
    cf.product_id = dossier.product_id;
    cf.limit = 20;
    if (auto certs = ctx.certification.List(cf, "")) {
      for (const auto& c : certs->items) {
        if (c.certificate.dossier_id == dossier.id) f.set("certificate", c.certificate.number);
      }
    }
  }
  if (const auto& report = dossier.commune_report) {
    Data rep;
    auto yes_no = [&](bool b) {
      return ctx.catalog.Text(lang, b ? "page.dossier.report.yes" : "page.dossier.report.no");
    };
    rep.set("local_materials", yes_no(report->local_materials));
    rep.set("local_labour", yes_no(report->local_labour));
    rep.set("local_idea", yes_no(report->local_idea));
    rep.set("local_identity", yes_no(report->local_identity));
    rep.set("recommend",
            ctx.catalog.Text(lang, report->recommend ? "page.dossier.report.recommend"
                                                     : "page.dossier.report.not_recommend"));
    rep.set("notes", report->notes);
    rep.set("reported_on", report->reported_on.ToDisplay());
    rep.set("late", report->late);
    f.set("report", rep);
  }
  return f;
}

Response DossierPage(const Request& r, WebContext& ctx, const std::string& token,
                     const Redraw& redraw) {
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  auto view = ctx.evaluation.Get(who, token);
  if (!view) return PageError(r, ctx, view.error());
  const domain::Dossier& dossier = view->dossier;
  Data d = BaseData(r, ctx, "page.dossier.title");
  d.set("token", dossier.token);
  Data facts = FactsData(ctx, lang, *view);
  // The round by name for those who may open it; its number for the others.
  if (dossier.round_id) {
    if (auto round = ctx.council.GetRound(who, dossier.round_id)) {
      facts.set("round_name", round->name);
      facts.set("round_link", true);
    }
  }
  d.set("dossier", facts);
  if (!redraw.notice.empty()) d.set("notice", redraw.notice);
  d.set("saved", redraw.status == 200 && r.Query("saved") == "1");

  // What is asked of the producer, in words.
  if (who.role == Role::kProducer) {
    std::vector<std::pair<std::string, std::string>> args;
    if (dossier.commune_deadline)
      args.emplace_back("deadline", dossier.commune_deadline->ToDisplay());
    d.set("ask", ctx.catalog.Render(lang, {"page.dossier.ask." +
                                               std::string(domain::DossierStateId(dossier.state)),
                                           args}));
    d.set("ask_urgent", domain::AwaitsProducer(dossier.state));
  }
  if (dossier.state == DossierState::kAdditionsRequested) {
    d.set("additions_reason", LastNoteOf(view->history, "request_additions"));
  }

  Data history{Data::type::list};
  for (const auto& e : view->history) {
    Data row;
    row.set("when", DateTime(e.at));
    row.set("who", e.actor);
    row.set("action", ctx.catalog.Text(lang, "page.dossier.action." + e.action));
    row.set("moved", e.from != e.to);
    row.set("from", StateLabel(ctx, lang, e.from));
    row.set("to", StateLabel(ctx, lang, e.to));
    row.set("note", e.note);
    row.set("has_note", !e.note.empty());  // an empty string would open the section
    history.push_back(row);
  }
  d.set("history", history);

  // Mẫu 01 and the self-assessment: a form while the producer prepares it.
  const bool editable =
      who.role != Role::kCouncilMember && who.role != Role::kAdvisoryMember &&
      domain::RegistryService::MayEdit(who, dossier.province_code, dossier.commune_code,
                                       dossier.producer_id) &&
      domain::AwaitsProducer(dossier.state);
  d.set("editable", editable);
  const bool redrawn_edit = redraw.failed == "edit";
  std::map<std::string, std::string> form_values{{"scale", dossier.form.scale},
                                                 {"raw_materials", dossier.form.raw_materials},
                                                 {"markets", dossier.form.markets},
                                                 {"story", dossier.form.story},
                                                 {"changes", dossier.form.changes}};
  if (redrawn_edit) {
    for (auto& [k, v] : form_values) {
      auto it = redraw.values.find(k);
      v = it == redraw.values.end() ? "" : it->second;
    }
  }
  Data form;
  for (const auto& [k, v] : form_values) form.set(k, Field(v, redraw.errors, k));
  d.set("f", form);
  d.set("has_changes", dossier.type != domain::DossierType::kFirst);
  d.set("version",
        std::to_string(redrawn_edit && redraw.version ? redraw.version : dossier.version));
  if (const auto* set = SetOfDossier(ctx.evaluation.rubrics(), dossier)) {
    const domain::ScoreSheet& sheet =
        redrawn_edit && redraw.sheet ? *redraw.sheet : dossier.self_assessment;
    d.set("sheet_html",
          RenderSheet(ctx, lang, *set, sheet, editable,
                      redrawn_edit ? redraw.errors : std::map<std::string, std::string>{}));
  }
  if (view->self_total) d.set("self_total", ShowPoints(*view->self_total, lang));
  if (!view->changed_criteria.empty()) {
    std::string changed;
    for (const auto& id : view->changed_criteria) changed += (changed.empty() ? "" : ", ") + id;
    d.set("changed_criteria", changed);
  }

  Data evidence{Data::type::list};
  for (const auto& e : view->evidence) {
    Data row;
    row.set("name", e.file_name);
    row.set("sha256", e.sha256);
    row.set("mime", e.mime);
    row.set("size_kb", std::to_string((e.size + 1023) / 1024));
    std::string criteria;
    for (const auto& c : e.criteria) criteria += (criteria.empty() ? "" : ", ") + c;
    row.set("criteria", criteria);
    row.set("has_criteria", !criteria.empty());
    row.set("uploaded", CivilDate::FromUnixInVietnam(e.uploaded_at).ToDisplay());
    evidence.push_back(row);
  }
  d.set("evidence", evidence);
  d.set("no_evidence", view->evidence.empty());
  if (redraw.failed == "evidence") {
    std::string error;
    for (const auto& [field, message] : redraw.errors)
      error += (error.empty() ? "" : " ") + message;
    d.set("evidence_error", error.empty() ? redraw.notice : error);
    d.set("evidence_criteria", redraw.values.count("criteria") ? redraw.values.at("criteria") : "");
  }
  d.set("max_evidence_mb",
        std::to_string(ctx.evaluation.settings().max_evidence_bytes / (1024 * 1024)));

  d.set("actions", ActionsData(r, ctx, dossier, redraw));

  // The council's page, and the round for the office.
  const bool in_session =
      dossier.state == DossierState::kInRound || dossier.state == DossierState::kInCentralRound;
  d.set("score_link", in_session && who.role == Role::kCouncilMember);
  d.set("assign_hint",
        dossier.state == DossierState::kAdvisoryReview && who.role == Role::kProvincialOfficer);

  // The decision: the province on its council's result (or one returned by
  // the ministry), the ministry on the central council's.
  const bool decides =
      (who.role == Role::kProvincialOfficer &&
       (dossier.state == DossierState::kScored ||
        dossier.state == DossierState::kReturnedToProvince)) ||
      (who.role == Role::kNationalAdmin && dossier.state == DossierState::kCentralScored);
  if (decides) {
    Data decision;
    const bool failed = redraw.failed == "decision";
    auto value = [&](const std::string& name, const std::string& fallback) {
      auto it = redraw.values.find(name);
      return failed && it != redraw.values.end() ? it->second : fallback;
    };
    const auto& errors = failed ? redraw.errors : std::map<std::string, std::string>{};
    decision.set("number", Field(value("number", ""), errors, "number"));
    decision.set(
        "date",
        Field(value("date", CivilDate::FromUnixInVietnam(ctx.clock.NowUnixSeconds()).ToDisplay()),
              errors, "date"));
    decision.set("signer", Field(value("signer", ""), errors, "signer"));
    const int stars = dossier.state == DossierState::kReturnedToProvince
                          ? domain::ProvincialStarsAfterReturn(dossier.central_stars)
                      : dossier.state == DossierState::kCentralScored ? dossier.central_stars
                                                                      : dossier.stars;
    const auto outcome =
        dossier.state == DossierState::kReturnedToProvince
            ? (stars >= 3 ? domain::DecisionOutcome::kRecognised
                          : domain::DecisionOutcome::kNotRecognised)
            : domain::OutcomeOf(stars, dossier.state == DossierState::kCentralScored);
    decision.set("outcome",
                 ctx.catalog.Render(lang, {"page.dossier.outcome." +
                                               std::string(domain::DecisionOutcomeId(outcome)),
                                           {{"stars", std::to_string(stars)}}}));
    d.set("decision", decision);
  }
  return HtmlPage(ctx, "dossier", d, redraw.status);
}

Response SaveForm(Request& r, WebContext& ctx) {
  const std::string token = r.PathParam("token");
  auto values = FormOf(r);
  auto view = ctx.evaluation.Get(*r.principal, token);
  if (!view) return PageError(r, ctx, view.error());
  const auto* set = SetOfDossier(ctx.evaluation.rubrics(), view->dossier);
  if (!set) return PageError(r, ctx, FailedPrecondition("error.rubric.set_not_found"));
  const domain::ScoreSheet sheet = SheetFromForm(*set, values);
  const domain::RegistrationForm form{values["scale"], values["raw_materials"], values["markets"],
                                      values["story"], values["changes"]};
  const std::int64_t version = SubmittedVersion(values);
  auto saved = ctx.evaluation.Edit(*r.principal, token, form, sheet, version);
  if (saved) return Response::Redirect("/dossiers/" + token + "?saved=1#form");
  Redraw redraw = FailedWith(r, ctx, saved.error(), "edit", values);
  redraw.sheet = sheet;
  redraw.version = version;
  if (saved.error().message().key == "error.version.stale") {
    redraw.version = std::stoll(saved.error().detail());
  }
  if (redraw.status >= 500) return PageError(r, ctx, saved.error());
  return DossierPage(r, ctx, token, redraw);
}

Response Act(Request& r, WebContext& ctx) {
  const std::string token = r.PathParam("token");
  auto values = FormOf(r);
  auto action = domain::ParseDossierAction(values["action"]);
  if (!action) {
    return PageError(r, ctx, InvalidArgument("error.dossier.action"));
  }
  domain::DossierMove move;
  move.action = *action;
  move.note = values["note"];
  if (*action == DossierAction::kCommuneReport) {
    domain::CommuneReport report;
    report.local_materials = values["local_materials"] == "1";
    report.local_labour = values["local_labour"] == "1";
    report.local_idea = values["local_idea"] == "1";
    report.local_identity = values["local_identity"] == "1";
    report.recommend = values["recommend"] != "0";
    move.report = report;
  }
  auto moved = ctx.evaluation.Move(*r.principal, token, move);
  if (moved) return Response::Redirect("/dossiers/" + token);
  if (http::HttpStatusOf(moved.error().code()) >= 500 || moved.error().code() == Code::kNotFound) {
    return PageError(r, ctx, moved.error());
  }
  return DossierPage(r, ctx, token, FailedWith(r, ctx, moved.error(), values["action"], values));
}

Response Decide(Request& r, WebContext& ctx) {
  const std::string token = r.PathParam("token");
  auto values = FormOf(r);
  domain::DecisionInput in{values["number"], IsoDate(values["date"]), values["signer"]};
  auto decided = ctx.council.Decide(*r.principal, token, in);
  if (decided) return Response::Redirect("/dossiers/" + token);
  if (http::HttpStatusOf(decided.error().code()) >= 500 ||
      decided.error().code() == Code::kNotFound) {
    return PageError(r, ctx, decided.error());
  }
  return DossierPage(r, ctx, token, FailedWith(r, ctx, decided.error(), "decision", values));
}

// The evidence upload, a multipart form (the router checks its _csrf field).
Response Upload(Request& r, WebContext& ctx) {
  const std::string token = r.PathParam("token");
  auto parts = http::ParseMultipart(r.Header("content-type"), r.body, 8);
  std::map<std::string, const http::MultipartPart*> by_name;
  if (parts) {
    for (const auto& p : *parts) by_name.emplace(p.name, &p);
  }
  if (!parts) return DossierPage(r, ctx, token, FailedWith(r, ctx, parts.error(), "evidence", {}));
  std::map<std::string, std::string> values;
  std::vector<std::string> criteria;
  if (auto it = by_name.find("criteria"); it != by_name.end()) {
    values["criteria"] = it->second->data;
    std::string current;
    for (char ch : it->second->data + ",") {
      if (ch == ',' || ch == ';' || std::isspace(static_cast<unsigned char>(ch))) {
        if (!current.empty()) criteria.push_back(current);
        current.clear();
      } else {
        current += ch;
      }
    }
  }
  auto file = by_name.find("file");
  if (file == by_name.end() || file->second->data.empty()) {
    return DossierPage(r, ctx, token,
                       FailedWith(r, ctx,
                                  InvalidArgument("error.invalid_input",
                                                  {{"file", {"page.dossier.file_required"}}}),
                                  "evidence", values));
  }
  auto attached = ctx.evaluation.AttachEvidence(*r.principal, token, file->second->filename,
                                                file->second->data, criteria);
  if (attached) return Response::Redirect("/dossiers/" + token + "#evidence");
  if (http::HttpStatusOf(attached.error().code()) >= 500 ||
      attached.error().code() == Code::kNotFound) {
    return PageError(r, ctx, attached.error());
  }
  return DossierPage(r, ctx, token, FailedWith(r, ctx, attached.error(), "evidence", values));
}

Response Download(Request& r, WebContext& ctx) {
  auto file =
      ctx.evaluation.EvidenceFile(*r.principal, r.PathParam("token"), r.PathParam("sha256"));
  if (!file) return PageError(r, ctx, file.error());
  auto& [evidence, bytes] = *file;
  return Response::Attachment(std::move(bytes), evidence.mime, evidence.file_name);
}

}  // namespace

void RegisterDossierPages(http::Router& router, WebContext& ctx) {
  const auto readers = Access::Roles(kReaderRoles);
  const auto editors = Access::Roles(domain::kEditorRoles);
  router.Add(Method::kGet, "/dossiers", readers, Surface::kPage,
             [&ctx](Request& r) { return List(r, ctx); });
  router.Add(Method::kGet, "/dossiers/new", editors, Surface::kPage, [&ctx](Request& r) {
    std::map<std::string, std::string> values{{"type", "first"}, {"from_previous", "1"}};
    values["product_id"] = r.Query("product_id");
    return NewForm(r, ctx, values, {}, "", 200);
  });
  router.Add(Method::kPost, "/dossiers", editors, Surface::kPage,
             [&ctx](Request& r) { return Create(r, ctx); });
  router.Add(Method::kGet, "/dossiers/{token}", readers, Surface::kPage,
             [&ctx](Request& r) { return DossierPage(r, ctx, r.PathParam("token"), Redraw{}); });
  router.Add(Method::kPost, "/dossiers/{token}", editors, Surface::kPage,
             [&ctx](Request& r) { return SaveForm(r, ctx); });
  router.Add(Method::kPost, "/dossiers/{token}/evidence", editors, Surface::kPage,
             [&ctx](Request& r) { return Upload(r, ctx); });
  router.Add(Method::kGet, "/dossiers/{token}/evidence/{sha256}", readers, Surface::kPage,
             [&ctx](Request& r) { return Download(r, ctx); });
  router.Add(Method::kPost, "/dossiers/{token}/actions",
             Access::Roles({Role::kNationalAdmin, Role::kProvincialOfficer, Role::kCommuneOfficer,
                            Role::kAdvisoryMember, Role::kProducer}),
             Surface::kPage, [&ctx](Request& r) { return Act(r, ctx); });
  router.Add(Method::kPost, "/dossiers/{token}/decision",
             Access::Roles({Role::kNationalAdmin, Role::kProvincialOfficer}), Surface::kPage,
             [&ctx](Request& r) { return Decide(r, ctx); });
}

}  // namespace ocop::web

// The public verification page (/v/{number}) a shopper reaches from a
// package's QR code, the public search of the register (/certificates), the
// officers' view of one certificate with its revocation, suspension and
// inspection forms (/certificates/{number}), the province's 90-day renewals
// dashboard (/province/renewals) and the user's inbox (/inbox).
#include <algorithm>
#include <string_view>

#include "core/date.h"
#include "core/text.h"
#include "domain/traceability/recall_service.h"
#include "web/certificate_verdict.h"
#include "web/page_data.h"

namespace ocop::web {
namespace {

using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr int kPerPage = 20;
constexpr int kDashboardDays = 90;
constexpr int kInboxSize = 100;
constexpr std::size_t kMaxNumberLength = 100;  // as the JSON answer: longer is never one

constexpr std::string_view kStatuses[] = {"valid",   "renewal_window", "grace",
                                          "expired", "revoked",        "suspended"};

// Officers who see a certificate's management page; the first two may also
// revoke and suspend (in their scope), the inspector records inspections.
const std::vector<Role> kViewers = {Role::kNationalAdmin, Role::kProvincialOfficer,
                                    Role::kInspector};
const std::vector<Role> kOverseers = {Role::kNationalAdmin, Role::kProvincialOfficer};

std::string Fill(WebContext& ctx, const std::string& lang, const std::string& key,
                 std::vector<std::pair<std::string, std::string>> args) {
  return ctx.catalog.Render(lang, Message{key, std::move(args)});
}

std::string ProvinceName(WebContext& ctx, const std::string& code) {
  const auto* p = ctx.registry.geography().FindProvince(code);
  return p ? p->name : code;
}

std::string StatusLabel(WebContext& ctx, const std::string& lang, domain::CertificateStatus s) {
  return ctx.catalog.Text(
      lang, "page.certificates.status." + std::string(domain::CertificateStatusId(s)));
}

// The facts printed on a certificate, for both the public and the officers'
// page: product, producer, province, stars, number, dates.
Data CertificateFacts(WebContext& ctx, const std::string& lang, const domain::Certificate& c) {
  Data f;
  f.set("number", c.number);
  f.set("number_path", http::UrlEncode(c.number));
  f.set("product", c.product_name);
  f.set("producer", c.producer_name);
  f.set("province", ProvinceName(ctx, c.province_code));
  f.set("stars", std::to_string(c.stars));
  f.set("star_glyphs", StarGlyphs(c.stars));
  f.set("stars_text", StarsText(ctx, lang, c.stars));
  f.set("issued", c.issued.ToDisplay());
  f.set("expires", c.expires.ToDisplay());
  f.set("authority", c.authority);
  f.set("decision", c.decision_number);
  // Mustache shows a section for any string, even an empty one: set only what there is.
  if (!c.signer.empty()) f.set("signer", c.signer);
  if (!c.rubric_version.empty()) f.set("rubric", c.rubric_version);
  f.set("imported", c.source == domain::CertificateSource::kImported);
  return f;
}

// The verification page's own small base: only the texts it shows (the
// shopper's scan must stay cheap), the language switch and today's date.
Data VerifyBase(const Request& r, WebContext& ctx, const std::string& lang) {
  Data d;
  SetLanguageSwitch(d, r, lang);
  d.set("checked_on",
        Fill(ctx, lang, "page.verify.checked_on", {{"date", Today(ctx).ToDisplay()}}));
  return d;
}

Response VerifyResponse(WebContext& ctx, const Data& d, int status) {
  const Data* lang = d.get("lang");
  Response resp =
      Response::Html(status, ctx.templates.Render("verify", d, TextsOf(ctx, lang->string_value())));
  SetVerdictPageHeaders(resp);
  return resp;
}

// ---------- /certificates: the public register ----------

Data StatusOptions(WebContext& ctx, const std::string& lang, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> values{
      {"", ctx.catalog.Text(lang, "filter.any")}};
  for (auto id : kStatuses) {
    values.emplace_back(std::string(id),
                        ctx.catalog.Text(lang, "page.certificates.status." + std::string(id)));
  }
  return Options(values, selected);
}

Data StarOptions(WebContext& ctx, const std::string& lang, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> values{
      {"", ctx.catalog.Text(lang, "filter.any")}};
  for (int n = 3; n <= 5; ++n) {
    values.emplace_back(std::to_string(n), StarGlyphs(n) + " " + StarsText(ctx, lang, n));
  }
  return Options(values, selected);
}

bool MayView(const domain::Principal& p) {
  return std::find(kViewers.begin(), kViewers.end(), p.role) != kViewers.end();
}

Response Search(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.certificates.title");
  const auto& geo = ctx.registry.geography();
  // Unknown filter values mean "any", as on the other lists.
  std::string province = r.Query("province");
  if (!geo.FindProvince(province)) province.clear();
  std::string stars = r.Query("stars");
  if (stars != "3" && stars != "4" && stars != "5") stars.clear();
  std::string status = r.Query("status");
  if (std::find(std::begin(kStatuses), std::end(kStatuses), status) == std::end(kStatuses)) {
    status.clear();
  }
  const std::string q = SearchText(r);
  domain::CertificateFilter f;
  f.province_code = province;
  f.stars = stars.empty() ? 0 : std::stoi(stars);
  f.q_folded = text::FoldForSearch(text::Trim(q));
  const int page = PageNumber(r);
  f.limit = kPerPage;
  f.offset = (page - 1) * kPerPage;
  auto result = ctx.certification.List(f, status);
  if (!result) return PageError(r, ctx, result.error());
  // "Manage" only where the officer may open the certificate's page.
  auto manages = [&](const domain::Certificate& c) {
    if (!r.principal || !MayView(*r.principal)) return false;
    return r.principal->role != Role::kProvincialOfficer ||
           r.principal->province_code == c.province_code;
  };
  Data rows{Data::type::list};
  for (const auto& v : result->items) {
    Data row = CertificateFacts(ctx, lang, v.certificate);
    const CertificateTone tone = ToneOf(v.state.status);
    row.set("tone", tone.css);
    row.set("icon", tone.icon);
    row.set("status", std::string(domain::CertificateStatusId(v.state.status)));
    row.set("status_label", StatusLabel(ctx, lang, v.state.status));
    row.set("officer", manages(v.certificate));
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("empty", result->items.empty());
  d.set("total", std::to_string(result->total));
  d.set("q", q);
  d.set("provinces", ProvinceOptions(ctx, province));
  d.set("star_options", StarOptions(ctx, lang, stars));
  d.set("status_options", StatusOptions(ctx, lang, status));
  d.set("renewals_link", r.principal && (r.principal->role == Role::kNationalAdmin ||
                                         r.principal->role == Role::kProvincialOfficer));
  const std::string base = "/certificates?q=" + http::UrlEncode(q) +
                           "&province=" + http::UrlEncode(province) + "&stars=" + stars +
                           "&status=" + status;
  SetPager(d, base, page, result->total, kPerPage);
  return HtmlPage(ctx, "certificates", d);
}

// ---------- /certificates/{number}: the officers' view ----------

// One form of the page, redrawn with what was typed and its errors.
struct FormState {
  std::string which;  // "revoke", "suspend", "reinstate", "inspect" or ""
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> errors;
  std::string notice;
};

Data FormData(const FormState& s, const std::string& which,
              std::initializer_list<const char*> names) {
  Data f;
  const bool mine = s.which == which;
  static const std::map<std::string, std::string> kNone;
  for (const char* name : names) {
    auto it = mine ? s.values.find(name) : s.values.end();
    f.set(name, Field(it != s.values.end() ? it->second : "", mine ? s.errors : kNone, name));
  }
  if (mine && !s.notice.empty()) f.set("notice", s.notice);
  return f;
}

Response Detail(const Request& r, WebContext& ctx, const std::string& number, const FormState& form,
                int status) {
  const std::string lang = r.Language();
  auto v = ctx.certification.Verify(number, std::nullopt);
  if (!v) return PageError(r, ctx, v.error());
  const domain::Certificate& c = v->certificate;
  const auto& who = *r.principal;
  if (who.role == Role::kProvincialOfficer && who.province_code != c.province_code) {
    return PageError(r, ctx, PermissionDenied("error.scope"));
  }
  auto inspections = ctx.certification.Inspections(number);
  if (!inspections) return PageError(r, ctx, inspections.error());

  Data d = BaseData(r, ctx, "page.certificates.detail.title");
  d.set("c", CertificateFacts(ctx, lang, c));
  d.set("v", CertificateVerdict(ctx, lang, c, v->state));
  d.set("status_label", StatusLabel(ctx, lang, v->state.status));
  d.set("qr_url", v->qr_url);
  if (c.revoked_on) {
    Data rev;
    rev.set("on", c.revoked_on->ToDisplay());
    rev.set("ground", GroundText(ctx, lang, c.ground));
    rev.set("evidence", c.ground_evidence);
    rev.set("decision", c.ground_decision);
    if (!c.ground_note.empty()) rev.set("note", c.ground_note);
    d.set("revocation", rev);
  } else if (c.suspended_on) {
    Data sus;
    sus.set("on", c.suspended_on->ToDisplay());
    sus.set("ground", GroundText(ctx, lang, c.ground));
    sus.set("evidence", c.ground_evidence);
    sus.set("decision", c.ground_decision);
    if (!c.ground_note.empty()) sus.set("note", c.ground_note);
    d.set("suspension", sus);
  }
  Data list{Data::type::list};
  for (const auto& i : *inspections) {
    Data row;
    row.set("on", i.inspected_on.ToDisplay());
    row.set("kind", ctx.catalog.Text(lang, "page.certificates.inspection." + i.kind));
    std::string unmet;
    for (const auto& id : i.unmet_criteria) unmet += (unmet.empty() ? "" : ", ") + id;
    if (!unmet.empty()) row.set("unmet", unmet);
    row.set("findings", i.findings);
    list.push_back(row);
  }
  d.set("inspections", list);
  d.set("no_inspections", inspections->empty());

  const bool oversee = domain::MayOversee(who, c.province_code, c.stars);
  d.set("read_only", !oversee);
  d.set("may_pdf", who.role != Role::kInspector);  // the PDF route admits officers, not inspectors
  if (oversee && !c.revoked_on) {
    std::vector<std::pair<std::string, std::string>> grounds{
        {"", ctx.catalog.Text(lang, "page.certificates.revoke.choose")}};
    for (auto g : domain::kAllRevocationGrounds) {
      grounds.emplace_back(std::string(domain::RevocationGroundId(g)), GroundText(ctx, lang, g));
    }
    // The revocation and suspension forms: a ground, the evidence, the decision.
    auto grounded = [&](const std::string& which) {
      Data f = FormData(form, which, {"ground", "evidence", "decision_number", "note"});
      auto chosen = form.which == which ? form.values.find("ground") : form.values.end();
      f.set("grounds", Options(grounds, chosen != form.values.end() ? chosen->second : ""));
      return f;
    };
    d.set("revoke", grounded("revoke"));
    if (c.suspended_on) {
      d.set("reinstate", FormData(form, "reinstate", {"note"}));
    } else {
      d.set("suspend", grounded("suspend"));
    }
  }
  if (oversee || who.role == Role::kInspector) {
    Data inspect =
        FormData(form, "inspect", {"inspected_on", "kind", "unmet_criteria", "findings"});
    std::string kind = form.which == "inspect" && form.values.count("kind")
                           ? form.values.at("kind")
                           : std::string("periodic");
    inspect.set(
        "kinds",
        Options({{"periodic", ctx.catalog.Text(lang, "page.certificates.inspection.periodic")},
                 {"adhoc", ctx.catalog.Text(lang, "page.certificates.inspection.adhoc")}},
                kind));
    if (form.which != "inspect") {
      inspect.set("inspected_on", Field(Today(ctx).ToDisplay(), {}, "inspected_on"));
    }
    d.set("inspect", inspect);
  }
  const std::string done = r.Query("done");
  if (done == "revoke" || done == "suspend" || done == "reinstate" || done == "inspect") {
    d.set("done", ctx.catalog.Text(lang, "page.certificates.done." + done));
  }
  return HtmlPage(ctx, "certificate", d, status);
}

// Runs one of the page's forms: on success back to the page with a notice;
// field errors beside the fields (400), a refused change as the form's
// notice (409), anything else an error page.
Response Act(
    Request& r, WebContext& ctx, const std::string& which,
    const std::function<Status(const std::string&, std::map<std::string, std::string>&)>& run) {
  const std::string number = r.PathParam("number");
  auto values = FormOf(r);
  Status s = run(number, values);
  if (s.ok()) {
    return Response::Redirect("/certificates/" + http::UrlEncode(number) + "?done=" + which);
  }
  FormState form{which, values, {}, ""};
  const std::string lang = r.Language();
  if (s.code() == Code::kInvalidArgument) {
    form.errors = FieldMessages(r, ctx, s);
    form.notice = ctx.catalog.Text(lang, "form.fix_errors");
  } else if (s.code() == Code::kFailedPrecondition) {
    form.notice = ctx.catalog.Render(lang, s.message());
  } else {
    return PageError(r, ctx, s);
  }
  return Detail(r, ctx, number, form, http::HttpStatusOf(s.code()));
}

std::vector<std::string> SplitCriteria(const std::string& typed) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= typed.size()) {
    std::size_t end = typed.find_first_of(",;\n", start);
    if (end == std::string::npos) end = typed.size();
    std::string id(text::Trim(std::string_view(typed).substr(start, end - start)));
    if (!id.empty()) out.push_back(id);
    start = end + 1;
  }
  return out;
}

// ---------- /province/renewals ----------

Response Renewals(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  std::string province =
      who.role == Role::kProvincialOfficer ? who.province_code : r.Query("province");
  if (!ctx.registry.geography().FindProvince(province)) province.clear();
  auto events = ctx.renewal.Upcoming(province, kDashboardDays);
  if (!events) return PageError(r, ctx, events.error());
  Data d = BaseData(r, ctx, "page.renewals.title");
  const CivilDate today = Today(ctx);
  const std::string days = std::to_string(kDashboardDays);
  d.set("intro",
        Fill(ctx, lang, "page.renewals.intro", {{"days", days}, {"today", today.ToDisplay()}}));
  d.set("empty_text", Fill(ctx, lang, "page.renewals.empty", {{"days", days}}));
  d.set("national", who.role == Role::kNationalAdmin);
  if (who.role == Role::kNationalAdmin) d.set("provinces", ProvinceOptions(ctx, province));
  d.set("scope_name", province.empty() ? ctx.catalog.Text(lang, "page.renewals.all_provinces")
                                       : ProvinceName(ctx, province));
  std::map<std::string, int> counts;
  Data groups{Data::type::list};
  Data group, items{Data::type::list};
  std::optional<CivilDate> current;
  auto flush = [&] {
    if (!current) return;
    group.set("events", items);
    groups.push_back(group);
    items = Data{Data::type::list};
  };
  for (const auto& e : *events) {
    if (!current || *current != e.on) {
      flush();
      current = e.on;
      group = Data{};
      group.set("date", e.on.ToDisplay());
      group.set("iso", e.on.ToIso());
      const std::int64_t in = e.on.DaysSinceEpoch() - today.DaysSinceEpoch();
      group.set("when",
                in == 0 ? ctx.catalog.Text(lang, "page.renewals.today")
                        : Fill(ctx, lang, "page.renewals.in_days", {{"days", std::to_string(in)}}));
    }
    ++counts[e.kind];
    Data item = CertificateFacts(ctx, lang, e.certificate);
    item.set("kind", e.kind);
    item.set("kind_label", ctx.catalog.Text(lang, "page.renewals.kind." + e.kind));
    item.set("reevaluation_filed", e.certificate.reevaluation_filed.has_value());
    items.push_back(item);
  }
  flush();
  d.set("groups", groups);
  d.set("empty", events->empty());
  Data summary{Data::type::list};
  for (const char* kind : {"window_opens", "window_closes", "expires"}) {
    Data s;
    s.set("kind", kind);
    s.set("count", std::to_string(counts[kind]));
    s.set("label", ctx.catalog.Text(lang, std::string("page.renewals.count.") + kind));
    summary.push_back(s);
  }
  d.set("summary", summary);
  return HtmlPage(ctx, "renewals", d);
}

// ---------- /inbox ----------

Response Inbox(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  const auto& who = *r.principal;
  Data d = BaseData(r, ctx, "page.inbox.title");
  const bool has_inbox = who.role == Role::kProducer || who.role == Role::kProvincialOfficer;
  d.set("no_inbox", !has_inbox);
  d.set("renewals_link", who.role == Role::kProvincialOfficer);
  auto list = ctx.renewal.Inbox(who, kInboxSize);
  if (!list) return PageError(r, ctx, list.error());
  Data rows{Data::type::list};
  // Recall notices (domain/traceability/recall_service.h) come first.
  std::size_t recall_notices = 0;
  if (ctx.traceability.recalls != nullptr) {
    auto notices = ctx.traceability.recalls->Notices(who);
    if (!notices) return PageError(r, ctx, notices.error());
    for (const auto& n : *notices) {
      Data row;
      row.set("text", Fill(ctx, lang, "page.inbox.kind.recall", {{"number", n.recall_number}}));
      row.set("kind", "recall");
      row.set("received", CivilDate::FromUnixInVietnam(n.created_at_ms / 1000).ToDisplay());
      row.set("link", "/recalls/" + std::to_string(n.recall_id));
      row.set("unread", !n.read_at_ms.has_value());
      rows.push_back(row);
      ++recall_notices;
    }
  }
  for (const auto& n : *list) {
    Data row;
    CivilDate date = n.due_on;
    std::vector<std::pair<std::string, std::string>> args{{"number", n.certificate_number}};
    if (n.kind == "window_closes") date = date.AddDays(domain::kClosingReminderDays);
    if (n.kind == "window_opens") {
      args.emplace_back(
          "closes", date.AddDays(domain::kWindowOpensDaysBefore - domain::kWindowClosesDaysBefore)
                        .ToDisplay());
    }
    args.emplace_back("date", date.ToDisplay());
    const std::string key = "page.inbox.kind." + n.kind;
    row.set("text", ctx.catalog.Text(lang, key) == key ? n.kind + " " + n.certificate_number
                                                       : Fill(ctx, lang, key, args));
    row.set("kind", n.kind);
    row.set("received", CivilDate::FromUnixInVietnam(n.created_at).ToDisplay());
    row.set("link", (who.role == Role::kProducer ? "/v/" : "/certificates/") +
                        http::UrlEncode(n.certificate_number));
    row.set("unread", !n.read_at.has_value());
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("empty", has_inbox && list->empty() && recall_notices == 0);
  return HtmlPage(ctx, "inbox", d);
}

}  // namespace

Response VerificationPage(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  const std::string number = r.PathParam("number");
  std::optional<std::string> sig;
  if (r.query.count("sig")) sig = r.Query("sig");
  Result<domain::Verification> v = Err(NotFound("error.certificate.not_found"));
  if (!number.empty() && number.size() <= kMaxNumberLength && text::IsValidUtf8(number)) {
    v = ctx.certification.Verify(number, sig);
  }
  Data d = VerifyBase(r, ctx, lang);
  if (!v) {
    if (v.error().code() != Code::kNotFound) return PageError(r, ctx, v.error());
    // Not in the register: a page of its own, never an "expired" one.
    const std::string shown =
        text::IsValidUtf8(number) && text::CodepointCount(number) <= 60 ? number : "…";
    d.set("unknown", true);
    d.set("page_title", ctx.catalog.Text(lang, "page.verify.unknown_title"));
    d.set("description", ctx.catalog.Text(lang, "page.verify.unknown_warn"));
    d.set("unknown_detail", Fill(ctx, lang, "page.verify.unknown_detail", {{"number", shown}}));
    return VerifyResponse(ctx, d, 404);
  }
  const domain::Certificate& c = v->certificate;
  Data verdict = CertificateVerdict(ctx, lang, c, v->state);
  const bool sig_bad = v->signature_valid.has_value() && !*v->signature_valid;
  d.set("known", true);
  d.set("c", CertificateFacts(ctx, lang, c));
  d.set("sig_ok", v->signature_valid.value_or(false));
  if (sig_bad) {
    // A forged QR code on a real number: the forgery is the verdict, the
    // register's answer comes second.
    d.set("sig_bad", true);
    d.set("register_status",
          Fill(ctx, lang, "page.verify.register_status",
               {{"number", c.number}, {"status", StatusLabel(ctx, lang, v->state.status)}}));
  }
  d.set("v", verdict);
  const std::string headline =
      sig_bad
          ? ctx.catalog.Text(lang, "page.verify.sig_bad_title")
          : ctx.catalog.Text(lang, "page.verify.headline." +
                                       std::string(domain::CertificateStatusId(v->state.status)));
  d.set("page_title", headline + " · " + c.product_name);
  d.set("description", Fill(ctx, lang, "page.verify.description",
                            {{"headline", headline},
                             {"product", c.product_name},
                             {"producer", c.producer_name},
                             {"stars", StarsText(ctx, lang, c.stars)},
                             {"number", c.number}}));
  d.set("canonical",
        ctx.certification.settings().public_base_url + "/v/" + http::UrlEncode(c.number));
  return VerifyResponse(ctx, d, 200);
}

void RegisterCertificatePages(http::Router& router, WebContext& ctx) {
  router.Add(Method::kGet, "/certificates", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return Search(r, ctx); });
  router.Add(Method::kGet, "/certificates/{number}", Access::Roles(kViewers), Surface::kPage,
             [&ctx](Request& r) { return Detail(r, ctx, r.PathParam("number"), {}, 200); });
  router.Add(Method::kPost, "/certificates/{number}/revocation", Access::Roles(kOverseers),
             Surface::kPage, [&ctx](Request& r) {
               return Act(r, ctx, "revoke", [&](const std::string& n, auto& v) {
                 auto done = ctx.certification.Revoke(
                     *r.principal, n,
                     {v["ground"], v["note"], v["evidence"], v["decision_number"]});
                 return done ? Status::Ok() : done.error();
               });
             });
  router.Add(Method::kPost, "/certificates/{number}/suspension", Access::Roles(kOverseers),
             Surface::kPage, [&ctx](Request& r) {
               return Act(r, ctx, "suspend", [&](const std::string& n, auto& v) {
                 auto done = ctx.certification.Suspend(
                     *r.principal, n,
                     {v["ground"], v["note"], v["evidence"], v["decision_number"]});
                 return done ? Status::Ok() : done.error();
               });
             });
  router.Add(Method::kPost, "/certificates/{number}/reinstatement", Access::Roles(kOverseers),
             Surface::kPage, [&ctx](Request& r) {
               return Act(r, ctx, "reinstate", [&](const std::string& n, auto& v) {
                 auto done = ctx.certification.Reinstate(*r.principal, n, v["note"]);
                 return done ? Status::Ok() : done.error();
               });
             });
  router.Add(Method::kPost, "/certificates/{number}/inspections", Access::Roles(kViewers),
             Surface::kPage, [&ctx](Request& r) {
               return Act(r, ctx, "inspect", [&](const std::string& n, auto& v) {
                 domain::InspectionInput in{IsoDate(v["inspected_on"]), v["kind"],
                                            SplitCriteria(v["unmet_criteria"]), v["findings"]};
                 auto done = ctx.certification.Inspect(*r.principal, n, in);
                 return done ? Status::Ok() : done.error();
               });
             });
  router.Add(Method::kGet, "/province/renewals", Access::Roles(kOverseers), Surface::kPage,
             [&ctx](Request& r) { return Renewals(r, ctx); });
  router.Add(Method::kGet, "/inbox", Access::AnyUser(), Surface::kPage,
             [&ctx](Request& r) { return Inbox(r, ctx); });
}

}  // namespace ocop::web

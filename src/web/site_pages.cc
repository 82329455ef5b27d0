// /sites: growing areas and packing houses — the list a user may read with
// each site's flags of the day, one site with its certificates, farming diary
// and status history, the register/edit form (producers, national office),
// and on the site's page the forms that add a certificate or a diary entry
// (its producer) or change its status (officers of its area).
#include <algorithm>
#include <cmath>
#include <span>
#include <string>

#include "core/text.h"
#include "domain/traceability/site_service.h"
#include "gs1/epcis/sensor_data.h"
#include "web/page_data.h"

namespace ocop::web {
namespace {

using domain::Role;
using domain::SiteView;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr int kPerPage = 20;

constexpr const char* kSiteFields[] = {"kind",
                                       "code",
                                       "name",
                                       "target_markets",
                                       "crop",
                                       "variety",
                                       "declared_area_ha",
                                       "capacity_tonnes_per_day",
                                       "yield_estimate_tonnes",
                                       "commune_code",
                                       "address",
                                       "boundary",
                                       "representative",
                                       "households",
                                       "producer_id",
                                       "granted_on"};
constexpr const char* kCertificateFields[] = {"kind", "number", "issuer", "issued_on",
                                              "expires_on"};
constexpr const char* kDiaryFields[] = {
    "on", "kind", "product", "dose", "pre_harvest_interval_days", "planned_harvest", "note"};
constexpr const char* kStatusFields[] = {"status", "on", "reason"};

domain::SiteService& Service(WebContext& ctx) { return *ctx.traceability.sites; }

// A quantity as people write it: 12,5 in Vietnamese, 12.5 in English.
std::string Amount(double v, const std::string& lang) {
  std::string s = gs1::epcis::ShortestDecimal(std::round(v * 10000) / 10000);
  if (lang == "vi") std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string Label(WebContext& ctx, const std::string& lang, const std::string& prefix,
                  std::string_view id) {
  return ctx.catalog.Text(lang, prefix + std::string(id));
}

// "VN, CN" ↔ {"VN", "CN"}.
std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::string item;
  for (char c : s + ",") {
    if (c == ',' || c == ';' || c == ' ' || c == '\n') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != '\r') {
      item += c;
    }
  }
  return out;
}

// One household a line: "name; area".
std::vector<domain::SiteHouseholdInput> HouseholdsOf(const std::string& text) {
  std::vector<domain::SiteHouseholdInput> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = std::string(text::Trim(text.substr(start, end - start)));
    if (!line.empty()) {
      const std::size_t sep = line.rfind(';');
      if (sep == std::string::npos) {
        out.push_back({line, ""});
      } else {
        out.push_back({std::string(text::Trim(line.substr(0, sep))),
                       std::string(text::Trim(line.substr(sep + 1)))});
      }
    }
    start = end + 1;
  }
  return out;
}

domain::SiteInput InputOf(std::map<std::string, std::string>& v) {
  domain::SiteInput in;
  in.kind = v["kind"];
  in.code = v["code"];
  in.name = v["name"];
  in.target_markets = SplitList(v["target_markets"]);
  in.crop = v["crop"];
  in.variety = v["variety"];
  in.declared_area_ha = v["declared_area_ha"];
  in.capacity_tonnes_per_day = v["capacity_tonnes_per_day"];
  in.yield_estimate_tonnes = v["yield_estimate_tonnes"];
  in.commune_code = v["commune_code"];
  in.address = v["address"];
  in.boundary_geojson = v["boundary"];
  in.representative = v["representative"];
  in.households = HouseholdsOf(v["households"]);
  in.producer_id = v["producer_id"];
  in.granted_on = IsoDate(v["granted_on"]);
  return in;
}

std::map<std::string, std::string> FieldsOf(const domain::Site& s, const std::string& lang) {
  const auto& f = s.fields;
  std::string markets, households;
  for (const auto& m : f.target_markets) markets += (markets.empty() ? "" : ", ") + m;
  for (const auto& h : f.households) {
    households += h.name + "; " + Amount(h.area_ha, lang) + "\n";
  }
  auto amount = [&](double v) { return v > 0 ? Amount(v, lang) : std::string(); };
  return {{"kind", std::string(domain::SiteKindId(f.kind))},
          {"code", f.code},
          {"name", f.name},
          {"target_markets", markets},
          {"crop", f.crop},
          {"variety", f.variety},
          {"declared_area_ha", amount(f.declared_area_ha)},
          {"capacity_tonnes_per_day", amount(f.capacity_tonnes_per_day)},
          {"yield_estimate_tonnes", amount(f.yield_estimate_tonnes)},
          {"commune_code", f.commune_code},
          {"address", f.address},
          {"boundary", f.boundary_geojson},
          {"representative", f.representative},
          {"households", households},
          {"producer_id", std::to_string(s.producer_id)}};
}

// Errors of "households.2.area_ha" shown beside the one households field.
std::map<std::string, std::string> Fold(std::map<std::string, std::string> errors) {
  for (const auto& [field, message] : std::map<std::string, std::string>(errors)) {
    if (field.starts_with("households.") && !errors.count("households")) {
      errors["households"] = field.substr(11, field.find('.', 11) - 11) + ": " + message;
    }
  }
  return errors;
}

Data KindOptions(WebContext& ctx, const std::string& lang, const std::string& selected,
                 bool with_any) {
  std::vector<std::pair<std::string, std::string>> values;
  if (with_any) values.emplace_back("", ctx.catalog.Text(lang, "filter.any"));
  for (auto k : {domain::SiteKind::kGrowingArea, domain::SiteKind::kPackingHouse}) {
    values.emplace_back(std::string(domain::SiteKindId(k)),
                        Label(ctx, lang, "site.kind.", domain::SiteKindId(k)));
  }
  return Options(values, selected);
}

Data FlagsOf(WebContext& ctx, const std::string& lang, const SiteView& v) {
  Data flags{Data::type::list};
  for (const auto& f : v.flags) {
    Data x;
    x.set("kind", std::string(domain::SiteFlagKindId(f.kind)));
    x.set("message", ctx.catalog.Render(lang, f.message));
    flags.push_back(x);
  }
  return flags;
}

Response Form(const Request& r, WebContext& ctx, std::int64_t id, std::int64_t version,
              std::map<std::string, std::string> values,
              const std::map<std::string, std::string>& raw_errors, const std::string& notice,
              int status) {
  const std::string lang = r.Language();
  const auto errors = Fold(raw_errors);
  Data d = BaseData(r, ctx, id ? "page.site_edit.title" : "page.site_new.title");
  Data form;
  for (const char* name : kSiteFields) form.set(name, Field(values[name], errors, name));
  d.set("f", form);
  d.set("is_new", id == 0);
  d.set("action", id ? "/sites/" + std::to_string(id) : "/sites");
  d.set("cancel", id ? "/sites/" + std::to_string(id) : "/sites");
  d.set("version", std::to_string(version));
  if (!notice.empty()) d.set("notice", notice);
  d.set("kinds", KindOptions(ctx, lang, values["kind"], false));
  d.set("names_producer", id == 0 && r.principal->role != Role::kProducer);
  std::string province = r.Query("province");
  if (const auto* c = Service(ctx).geography().FindCommune(values["commune_code"])) {
    province = c->province_code;
  }
  d.set("provinces", ProvinceOptions(ctx, province));
  d.set("communes", CommuneOptions(ctx, province, values["commune_code"]));
  return HtmlPage(ctx, "site_form", d, status);
}

Response List(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.sites.title");
  domain::SiteFilter f;
  const std::string kind = r.Query("kind");
  f.kind = domain::ParseSiteKind(kind);
  const int page = PageNumber(r);
  f.limit = kPerPage;
  f.offset = (page - 1) * kPerPage;
  auto result = Service(ctx).List(*r.principal, f);
  if (!result) return PageError(r, ctx, result.error());
  const auto& geo = Service(ctx).geography();
  Data rows{Data::type::list};
  for (const auto& v : result->items) {
    const auto& s = v.site;
    Data row;
    row.set("id", std::to_string(s.id));
    row.set("code", s.fields.code);
    row.set("name", s.fields.name);
    row.set("kind", Label(ctx, lang, "site.kind.", domain::SiteKindId(s.fields.kind)));
    row.set("status_id", std::string(domain::SiteStatusId(v.status)));
    row.set("status", Label(ctx, lang, "site.status.", domain::SiteStatusId(v.status)));
    const auto* c = geo.FindCommune(s.fields.commune_code);
    row.set("place", c ? c->name : s.fields.commune_code);
    row.set("flags", FlagsOf(ctx, lang, v));
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("empty", result->items.empty());
  d.set("total", std::to_string(result->total));
  d.set("kinds", KindOptions(ctx, lang, kind, true));
  const Role role = r.principal->role;
  d.set("may_register", role == Role::kProducer || role == Role::kNationalAdmin);
  SetPager(d, "/sites?kind=" + http::UrlEncode(kind), page, result->total, kPerPage);
  return HtmlPage(ctx, "sites", d);
}

// The forms on a site's page, with what was typed and its errors when one of
// them failed (`failed` names it: "certificate", "diary" or "status").
struct SubForm {
  std::string failed;
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> errors;
  std::string notice;
};

Response Detail(Request& r, WebContext& ctx, std::int64_t id, const SubForm& sub = {},
                int status = 200) {
  auto got = Service(ctx).Get(*r.principal, id);
  if (!got) return PageError(r, ctx, got.error());
  const SiteView& v = *got;
  const auto& s = v.site;
  const auto& f = s.fields;
  const std::string lang = r.Language();
  const bool area = f.kind == domain::SiteKind::kGrowingArea;
  Data d = BaseData(r, ctx, "page.site.title");
  d.set("id", std::to_string(s.id));
  d.set("version", std::to_string(s.version));
  d.set("code", f.code);
  d.set("name", f.name);
  d.set("location_id", s.location_id);
  d.set("kind", Label(ctx, lang, "site.kind.", domain::SiteKindId(f.kind)));
  d.set("is_area", area);
  d.set("status_id", std::string(domain::SiteStatusId(v.status)));
  d.set("status", Label(ctx, lang, "site.status.", domain::SiteStatusId(v.status)));
  std::string markets;
  for (const auto& m : f.target_markets) markets += (markets.empty() ? "" : ", ") + m;
  d.set("markets", markets);
  d.set("crop", f.crop);
  if (!f.variety.empty()) d.set("variety", f.variety);  // a section: only when there is one
  d.set("declared_area", Amount(f.declared_area_ha, lang));
  if (s.boundary_area_ha) d.set("boundary_area", Amount(*s.boundary_area_ha, lang));
  d.set("capacity", Amount(f.capacity_tonnes_per_day, lang));
  d.set("yield", Amount(f.yield_estimate_tonnes, lang));
  const auto& geo = Service(ctx).geography();
  const auto* c = geo.FindCommune(f.commune_code);
  const auto* p = geo.FindProvince(s.province_code);
  d.set("place", (c ? c->name : f.commune_code) + ", " + (p ? p->name : s.province_code));
  d.set("address", f.address);
  d.set("representative", f.representative);
  d.set("producer_id", std::to_string(s.producer_id));
  d.set("flags", FlagsOf(ctx, lang, v));
  d.set("has_flags", !v.flags.empty());
  Data households{Data::type::list};
  for (const auto& h : f.households) {
    Data x;
    x.set("name", h.name);
    x.set("area", Amount(h.area_ha, lang));
    households.push_back(x);
  }
  d.set("households", households);
  d.set("no_households", f.households.empty());
  Data certs{Data::type::list};
  for (const auto& cert : s.certificates) {
    Data x;
    x.set("kind", Label(ctx, lang, "site.certificate.", domain::CertificateKindId(cert.kind)));
    x.set("number", cert.number);
    x.set("issuer", cert.issuer);
    x.set("issued_on", cert.issued_on.ToDisplay());
    x.set("expires_on", cert.expires_on.ToDisplay());
    certs.push_back(x);
  }
  d.set("certificates", certs);
  d.set("no_certificates", s.certificates.empty());
  Data diary{Data::type::list};
  for (auto it = s.diary.rbegin(); it != s.diary.rend(); ++it) {
    Data x;
    x.set("on", it->on.ToDisplay());
    x.set("kind", Label(ctx, lang, "site.diary.", domain::DiaryKindId(it->kind)));
    if (!it->product.empty()) x.set("product", it->product);
    x.set("dose", it->dose);
    x.set("phi", std::to_string(it->pre_harvest_interval_days));
    x.set("has_phi", it->pre_harvest_interval_days > 0);
    if (it->planned_harvest) x.set("planned_harvest", it->planned_harvest->ToDisplay());
    if (!it->note.empty()) x.set("note", it->note);
    diary.push_back(x);
  }
  d.set("diary", diary);
  d.set("no_diary", s.diary.empty());
  Data history{Data::type::list};
  for (const auto& h : s.status_history) {
    Data x;
    x.set("on", h.on.ToDisplay());
    x.set("status_id", std::string(domain::SiteStatusId(h.status)));
    x.set("status", Label(ctx, lang, "site.status.", domain::SiteStatusId(h.status)));
    if (!h.reason.empty()) x.set("reason", h.reason);
    history.push_back(x);
  }
  d.set("history", history);
  const bool may_edit = domain::SiteService::MayEdit(*r.principal, s);
  d.set("may_edit", may_edit);
  d.set("may_add_diary", may_edit && area);
  bool revoked = false;
  for (const auto& h : s.status_history)
    revoked = revoked || h.status == domain::SiteStatus::kRevoked;
  d.set("may_change_status", domain::SiteService::MayChangeStatus(*r.principal, s) && !revoked);
  // The three forms, each with its values and errors when it was the one sent.
  auto form_of = [&](const char* name, std::span<const char* const> fields,
                     std::map<std::string, std::string> defaults) {
    const bool failed = sub.failed == name;
    Data form;
    for (const char* field : fields) {
      const std::string value =
          failed ? sub.values.count(field) ? sub.values.at(field) : "" : defaults[field];
      form.set(field,
               Field(value, failed ? sub.errors : std::map<std::string, std::string>{}, field));
    }
    if (failed && !sub.notice.empty()) form.set("notice", sub.notice);
    return form;
  };
  const std::string today = Today(ctx).ToDisplay();
  d.set("cert", form_of("certificate", kCertificateFields, {{"kind", "vietgap"}}));
  d.set("entry", form_of("diary", kDiaryFields, {{"on", today}, {"kind", "spraying"}}));
  d.set("change", form_of("status", kStatusFields, {{"on", today}}));
  const std::string cert_kind =
      sub.failed == "certificate" && sub.values.count("kind") ? sub.values.at("kind") : "vietgap";
  std::vector<std::pair<std::string, std::string>> ck;
  for (const char* k : {"vietgap", "globalgap", "organic"}) {
    ck.emplace_back(k, Label(ctx, lang, "site.certificate.", k));
  }
  d.set("cert_kinds", Options(ck, cert_kind));
  const std::string diary_kind =
      sub.failed == "diary" && sub.values.count("kind") ? sub.values.at("kind") : "spraying";
  std::vector<std::pair<std::string, std::string>> dk;
  for (const char* k : {"spraying", "fertilising", "other"}) {
    dk.emplace_back(k, Label(ctx, lang, "site.diary.", k));
  }
  d.set("diary_kinds", Options(dk, diary_kind));
  std::vector<std::pair<std::string, std::string>> sk;
  for (const char* k : {"suspended", "revoked", "active"}) {
    if (k != domain::SiteStatusId(v.status))
      sk.emplace_back(k, Label(ctx, lang, "site.status.", k));
  }
  d.set("statuses",
        Options(sk, sub.failed == "status" && sub.values.count("status") ? sub.values.at("status")
                                                                         : "suspended"));
  return HtmlPage(ctx, "site", d, status);
}

Response Submit(Request& r, WebContext& ctx, std::int64_t id) {
  auto values = FormOf(r);
  const domain::SiteInput input = InputOf(values);
  const std::int64_t version = SubmittedVersion(values);
  auto result = id == 0 ? Service(ctx).Create(*r.principal, input)
                        : Service(ctx).Update(*r.principal, id, input, version);
  if (result) return Response::Redirect("/sites/" + std::to_string(result->site.id));
  return AnswerFailedSubmission(
      r, ctx, result.error(), version,
      [&](std::int64_t v, const std::map<std::string, std::string>& errors,
          const std::string& notice,
          int status) { return Form(r, ctx, id, v, values, errors, notice, status); });
}

// One of the forms on the site's page: on success back to the page, else the
// page again with that form's errors.
template <typename Act>
Response SubmitSub(Request& r, WebContext& ctx, const char* name, Act act) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.site.not_found"));
  auto values = FormOf(r);
  const std::int64_t version = SubmittedVersion(values);
  for (const char* date : {"on", "issued_on", "expires_on", "planned_harvest"}) {
    if (values.count(date)) values[date] = IsoDate(values[date]);
  }
  auto result = act(*id, values, version);
  if (result) return Response::Redirect("/sites/" + std::to_string(*id));
  const Status& failure = result.error();
  const std::string lang = r.Language();
  for (const char* date : {"on", "issued_on", "expires_on", "planned_harvest"}) {
    if (values.count(date)) values[date] = DisplayDate(values[date]);
  }
  if (failure.message().key == "error.version.stale") {
    return Detail(r, ctx, *id, {name, values, {}, ctx.catalog.Text(lang, "error.version.stale")},
                  409);
  }
  if (failure.code() == Code::kInvalidArgument) {
    return Detail(
        r, ctx, *id,
        {name, values, FieldMessages(r, ctx, failure), ctx.catalog.Text(lang, "form.fix_errors")},
        400);
  }
  if (failure.code() == Code::kFailedPrecondition) {
    return Detail(r, ctx, *id, {name, values, {}, ctx.catalog.Render(lang, failure.message())},
                  409);
  }
  return PageError(r, ctx, failure);
}

}  // namespace

void RegisterSitePages(http::Router& router, WebContext& ctx) {
  if (ctx.traceability.sites == nullptr) return;
  const auto readers = Access::Roles(domain::kSiteReaderRoles);
  const auto editors = Access::Roles(domain::kSiteEditorRoles);
  const auto officers = Access::Roles(domain::kSiteStatusRoles);
  router.Add(Method::kGet, "/sites", readers, Surface::kPage,
             [&ctx](Request& r) { return List(r, ctx); });
  router.Add(Method::kGet, "/sites/new", editors, Surface::kPage, [&ctx](Request& r) {
    std::map<std::string, std::string> values{{"kind", "growing_area"}, {"target_markets", "VN"}};
    return Form(r, ctx, 0, 0, values, {}, "", 200);
  });
  router.Add(Method::kPost, "/sites", editors, Surface::kPage,
             [&ctx](Request& r) { return Submit(r, ctx, 0); });
  router.Add(Method::kGet, "/sites/{id}", readers, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.site.not_found"));
    return Detail(r, ctx, *id);
  });
  router.Add(Method::kGet, "/sites/{id}/edit", editors, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.site.not_found"));
    auto v = Service(ctx).Get(*r.principal, *id);
    if (!v) return PageError(r, ctx, v.error());
    if (!domain::SiteService::MayEdit(*r.principal, v->site)) {
      return PageError(r, ctx, PermissionDenied("error.scope"));
    }
    return Form(r, ctx, *id, v->site.version, FieldsOf(v->site, r.Language()), {}, "", 200);
  });
  router.Add(Method::kPost, "/sites/{id}", editors, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.site.not_found"));
    return Submit(r, ctx, *id);
  });
  router.Add(
      Method::kPost, "/sites/{id}/certificates", editors, Surface::kPage, [&ctx](Request& r) {
        return SubmitSub(r, ctx, "certificate", [&](std::int64_t id, auto& v, auto version) {
          return Service(ctx).AddCertificate(
              *r.principal, id,
              {v["kind"], v["number"], v["issuer"], v["issued_on"], v["expires_on"]}, version);
        });
      });
  router.Add(Method::kPost, "/sites/{id}/diary", editors, Surface::kPage, [&ctx](Request& r) {
    return SubmitSub(r, ctx, "diary", [&](std::int64_t id, auto& v, auto version) {
      return Service(ctx).AddDiaryEntry(
          *r.principal, id,
          {v["on"], v["kind"], v["product"], v["dose"], v["pre_harvest_interval_days"],
           v["planned_harvest"], v["note"]},
          version);
    });
  });
  router.Add(Method::kPost, "/sites/{id}/status", officers, Surface::kPage, [&ctx](Request& r) {
    return SubmitSub(r, ctx, "status", [&](std::int64_t id, auto& v, auto version) {
      return Service(ctx).ChangeStatus(*r.principal, id, {v["status"], v["on"], v["reason"]},
                                       version);
    });
  });
}

}  // namespace ocop::web

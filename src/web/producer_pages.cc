// /producers: list with filters, detail, create and edit forms.
#include "core/text.h"
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

const char* const kProducerFields[] = {"legal_type",
                                       "name",
                                       "registration_no",
                                       "representative_name",
                                       "representative_gender",
                                       "representative_ethnicity",
                                       "commune_code",
                                       "street_address",
                                       "phone",
                                       "email",
                                       "founded_on"};

std::map<std::string, std::string> FieldsOf(const domain::Producer& p) {
  const auto& f = p.fields;
  return {{"legal_type", std::string(domain::LegalTypeId(f.legal_type))},
          {"name", f.name},
          {"registration_no", f.registration_no},
          {"representative_name", f.representative.name},
          {"representative_gender", std::string(domain::GenderId(f.representative.gender))},
          {"representative_ethnicity", f.representative.ethnicity},
          {"commune_code", f.commune_code},
          {"street_address", f.street_address},
          {"phone", f.phone},
          {"email", f.email},
          {"founded_on", DisplayDate(f.founded_on)}};
}

domain::ProducerInput InputOf(std::map<std::string, std::string>& v) {
  return {v["legal_type"],
          v["name"],
          v["registration_no"],
          v["representative_name"],
          v["representative_gender"],
          v["representative_ethnicity"],
          v["commune_code"],
          v["street_address"],
          v["phone"],
          v["email"],
          IsoDate(v["founded_on"])};
}

Data LegalTypeOptions(WebContext& ctx, const std::string& lang, const std::string& selected,
                      bool with_any) {
  std::vector<std::pair<std::string, std::string>> values;
  if (with_any) values.emplace_back("", ctx.catalog.Text(lang, "filter.any"));
  for (auto t : domain::kAllLegalTypes) {
    std::string id(domain::LegalTypeId(t));
    values.emplace_back(id, ctx.catalog.Text(lang, "legal_type." + id));
  }
  return Options(values, selected);
}

// The form for a new producer (id 0) or an existing one, with `values` and
// the messages of `errors` beside their fields.
Response Form(const Request& r, WebContext& ctx, std::int64_t id, std::int64_t version,
              std::map<std::string, std::string> values,
              const std::map<std::string, std::string>& errors, const std::string& notice,
              int status) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, id ? "page.producer_edit.title" : "page.producer_new.title");
  Data form;
  for (const char* name : kProducerFields) form.set(name, Field(values[name], errors, name));
  d.set("f", form);
  d.set("action", id ? "/producers/" + std::to_string(id) : "/producers");
  d.set("version", std::to_string(version));
  d.set("has_errors", !errors.empty());
  if (!notice.empty()) d.set("notice", notice);
  d.set("legal_types", LegalTypeOptions(ctx, lang, values["legal_type"], false));
  d.set("genders", Options({{"female", ctx.catalog.Text(lang, "gender.female")},
                            {"male", ctx.catalog.Text(lang, "gender.male")},
                            {"other", ctx.catalog.Text(lang, "gender.other")}},
                           values["representative_gender"]));
  // The province of the chosen commune, else the one asked for, else the officer's.
  std::string province = r.Query("province");
  if (const auto* c = ctx.registry.geography().FindCommune(values["commune_code"])) {
    province = c->province_code;
  }
  if (province.empty() && r.principal) province = r.principal->province_code;
  d.set("provinces", ProvinceOptions(ctx, province));
  d.set("communes", CommuneOptions(ctx, province, values["commune_code"]));
  return HtmlPage(ctx, "producer_form", d, status);
}

Response List(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.producers.title");
  domain::ProducerFilter f;
  f.province_code = r.Query("province");
  f.commune_code = r.Query("commune");
  std::string legal_type = r.Query("legal_type");
  f.legal_type = domain::ParseLegalType(legal_type);
  std::string q = SearchText(r);
  f.name_folded = text::FoldForSearch(q);
  int page = PageNumber(r);
  f.limit = kPerPage;
  f.offset = (page - 1) * kPerPage;
  auto result = ctx.registry.ListProducers(f);
  if (!result) return PageError(r, ctx, result.error());
  const auto& geo = ctx.registry.geography();
  Data rows{Data::type::list};
  for (const auto& p : result->items) {
    Data row;
    row.set("id", std::to_string(p.id));
    row.set("name", p.fields.name);
    row.set("legal_type",
            ctx.catalog.Text(
                lang, "legal_type." + std::string(domain::LegalTypeId(p.fields.legal_type))));
    const auto* c = geo.FindCommune(p.fields.commune_code);
    const auto* prov = geo.FindProvince(p.province_code);
    row.set("place", (c ? c->name : p.fields.commune_code) + ", " + (prov ? prov->name : ""));
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("empty", result->items.empty());
  d.set("total", std::to_string(result->total));
  d.set("q", q);
  d.set("provinces", ProvinceOptions(ctx, f.province_code));
  d.set("communes", CommuneOptions(ctx, f.province_code, f.commune_code));
  d.set("legal_types", LegalTypeOptions(ctx, lang, legal_type, true));
  std::string base = "/producers?province=" + http::UrlEncode(f.province_code) +
                     "&commune=" + http::UrlEncode(f.commune_code) +
                     "&legal_type=" + http::UrlEncode(legal_type) + "&q=" + http::UrlEncode(q);
  SetPager(d, base, page, result->total, kPerPage);
  return HtmlPage(ctx, "producers", d);
}

Response Detail(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.producer.not_found"));
  auto p = ctx.registry.GetProducer(*id);
  if (!p) return PageError(r, ctx, p.error());
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.producer.title");
  const auto& f = p->fields;
  const auto& geo = ctx.registry.geography();
  Data v;
  v.set("id", std::to_string(p->id));
  v.set("name", f.name);
  v.set("legal_type",
        ctx.catalog.Text(lang, "legal_type." + std::string(domain::LegalTypeId(f.legal_type))));
  v.set("registration_no", f.registration_no);
  v.set("representative_name", f.representative.name);
  v.set("representative_gender",
        ctx.catalog.Text(lang, "gender." + std::string(domain::GenderId(f.representative.gender))));
  v.set("representative_ethnicity", f.representative.ethnicity);
  const auto* c = geo.FindCommune(f.commune_code);
  const auto* prov = geo.FindProvince(p->province_code);
  v.set("commune", c ? c->name : f.commune_code);
  v.set("province", prov ? prov->name : p->province_code);
  v.set("street_address", f.street_address);
  v.set("phone", f.phone);
  v.set("email", f.email);
  v.set("founded_on", DisplayDate(f.founded_on));
  d.set("p", v);
  d.set("may_edit", r.principal && domain::RegistryService::MayEdit(*r.principal, p->province_code,
                                                                    f.commune_code, p->id));
  domain::ProductFilter pf;
  pf.producer_id = p->id;
  pf.limit = 100;
  Data products{Data::type::list};
  if (auto list = ctx.registry.ListProducts(pf)) {
    for (const auto& product : list->items) {
      Data row;
      row.set("id", std::to_string(product.id));
      row.set("name", product.fields.name);
      row.set("code", product.code);
      products.push_back(row);
    }
    d.set("no_products", list->items.empty());
  }
  d.set("products", products);
  return HtmlPage(ctx, "producer", d);
}

Response Submit(Request& r, WebContext& ctx, std::int64_t id) {
  auto values = FormOf(r);
  const domain::ProducerInput input = InputOf(values);
  const std::int64_t version = SubmittedVersion(values);
  auto result = id == 0 ? ctx.registry.CreateProducer(*r.principal, input)
                        : ctx.registry.UpdateProducer(*r.principal, id, input, version);
  if (result) return Response::Redirect("/producers/" + std::to_string(result->id));
  return AnswerFailedSubmission(
      r, ctx, result.error(), version,
      [&](std::int64_t v, const std::map<std::string, std::string>& errors,
          const std::string& notice,
          int status) { return Form(r, ctx, id, v, values, errors, notice, status); });
}

}  // namespace

void RegisterProducerPages(http::Router& router, WebContext& ctx) {
  const auto registrars = Access::Roles(domain::kRegistrarRoles);
  const auto editors = Access::Roles(domain::kEditorRoles);
  router.Add(Method::kGet, "/producers", Access::AnyUser(), Surface::kPage,
             [&ctx](Request& r) { return List(r, ctx); });
  router.Add(Method::kGet, "/producers/new", registrars, Surface::kPage, [&ctx](Request& r) {
    std::map<std::string, std::string> values{{"legal_type", "cooperative"},
                                              {"representative_gender", "female"}};
    if (r.principal->role == Role::kCommuneOfficer)
      values["commune_code"] = r.principal->commune_code;
    return Form(r, ctx, 0, 0, values, {}, "", 200);
  });
  router.Add(Method::kPost, "/producers", registrars, Surface::kPage,
             [&ctx](Request& r) { return Submit(r, ctx, 0); });
  router.Add(Method::kGet, "/producers/{id}", Access::AnyUser(), Surface::kPage,
             [&ctx](Request& r) { return Detail(r, ctx); });
  router.Add(Method::kGet, "/producers/{id}/edit", editors, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.producer.not_found"));
    auto p = ctx.registry.GetProducer(*id);
    if (!p) return PageError(r, ctx, p.error());
    if (!domain::RegistryService::MayEdit(*r.principal, p->province_code, p->fields.commune_code,
                                          p->id)) {
      return PageError(r, ctx, PermissionDenied("error.scope"));
    }
    return Form(r, ctx, p->id, p->version, FieldsOf(*p), {}, "", 200);
  });
  router.Add(Method::kPost, "/producers/{id}", editors, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.producer.not_found"));
    return Submit(r, ctx, *id);
  });
}

}  // namespace ocop::web

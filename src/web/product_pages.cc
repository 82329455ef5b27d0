// /products: the public list and detail, and the create and edit forms.
#include "core/date.h"
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

Data SetOptions(WebContext& ctx, const std::string& lang, const std::string& selected,
                bool with_any) {
  std::vector<std::pair<std::string, std::string>> values;
  if (with_any) values.emplace_back("", ctx.catalog.Text(lang, "filter.any"));
  for (const auto& s : ctx.registry.product_sets().sets()) {
    values.emplace_back(std::to_string(s.number),
                        std::to_string(s.number) + ". " + (lang == "en" ? s.name_en : s.name_vi));
  }
  return Options(values, selected);
}

std::string SetName(WebContext& ctx, const std::string& lang, int number) {
  const auto* s = ctx.registry.product_sets().Find(number);
  if (!s) return std::to_string(number);
  return std::to_string(number) + ". " + (lang == "en" ? s->name_en : s->name_vi);
}

// The producers a user may add products for (at most kMaxChoices, in id
// order), as <option>s.
Data ProducerOptions(const Request& r, WebContext& ctx, const std::string& selected) {
  constexpr int kMaxChoices = 500;
  domain::ProducerFilter f;
  f.limit = kMaxChoices;
  if (r.principal->role == Role::kProvincialOfficer) f.province_code = r.principal->province_code;
  if (r.principal->role == Role::kCommuneOfficer) f.commune_code = r.principal->commune_code;
  std::vector<std::pair<std::string, std::string>> values{{"", ""}};
  if (auto page = ctx.registry.ListProducers(f)) {
    for (const auto& p : page->items) values.emplace_back(std::to_string(p.id), p.fields.name);
  }
  return Options(values, selected);
}

Response Form(const Request& r, WebContext& ctx, std::int64_t id, std::int64_t version,
              std::map<std::string, std::string> values,
              const std::map<std::string, std::string>& errors, const std::string& notice,
              int status) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, id ? "page.product_edit.title" : "page.product_new.title");
  Data form;
  for (const char* name : {"name", "product_set", "producer_id", "description", "gtin"}) {
    form.set(name, Field(values[name], errors, name));
  }
  d.set("f", form);
  d.set("action", id ? "/products/" + std::to_string(id) : "/products");
  d.set("version", std::to_string(version));
  d.set("is_new", id == 0);
  d.set("has_errors", !errors.empty());
  if (!notice.empty()) d.set("notice", notice);
  d.set("sets", SetOptions(ctx, lang, values["product_set"], false));
  // The producer is fixed once chosen (the code carries its commune); a new
  // product picks one of the producers in the user's area.
  const std::string& producer_id = values["producer_id"];
  const bool fixed = id != 0 || r.principal->role == Role::kProducer;
  d.set("fixed_producer", fixed);
  if (fixed && text::IsDigits(producer_id) && producer_id.size() < 18) {
    if (auto p = ctx.registry.GetProducer(std::stoll(producer_id))) {
      d.set("producer_name", p->fields.name);
    }
  }
  if (!fixed) d.set("producers", ProducerOptions(r, ctx, producer_id));
  return HtmlPage(ctx, "product_form", d, status);
}

Response List(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.products.title");
  domain::ProductFilter f;
  f.province_code = r.Query("province");
  f.commune_code = r.Query("commune");
  std::string set = r.Query("product_set");
  if (text::IsDigits(set) && set.size() < 3) f.product_set = std::stoi(set);
  std::string producer = r.Query("producer_id");
  if (text::IsDigits(producer) && producer.size() < 18) f.producer_id = std::stoll(producer);
  std::string q = SearchText(r);
  f.name_folded = text::FoldForSearch(q);
  int page = PageNumber(r);
  f.limit = kPerPage;
  f.offset = (page - 1) * kPerPage;
  auto result = ctx.registry.ListProducts(f);
  if (!result) return PageError(r, ctx, result.error());
  Data rows{Data::type::list};
  for (const auto& p : result->items) {
    Data row;
    row.set("id", std::to_string(p.id));
    row.set("name", p.fields.name);
    row.set("code", p.code);
    row.set("set", SetName(ctx, lang, p.fields.product_set));
    const auto* prov = ctx.registry.geography().FindProvince(p.province_code);
    row.set("province", prov ? prov->name : p.province_code);
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("empty", result->items.empty());
  d.set("total", std::to_string(result->total));
  d.set("q", q);
  d.set("producer_id", producer);
  d.set("provinces", ProvinceOptions(ctx, f.province_code));
  d.set("sets", SetOptions(ctx, lang, set, true));
  std::string base = "/products?province=" + http::UrlEncode(f.province_code) +
                     "&commune=" + http::UrlEncode(f.commune_code) +
                     "&product_set=" + http::UrlEncode(set) +
                     "&producer_id=" + http::UrlEncode(producer) + "&q=" + http::UrlEncode(q);
  SetPager(d, base, page, result->total, kPerPage);
  return HtmlPage(ctx, "products", d);
}

Response Detail(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.product.not_found"));
  auto p = ctx.registry.GetProduct(*id);
  if (!p) return PageError(r, ctx, p.error());
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.product.title");
  Data v;
  v.set("id", std::to_string(p->id));
  v.set("name", p->fields.name);
  v.set("code", p->code);
  v.set("set", SetName(ctx, lang, p->fields.product_set));
  if (const auto* s = ctx.registry.product_sets().Find(p->fields.product_set)) {
    v.set("group", lang == "en" ? s->group_en : s->group_vi);
    v.set("subgroup", lang == "en" ? s->subgroup_en : s->subgroup_vi);
  }
  v.set("description", p->fields.description);
  if (!p->fields.gtin.empty()) v.set("gtin", p->fields.gtin);
  v.set("producer_id", std::to_string(p->fields.producer_id));
  if (auto producer = ctx.registry.GetProducer(p->fields.producer_id)) {
    v.set("producer_name", producer->fields.name);
  }
  const auto& geo = ctx.registry.geography();
  const auto* c = geo.FindCommune(p->commune_code);
  const auto* prov = geo.FindProvince(p->province_code);
  v.set("place", (c ? c->name : p->commune_code) + ", " + (prov ? prov->name : p->province_code));
  v.set("registered_on", CivilDate::FromUnixInVietnam(p->created_at).ToDisplay());
  d.set("p", v);
  d.set("may_edit",
        r.principal && domain::RegistryService::MayEdit(*r.principal, p->province_code,
                                                        p->commune_code, p->fields.producer_id));
  return HtmlPage(ctx, "product", d);
}

std::map<std::string, std::string> FieldsOf(const domain::Product& p) {
  return {{"name", p.fields.name},
          {"product_set", std::to_string(p.fields.product_set)},
          {"producer_id", std::to_string(p.fields.producer_id)},
          {"description", p.fields.description},
          {"gtin", p.fields.gtin}};
}

Response Submit(Request& r, WebContext& ctx, std::int64_t id) {
  auto values = FormOf(r);
  const domain::ProductInput input{values["name"], values["product_set"], values["producer_id"],
                                   values["description"], values["gtin"]};
  const std::int64_t version = SubmittedVersion(values);
  auto result = id == 0 ? ctx.registry.CreateProduct(*r.principal, input)
                        : ctx.registry.UpdateProduct(*r.principal, id, input, version);
  if (result) return Response::Redirect("/products/" + std::to_string(result->id));
  return AnswerFailedSubmission(
      r, ctx, result.error(), version,
      [&](std::int64_t v, const std::map<std::string, std::string>& errors,
          const std::string& notice,
          int status) { return Form(r, ctx, id, v, values, errors, notice, status); });
}

}  // namespace

void RegisterProductPages(http::Router& router, WebContext& ctx) {
  const auto editors = Access::Roles(domain::kEditorRoles);
  router.Add(Method::kGet, "/products", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return List(r, ctx); });
  router.Add(Method::kGet, "/products/new", editors, Surface::kPage, [&ctx](Request& r) {
    std::string producer = r.Query("producer_id");
    if (r.principal->role == Role::kProducer) producer = std::to_string(r.principal->producer_id);
    return Form(r, ctx, 0, 0, {{"producer_id", producer}, {"product_set", "1"}}, {}, "", 200);
  });
  router.Add(Method::kPost, "/products", editors, Surface::kPage,
             [&ctx](Request& r) { return Submit(r, ctx, 0); });
  router.Add(Method::kGet, "/products/{id}", Access::Public(), Surface::kPage,
             [&ctx](Request& r) { return Detail(r, ctx); });
  router.Add(Method::kGet, "/products/{id}/edit", editors, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.product.not_found"));
    auto p = ctx.registry.GetProduct(*id);
    if (!p) return PageError(r, ctx, p.error());
    if (!domain::RegistryService::MayEdit(*r.principal, p->province_code, p->commune_code,
                                          p->fields.producer_id)) {
      return PageError(r, ctx, PermissionDenied("error.scope"));
    }
    return Form(r, ctx, p->id, p->version, FieldsOf(*p), {}, "", 200);
  });
  router.Add(Method::kPost, "/products/{id}", editors, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.product.not_found"));
    return Submit(r, ctx, *id);
  });
}

}  // namespace ocop::web

// /api/v1/producers and /api/v1/products.
#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "core/text.h"

namespace ocop::api {
namespace {

using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

Response Producer(int status, const domain::Producer& p) {
  JsonWriter w;
  WriteProducer(w, p);
  return Response::Json(status, w.Take());
}

Response Product(int status, const domain::Product& p, const domain::ProductSetCatalog& sets) {
  JsonWriter w;
  WriteProduct(w, p, sets);
  return Response::Json(status, w.Take());
}

// {"items":[…],"page":…,"per_page":…,"total":…}
template <typename T, typename WriteItem>
Response PageOf(const domain::Page<T>& page, std::pair<int, int> paging, WriteItem write) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& item : page.items) write(w, item);
  w.EndArray()
      .Member("page", paging.first)
      .Member("per_page", paging.second)
      .Member("total", page.total)
      .EndObject();
  return Response::Json(200, w.Take());
}

Result<std::int64_t> PathId(const Request& r) {
  std::string id = r.PathParam("id");
  if (!text::IsDigits(id) || id.size() > 18) return Err(NotFound("error.not_found"));
  return std::stoll(id);
}

domain::ProducerInput ReadProducer(FieldReader& in) {
  domain::ProducerInput p;
  p.legal_type = in.String("legal_type");
  p.name = in.String("name");
  p.registration_no = in.String("registration_no");
  p.representative_name = in.String("representative_name");
  p.representative_gender = in.String("representative_gender");
  p.representative_ethnicity = in.String("representative_ethnicity");
  p.commune_code = in.String("commune_code");
  p.street_address = in.String("street_address");
  p.phone = in.String("phone");
  p.email = in.String("email");
  p.founded_on = in.String("founded_on");
  return p;
}

#define OCOP_PRODUCER_FIELDS                                                               \
  "legal_type", "name", "registration_no", "representative_name", "representative_gender", \
      "representative_ethnicity", "commune_code", "street_address", "phone", "email", "founded_on"
#define OCOP_PRODUCT_FIELDS "name", "product_set", "producer_id", "description", "gtin"

domain::ProductInput ReadProduct(FieldReader& in) {
  domain::ProductInput p;
  p.name = in.String("name");
  p.product_set = in.Integer("product_set");
  p.producer_id = in.Integer("producer_id");
  p.description = in.String("description");
  p.gtin = in.String("gtin");
  return p;
}

class RegistryApi {
 public:
  explicit RegistryApi(ApiContext& ctx) : ctx_(ctx) {}

  Response Error(const Request& r, const Status& s) const {
    return ErrorResponse(r, ctx_.catalog, s);
  }

  Response CreateProducer(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {OCOP_PRODUCER_FIELDS});
    auto input = ReadProducer(in);
    if (!in.errors().empty()) return Error(r, in.Finish(ctx_.registry.CheckProducer(input)));
    auto created = ctx_.registry.CreateProducer(*r.principal, input);
    if (!created) return Error(r, created.error());
    return Producer(201, *created)
        .Header("Location", "/api/v1/producers/" + std::to_string(created->id));
  }

  Response UpdateProducer(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {OCOP_PRODUCER_FIELDS, "version"});
    auto input = ReadProducer(in);
    auto version = in.RequiredInteger("version");
    if (!in.errors().empty()) return Error(r, in.Finish(ctx_.registry.CheckProducer(input)));
    auto updated = ctx_.registry.UpdateProducer(*r.principal, *id, input, *version);
    if (!updated) return Error(r, updated.error());
    return Producer(200, *updated);
  }

  Response GetProducer(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto p = ctx_.registry.GetProducer(*id);
    if (!p) return Error(r, p.error());
    return Producer(200, *p);
  }

  Response ListProducers(Request& r) {
    auto paging = ReadPaging(r);
    domain::ProducerFilter f;
    FieldErrors errors;
    f.province_code = r.Query("province");
    f.commune_code = r.Query("commune");
    if (std::string t = r.Query("legal_type"); !t.empty()) {
      f.legal_type = domain::ParseLegalType(t);
      if (!f.legal_type) errors.Add("legal_type", "error.producer.legal_type");
    }
    if (!f.province_code.empty() && !ctx_.registry.geography().FindProvince(f.province_code))
      errors.Add("province", "error.geo.unknown_province");
    if (!f.commune_code.empty() && !ctx_.registry.geography().FindCommune(f.commune_code))
      errors.Add("commune", "error.geo.unknown_commune");
    if (!paging) return Error(r, paging.error());
    if (!errors.empty()) return Error(r, errors.ToStatus());
    std::string q = r.Query("q");
    if (!text::IsValidUtf8(q)) return Error(r, InvalidArgument("error.field.utf8"));
    f.name_folded = text::FoldForSearch(q);
    f.limit = paging->second;
    f.offset = (paging->first - 1) * paging->second;
    auto page = ctx_.registry.ListProducers(f);
    if (!page) return Error(r, page.error());
    return PageOf(*page, *paging, WriteProducer);
  }

  Response CreateProduct(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {OCOP_PRODUCT_FIELDS});
    auto input = ReadProduct(in);
    if (!in.errors().empty()) return Error(r, in.Finish(ctx_.registry.CheckProduct(input)));
    auto created = ctx_.registry.CreateProduct(*r.principal, input);
    if (!created) return Error(r, created.error());
    return Product(201, *created, ctx_.registry.product_sets())
        .Header("Location", "/api/v1/products/" + std::to_string(created->id));
  }

  Response UpdateProduct(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {OCOP_PRODUCT_FIELDS, "version"});
    auto input = ReadProduct(in);
    auto version = in.RequiredInteger("version");
    if (!in.errors().empty()) return Error(r, in.Finish(ctx_.registry.CheckProduct(input)));
    auto updated = ctx_.registry.UpdateProduct(*r.principal, *id, input, *version);
    if (!updated) return Error(r, updated.error());
    return Product(200, *updated, ctx_.registry.product_sets());
  }

  Response GetProduct(Request& r) {
    auto id = PathId(r);
    if (!id) return Error(r, id.error());
    auto p = ctx_.registry.GetProduct(*id);
    if (!p) return Error(r, p.error());
    return Product(200, *p, ctx_.registry.product_sets());
  }

  Response ListProducts(Request& r) {
    auto paging = ReadPaging(r);
    if (!paging) return Error(r, paging.error());
    domain::ProductFilter f;
    FieldErrors errors;
    f.province_code = r.Query("province");
    f.commune_code = r.Query("commune");
    auto read_int = [&](const char* name) -> std::int64_t {
      std::string v = r.Query(name);
      if (v.empty()) return 0;
      if (!text::IsDigits(v) || v.size() > 18) {
        errors.Add(name, "error.field.type_integer");
        return 0;
      }
      return std::stoll(v);
    };
    f.producer_id = read_int("producer_id");
    const std::int64_t set = read_int("product_set");
    if (set > static_cast<std::int64_t>(ctx_.registry.product_sets().sets().size())) {
      errors.Add("product_set", "error.product.product_set",
                 {{"max", std::to_string(ctx_.registry.product_sets().sets().size())}});
    }
    f.product_set = static_cast<int>(set);
    if (!errors.empty()) return Error(r, errors.ToStatus());
    std::string q = r.Query("q");
    if (!text::IsValidUtf8(q)) return Error(r, InvalidArgument("error.field.utf8"));
    f.name_folded = text::FoldForSearch(q);
    f.limit = paging->second;
    f.offset = (paging->first - 1) * paging->second;
    auto page = ctx_.registry.ListProducts(f);
    if (!page) return Error(r, page.error());
    const auto& sets = ctx_.registry.product_sets();
    return PageOf(*page, *paging,
                  [&sets](JsonWriter& w, const domain::Product& p) { WriteProduct(w, p, sets); });
  }

 private:
  ApiContext& ctx_;
};

}  // namespace

void RegisterRegistryRoutes(http::Router& router, ApiContext& ctx) {
  auto api = std::make_shared<RegistryApi>(ctx);
  const auto editors = Access::Roles(domain::kEditorRoles);
  const auto registrars = Access::Roles(domain::kRegistrarRoles);
  auto bind = [api](Response (RegistryApi::*fn)(Request&)) {
    return [api, fn](Request& r) { return ((*api).*fn)(r); };
  };
  router.Add(Method::kGet, "/api/v1/producers", Access::AnyUser(), Surface::kApi,
             bind(&RegistryApi::ListProducers));
  router.Add(Method::kPost, "/api/v1/producers", registrars, Surface::kApi,
             bind(&RegistryApi::CreateProducer));
  router.Add(Method::kGet, "/api/v1/producers/{id}", Access::AnyUser(), Surface::kApi,
             bind(&RegistryApi::GetProducer));
  router.Add(Method::kPut, "/api/v1/producers/{id}", editors, Surface::kApi,
             bind(&RegistryApi::UpdateProducer));
  router.Add(Method::kGet, "/api/v1/products", Access::Public(), Surface::kApi,
             bind(&RegistryApi::ListProducts));
  router.Add(Method::kPost, "/api/v1/products", editors, Surface::kApi,
             bind(&RegistryApi::CreateProduct));
  router.Add(Method::kGet, "/api/v1/products/{id}", Access::Public(), Surface::kApi,
             bind(&RegistryApi::GetProduct));
  router.Add(Method::kPut, "/api/v1/products/{id}", editors, Surface::kApi,
             bind(&RegistryApi::UpdateProduct));
}

}  // namespace ocop::api

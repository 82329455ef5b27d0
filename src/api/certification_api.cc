// The public side of certificates: verification JSON (GET /v/{number} for
// machines), the register, one certificate, its PDF, and the signing keys
// (/.well-known/ocop/…, rotation). The officers' routes are in
// certificate_oversight_api.cc.
//
// Caching: answers about a certificate's status carry Cache-Control: no-store.
// A revocation or suspension must show on the very next scan, the status also
// turns with the calendar (renewal window, expiry), and signature_valid
// depends on the query; the answer is cheap to compute (docs/benchmarks.md),
// so no shared cache may keep it. Keys may be cached: a key id names one key
// for ever (immutable), while "the active key" changes on rotation (5 minutes).
#include <array>

#include "api/api_context.h"
#include "api/certificate_json.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "core/crypto.h"
#include "core/text.h"
#include "render/certificate_pdf.h"

namespace ocop::api {

void RegisterCertificateOversightRoutes(http::Router& router, ApiContext& ctx);

namespace {

using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr std::size_t kMaxNumberLength = 100;
constexpr const char* kNoStore = "no-store";

Response Error(const Request& r, ApiContext& ctx, const Status& s) {
  return ErrorResponse(r, ctx.catalog, s).Header("Cache-Control", kNoStore);
}

// The certificate named by the path, with the signature of ?sig= checked
// when the query has one (even empty: an empty signature does not verify).
Result<domain::Verification> Lookup(const Request& r, ApiContext& ctx) {
  const std::string number = r.PathParam("number");
  if (number.empty() || number.size() > kMaxNumberLength) {
    return Err(NotFound("error.certificate.not_found"));
  }
  std::optional<std::string> sig;
  if (r.query.count("sig")) sig = r.Query("sig");
  return ctx.certification.Verify(number, sig);
}

Response VerificationAnswer(const domain::Verification& v, ApiContext& ctx) {
  JsonWriter w;
  WriteVerification(w, v, ctx.registry.geography());
  Response resp = Response::Json(200, w.Take());
  resp.Header("Cache-Control", kNoStore);
  return resp;
}

Response ListCertificates(Request& r, ApiContext& ctx) {
  auto paging = ReadPaging(r);
  FieldErrors errors;
  domain::CertificateFilter f;
  const std::string status = r.Query("status");
  if (!status.empty()) {
    bool known = false;
    for (auto s : {domain::CertificateStatus::kValid, domain::CertificateStatus::kRenewalWindow,
                   domain::CertificateStatus::kGrace, domain::CertificateStatus::kExpired,
                   domain::CertificateStatus::kRevoked, domain::CertificateStatus::kSuspended}) {
      known = known || domain::CertificateStatusId(s) == status;
    }
    if (!known) errors.Add("status", "error.certificate.status");
  }
  f.province_code = r.Query("province");
  if (!f.province_code.empty() && !ctx.registry.geography().FindProvince(f.province_code)) {
    errors.Add("province", "error.geo.unknown_province");
  }
  if (std::string stars = r.Query("stars"); !stars.empty()) {
    if (stars != "3" && stars != "4" && stars != "5") {
      errors.Add("stars", "error.certificate.stars");
    } else {
      f.stars = stars[0] - '0';
    }
  }
  const std::string q = r.Query("q");
  if (!text::IsValidUtf8(q)) {
    errors.Add("q", "error.field.utf8");
  } else if (q.size() > 200) {
    errors.Add("q", "error.field.too_long", {{"max", "200"}});
  }
  if (!paging) return Error(r, ctx, paging.error());
  if (!errors.empty()) return Error(r, ctx, errors.ToStatus());
  f.q_folded = text::FoldForSearch(q);
  f.limit = paging->second;
  f.offset = (paging->first - 1) * paging->second;
  auto page = ctx.certification.List(f, status);
  if (!page) return Error(r, ctx, page.error());
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& v : page->items) WriteVerification(w, v, ctx.registry.geography());
  w.EndArray()
      .Member("page", paging->first)
      .Member("per_page", paging->second)
      .Member("total", page->total)
      .EndObject();
  return Response::Json(200, w.Take()).Header("Cache-Control", kNoStore);
}

// Who may download a certificate's PDF (the route admits these roles only):
// the producer of the product, officers whose area holds it, the ministry.
constexpr std::array<Role, 4> kPdfRoles = {Role::kNationalAdmin, Role::kProvincialOfficer,
                                           Role::kCommuneOfficer, Role::kProducer};

Status MayDownload(const domain::Principal& who, const domain::Certificate& c, ApiContext& ctx) {
  switch (who.role) {
    case Role::kNationalAdmin:
      return Status::Ok();
    case Role::kProvincialOfficer:
      return who.province_code == c.province_code ? Status::Ok() : PermissionDenied("error.scope");
    case Role::kCommuneOfficer:
    case Role::kProducer: {
      if (c.product_id == 0) return PermissionDenied("error.scope");
      auto product = ctx.registry.GetProduct(c.product_id);
      if (!product) return product.error();
      const bool mine = who.role == Role::kProducer
                            ? who.producer_id != 0 && product->fields.producer_id == who.producer_id
                            : product->commune_code == who.commune_code;
      return mine ? Status::Ok() : PermissionDenied("error.scope");
    }
    default:
      return PermissionDenied("error.scope");
  }
}

Response CertificatePdf(Request& r, ApiContext& ctx) {
  auto v = Lookup(r, ctx);
  if (!v) return Error(r, ctx, v.error());
  const domain::Certificate& c = v->certificate;
  if (Status s = MayDownload(*r.principal, c, ctx); !s.ok()) return Error(r, ctx, s);
  const domain::Province* province = ctx.registry.geography().FindProvince(c.province_code);
  render::CertificatePdf pdf;
  pdf.number = c.number;
  pdf.product_name = c.product_name;
  pdf.product_code = c.product_code;
  pdf.producer_name = c.producer_name;
  pdf.province_name = province ? province->name : c.province_code;
  pdf.stars = c.stars;
  pdf.rubric_version = c.rubric_version;
  pdf.authority = c.authority;
  pdf.decision_number = c.decision_number;
  pdf.signer = c.signer;
  pdf.issued = c.issued.ToDisplay();
  pdf.expires = c.expires.ToDisplay();
  pdf.qr_url = v->qr_url;
  auto bytes = render::RenderCertificatePdf(pdf);
  if (!bytes) return Error(r, ctx, bytes.error());
  // The number is [A-Za-z0-9-] for issued ones; imported ones are free text.
  std::string file;
  for (char ch : c.number) file += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  return Response::Text(200, std::move(*bytes), "application/pdf")
      .Header("Content-Disposition", "inline; filename=\"" + file + ".pdf\"")
      .Header("X-Content-Type-Options", "nosniff")
      .Header("Cache-Control", "private, no-store");
}

void WriteKey(JsonWriter& w, const domain::SigningKey& k, bool with_dates) {
  w.BeginObject()
      .Member("alg", "Ed25519")
      .Member("kid", k.kid)
      .Member("key", crypto::Base64UrlEncode(k.public_key));
  if (with_dates) {
    w.Member("created", IsoTimestamp(k.created_at)).Key("retired");
    if (k.retired_at) {
      w.String(IsoTimestamp(*k.retired_at));
    } else {
      w.Null();
    }
  }
  w.EndObject();
}

Response PublicKey(Request& r, ApiContext& ctx) {
  const std::string kid = r.Query("kid");
  if (kid.empty()) {
    auto key = ctx.certification.ActivePublicKey();
    if (!key) return Error(r, ctx, key.error());
    JsonWriter w;
    WriteKey(w, *key, false);
    return Response::Json(200, w.Take()).Header("Cache-Control", "public, max-age=300");
  }
  auto keys = ctx.certification.PublicKeys();
  if (!keys) return Error(r, ctx, keys.error());
  for (const auto& k : *keys) {
    if (k.kid != kid) continue;
    JsonWriter w;
    WriteKey(w, k, false);
    return Response::Json(200, w.Take())
        .Header("Cache-Control", "public, max-age=86400, immutable");
  }
  return Error(r, ctx, NotFound("error.key.not_found"));
}

Response PublicKeys(Request& r, ApiContext& ctx) {
  auto active = ctx.certification.ActivePublicKey();  // so that there is one
  if (!active) return Error(r, ctx, active.error());
  auto keys = ctx.certification.PublicKeys();
  if (!keys) return Error(r, ctx, keys.error());
  JsonWriter w;
  w.BeginObject().Member("active", active->kid).Key("keys").BeginArray();
  for (const auto& k : *keys) WriteKey(w, k, true);
  w.EndArray().EndObject();
  return Response::Json(200, w.Take()).Header("Cache-Control", "public, max-age=300");
}

Response RotateKey(Request& r, ApiContext& ctx) {
  if (!r.body.empty()) {
    auto body = ParseObject(r);
    if (!body) return Error(r, ctx, body.error());
    FieldReader in(*body, {});
    if (!in.errors().empty()) return Error(r, ctx, in.Finish(Status::Ok()));
  }
  auto key = ctx.certification.RotateKey(r.principal->username);
  if (!key) return Error(r, ctx, key.error());
  JsonWriter w;
  WriteKey(w, *key, true);
  return Response::Json(201, w.Take())
      .Header("Location", "/.well-known/ocop/certificate-key?kid=" + key->kid)
      .Header("Cache-Control", kNoStore);
}

}  // namespace

http::Response VerificationJson(http::Request& request, ApiContext& ctx) {
  auto v = Lookup(request, ctx);
  if (!v) return Error(request, ctx, v.error()).Header("Vary", "Accept");
  return VerificationAnswer(*v, ctx).Header("Vary", "Accept");
}

void RegisterCertificationRoutes(http::Router& router, ApiContext& ctx) {
  auto bind = [&ctx](Response (*fn)(Request&, ApiContext&)) {
    return [&ctx, fn](Request& r) { return fn(r, ctx); };
  };
  router.Add(Method::kGet, "/api/v1/certificates", Access::Public(), Surface::kApi,
             bind(&ListCertificates));
  router.Add(Method::kGet, "/api/v1/certificates/{number}", Access::Public(), Surface::kApi,
             [&ctx](Request& r) {
               auto v = Lookup(r, ctx);
               if (!v) return Error(r, ctx, v.error());
               return VerificationAnswer(*v, ctx);
             });
  router.Add(Method::kGet, "/api/v1/certificates/{number}/certificate.pdf",
             Access::Roles(kPdfRoles), Surface::kApi, bind(&CertificatePdf));
  router.Add(Method::kGet, "/.well-known/ocop/certificate-key", Access::Public(), Surface::kApi,
             bind(&PublicKey));
  router.Add(Method::kGet, "/.well-known/ocop/certificate-keys", Access::Public(), Surface::kApi,
             bind(&PublicKeys));
  router.Add(Method::kPost, "/api/v1/signing-keys", Access::Roles({Role::kNationalAdmin}),
             Surface::kApi, bind(&RotateKey));
  RegisterCertificateOversightRoutes(router, ctx);
}

}  // namespace ocop::api

// The officers' side of certificates: revocation, suspension, reinstatement,
// post-certification inspections, the import of certificates from before the
// platform, the inbox and the province's upcoming renewals. Who may act on a
// certificate is the domain's rule (MayOversee); the routes only admit roles.
#include <algorithm>

#include "api/api_context.h"
#include "api/certificate_json.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "core/csv.h"
#include "core/text.h"
#include "datafiles/xlsx_reader.h"
#include "http/multipart.h"

namespace ocop::api {
namespace {

using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr int kMaxUpcomingDays = 366;
constexpr int kMaxInbox = 200;

Response Error(const Request& r, ApiContext& ctx, const Status& s) {
  return ErrorResponse(r, ctx.catalog, s).Header("Cache-Control", "no-store");
}

// The certificate as GET /api/v1/certificates/{number} shows it, after a change.
Response Changed(const Request& r, ApiContext& ctx, const domain::Certificate& c) {
  auto v = ctx.certification.Verify(c.number, std::nullopt);
  if (!v) return Error(r, ctx, v.error());
  JsonWriter w;
  WriteVerification(w, *v, ctx.registry.geography());
  return Response::Json(200, w.Take()).Header("Cache-Control", "no-store");
}

// Revocation and suspension: {ground, evidence, decision_number, note}.
template <auto kAction>
Response GroundedChange(Request& r, ApiContext& ctx) {
  auto body = ParseObject(r);
  if (!body) return Error(r, ctx, body.error());
  FieldReader in(*body, {"ground", "note", "evidence", "decision_number"});
  domain::RevocationInput input;
  input.ground = in.String("ground");
  input.note = in.String("note");
  input.evidence = in.String("evidence");
  input.decision_number = in.String("decision_number");
  if (!in.errors().empty()) return Error(r, ctx, in.Finish(Status::Ok()));
  auto c = (ctx.certification.*kAction)(*r.principal, r.PathParam("number"), input);
  if (!c) return Error(r, ctx, c.error());
  return Changed(r, ctx, *c);
}

// Reinstatement: {note}, required.
Response Reinstate(Request& r, ApiContext& ctx) {
  auto body = ParseObject(r);
  if (!body) return Error(r, ctx, body.error());
  FieldReader in(*body, {"note"});
  std::string note = in.String("note");
  if (!in.errors().empty()) return Error(r, ctx, in.Finish(Status::Ok()));
  auto c = ctx.certification.Reinstate(*r.principal, r.PathParam("number"), note);
  if (!c) return Error(r, ctx, c.error());
  return Changed(r, ctx, *c);
}

// Inspectors and the ministry see every certificate's inspections; a
// provincial officer those of its province.
Result<domain::Verification> Inspectable(const Request& r, ApiContext& ctx) {
  auto v = ctx.certification.Verify(r.PathParam("number"), std::nullopt);
  if (!v) return v;
  const domain::Principal& who = *r.principal;
  if (who.role == Role::kProvincialOfficer && who.province_code != v->certificate.province_code) {
    return Err(PermissionDenied("error.scope"));
  }
  return v;
}

void WriteInspection(JsonWriter& w, const domain::Inspection& i) {
  w.BeginObject()
      .Member("id", i.id)
      .Member("inspected_on", i.inspected_on.ToIso())
      .Member("kind", i.kind)
      .Key("unmet_criteria")
      .BeginArray();
  for (const auto& id : i.unmet_criteria) w.String(id);
  w.EndArray()
      .Member("findings", i.findings)
      .Member("inspector_user_id", i.inspector_user_id)
      .Member("created_at", IsoTimestamp(i.created_at))
      .EndObject();
}

Response ListInspections(Request& r, ApiContext& ctx) {
  auto v = Inspectable(r, ctx);
  if (!v) return Error(r, ctx, v.error());
  auto list = ctx.certification.Inspections(v->certificate.number);
  if (!list) return Error(r, ctx, list.error());
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& i : *list) WriteInspection(w, i);
  w.EndArray().EndObject();
  return Response::Json(200, w.Take()).Header("Cache-Control", "no-store");
}

Response AddInspection(Request& r, ApiContext& ctx) {
  auto body = ParseObject(r);
  if (!body) return Error(r, ctx, body.error());
  FieldReader in(*body, {"inspected_on", "kind", "unmet_criteria", "findings"});
  domain::InspectionInput input;
  input.inspected_on = in.String("inspected_on");
  input.kind = in.String("kind");
  input.findings = in.String("findings");
  if (auto it = body->find("unmet_criteria"); it != body->end() && !it->is_null()) {
    bool strings = it->is_array();
    if (strings) {
      for (const auto& id : *it) {
        if (!id.is_string()) {
          strings = false;
          break;
        }
        input.unmet_criteria.push_back(id.get<std::string>());
      }
    }
    if (!strings) in.errors().Add("unmet_criteria", "error.field.type_string_list");
  }
  if (!in.errors().empty()) return Error(r, ctx, in.Finish(Status::Ok()));
  auto v = ctx.certification.Verify(r.PathParam("number"), std::nullopt);
  if (!v) return Error(r, ctx, v.error());
  auto i = ctx.certification.Inspect(*r.principal, v->certificate.number, input);
  if (!i) return Error(r, ctx, i.error());
  JsonWriter w;
  WriteInspection(w, *i);
  return Response::Json(201, w.Take()).Header("Cache-Control", "no-store");
}

// The report of an import, in the user's language:
// {"rows","valid","imported","applied","errors":[{"row","field","message"}]}.
void WriteReport(JsonWriter& w, const domain::ImportOutcome& out, const std::string& lang,
                 const i18n::Catalog& catalog) {
  w.BeginObject()
      .Member("rows", out.report.rows)
      .Member("valid", static_cast<std::int64_t>(out.report.valid.size()))
      .Member("imported", out.imported)
      .Key("applied")
      .Bool(out.applied)
      .Key("errors")
      .BeginArray();
  for (const auto& e : out.report.errors) {
    w.BeginObject()
        .Member("row", e.row)
        .Member("field", e.column)
        .Member("message", catalog.Text(lang, e.message_key))
        .EndObject();
  }
  w.EndArray().EndObject();
}

Response Import(Request& r, ApiContext& ctx) {
  auto parts = http::ParseMultipart(r.Header("content-type"), r.body, 8);
  if (!parts) return Error(r, ctx, parts.error());
  const http::MultipartPart* file = nullptr;
  std::string only_valid = "false";
  FieldErrors errors;
  for (const auto& p : *parts) {
    if (p.name == "file") {
      file = &p;
    } else if (p.name == "only_valid_rows") {
      only_valid = p.data;
    } else {
      errors.Add(text::IsValidUtf8(p.name) ? p.name : "?", "error.field.unknown");
    }
  }
  if (only_valid != "true" && only_valid != "false") {
    errors.Add("only_valid_rows", "error.import.flag");
  }
  if (file == nullptr || file->data.empty()) errors.Add("file", "error.import.file_required");
  if (!errors.empty()) return Error(r, ctx, errors.ToStatus());
  const std::string& bytes = file->data;
  Result<std::vector<std::vector<std::string>>> rows = Err(InvalidArgument("error.import.kind"));
  if (bytes.rfind("PK\x03\x04", 0) == 0) {
    rows = datafiles::ReadXlsxFirstSheet(bytes);
  } else if (text::IsValidUtf8(bytes) && bytes.find('\0') == std::string::npos) {
    rows = csv::Parse(bytes);
  }
  if (!rows) {
    FieldErrors bad;
    bad.Add("file", rows.error().message().key);
    return Error(r, ctx, bad.ToStatus());
  }
  auto outcome = ctx.certification.ImportLegacy(*r.principal, *rows, only_valid == "true");
  if (!outcome) return Error(r, ctx, outcome.error());
  const std::string lang = r.Language();
  JsonWriter w;
  if (outcome->applied) {
    WriteReport(w, *outcome, lang, ctx.catalog);
    return Response::Json(200, w.Take()).Header("Cache-Control", "no-store");
  }
  // Nothing imported: the error shape, with the report beside it.
  const std::string count = std::to_string(outcome->report.errors.size());
  w.BeginObject()
      .Key("error")
      .BeginObject()
      .Member("code", "INVALID_ARGUMENT")
      .Member("message", ctx.catalog.Render(lang, {"error.import.rejected", {{"count", count}}}))
      .EndObject()
      .Key("report");
  WriteReport(w, *outcome, lang, ctx.catalog);
  w.EndObject();
  return Response::Json(422, w.Take()).Header("Cache-Control", "no-store");
}

Response Inbox(Request& r, ApiContext& ctx) {
  int limit = 50;
  if (std::string l = r.Query("limit"); !l.empty()) {
    if (!text::IsDigits(l) || l.size() > 4 || std::stoi(l) < 1 || std::stoi(l) > kMaxInbox) {
      FieldErrors errors;
      errors.Add("limit", "error.paging", {{"max", std::to_string(kMaxInbox)}});
      return Error(r, ctx, errors.ToStatus());
    }
    limit = std::stoi(l);
  }
  auto items = ctx.renewal.Inbox(*r.principal, limit);
  if (!items) return Error(r, ctx, items.error());
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& n : *items) {
    w.BeginObject()
        .Member("id", n.id)
        .Member("kind", n.kind)
        .Member("certificate_number", n.certificate_number)
        .Member("due_on", n.due_on.ToIso())
        .Member("province", n.province_code)
        .Member("created_at", IsoTimestamp(n.created_at))
        .Key("read")
        .Bool(n.read_at.has_value())
        .EndObject();
  }
  w.EndArray().EndObject();
  return Response::Json(200, w.Take()).Header("Cache-Control", "no-store");
}

Response Upcoming(Request& r, ApiContext& ctx) {
  FieldErrors errors;
  int days = 90;
  if (std::string d = r.Query("days"); !d.empty()) {
    if (!text::IsDigits(d) || d.size() > 3 || std::stoi(d) < 1 || std::stoi(d) > kMaxUpcomingDays) {
      errors.Add("days", "error.upcoming.days", {{"max", std::to_string(kMaxUpcomingDays)}});
    } else {
      days = std::stoi(d);
    }
  }
  // A provincial officer sees its province; the ministry all, or one.
  std::string province = r.principal->province_code;
  if (r.principal->role == Role::kNationalAdmin) {
    province = r.Query("province");
    if (!province.empty() && !ctx.registry.geography().FindProvince(province)) {
      errors.Add("province", "error.geo.unknown_province");
    }
  }
  if (!errors.empty()) return Error(r, ctx, errors.ToStatus());
  auto events = ctx.renewal.Upcoming(province, days);
  if (!events) return Error(r, ctx, events.error());
  const CivilDate today = CivilDate::FromUnixInVietnam(ctx.clock.NowUnixSeconds());
  JsonWriter w;
  w.BeginObject()
      .Member("from", today.ToIso())
      .Member("to", today.AddDays(days).ToIso())
      .Member("days", days)
      .Key("items")
      .BeginArray();
  for (const auto& e : *events) {
    domain::Verification v{e.certificate, e.certificate.StateOn(today), std::nullopt,
                           ctx.certification.QrUrlOf(e.certificate)};
    w.BeginObject().Member("kind", e.kind).Member("on", e.on.ToIso()).Key("certificate");
    WriteVerification(w, v, ctx.registry.geography());
    w.EndObject();
  }
  w.EndArray().EndObject();
  return Response::Json(200, w.Take()).Header("Cache-Control", "no-store");
}

}  // namespace

void RegisterCertificateOversightRoutes(http::Router& router, ApiContext& ctx) {
  auto bind = [&ctx](Response (*fn)(Request&, ApiContext&)) {
    return [&ctx, fn](Request& r) { return fn(r, ctx); };
  };
  const auto overseers = Access::Roles({Role::kNationalAdmin, Role::kProvincialOfficer});
  const auto inspectors =
      Access::Roles({Role::kNationalAdmin, Role::kProvincialOfficer, Role::kInspector});
  router.Add(Method::kPost, "/api/v1/certificates/{number}/revocation", overseers, Surface::kApi,
             bind(&GroundedChange<&domain::CertificationService::Revoke>));
  router.Add(Method::kPost, "/api/v1/certificates/{number}/suspension", overseers, Surface::kApi,
             bind(&GroundedChange<&domain::CertificationService::Suspend>));
  router.Add(Method::kPost, "/api/v1/certificates/{number}/reinstatement", overseers, Surface::kApi,
             bind(&Reinstate));
  router.Add(Method::kGet, "/api/v1/certificates/{number}/inspections", inspectors, Surface::kApi,
             bind(&ListInspections));
  router.Add(Method::kPost, "/api/v1/certificates/{number}/inspections", inspectors, Surface::kApi,
             bind(&AddInspection));
  router.Add(Method::kPost, "/api/v1/certificate-imports", overseers, Surface::kApi, bind(&Import));
  router.Add(Method::kGet, "/api/v1/notifications", Access::AnyUser(), Surface::kApi, bind(&Inbox));
  router.Add(Method::kGet, "/api/v1/certificates-upcoming", overseers, Surface::kApi,
             bind(&Upcoming));
}

}  // namespace ocop::api

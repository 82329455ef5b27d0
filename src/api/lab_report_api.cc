// /api/v1/lab-reports: laboratories submit test reports on lots (captured as
// EPCIS inspecting events, see domain/traceability/lab_report_events.h) and
// attach their PDF; the lot's producer, the province's officers, inspectors
// and the national office read them.
#include <array>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "api/api_context.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "core/text.h"
#include "domain/traceability/lab_report_service.h"
#include "gs1/epcis/sensor_data.h"
#include "http/multipart.h"

namespace ocop::api {
namespace {

using domain::LabReport;
using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr std::array kReaders = {Role::kLaboratory,     Role::kProducer,  Role::kProvincialOfficer,
                                 Role::kCommuneOfficer, Role::kInspector, Role::kNationalAdmin};

// A number as the shortest decimal that reads back to it (JSON has no NaN).
nlohmann::json Number(double d) {
  return nlohmann::json::parse(gs1::epcis::ShortestDecimal(d), nullptr, false);
}

nlohmann::json ReportJson(const domain::LabReportView& v) {
  const LabReport& r = v.report;
  nlohmann::json j = {{"id", r.id},
                      {"number", r.number},
                      {"laboratory", r.laboratory},
                      {"lot_id", r.lot_id},
                      {"lot_key", r.lot_key},
                      {"lot_code", v.lot ? v.lot->code : ""},
                      {"lot_status", v.lot ? std::string(domain::LotStatusId(v.lot->status)) : ""},
                      {"product_id", r.product_id},
                      {"product_name", v.product_name},
                      {"product_code", v.product_code},
                      {"tested_on", r.tested_on.ToIso()},
                      {"sample_id", r.sample_id},
                      {"method", r.method},
                      {"verdict", domain::LabVerdictId(r.verdict)},
                      {"event_id", r.event_id},
                      {"created_at", IsoTimestamp(r.created_at_ms / 1000)}};
  nlohmann::json params = nlohmann::json::array();
  for (const auto& p : r.parameters) {
    nlohmann::json x = {{"name", p.name},
                        {"type", p.measurement_type},
                        {"value", Number(p.value)},
                        {"unit", p.unit},
                        {"limit_min", p.limit_min ? Number(*p.limit_min) : nlohmann::json()},
                        {"limit_max", p.limit_max ? Number(*p.limit_max) : nlohmann::json()},
                        {"verdict", domain::LabVerdictId(p.verdict)}};
    if (!p.chemical_substance.empty()) x["chemical_substance"] = p.chemical_substance;
    if (!p.microorganism.empty()) x["microorganism"] = p.microorganism;
    params.push_back(std::move(x));
  }
  j["parameters"] = std::move(params);
  if (r.pdf_sha256.empty()) {
    j["pdf"] = nullptr;
  } else {
    j["pdf"] = {{"url", "/api/v1/lab-reports/" + std::to_string(r.id) + "/pdf"},
                {"name", r.pdf_name},
                {"size", r.pdf_size},
                {"sha256", r.pdf_sha256}};
  }
  return j;
}

// An optional number member: absent or null is nullopt; another type an error.
std::optional<double> OptionalNumber(const nlohmann::json& o, const char* name,
                                     const std::string& at, FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) {
    errors.Add(at + name, "error.lab.number");
    return std::nullopt;
  }
  return it->get<double>();
}

std::string OptionalString(const nlohmann::json& o, const char* name, const std::string& at,
                           FieldErrors& errors) {
  auto it = o.find(name);
  if (it == o.end() || it->is_null()) return "";
  if (!it->is_string()) {
    errors.Add(at + name, "error.field.type_string");
    return "";
  }
  return it->get<std::string>();
}

std::optional<std::int64_t> IdOf(const Request& r) {
  const std::string id = r.PathParam("id");
  if (id.empty() || id.size() > 18 || !text::IsDigits(id)) return std::nullopt;
  return std::stoll(id);
}

class LabReportApi {
 public:
  explicit LabReportApi(ApiContext& ctx) : ctx_(ctx) {}

  Response Create(Request& r) {
    if (!Service()) return Unavailable(r);
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"lot", "number", "tested_on", "sample_id", "method", "parameters"});
    domain::LabReportInput input;
    // A lot may be named by its id (a number) or by its class id or link.
    if (auto lot = body->find("lot"); lot != body->end() && lot->is_number_integer()) {
      input.lot = std::to_string(lot->get<std::int64_t>());
    } else {
      input.lot = in.String("lot");
    }
    input.number = in.String("number");
    input.tested_on = in.String("tested_on");
    input.sample_id = in.String("sample_id");
    input.method = in.String("method");
    auto params = body->find("parameters");
    if (params != body->end() && !params->is_array() && !params->is_null()) {
      in.errors().Add("parameters", "error.lab.parameters_list");
    } else if (params != body->end() && params->is_array()) {
      for (std::size_t i = 0; i < params->size(); ++i) {
        const nlohmann::json& p = (*params)[i];
        const std::string at = "parameters[" + std::to_string(i) + "].";
        if (!p.is_object()) {
          in.errors().Add(at.substr(0, at.size() - 1), "error.field.type_object");
          continue;
        }
        domain::StatedParameter sp;
        sp.parameter.name = OptionalString(p, "name", at, in.errors());
        sp.parameter.measurement_type = OptionalString(p, "type", at, in.errors());
        sp.parameter.chemical_substance = OptionalString(p, "chemical_substance", at, in.errors());
        sp.parameter.microorganism = OptionalString(p, "microorganism", at, in.errors());
        sp.parameter.unit = OptionalString(p, "unit", at, in.errors());
        auto value = OptionalNumber(p, "value", at, in.errors());
        if (value) {
          sp.parameter.value = *value;
        } else if (!p.contains("value") || p["value"].is_null()) {
          in.errors().Add(at + "value", "error.field.required");
        }
        sp.parameter.limit_min = OptionalNumber(p, "limit_min", at, in.errors());
        sp.parameter.limit_max = OptionalNumber(p, "limit_max", at, in.errors());
        const std::string verdict = OptionalString(p, "verdict", at, in.errors());
        if (!verdict.empty()) {
          sp.stated = domain::ParseLabVerdict(verdict);
          if (!sp.stated) in.errors().Add(at + "verdict", "error.lab.verdict");
        }
        for (const auto& [key, unused] : p.items()) {
          static const std::set<std::string> kKnown = {
              "name", "type",      "chemical_substance", "microorganism", "value",
              "unit", "limit_min", "limit_max",          "verdict"};
          if (!kKnown.count(key)) in.errors().Add(at + key, "error.field.unknown");
        }
        input.parameters.push_back(std::move(sp));
      }
    }
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto created = Service()->Submit(*r.principal, input);
    if (!created) return Error(r, created.error());
    return Answer(r, created->id, 201);
  }

  Response Get(Request& r) {
    if (!Service()) return Unavailable(r);
    auto id = IdOf(r);
    if (!id) return Error(r, NotFound("error.lab.not_found"));
    return Answer(r, *id, 200);
  }

  Response List(Request& r) {
    if (!Service()) return Unavailable(r);
    std::int64_t lot_id = 0;
    const std::string lot = r.Query("lot");
    if (!lot.empty()) {
      auto found = Service()->FindLot(lot);
      if (!found) return Error(r, found.error());
      if (!*found) return Error(r, NotFound("error.lab.lot_unknown"));
      lot_id = (*found)->id;
    }
    auto list = Service()->List(*r.principal, lot_id);
    if (!list) return Error(r, list.error());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : *list) items.push_back(ReportJson(v));
    return Response::Json(200, nlohmann::json{{"items", std::move(items)}}.dump());
  }

  // The PDF as the body (Content-Type application/pdf) or as the `file` part
  // of a multipart/form-data body.
  Response UploadPdf(Request& r) {
    if (!Service()) return Unavailable(r);
    auto id = IdOf(r);
    if (!id) return Error(r, NotFound("error.lab.not_found"));
    std::string name = "report.pdf";
    std::string bytes;
    std::string type = r.Header("content-type");
    for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (type.starts_with("multipart/form-data")) {
      auto parts = http::ParseMultipart(r.Header("content-type"), r.body, 4);
      if (!parts) return Error(r, parts.error());
      const http::MultipartPart* file = nullptr;
      FieldErrors errors;
      for (const auto& p : *parts) {
        if (p.name == "file" && !file) {
          file = &p;
        } else {
          errors.Add(text::IsValidUtf8(p.name) ? p.name : "?", "error.field.unknown");
        }
      }
      if (!file || file->data.empty()) errors.Add("file", "error.lab.pdf_required");
      if (!errors.empty()) return Error(r, errors.ToStatus());
      if (!file->filename.empty()) name = file->filename;
      bytes = file->data;
    } else if (type.starts_with("application/pdf")) {
      bytes = r.body;
    } else {
      return Error(r,
                   InvalidArgument("error.lab.pdf_type", {{"file", {"error.lab.pdf_type", {}}}}));
    }
    auto attached = Service()->AttachPdf(*r.principal, *id, name, bytes);
    if (!attached) return Error(r, attached.error());
    return Answer(r, *id, 200);
  }

  Response DownloadPdf(Request& r) {
    if (!Service()) return Unavailable(r);
    auto id = IdOf(r);
    if (!id) return Error(r, NotFound("error.lab.not_found"));
    auto pdf = Service()->Pdf(*r.principal, *id);
    if (!pdf) return Error(r, pdf.error());
    return Response::Attachment(std::move(pdf->second), "application/pdf", pdf->first.pdf_name);
  }

 private:
  domain::LabReportService* Service() { return ctx_.traceability.lab_reports; }
  Response Error(const Request& r, const Status& s) { return ErrorResponse(r, ctx_.catalog, s); }
  // main sets the service before serving; a missing one is a wiring fault.
  Response Unavailable(const Request& r) {
    return Error(r, Internal("lab report service not wired"));
  }

  Response Answer(const Request& r, std::int64_t id, int status) {
    auto view = Service()->Get(*r.principal, id);
    if (!view) return Error(r, view.error());
    Response resp = Response::Json(status, ReportJson(*view).dump());
    if (status == 201) resp.Header("Location", "/api/v1/lab-reports/" + std::to_string(id));
    return resp;
  }

  ApiContext& ctx_;
};

}  // namespace

void RegisterLabReportRoutes(http::Router& router, ApiContext& ctx) {
  auto api = std::make_shared<LabReportApi>(ctx);
  auto bind = [api](Response (LabReportApi::*fn)(Request&)) {
    return [api, fn](Request& r) { return ((*api).*fn)(r); };
  };
  const auto readers = Access::Roles(kReaders);
  const auto labs = Access::Roles({Role::kLaboratory});
  router.Add(Method::kGet, "/api/v1/lab-reports", readers, Surface::kApi,
             bind(&LabReportApi::List));
  router.Add(Method::kPost, "/api/v1/lab-reports", labs, Surface::kApi,
             bind(&LabReportApi::Create));
  router.Add(Method::kGet, "/api/v1/lab-reports/{id}", readers, Surface::kApi,
             bind(&LabReportApi::Get));
  router.Add(Method::kPost, "/api/v1/lab-reports/{id}/pdf", labs, Surface::kApi,
             bind(&LabReportApi::UploadPdf));
  router.Add(Method::kGet, "/api/v1/lab-reports/{id}/pdf", readers, Surface::kApi,
             bind(&LabReportApi::DownloadPdf));
}

}  // namespace ocop::api

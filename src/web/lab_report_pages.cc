// /lab-reports: the test reports a user may read (a laboratory's own, a
// producer's lots', a province's, all for inspectors and the national office),
// one report with its parameters and PDF, and the laboratory's form (a
// multipart form: the fields, the parameters as repeated rows, the PDF).
#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/file_kind.h"
#include "core/text.h"
#include "domain/traceability/lab_report_service.h"
#include "gs1/epcis/sensor_data.h"
#include "http/multipart.h"
#include "web/page_data.h"

namespace ocop::web {
namespace {

using domain::LabReport;
using domain::LabReportView;
using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

constexpr std::array kReaders = {Role::kLaboratory,     Role::kProducer,  Role::kProvincialOfficer,
                                 Role::kCommuneOfficer, Role::kInspector, Role::kNationalAdmin};
constexpr int kMinRows = 3;
constexpr int kMaxRows = 40;
constexpr const char* kRowFields[] = {"name", "value", "unit", "limit_min", "limit_max", "verdict"};

domain::LabReportService* Service(WebContext& ctx) { return ctx.traceability.lab_reports; }

std::string Decimal(const std::optional<double>& d) {
  return d ? gs1::epcis::ShortestDecimal(*d) : "";
}

// "0,05" or "0.05" (Vietnamese writes a decimal comma); nullopt if not a number.
std::optional<double> ParseDecimal(std::string_view typed) {
  std::string s(text::Trim(typed));
  std::replace(s.begin(), s.end(), ',', '.');
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(d)) {
    return std::nullopt;
  }
  return d;
}

// A number as people read it: Vietnamese writes a decimal comma.
std::string Shown(const std::optional<double>& d, const std::string& lang) {
  std::string s = Decimal(d);
  if (lang == "vi") std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string LimitText(const domain::LabParameter& p, const std::string& lang) {
  const std::string unit(domain::UnitSymbol(p.unit));
  if (p.limit_min && p.limit_max) {
    return Shown(p.limit_min, lang) + "–" + Shown(p.limit_max, lang) + " " + unit;
  }
  if (p.limit_max) return "≤ " + Shown(p.limit_max, lang) + " " + unit;
  if (p.limit_min) return "≥ " + Shown(p.limit_min, lang) + " " + unit;
  return "";
}

void SetReport(Data& d, WebContext& ctx, const std::string& lang, const LabReportView& v) {
  const LabReport& r = v.report;
  d.set("id", std::to_string(r.id));
  d.set("number", r.number);
  d.set("laboratory", r.laboratory);
  d.set("tested_on", r.tested_on.ToDisplay());
  d.set("sample_id", r.sample_id);
  d.set("method", r.method);
  d.set("product_name", v.product_name);
  d.set("product_code", v.product_code);
  d.set("lot_id", std::to_string(r.lot_id));
  d.set("lot_code", v.lot ? v.lot->code : "");
  d.set("lot_key", r.lot_key);
  const std::string verdict(domain::LabVerdictId(r.verdict));
  d.set("verdict_id", verdict);
  d.set("verdict", ctx.catalog.Text(lang, "page.lab.verdict." + verdict));
  d.set("failed", r.verdict == domain::LabVerdict::kFail);
  if (v.lot) {
    const std::string status(domain::LotStatusId(v.lot->status));
    d.set("lot_status_id", status);
    d.set("lot_status", ctx.catalog.Text(lang, "page.lab.lot_status." + status));
  }
  d.set("event_id", r.event_id);
  d.set("has_pdf", !r.pdf_sha256.empty());
  d.set("pdf_name", r.pdf_name);
  d.set("pdf_kb", std::to_string((r.pdf_size + 1023) / 1024));
  Data params = Data::type::list;
  for (const auto& p : r.parameters) {
    Data x;
    x.set("name", p.name);
    x.set("value", Shown(p.value, lang));
    x.set("unit", std::string(domain::UnitSymbol(p.unit)));
    x.set("limit", LimitText(p, lang));
    const std::string pv(domain::LabVerdictId(p.verdict));
    x.set("verdict_id", pv);
    x.set("failed", p.verdict == domain::LabVerdict::kFail);
    x.set("verdict", ctx.catalog.Text(lang, "page.lab.verdict." + pv));
    params.push_back(x);
  }
  d.set("parameters", params);
}

// ---------- /lab-reports ----------

Response List(Request& r, WebContext& ctx) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("lab report service not wired"));
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.lab.list_title");
  std::int64_t lot_id = 0;
  const std::string lot = r.Query("lot");
  d.set("lot_filter", lot);
  if (!lot.empty()) {
    auto found = Service(ctx)->FindLot(lot);
    if (!found) return PageError(r, ctx, found.error());
    if (!*found) return PageError(r, ctx, NotFound("error.lab.lot_unknown"));
    lot_id = (*found)->id;
    d.set("lot_code", (*found)->code);
  }
  auto list = Service(ctx)->List(*r.principal, lot_id);
  if (!list) return PageError(r, ctx, list.error());
  Data rows = Data::type::list;
  for (const auto& v : *list) {
    Data row;
    SetReport(row, ctx, lang, v);
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("total", std::to_string(list->size()));
  d.set("empty", list->empty());
  d.set("may_submit", r.principal->role == Role::kLaboratory);
  return HtmlPage(ctx, "lab_reports", d);
}

// ---------- /lab-reports/{id} ----------

Response ReportPage(Request& r, WebContext& ctx, std::int64_t id, const std::string& notice,
                    const std::string& pdf_error, int status) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("lab report service not wired"));
  auto view = Service(ctx)->Get(*r.principal, id);
  if (!view) return PageError(r, ctx, view.error());
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.lab.title");
  SetReport(d, ctx, lang, *view);
  d.set("may_attach", r.principal->role == Role::kLaboratory &&
                          view->report.laboratory_user_id == r.principal->user_id);
  d.set("created", r.Query("created") == "1");
  if (!notice.empty()) d.set("notice", notice);
  if (!pdf_error.empty()) d.set("pdf_error", pdf_error);
  d.set("max_mb", std::to_string(Service(ctx)->settings().max_pdf_bytes >> 20));
  return HtmlPage(ctx, "lab_report", d, status);
}

Response AttachPdf(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.lab.not_found"));
  auto parts = http::ParseMultipart(r.Header("content-type"), r.body, 8);
  if (!parts) return PageError(r, ctx, parts.error());
  const http::MultipartPart* file = nullptr;
  for (const auto& p : *parts) {
    if (p.name == "pdf") file = &p;
  }
  const std::string lang = r.Language();
  if (!file || file->data.empty()) {
    return ReportPage(r, ctx, *id, ctx.catalog.Text(lang, "form.fix_errors"),
                      ctx.catalog.Text(lang, "error.lab.pdf_required"), 400);
  }
  auto attached = Service(ctx)->AttachPdf(*r.principal, *id, file->filename, file->data);
  if (attached) return Response::Redirect("/lab-reports/" + std::to_string(*id));
  const Status& e = attached.error();
  if (e.code() != Code::kInvalidArgument) return PageError(r, ctx, e);
  return ReportPage(r, ctx, *id, ctx.catalog.Text(lang, "form.fix_errors"),
                    ctx.catalog.Render(lang, e.message()), 400);
}

Response DownloadPdf(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.lab.not_found"));
  auto pdf = Service(ctx)->Pdf(*r.principal, *id);
  if (!pdf) return PageError(r, ctx, pdf.error());
  return Response::Attachment(std::move(pdf->second), "application/pdf", pdf->first.pdf_name);
}

// ---------- the form ----------

using Values = std::map<std::string, std::string>;

std::string RowKey(int i, const char* field) { return "p" + std::to_string(i) + "_" + field; }

int RowsIn(const Values& values) {
  int rows = 0;
  for (int i = 0; i < kMaxRows; ++i) {
    for (const char* f : kRowFields) {
      auto it = values.find(RowKey(i, f));
      if (it != values.end() && !text::Trim(it->second).empty() && std::string(f) != "verdict") {
        rows = i + 1;
      }
    }
  }
  return rows;
}

Response Form(Request& r, WebContext& ctx, const Values& values,
              const std::map<std::string, std::string>& errors, const std::string& notice, int rows,
              int status) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.lab.new_title");
  Data f;
  for (const char* name : {"lot", "number", "tested_on", "sample_id", "method", "pdf"}) {
    auto it = values.find(name);
    f.set(name, Field(it == values.end() ? "" : it->second, errors, name));
  }
  d.set("f", f);
  rows = std::clamp(std::max(rows, kMinRows), kMinRows, kMaxRows);
  Data list = Data::type::list;
  for (int i = 0; i < rows; ++i) {
    Data row;
    row.set("i", std::to_string(i));
    row.set("n", std::to_string(i + 1));
    bool invalid = false;
    for (const char* field : kRowFields) {
      const std::string key = RowKey(i, field);
      auto it = values.find(key);
      Data x = Field(it == values.end() ? "" : it->second, errors, key);
      invalid = invalid || errors.count(key);
      row.set(field, x);
    }
    const std::string verdict =
        values.count(RowKey(i, "verdict")) ? values.at(RowKey(i, "verdict")) : "";
    row.set("verdict_options", Options({{"", ctx.catalog.Text(lang, "page.lab.verdict.computed")},
                                        {"pass", ctx.catalog.Text(lang, "page.lab.verdict.pass")},
                                        {"fail", ctx.catalog.Text(lang, "page.lab.verdict.fail")}},
                                       verdict));
    row.set("invalid", invalid);
    list.push_back(row);
  }
  d.set("rows", list);
  d.set("row_count", std::to_string(rows));
  d.set("today", Today(ctx).ToDisplay());
  d.set("max_mb", std::to_string(Service(ctx)->settings().max_pdf_bytes >> 20));
  auto parameters_error = errors.find("parameters");
  if (parameters_error != errors.end()) d.set("parameters_error", parameters_error->second);
  if (!notice.empty()) d.set("notice", notice);
  return HtmlPage(ctx, "lab_report_form", d, status);
}

Response NewForm(Request& r, WebContext& ctx) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("lab report service not wired"));
  Values values;
  values["lot"] = r.Query("lot");
  values["tested_on"] = Today(ctx).ToDisplay();
  return Form(r, ctx, values, {}, "", kMinRows, 200);
}

// "parameters[k].value" of the k-th submitted row → "p{row}_value".
std::map<std::string, std::string> RowErrors(const std::map<std::string, std::string>& errors,
                                             const std::vector<int>& row_of) {
  std::map<std::string, std::string> out;
  for (const auto& [field, message] : errors) {
    if (!field.starts_with("parameters[")) {
      out.emplace(field, message);
      continue;
    }
    const auto close = field.find(']');
    std::size_t k = 0;
    std::from_chars(field.data() + 11, field.data() + close, k);
    if (close == std::string::npos || k >= row_of.size() || close + 2 > field.size()) {
      out.emplace("parameters", message);
      continue;
    }
    std::string member = field.substr(close + 2);
    if (member == "type" || member == "chemical_substance" || member == "microorganism") {
      member = "name";
    }
    out.emplace(RowKey(row_of[k], member.c_str()), message);
  }
  return out;
}

Response Submit(Request& r, WebContext& ctx) {
  if (!Service(ctx)) return PageError(r, ctx, Internal("lab report service not wired"));
  const std::string lang = r.Language();
  auto parts = http::ParseMultipart(r.Header("content-type"), r.body, 64 + kMaxRows * 8);
  if (!parts) return PageError(r, ctx, parts.error());
  Values values;
  const http::MultipartPart* pdf = nullptr;
  for (const auto& p : *parts) {
    if (p.name == "pdf") {
      if (!p.data.empty()) pdf = &p;
    } else if (p.name != "_csrf" && text::IsValidUtf8(p.data)) {
      values.emplace(p.name, p.data);
    }
  }
  int rows = RowsIn(values);
  if (values.count("add_row")) {
    return Form(r, ctx, values, {}, "", std::max(rows, kMinRows) + 1, 200);
  }
  std::map<std::string, std::string> errors;
  domain::LabReportInput in;
  in.lot = values["lot"];
  in.number = values["number"];
  in.tested_on = values["tested_on"];
  in.sample_id = values["sample_id"];
  in.method = values["method"];
  std::vector<int> row_of;
  for (int i = 0; i < rows; ++i) {
    bool empty = true;
    for (const char* f : kRowFields) {
      if (std::string(f) != "verdict" && !text::Trim(values[RowKey(i, f)]).empty()) empty = false;
    }
    if (empty) continue;
    domain::StatedParameter sp;
    sp.parameter.name = values[RowKey(i, "name")];
    sp.parameter.unit = std::string(text::Trim(values[RowKey(i, "unit")]));
    auto number = [&](const char* field, bool required) -> std::optional<double> {
      const std::string& typed = values[RowKey(i, field)];
      if (text::Trim(typed).empty()) {
        if (required) errors[RowKey(i, field)] = ctx.catalog.Text(lang, "error.field.required");
        return std::nullopt;
      }
      auto d = ParseDecimal(typed);
      if (!d) errors[RowKey(i, field)] = ctx.catalog.Text(lang, "error.lab.number");
      return d;
    };
    sp.parameter.value = number("value", true).value_or(0);
    sp.parameter.limit_min = number("limit_min", false);
    sp.parameter.limit_max = number("limit_max", false);
    sp.stated = domain::ParseLabVerdict(values[RowKey(i, "verdict")]);
    in.parameters.push_back(std::move(sp));
    row_of.push_back(i);
  }
  if (pdf) {
    Status checked =
        domain::LabReportService::CheckPdf(pdf->data, Service(ctx)->settings().max_pdf_bytes);
    if (!checked.ok()) errors["pdf"] = ctx.catalog.Render(lang, checked.message());
  }
  if (!errors.empty()) {
    // The rows' number errors first; the domain would only repeat them.
    return Form(r, ctx, values, errors, ctx.catalog.Text(lang, "form.fix_errors"), rows, 400);
  }
  auto created = Service(ctx)->Submit(*r.principal, in);
  if (!created) {
    const Status& e = created.error();
    if (e.code() != Code::kInvalidArgument && e.code() != Code::kAlreadyExists &&
        e.code() != Code::kNotFound) {
      return PageError(r, ctx, e);
    }
    return Form(r, ctx, values, RowErrors(FieldMessages(r, ctx, e), row_of),
                ctx.catalog.Text(lang, "form.fix_errors"), rows, 400);
  }
  const std::string url = "/lab-reports/" + std::to_string(created->id);
  if (pdf) {
    auto attached = Service(ctx)->AttachPdf(*r.principal, created->id, pdf->filename, pdf->data);
    if (!attached) return PageError(r, ctx, attached.error());
  }
  return Response::Redirect(url + "?created=1");
}

}  // namespace

void RegisterLabReportPages(http::Router& router, WebContext& ctx) {
  const auto readers = Access::Roles(kReaders);
  const auto labs = Access::Roles({Role::kLaboratory});
  router.Add(Method::kGet, "/lab-reports", readers, Surface::kPage,
             [&ctx](Request& r) { return List(r, ctx); });
  router.Add(Method::kGet, "/lab-reports/new", labs, Surface::kPage,
             [&ctx](Request& r) { return NewForm(r, ctx); });
  router.Add(Method::kPost, "/lab-reports", labs, Surface::kPage,
             [&ctx](Request& r) { return Submit(r, ctx); });
  router.Add(Method::kGet, "/lab-reports/{id}", readers, Surface::kPage, [&ctx](Request& r) {
    auto id = IdParam(r);
    if (!id) return PageError(r, ctx, NotFound("error.lab.not_found"));
    return ReportPage(r, ctx, *id, "", "", 200);
  });
  router.Add(Method::kPost, "/lab-reports/{id}/pdf", labs, Surface::kPage,
             [&ctx](Request& r) { return AttachPdf(r, ctx); });
  router.Add(Method::kGet, "/lab-reports/{id}/pdf", readers, Surface::kPage,
             [&ctx](Request& r) { return DownloadPdf(r, ctx); });
}

}  // namespace ocop::web

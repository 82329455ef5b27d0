#include "domain/traceability/lab_report.h"

#include <cmath>

#include "domain/text_input.h"
#include "gs1/epcis/cbv_vocabulary.h"

namespace ocop::domain {

std::string_view LabVerdictId(LabVerdict v) { return v == LabVerdict::kFail ? "fail" : "pass"; }

std::optional<LabVerdict> ParseLabVerdict(std::string_view id) {
  if (id == "pass") return LabVerdict::kPass;
  if (id == "fail") return LabVerdict::kFail;
  return std::nullopt;
}

LabVerdict VerdictOf(double value, const std::optional<double>& min,
                     const std::optional<double>& max) {
  if (min && value < *min) return LabVerdict::kFail;
  if (max && value > *max) return LabVerdict::kFail;
  return LabVerdict::kPass;
}

namespace {

// Rec 20 codes are 2–3 upper-case letters and digits; the platform accepts up
// to 8 so that a partner's code is never cut.
bool IsUnitCode(std::string_view u) {
  if (u.empty() || u.size() > 8) return false;
  for (char c : u) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool LooksLikeUri(std::string_view s) {
  auto colon = s.find(':');
  return colon != std::string_view::npos && colon > 0 && s.size() <= 500 &&
         s.find_first_of(" \t\r\n\"<>") == std::string_view::npos;
}

}  // namespace

Status JudgeLabReport(LabReport& report, const std::vector<StatedParameter>& parameters) {
  FieldErrors errors;
  report.number = CleanText(errors, "number", report.number, 60, true);
  report.sample_id = CleanText(errors, "sample_id", report.sample_id, 60, true);
  report.method = CleanText(errors, "method", report.method, 200, true);
  if (parameters.empty()) errors.Add("parameters", "error.lab.no_parameters");
  if (parameters.size() > kMaxLabParameters) {
    errors.Add("parameters", "error.lab.too_many_parameters",
               {{"max", std::to_string(kMaxLabParameters)}});
  }
  report.parameters.clear();
  report.verdict = LabVerdict::kPass;
  for (std::size_t i = 0; i < parameters.size() && i < kMaxLabParameters; ++i) {
    const std::string at = "parameters[" + std::to_string(i) + "].";
    LabParameter p = parameters[i].parameter;
    p.name = CleanText(errors, (at + "name").c_str(), p.name, 120, true);
    if (p.measurement_type.empty()) p.measurement_type = "Dimensionless";
    if (!gs1::epcis::IsCbvTerm(gs1::epcis::CbvVocabulary::kMeasurementType, p.measurement_type)) {
      errors.Add(at + "type", "error.lab.measurement_type");
    }
    if (!p.chemical_substance.empty() && !LooksLikeUri(p.chemical_substance)) {
      errors.Add(at + "chemical_substance", "error.lab.uri");
    }
    if (!p.microorganism.empty() && !LooksLikeUri(p.microorganism)) {
      errors.Add(at + "microorganism", "error.lab.uri");
    }
    if (!std::isfinite(p.value)) errors.Add(at + "value", "error.lab.number");
    if (!IsUnitCode(p.unit)) errors.Add(at + "unit", "error.lab.unit");
    if (p.limit_min && !std::isfinite(*p.limit_min))
      errors.Add(at + "limit_min", "error.lab.number");
    if (p.limit_max && !std::isfinite(*p.limit_max))
      errors.Add(at + "limit_max", "error.lab.number");
    if (!p.limit_min && !p.limit_max) errors.Add(at + "limit_max", "error.lab.no_limit");
    if (p.limit_min && p.limit_max && *p.limit_min > *p.limit_max) {
      errors.Add(at + "limit_min", "error.lab.limits_reversed");
    }
    p.verdict = VerdictOf(p.value, p.limit_min, p.limit_max);
    if (parameters[i].stated && *parameters[i].stated != p.verdict) {
      errors.Add(at + "verdict", "error.lab.verdict_contradiction",
                 {{"stated", std::string(LabVerdictId(*parameters[i].stated))},
                  {"computed", std::string(LabVerdictId(p.verdict))}});
    }
    if (p.verdict == LabVerdict::kFail) report.verdict = LabVerdict::kFail;
    report.parameters.push_back(std::move(p));
  }
  return errors.ToStatus();
}

std::string_view UnitSymbol(std::string_view rec20) {
  if (rec20 == "NA") return "mg/kg";
  if (rec20 == "J33") return "µg/kg";
  if (rec20 == "P1") return "%";
  if (rec20 == "GL") return "g/l";
  if (rec20 == "M1") return "mg/l";
  if (rec20 == "CEL") return "°C";
  return rec20;
}

std::string HoldReasonOf(const LabReport& report) { return "lab_report:" + report.number; }

}  // namespace ocop::domain

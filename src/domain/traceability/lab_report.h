// Phiếu kết quả thử nghiệm — a laboratory's test report on a lot: who tested
// it, when, which sample by which method, and per parameter the value, unit,
// limit and verdict. The verdict of a parameter is computed from its value and
// limits; a laboratory may state one too, and a stated verdict that
// contradicts the computed one is refused. Plain values and pure rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace ocop::domain {

enum class LabVerdict { kPass, kFail };
std::string_view LabVerdictId(LabVerdict v);  // "pass", "fail"
std::optional<LabVerdict> ParseLabVerdict(std::string_view id);

// One measured parameter (chỉ tiêu). A limit is inclusive: a value equal to
// the maximum residue limit passes.
struct LabParameter {
  std::string name;                // "Chlorpyrifos", "HMF", "Salmonella"
  std::string measurement_type;    // GS1 MeasurementType term ("Dimensionless")
  std::string chemical_substance;  // a URI (an InChIKey URL), "" when none
  std::string microorganism;       // a URI (an NCBI taxonomy URL), "" when none
  double value = 0;
  std::string unit;  // UN/ECE Rec 20 code as EPCIS uom ("NA" = mg/kg)
  std::optional<double> limit_min, limit_max;
  LabVerdict verdict = LabVerdict::kPass;  // computed by Judge
};

struct LabReport {
  std::int64_t id = 0;
  std::string number;  // the laboratory's report number, unique per laboratory
  std::int64_t laboratory_user_id = 0;
  std::string laboratory;  // the laboratory account's username
  std::int64_t lot_id = 0;
  std::string lot_key;  // gs1::CanonicalEpc key of the lot
  // Copied from the lot's product when recorded: who may read the report.
  std::int64_t product_id = 0, producer_id = 0;
  std::string province_code, commune_code;
  CivilDate tested_on;
  std::string sample_id, method;
  std::vector<LabParameter> parameters;
  LabVerdict verdict = LabVerdict::kPass;  // fail when any parameter fails
  std::string event_id;                    // the EPCIS event that carries it
  std::int64_t event_seq = 0;
  std::string pdf_sha256, pdf_name;  // "" when no PDF is attached
  std::int64_t pdf_size = 0;
  std::int64_t created_at_ms = 0;
};

// The verdict of `value` against the limits given: fail below the minimum or
// above the maximum.
LabVerdict VerdictOf(double value, const std::optional<double>& min,
                     const std::optional<double>& max);

// A parameter as submitted, with the verdict the laboratory stated (if any).
struct StatedParameter {
  LabParameter parameter;
  std::optional<LabVerdict> stated;
};

// Checks a report's fields and computes every verdict into `report`.
// InvalidArgument ("error.invalid_input") with field violations named like the
// JSON API ("number", "sample_id", "parameters[2].limit_max", …): required
// texts empty or too long, no parameters or more than kMaxLabParameters, a
// value or limit not finite, no limit at all, a minimum above the maximum, a
// unit not a short code, a stated verdict contradicting the computed one
// ("error.lab.verdict_contradiction").
inline constexpr std::size_t kMaxLabParameters = 100;
Status JudgeLabReport(LabReport& report, const std::vector<StatedParameter>& parameters);

// "mg/kg" for "NA" and the few other Rec 20 codes laboratories use; the code
// itself otherwise.
std::string_view UnitSymbol(std::string_view rec20);

// The reason a failed report puts on its lot's hold: "lab_report:{number}".
std::string HoldReasonOf(const LabReport& report);

}  // namespace ocop::domain

// A test report as an EPCIS 2.0 event, both ways: the ObjectEvent that the
// report form and the JSON API capture, and the LabReport row recorded from
// any captured event of that shape, so that a partner laboratory capturing its
// own event makes the same report as the form.
//
// The shape (EPCIS 2.0 sensor data, as in GS1's SensorDataExample8): an
// ObjectEvent, action OBSERVE, bizStep inspecting, captured by a laboratory
// account, naming the lot in its quantityList (epcClass: the lot's class id in
// any form), with a sensorElementList. Disposition conformant or
// non_conformant when given (it must agree with the verdict).
//   sensorMetadata: "ocop:reportNumber", "ocop:sampleID", "ocop:method"
//   sensorReport:   type (a GS1 MeasurementType), chemicalSubstance or
//                   microorganism (URIs), value, uom, and "ocop:parameter"
//                   (its name), "ocop:minLimit", "ocop:maxLimit",
//                   "ocop:verdict" ("pass" or "fail", optional).
// "ocop:" is the platform's vocabulary kLabVocabulary; an extension key may
// also be that IRI in full, or another prefix that the event's own @context
// binds to it. minValue/maxValue are not used for limits: EPCIS defines them
// as the smallest and largest values observed over an interval.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/store.h"
#include "domain/traceability/capture_hooks.h"
#include "domain/traceability/lab_report.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {

inline constexpr std::string_view kLabVocabulary = "https://ocop.gov.vn/epcis/";

// The EPCISDocument carrying `report` (its computed verdicts stated) about the
// lot named `lot_epc_id`, created at `now_ms`.
std::string LabReportDocument(const LabReport& report, const std::string& lot_epc_id,
                              std::int64_t now_ms);

// What an event of the shape says: the report's own fields (number, tested_on,
// sample_id, method, event_id) and its parameters with any stated verdicts,
// the class keys it names, and the JSON path of each parameter's report.
struct LabReportReading {
  LabReport report;
  std::vector<StatedParameter> parameters;
  std::vector<std::string> parameter_paths;  // "sensorElementList[0].sensorReport[1]"
  std::vector<std::string> class_keys;
  std::string disposition;
};

// Whether `e` has the report shape (the account's role aside).
bool HasLabReportShape(const gs1::epcis::Event& e);
// Reads an event of the shape. InvalidArgument with the event's field path
// when a report lacks a number value ("…sensorReport[1].value").
Result<LabReportReading> ReadLabReportEvent(const gs1::epcis::Event& e);

// Capture rule: each event of the shape captured by a laboratory must name
// exactly one registered lot, carry a valid report (JudgeLabReport, with the
// violations' fields as event paths), agree with its disposition, and use a
// report number the laboratory has not used. Appends its refusals to
// `refusals`. Reads only.
Status CheckLabReportEvents(Repositories& r, const Principal& who,
                            std::span<const gs1::epcis::Event> events,
                            std::vector<EventRefusal>& refusals);

// After capture: records a LabReport for each event of the shape captured by
// a laboratory; a failed report puts its lot on hold (unless recalled already)
// and proposes a recall with the report number as reference.
Status RecordLabReportsFromEvents(Repositories& r, const Principal& who,
                                  std::span<const gs1::epcis::Event> events,
                                  std::int64_t first_seq);

}  // namespace ocop::domain

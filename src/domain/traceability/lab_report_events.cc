#include "domain/traceability/lab_report_events.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "domain/registry/repositories.h"
#include "domain/traceability/event_query.h"
#include "domain/traceability/lab_report_repository.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/recall.h"
#include "gs1/epcis/cbv_vocabulary.h"
#include "gs1/epcis/event_facts.h"
#include "gs1/epcis/sensor_data.h"

namespace ocop::domain {
namespace {

using gs1::epcis::SensorValue;

std::string Ext(std::string_view local) { return "ocop:" + std::string(local); }

// The local name of an extension key in the platform's vocabulary, or "".
class Vocabulary {
 public:
  explicit Vocabulary(const std::string& event_json) : json_(event_json) {}
  std::string LocalName(const std::string& key) {
    if (key.starts_with(kLabVocabulary)) return key.substr(kLabVocabulary.size());
    const auto colon = key.find(':');
    if (colon == std::string::npos || colon == 0) return "";
    const std::string prefix = key.substr(0, colon);
    if (key.compare(colon, 3, "://") == 0) return "";
    if (prefix == "ocop") return key.substr(colon + 1);
    auto it = bound_.find(prefix);
    if (it == bound_.end()) {
      it =
          bound_.emplace(prefix, gs1::epcis::EventPrefixIri(json_, prefix) == kLabVocabulary).first;
    }
    return it->second ? key.substr(colon + 1) : "";
  }

 private:
  const std::string& json_;
  std::map<std::string, bool> bound_;
};

std::optional<double> NumberOf(const SensorValue& v) {
  double d = 0;
  const char* end = v.text.data() + v.text.size();
  auto [p, ec] = std::from_chars(v.text.data(), end, d);
  if (ec != std::errc() || p != end || !std::isfinite(d)) return std::nullopt;
  return d;
}

// "parameters[2].limit_max" → the event path of that member.
std::string EventField(const std::string& field, const LabReportReading& reading) {
  static const std::map<std::string, std::string, std::less<>> kMembers = {
      {"name", Ext("parameter")},
      {"type", "type"},
      {"chemical_substance", "chemicalSubstance"},
      {"microorganism", "microorganism"},
      {"value", "value"},
      {"unit", "uom"},
      {"limit_min", Ext("minLimit")},
      {"limit_max", Ext("maxLimit")},
      {"verdict", Ext("verdict")}};
  if (field == "number") return "sensorElementList[0].sensorMetadata." + Ext("reportNumber");
  if (field == "sample_id") return "sensorElementList[0].sensorMetadata." + Ext("sampleID");
  if (field == "method") return "sensorElementList[0].sensorMetadata." + Ext("method");
  if (field.starts_with("parameters[")) {
    const auto close = field.find(']');
    std::size_t k = 0;
    std::from_chars(field.data() + 11, field.data() + close, k);
    if (close != std::string::npos && k < reading.parameter_paths.size()) {
      std::string path = reading.parameter_paths[k];
      if (close + 2 < field.size()) {
        auto it = kMembers.find(field.substr(close + 2));
        path += "." + (it == kMembers.end() ? field.substr(close + 2) : it->second);
      }
      return path;
    }
  }
  return "sensorElementList";
}

struct LabEventCheck {
  std::optional<EventRefusal> refusal;
  LabReportReading reading;
  std::optional<Lot> lot;
};

// Reads, judges and finds the lot of one event of the shape. Errors are the
// store's; a bad report is a refusal.
Result<LabEventCheck> Examine(Repositories& r, const gs1::epcis::Event& e, std::size_t position) {
  LabEventCheck c;
  auto refuse = [&](std::string field, Message m) {
    c.refusal = EventRefusal{position, std::move(field), std::move(m)};
    return c;
  };
  auto reading = ReadLabReportEvent(e);
  if (!reading) {
    const Status& s = reading.error();
    if (s.fields().empty()) return refuse("sensorElementList", s.message());
    return refuse(s.fields().front().field, s.fields().front().message);
  }
  c.reading = std::move(*reading);
  Status judged = JudgeLabReport(c.reading.report, c.reading.parameters);
  if (!judged.ok()) {
    const FieldViolation& v = judged.fields().front();
    return refuse(EventField(v.field, c.reading), v.message);
  }
  const LabVerdict verdict = c.reading.report.verdict;
  if ((c.reading.disposition == "conformant" && verdict == LabVerdict::kFail) ||
      (c.reading.disposition == "non_conformant" && verdict == LabVerdict::kPass)) {
    return refuse("disposition", {"error.lab.verdict_contradiction",
                                  {{"stated", c.reading.disposition},
                                   {"computed", std::string(LabVerdictId(verdict))}}});
  }
  for (const std::string& key : c.reading.class_keys) {
    OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot, r.lots().FindByKey(key));
    if (!lot) continue;
    if (c.lot) return refuse("quantityList", {"error.lab.one_lot", {}});
    c.lot = std::move(lot);
  }
  if (!c.lot) return refuse("quantityList", {"error.lab.lot_unknown", {}});
  return c;
}

bool IsLabCapture(const Principal& who, const gs1::epcis::Event& e) {
  return who.role == Role::kLaboratory && HasLabReportShape(e);
}

}  // namespace

std::string LabReportDocument(const LabReport& report, const std::string& lot_epc_id,
                              std::int64_t now_ms) {
  gs1::epcis::SensorObservation o;
  o.event_time = report.tested_on.ToIso() + "T00:00:00.000+07:00";
  o.event_time_zone_offset = "+07:00";
  o.biz_step = "inspecting";
  o.disposition = report.verdict == LabVerdict::kFail ? "non_conformant" : "conformant";
  o.epc_class = lot_epc_id;
  gs1::epcis::SensorElement element;
  element.metadata = {{Ext("reportNumber"), report.number, false},
                      {Ext("sampleID"), report.sample_id, false},
                      {Ext("method"), report.method, false}};
  for (const LabParameter& p : report.parameters) {
    gs1::epcis::SensorReport s;
    s.type = p.measurement_type;
    s.chemical_substance = p.chemical_substance;
    s.microorganism = p.microorganism;
    s.value = p.value;
    s.uom = p.unit;
    s.extensions.push_back({Ext("parameter"), p.name, false});
    if (p.limit_min) {
      s.extensions.push_back({Ext("minLimit"), gs1::epcis::ShortestDecimal(*p.limit_min), true});
    }
    if (p.limit_max) {
      s.extensions.push_back({Ext("maxLimit"), gs1::epcis::ShortestDecimal(*p.limit_max), true});
    }
    s.extensions.push_back({Ext("verdict"), std::string(LabVerdictId(p.verdict)), false});
    element.reports.push_back(std::move(s));
  }
  o.elements.push_back(std::move(element));
  return gs1::epcis::WriteSensorObservationDocument(o, {{"ocop", std::string(kLabVocabulary)}},
                                                    FormatRfc3339Ms(now_ms));
}

bool HasLabReportShape(const gs1::epcis::Event& e) {
  return e.type == gs1::epcis::EventType::kObject && e.action == "OBSERVE" &&
         e.biz_step == "inspecting" && e.json.find("\"sensorElementList\"") != std::string::npos;
}

Result<LabReportReading> ReadLabReportEvent(const gs1::epcis::Event& e) {
  OCOP_ASSIGN_OR_RETURN(std::vector<gs1::epcis::SensorElement> elements,
                        gs1::epcis::ReadSensorElements(e.json));
  LabReportReading out;
  Vocabulary vocabulary(e.json);
  out.report.event_id = e.event_id;
  out.report.tested_on = CivilDate::FromUnixInVietnam(
      (e.event_time_ms - ((e.event_time_ms % 1000 + 1000) % 1000)) / 1000);
  out.disposition = e.disposition;
  for (const gs1::epcis::IdRef& ref : e.classes) {
    if (ref.role == static_cast<std::uint8_t>(gs1::epcis::ClassRole::kQuantity)) {
      out.class_keys.push_back(ref.key);
    }
  }
  if (out.class_keys.empty()) {
    // Events read back from the store keep their identifiers in the JSON only.
    for (const auto& q : gs1::epcis::ReadEventFacts(e.json).quantities) {
      if (q.role == static_cast<std::uint8_t>(gs1::epcis::ClassRole::kQuantity)) {
        out.class_keys.push_back(q.key);
      }
    }
  }
  for (std::size_t i = 0; i < elements.size(); ++i) {
    for (const SensorValue& m : elements[i].metadata) {
      const std::string name = vocabulary.LocalName(m.key);
      if (name == "reportNumber" && out.report.number.empty()) out.report.number = m.text;
      if (name == "sampleID" && out.report.sample_id.empty()) out.report.sample_id = m.text;
      if (name == "method" && out.report.method.empty()) out.report.method = m.text;
    }
    for (std::size_t j = 0; j < elements[i].reports.size(); ++j) {
      const gs1::epcis::SensorReport& s = elements[i].reports[j];
      const std::string path =
          "sensorElementList[" + std::to_string(i) + "].sensorReport[" + std::to_string(j) + "]";
      if (!s.value) {
        return Err(InvalidArgument("error.lab.invalid_event",
                                   {{path + ".value", {"error.lab.number", {}}}}));
      }
      StatedParameter sp;
      LabParameter& p = sp.parameter;
      p.measurement_type =
          gs1::epcis::CbvShortName(gs1::epcis::CbvVocabulary::kMeasurementType, s.type);
      if (p.measurement_type.empty()) p.measurement_type = s.type;
      p.chemical_substance = s.chemical_substance;
      p.microorganism = s.microorganism;
      p.value = *s.value;
      p.unit = s.uom;
      for (const SensorValue& x : s.extensions) {
        const std::string name = vocabulary.LocalName(x.key);
        if (name == "parameter") {
          p.name = x.text;
        } else if (name == "minLimit" || name == "maxLimit") {
          std::optional<double> d = NumberOf(x);
          if (!d) {
            return Err(InvalidArgument("error.lab.invalid_event",
                                       {{path + "." + x.key, {"error.lab.number", {}}}}));
          }
          (name == "minLimit" ? p.limit_min : p.limit_max) = d;
        } else if (name == "verdict") {
          sp.stated = ParseLabVerdict(x.text);
          if (!sp.stated) {
            return Err(InvalidArgument("error.lab.invalid_event",
                                       {{path + "." + x.key, {"error.lab.verdict", {}}}}));
          }
        }
      }
      if (p.name.empty()) {
        p.name = !s.chemical_substance.empty() ? s.chemical_substance
                 : !s.microorganism.empty()    ? s.microorganism
                                               : p.measurement_type;
      }
      out.parameters.push_back(std::move(sp));
      out.parameter_paths.push_back(path);
    }
  }
  return out;
}

Status CheckLabReportEvents(Repositories& r, const Principal& who,
                            std::span<const gs1::epcis::Event> events,
                            std::vector<EventRefusal>& refusals) {
  std::set<std::string> numbers;  // used by events before this one in the capture
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!IsLabCapture(who, events[i])) continue;
    OCOP_ASSIGN_OR_RETURN(LabEventCheck c, Examine(r, events[i], i));
    if (c.refusal) {
      refusals.push_back(std::move(*c.refusal));
      continue;
    }
    const std::string& number = c.reading.report.number;
    OCOP_ASSIGN_OR_RETURN(std::optional<LabReport> taken,
                          r.lab_reports().FindByNumber(who.user_id, number));
    if (taken || !numbers.insert(number).second) {
      refusals.push_back({i,
                          EventField("number", c.reading),
                          {"error.lab.duplicate_number", {{"number", number}}}});
    }
  }
  return Status::Ok();
}

Status RecordLabReportsFromEvents(Repositories& r, const Principal& who,
                                  std::span<const gs1::epcis::Event> events,
                                  std::int64_t first_seq) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!IsLabCapture(who, events[i])) continue;
    OCOP_ASSIGN_OR_RETURN(LabEventCheck c, Examine(r, events[i], i));
    // CheckLabReportEvents refused these before they were stored.
    if (c.refusal) return Internal("lab report event not checked: " + events[i].event_id);
    const std::int64_t seq = first_seq + static_cast<std::int64_t>(i);
    OCOP_ASSIGN_OR_RETURN(std::optional<StoredEvent> stored,
                          r.epcis().GetEvent(events[i].event_id));
    LabReport& report = c.reading.report;
    OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, r.products().Get(c.lot->product_id));
    if (!product) return Internal("lot without product: " + std::to_string(c.lot->id));
    report.laboratory_user_id = who.user_id;
    report.laboratory = who.username;
    report.lot_id = c.lot->id;
    report.lot_key = c.lot->key;
    report.product_id = product->id;
    report.producer_id = product->fields.producer_id;
    report.province_code = product->province_code;
    report.commune_code = product->commune_code;
    report.event_seq = stored ? stored->seq : seq;
    report.created_at_ms = stored ? stored->record_time_ms : 0;
    OCOP_ASSIGN_OR_RETURN(report.id, r.lab_reports().Insert(report));
    if (report.verdict != LabVerdict::kFail) continue;
    if (c.lot->status == LotStatus::kActive) {
      OCOP_RETURN_IF_ERROR(r.lots().SetStatus(c.lot->id, LotStatus::kOnHold, HoldReasonOf(report)));
    }
    OCOP_RETURN_IF_ERROR(ProposeRecall(
        r, RecallProposal{c.lot->id, "failed_test", report.number, report.created_at_ms}));
  }
  return Status::Ok();
}

}  // namespace ocop::domain

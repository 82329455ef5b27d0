// The sensor data of EPCIS 2.0 events (sensorElementList, §7.3.7 of the
// standard and SensorDataExample*.jsonld): read from a stored event's JSON and
// written into a new ObjectEvent, so that code outside this library (which
// holds the only JSON parser) can use it without a JSON dependency.
// Extension members (user vocabulary: keys that are compact IRIs
// "prefix:name" or full IRIs) are kept by their key as written. Pure code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace ocop::gs1::epcis {

// The value of a member the platform keeps as text: a JSON string
// (unquoted) or number (its shortest decimal form).
struct SensorValue {
  std::string key;  // as written: "ocop:sampleID", "https://…/sampleID", "time"
  std::string text;
  bool is_number = false;
};

struct SensorReport {
  std::string type;  // as written ("Dimensionless", "gs1:Temperature")
  std::string chemical_substance, microorganism, uom, string_value;
  std::optional<double> value, min_value, max_value, mean_value;
  std::vector<SensorValue> extensions;  // members beyond the standard's
};

struct SensorElement {
  std::vector<SensorValue> metadata;  // every sensorMetadata member with a string or number value
  std::vector<SensorReport> reports;
};

// The sensorElementList of one event object (JSON as stored). An event
// without one gives an empty list. InvalidArgument ("error.epcis.not_json")
// when `event_json` is not a JSON object; members of unexpected types are
// skipped (the capture validated them already).
Result<std::vector<SensorElement>> ReadSensorElements(std::string_view event_json);

// The IRI a compact key's prefix stands for in the event's own "@context"
// (an object or an array of strings and objects), or "" when the event
// defines none: ("ex:sampleID", event) → "https://ns.example.com/".
std::string EventPrefixIri(std::string_view event_json, std::string_view prefix);

// One ObjectEvent of sensor observations about a quantity of a class
// (a lot), to be captured in an EPCISDocument.
struct SensorObservation {
  std::string event_time;              // RFC 3339 with offset
  std::string event_time_zone_offset;  // "+07:00"
  std::string action = "OBSERVE";
  std::string biz_step;     // CBV short name ("inspecting")
  std::string disposition;  // CBV short name, "" for none
  std::string epc_class;    // the class observed (quantityList)
  std::string read_point;   // "" for none
  std::vector<SensorElement> elements;
};

// An EPCISDocument holding `event` alone, its "@context" the EPCIS 2.0
// context plus `prefixes` (prefix → IRI) for the extension members, and
// creationDate `creation_date` (RFC 3339). Metadata and extension values are
// written as strings or numbers as they say; a report's optional numbers only
// when present.
std::string WriteSensorObservationDocument(
    const SensorObservation& event,
    const std::vector<std::pair<std::string, std::string>>& prefixes,
    std::string_view creation_date);

// The shortest decimal text of `v` that reads back to the same double
// ("0.05", "40", "1e-07"). `v` must be finite.
std::string ShortestDecimal(double v);

}  // namespace ocop::gs1::epcis

#include "gs1/epcis/sensor_data.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

namespace ocop::gs1::epcis {
namespace {

using Json = nlohmann::ordered_json;

std::optional<double> Number(const Json& j) {
  if (!j.is_number()) return std::nullopt;
  return j.get<double>();
}

// A string or number member as text; nullopt for other types.
std::optional<SensorValue> ValueOf(const std::string& key, const Json& j) {
  if (j.is_string()) return SensorValue{key, j.get<std::string>(), false};
  if (j.is_number()) {
    const double d = j.get<double>();
    if (!std::isfinite(d)) return std::nullopt;
    return SensorValue{key, ShortestDecimal(d), true};
  }
  return std::nullopt;
}

bool IsStandardReportKey(std::string_view k) {
  static constexpr std::string_view kKeys[] = {"type",
                                               "exception",
                                               "deviceID",
                                               "deviceMetadata",
                                               "rawData",
                                               "dataProcessingMethod",
                                               "bizRules",
                                               "time",
                                               "microorganism",
                                               "chemicalSubstance",
                                               "coordinateReferenceSystem",
                                               "value",
                                               "component",
                                               "stringValue",
                                               "booleanValue",
                                               "hexBinaryValue",
                                               "uriValue",
                                               "minValue",
                                               "maxValue",
                                               "meanValue",
                                               "sDev",
                                               "percRank",
                                               "percValue",
                                               "uom"};
  for (auto s : kKeys) {
    if (s == k) return true;
  }
  return false;
}

SensorReport ReadReport(const Json& j) {
  SensorReport r;
  for (const auto& [key, value] : j.items()) {
    if (key == "type" && value.is_string()) {
      r.type = value.get<std::string>();
    } else if (key == "chemicalSubstance" && value.is_string()) {
      r.chemical_substance = value.get<std::string>();
    } else if (key == "microorganism" && value.is_string()) {
      r.microorganism = value.get<std::string>();
    } else if (key == "uom" && value.is_string()) {
      r.uom = value.get<std::string>();
    } else if (key == "stringValue" && value.is_string()) {
      r.string_value = value.get<std::string>();
    } else if (key == "value") {
      r.value = Number(value);
    } else if (key == "minValue") {
      r.min_value = Number(value);
    } else if (key == "maxValue") {
      r.max_value = Number(value);
    } else if (key == "meanValue") {
      r.mean_value = Number(value);
    } else if (!IsStandardReportKey(key)) {
      if (auto v = ValueOf(key, value)) r.extensions.push_back(std::move(*v));
    }
  }
  return r;
}

Json WriteValue(const SensorValue& v) {
  if (v.is_number) {
    double d = 0;
    auto [p, ec] = std::from_chars(v.text.data(), v.text.data() + v.text.size(), d);
    if (ec == std::errc() && p == v.text.data() + v.text.size() && std::isfinite(d)) return d;
  }
  return v.text;
}

}  // namespace

std::string ShortestDecimal(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "0";
  return std::string(buf, end);
}

Result<std::vector<SensorElement>> ReadSensorElements(std::string_view event_json) {
  Json event = Json::parse(event_json, nullptr, false);
  if (event.is_discarded() || !event.is_object()) {
    return Err(InvalidArgument("error.epcis.not_json"));
  }
  std::vector<SensorElement> out;
  auto list = event.find("sensorElementList");
  if (list == event.end() || !list->is_array()) return out;
  for (const Json& element : *list) {
    if (!element.is_object()) continue;
    SensorElement e;
    auto metadata = element.find("sensorMetadata");
    if (metadata != element.end() && metadata->is_object()) {
      for (const auto& [key, value] : metadata->items()) {
        if (auto v = ValueOf(key, value)) e.metadata.push_back(std::move(*v));
      }
    }
    auto reports = element.find("sensorReport");
    if (reports != element.end() && reports->is_array()) {
      for (const Json& r : *reports) {
        if (r.is_object()) e.reports.push_back(ReadReport(r));
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string EventPrefixIri(std::string_view event_json, std::string_view prefix) {
  Json event = Json::parse(event_json, nullptr, false);
  if (event.is_discarded() || !event.is_object()) return "";
  auto context = event.find("@context");
  if (context == event.end()) return "";
  std::string found;
  auto look = [&](const Json& c) {
    if (!c.is_object()) return;
    auto it = c.find(std::string(prefix));
    if (it != c.end() && it->is_string()) found = it->get<std::string>();
  };
  if (context->is_array()) {
    for (const Json& c : *context) look(c);
  } else {
    look(*context);
  }
  return found;
}

std::string WriteSensorObservationDocument(
    const SensorObservation& event,
    const std::vector<std::pair<std::string, std::string>>& prefixes,
    std::string_view creation_date) {
  Json context = Json::array({"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"});
  if (!prefixes.empty()) {
    Json terms = Json::object();
    for (const auto& [prefix, iri] : prefixes) terms[prefix] = iri;
    context.push_back(std::move(terms));
  }
  Json e = Json::object();
  e["type"] = "ObjectEvent";
  e["eventTime"] = event.event_time;
  e["eventTimeZoneOffset"] = event.event_time_zone_offset;
  e["action"] = event.action;
  e["bizStep"] = event.biz_step;
  if (!event.disposition.empty()) e["disposition"] = event.disposition;
  e["quantityList"] = Json::array({Json{{"epcClass", event.epc_class}}});
  if (!event.read_point.empty()) e["readPoint"] = Json{{"id", event.read_point}};
  Json elements = Json::array();
  for (const SensorElement& element : event.elements) {
    Json el = Json::object();
    if (!element.metadata.empty()) {
      Json m = Json::object();
      for (const SensorValue& v : element.metadata) m[v.key] = WriteValue(v);
      el["sensorMetadata"] = std::move(m);
    }
    Json reports = Json::array();
    for (const SensorReport& r : element.reports) {
      Json j = Json::object();
      j["type"] = r.type;
      if (!r.chemical_substance.empty()) j["chemicalSubstance"] = r.chemical_substance;
      if (!r.microorganism.empty()) j["microorganism"] = r.microorganism;
      if (r.value) j["value"] = *r.value;
      if (r.min_value) j["minValue"] = *r.min_value;
      if (r.max_value) j["maxValue"] = *r.max_value;
      if (r.mean_value) j["meanValue"] = *r.mean_value;
      if (!r.string_value.empty()) j["stringValue"] = r.string_value;
      if (!r.uom.empty()) j["uom"] = r.uom;
      for (const SensorValue& v : r.extensions) j[v.key] = WriteValue(v);
      reports.push_back(std::move(j));
    }
    el["sensorReport"] = std::move(reports);
    elements.push_back(std::move(el));
  }
  e["sensorElementList"] = std::move(elements);
  Json doc = Json::object();
  doc["@context"] = std::move(context);
  doc["type"] = "EPCISDocument";
  doc["schemaVersion"] = "2.0";
  doc["creationDate"] = std::string(creation_date);
  doc["epcisBody"] = Json{{"eventList", Json::array({std::move(e)})}};
  return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ocop::gs1::epcis

#include "gs1/epcis/lot_event.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace ocop::gs1::epcis {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

// The local name of a master-data key in its compact ("cbvmda:farmID") or expanded
// ("urn:epcglobal:cbv:mda:farmID", "urn:epcglobal:cbv:mda#farmID") form; "" for other keys.
std::string_view MdaName(std::string_view key) {
  for (std::string_view prefix : {"cbvmda:", "urn:epcglobal:cbv:mda:", "urn:epcglobal:cbv:mda#"}) {
    if (key.substr(0, prefix.size()) == prefix) return key.substr(prefix.size());
  }
  return {};
}

Json QuantityList(const std::vector<LotQuantity>& list) {
  Json out = Json::array();
  for (const LotQuantity& q : list) {
    Json e = {{"epcClass", q.epc_class}};
    if (q.has_quantity) e["quantity"] = q.quantity;
    if (!q.uom.empty()) e["uom"] = q.uom;
    out.push_back(std::move(e));
  }
  return out;
}

Json Ilmd(const LotIlmd& ilmd, const std::string& farm_id_type) {
  Json out = Json::object();
  if (!ilmd.harvest_start.empty()) out["cbvmda:harvestStartDate"] = ilmd.harvest_start;
  if (!ilmd.harvest_end.empty()) out["cbvmda:harvestEndDate"] = ilmd.harvest_end;
  if (!ilmd.farm_ids.empty()) {
    Json farms = Json::array();
    for (const std::string& id : ilmd.farm_ids) {
      farms.push_back({{"cbvmda:farmID", id}, {"cbvmda:farmIDType", farm_id_type}});
    }
    out["cbvmda:farmList"] = std::move(farms);
  }
  return out;
}

std::vector<LotQuantity> ReadQuantities(const Json& event, const char* member) {
  std::vector<LotQuantity> out;
  auto it = event.find(member);
  if (it == event.end() || !it->is_array()) return out;
  for (const Json& q : *it) {
    if (!q.is_object()) continue;
    auto cls = q.find("epcClass");
    if (cls == q.end() || !cls->is_string()) continue;
    LotQuantity e;
    e.epc_class = cls->get<std::string>();
    if (auto n = q.find("quantity"); n != q.end() && n->is_number()) {
      e.has_quantity = true;
      e.quantity = n->get<double>();
    }
    if (auto u = q.find("uom"); u != q.end() && u->is_string()) e.uom = u->get<std::string>();
    out.push_back(std::move(e));
  }
  return out;
}

void ReadFarm(const Json& farm, std::vector<std::string>& out) {
  if (!farm.is_object()) return;
  for (auto f = farm.begin(); f != farm.end(); ++f) {
    if (MdaName(f.key()) == "farmID" && f.value().is_string()) {
      out.push_back(f.value().get<std::string>());
    }
  }
}

LotIlmd ReadIlmd(const Json& ilmd) {
  LotIlmd out;
  if (!ilmd.is_object()) return out;
  for (auto it = ilmd.begin(); it != ilmd.end(); ++it) {
    const std::string_view name = MdaName(it.key());
    const Json& v = it.value();
    if (name == "harvestStartDate" && v.is_string()) out.harvest_start = v.get<std::string>();
    if (name == "harvestEndDate" && v.is_string()) out.harvest_end = v.get<std::string>();
    if (name == "farmList") {
      if (v.is_array()) {
        for (const Json& farm : v) ReadFarm(farm, out.farm_ids);
      } else {
        ReadFarm(v, out.farm_ids);
      }
    }
  }
  return out;
}

// A readPoint or bizLocation: {"id": "…"}.
std::string LocationOf(const Json& event, const char* member) {
  auto it = event.find(member);
  if (it == event.end() || !it->is_object()) return {};
  auto id = it->find("id");
  return id != it->end() && id->is_string() ? id->get<std::string>() : std::string();
}

}  // namespace

std::string BuildLotDocument(const LotEventSpec& spec) {
  Json event = Json::object();
  event["type"] = std::string(EventTypeName(spec.type));
  event["eventTime"] = spec.event_time;
  event["eventTimeZoneOffset"] = spec.time_zone_offset;
  if (spec.type == EventType::kObject) {
    event["action"] = "ADD";
    event["bizStep"] = "commissioning";
    event["disposition"] = "active";
    event["quantityList"] = QuantityList(spec.outputs);
  } else {
    event["bizStep"] = "commissioning";
    event["disposition"] = "active";
    event["inputQuantityList"] = QuantityList(spec.inputs);
    event["outputQuantityList"] = QuantityList(spec.outputs);
  }
  if (!spec.location_id.empty()) {
    event["readPoint"] = {{"id", spec.location_id}};
    event["bizLocation"] = {{"id", spec.location_id}};
  }
  Json ilmd = Ilmd(spec.ilmd, spec.farm_id_type);
  if (!ilmd.empty()) event["ilmd"] = std::move(ilmd);
  Json doc = {{"@context", Json::array({kContext})},
              {"type", "EPCISDocument"},
              {"schemaVersion", "2.0"},
              {"creationDate", spec.creation_date},
              {"epcisBody", {{"eventList", Json::array({std::move(event)})}}}};
  return doc.dump();
}

LotEventFacts ReadLotEventFacts(std::string_view event_json) {
  LotEventFacts out;
  const Json event = Json::parse(event_json, nullptr, /*allow_exceptions=*/false);
  if (!event.is_object()) return out;
  auto type = event.find("type");
  auto action = event.find("action");
  const std::string t = type != event.end() && type->is_string() ? type->get<std::string>() : "";
  const std::string a =
      action != event.end() && action->is_string() ? action->get<std::string>() : "";
  if (t == "ObjectEvent" && a == "ADD") {
    out.created = ReadQuantities(event, "quantityList");
  } else if (t == "TransformationEvent") {
    out.created = ReadQuantities(event, "outputQuantityList");
    out.inputs = ReadQuantities(event, "inputQuantityList");
  }
  if (auto ilmd = event.find("ilmd"); ilmd != event.end()) out.ilmd = ReadIlmd(*ilmd);
  out.read_point = LocationOf(event, "readPoint");
  out.biz_location = LocationOf(event, "bizLocation");
  return out;
}

}  // namespace ocop::gs1::epcis

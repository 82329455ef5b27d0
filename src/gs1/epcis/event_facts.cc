#include "gs1/epcis/event_facts.h"

#include <nlohmann/json.hpp>
#include <utility>

#include "gs1/digital_link.h"
#include "gs1/epcis/event.h"

namespace ocop::gs1::epcis {
namespace {

using Json = nlohmann::json;

// The ILMD's farm list under the CBV master-data prefix, in its compact or
// expanded form.
bool IsFarmList(const std::string& key) {
  return key == "cbvmda:farmList" || key == "urn:epcglobal:cbv:mda#farmList";
}
bool IsFarmId(const std::string& key) {
  return key == "cbvmda:farmID" || key == "urn:epcglobal:cbv:mda#farmID";
}

void ReadQuantities(const Json& event, const char* member, ClassRole role, EventFacts& out) {
  auto it = event.find(member);
  if (it == event.end() || !it->is_array()) return;
  for (const Json& q : *it) {
    if (!q.is_object()) continue;
    auto cls = q.find("epcClass");
    if (cls == q.end() || !cls->is_string()) continue;
    QuantityElement e;
    e.role = static_cast<std::uint8_t>(role);
    e.key = CanonicalEpc(cls->get<std::string>()).key;
    if (auto n = q.find("quantity"); n != q.end() && n->is_number()) {
      e.has_quantity = true;
      e.quantity = n->get<double>();
    }
    if (auto u = q.find("uom"); u != q.end() && u->is_string()) e.uom = u->get<std::string>();
    out.quantities.push_back(std::move(e));
  }
}

void ReadFarms(const Json& ilmd, EventFacts& out) {
  for (auto it = ilmd.begin(); it != ilmd.end(); ++it) {
    if (!IsFarmList(it.key())) continue;
    const Json& list = it.value();
    auto add = [&](const Json& farm) {
      if (!farm.is_object()) return;
      for (auto f = farm.begin(); f != farm.end(); ++f) {
        if (IsFarmId(f.key()) && f.value().is_string()) {
          out.farm_ids.push_back(f.value().get<std::string>());
        }
      }
    };
    if (list.is_array()) {
      for (const Json& farm : list) add(farm);
    } else {
      add(list);
    }
  }
}

}  // namespace

EventFacts ReadEventFacts(std::string_view event_json) {
  EventFacts out;
  Json event = Json::parse(event_json, nullptr, /*allow_exceptions=*/false);
  if (!event.is_object()) return out;
  ReadQuantities(event, "quantityList", ClassRole::kQuantity, out);
  ReadQuantities(event, "childQuantityList", ClassRole::kQuantity, out);
  ReadQuantities(event, "inputQuantityList", ClassRole::kInput, out);
  ReadQuantities(event, "outputQuantityList", ClassRole::kOutput, out);
  if (auto t = event.find("transformationID"); t != event.end() && t->is_string()) {
    out.transformation_id = t->get<std::string>();
  }
  if (auto ilmd = event.find("ilmd"); ilmd != event.end() && ilmd->is_object()) {
    ReadFarms(*ilmd, out);
  }
  return out;
}

}  // namespace ocop::gs1::epcis

#include "domain/traceability/trace_links.h"

#include <algorithm>
#include <utility>

#include "gs1/digital_link.h"
#include "gs1/epcis/event_facts.h"

namespace ocop::domain {
namespace {

using gs1::epcis::ClassRole;
using gs1::epcis::EpcRole;
using gs1::epcis::Event;
using gs1::epcis::EventType;

std::uint8_t RoleCode(EpcRole r) { return static_cast<std::uint8_t>(r); }
std::uint8_t RoleCode(ClassRole r) { return static_cast<std::uint8_t>(r); }

// Keys of `event` in EPC role `epc_role` or class role `class_role`, each once, in order.
void AddKeys(const Event& event, std::uint8_t epc_role, std::uint8_t class_role,
             std::vector<std::string>& out) {
  auto add = [&out](const std::string& key) {
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
  };
  for (const auto& id : event.epcs) {
    if (id.role == epc_role) add(id.key);
  }
  for (const auto& id : event.classes) {
    if (id.role == class_role) add(id.key);
  }
}

std::vector<std::string> KeysOf(const Event& event, EpcRole epc_role, ClassRole class_role) {
  std::vector<std::string> out;
  AddKeys(event, RoleCode(epc_role), RoleCode(class_role), out);
  return out;
}

// The objects `event` makes (and so places at its origin), or none.
std::vector<std::string> ObjectsMade(const Event& event) {
  if (event.type == EventType::kTransformation) {
    return KeysOf(event, EpcRole::kOutput, ClassRole::kOutput);
  }
  if (event.type == EventType::kObject && event.action == "ADD" &&
      StepMakesObjects(event.biz_step)) {
    return KeysOf(event, EpcRole::kEpc, ClassRole::kQuantity);
  }
  return {};
}

void Link(DerivedLinks& out, const std::string& from, TraceNodeKind from_kind,
          const std::string& to, TraceNodeKind to_kind, TraceLinkKind kind, const Event& e,
          std::int64_t seq) {
  out.links.push_back({from, to, from_kind, to_kind, kind, seq, e.event_time_ms});
}

}  // namespace

bool StepMakesObjects(std::string_view biz_step) {
  return biz_step.empty() || biz_step == "commissioning" || biz_step == "creating_class_instance" ||
         biz_step.find(':') != std::string_view::npos;
}

std::string FarmLocationKey(std::string_view farm_id) {
  if (farm_id.find(':') == std::string_view::npos) {
    return "urn:ocop:site:" + std::string(farm_id);
  }
  return gs1::CanonicalEpc(farm_id).key;
}

std::vector<std::string> ObjectsNamed(const Event& event) {
  switch (event.type) {
    case EventType::kObject:
      return KeysOf(event, EpcRole::kEpc, ClassRole::kQuantity);
    case EventType::kAggregation:
    case EventType::kTransaction: {
      std::vector<std::string> out = KeysOf(event, EpcRole::kParent, ClassRole{0});
      AddKeys(event, RoleCode(EpcRole::kEpc), RoleCode(ClassRole::kQuantity), out);
      return out;
    }
    case EventType::kTransformation:
      return KeysOf(event, EpcRole::kOutput, ClassRole::kOutput);
    case EventType::kAssociation:
      return {};
  }
  return {};
}

void DeriveLinks(const Event& e, std::int64_t seq, DerivedLinks& out) {
  constexpr auto kObject = TraceNodeKind::kObject;
  constexpr auto kLocation = TraceNodeKind::kLocation;
  if (e.type == EventType::kTransformation) {
    const auto inputs = KeysOf(e, EpcRole::kInput, ClassRole::kInput);
    const auto outputs = KeysOf(e, EpcRole::kOutput, ClassRole::kOutput);
    for (const auto& in : inputs) {
      for (const auto& o : outputs) {
        // A lot reworked under its own id is no link to itself.
        if (in != o) Link(out, in, kObject, o, kObject, TraceLinkKind::kTransformation, e, seq);
      }
    }
  }
  if (e.type == EventType::kAggregation && (e.action == "ADD" || e.action == "OBSERVE")) {
    const auto parents = KeysOf(e, EpcRole::kParent, ClassRole{0});
    const auto children = KeysOf(e, EpcRole::kEpc, ClassRole::kQuantity);
    for (const auto& p : parents) {
      for (const auto& c : children) {
        if (c != p) Link(out, c, kObject, p, kObject, TraceLinkKind::kAggregation, e, seq);
      }
    }
  }
  const auto made = ObjectsMade(e);
  if (!made.empty()) {
    std::vector<std::string> origins;
    if (!e.biz_location.empty()) origins.push_back(e.biz_location);
    // Only an event that may hold a farm list pays for reading its JSON.
    if (e.json.find("farmList") != std::string::npos) {
      for (const auto& farm : gs1::epcis::ReadEventFacts(e.json).farm_ids) {
        std::string key = FarmLocationKey(farm);
        if (std::find(origins.begin(), origins.end(), key) == origins.end()) {
          origins.push_back(std::move(key));
        }
      }
    }
    for (const auto& o : made) {
      out.creations.push_back({o, e.event_time_ms});
      for (const auto& loc : origins) {
        Link(out, loc, kLocation, o, kObject, TraceLinkKind::kOrigin, e, seq);
      }
    }
  }
  std::vector<std::string> destinations;
  for (const auto& sd : e.sources_destinations) {
    if (sd.is_source || sd.id.empty()) continue;
    std::string key = gs1::CanonicalEpc(sd.id).key;
    if (std::find(destinations.begin(), destinations.end(), key) == destinations.end()) {
      destinations.push_back(std::move(key));
    }
  }
  if (!destinations.empty()) {
    for (const auto& o : ObjectsNamed(e)) {
      for (const auto& d : destinations) {
        Link(out, o, kObject, d, kLocation, TraceLinkKind::kShipment, e, seq);
      }
    }
  }
}

void TransformationSidesOf(const Event& e, std::int64_t seq, std::vector<TransformationSide>& out) {
  if (e.type != EventType::kTransformation) return;
  if (e.json.find("transformationID") == std::string::npos) return;
  const std::string id = gs1::epcis::ReadEventFacts(e.json).transformation_id;
  if (id.empty()) return;
  for (auto& k : KeysOf(e, EpcRole::kInput, ClassRole::kInput)) {
    out.push_back({id, false, std::move(k), seq, e.event_time_ms});
  }
  for (auto& k : KeysOf(e, EpcRole::kOutput, ClassRole::kOutput)) {
    out.push_back({id, true, std::move(k), seq, e.event_time_ms});
  }
}

void LinkTransformationSides(std::span<const TransformationSide> added,
                             std::span<const TransformationSide> known, DerivedLinks& out) {
  for (const auto& s : added) {
    for (const auto& o : known) {
      // Each pair once, by the later event (an event's own pairs are DeriveLinks').
      if (o.transformation_id != s.transformation_id || o.output == s.output ||
          o.event_seq >= s.event_seq) {
        continue;
      }
      const std::string& in = s.output ? o.key : s.key;
      const std::string& made = s.output ? s.key : o.key;
      if (in == made) continue;
      out.links.push_back({in, made, TraceNodeKind::kObject, TraceNodeKind::kObject,
                           TraceLinkKind::kTransformation, s.event_seq, s.event_time_ms});
    }
  }
}

Status RecordTraceLinks(Repositories& r, std::span<const Event> events, std::int64_t first_seq) {
  DerivedLinks derived;
  std::vector<TransformationSide> sides;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::int64_t seq = first_seq + static_cast<std::int64_t>(i);
    DeriveLinks(events[i], seq, derived);
    TransformationSidesOf(events[i], seq, sides);
  }
  if (!sides.empty()) {
    // A transformation stated in parts: this capture's sides meet each other
    // and those stored under the same transformationID.
    std::vector<std::string> ids;
    for (const auto& s : sides) {
      if (std::find(ids.begin(), ids.end(), s.transformation_id) == ids.end()) {
        ids.push_back(s.transformation_id);
      }
    }
    OCOP_ASSIGN_OR_RETURN(std::vector<TransformationSide> known,
                          r.trace().TransformationSides(ids));
    known.insert(known.end(), sides.begin(), sides.end());
    LinkTransformationSides(sides, known, derived);
    OCOP_RETURN_IF_ERROR(r.trace().AddTransformationSides(sides));
  }
  return r.trace().AddLinks(derived.links, derived.creations);
}

}  // namespace ocop::domain

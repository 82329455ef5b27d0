// The EPCIS 2.0 event as the repository indexes it: the fields that queries
// filter on, already normalised, beside the event's own JSON for an exact
// round trip. Produced by the JSON-LD binding (epcis/json_binding.h), stored
// by the domain's EPCIS repository. Pure data, no JSON library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocop::gs1::epcis {

enum class EventType : std::uint8_t {
  kObject = 1,
  kAggregation = 2,
  kTransaction = 3,
  kTransformation = 4,
  kAssociation = 5,
};
// "ObjectEvent", … as in EPCIS 2.0 JSON.
std::string_view EventTypeName(EventType type);
std::optional<EventType> ParseEventType(std::string_view name);

// Where an instance identifier appears in an event (the MATCH_* parameters).
enum class EpcRole : std::uint8_t {
  kEpc = 1,     // epcList, or childEPCs of Aggregation/Transaction/Association events
  kParent = 2,  // parentID
  kInput = 3,   // inputEPCList
  kOutput = 4,  // outputEPCList
};

// Where a class identifier appears (quantity lists).
enum class ClassRole : std::uint8_t {
  kQuantity = 1,  // quantityList, childQuantityList
  kInput = 2,     // inputQuantityList
  kOutput = 3,    // outputQuantityList
};

struct IdRef {
  std::uint8_t role = 0;  // an EpcRole or ClassRole value
  std::string key;        // gs1::CanonicalEpc(id).key
};

struct BizTransaction {
  std::string type;  // CBV short name ("po") or the URI of a non-CBV type; "" when absent
  std::string id;
};

struct SourceDestination {
  bool is_source = true;
  std::string type;  // CBV short name ("owning_party", "location") or URI
  std::string id;
};

struct Event {
  std::string event_id;            // as given, or the CBV 2.0 event hash
  bool event_id_computed = false;  // true when the repository computed it
  EventType type = EventType::kObject;
  std::string action;        // "ADD", "OBSERVE", "DELETE"; "" for TransformationEvent
  std::string biz_step;      // CBV short name ("shipping") whichever form was written, else the URI
  std::string disposition;   // likewise ("in_transit")
  std::string read_point;    // the id as written
  std::string biz_location;  // the id as written
  std::int64_t event_time_ms = 0;      // UTC milliseconds since the epoch
  std::string event_time_zone_offset;  // "+07:00"
  std::vector<IdRef> epcs;             // EpcRole roles
  std::vector<IdRef> classes;          // ClassRole roles
  std::vector<BizTransaction> biz_transactions;
  std::vector<SourceDestination> sources_destinations;
  // The event object as captured (compact JSON, member order kept, compact
  // prefixes as in the document), with "eventID" added when it was computed.
  std::string json;
};

}  // namespace ocop::gs1::epcis

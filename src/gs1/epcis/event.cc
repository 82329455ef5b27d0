#include "gs1/epcis/event.h"

namespace ocop::gs1::epcis {

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kObject:
      return "ObjectEvent";
    case EventType::kAggregation:
      return "AggregationEvent";
    case EventType::kTransaction:
      return "TransactionEvent";
    case EventType::kTransformation:
      return "TransformationEvent";
    case EventType::kAssociation:
      return "AssociationEvent";
  }
  return "";
}

std::optional<EventType> ParseEventType(std::string_view name) {
  for (EventType type : {EventType::kObject, EventType::kAggregation, EventType::kTransaction,
                         EventType::kTransformation, EventType::kAssociation}) {
    if (EventTypeName(type) == name) return type;
  }
  return std::nullopt;
}

}  // namespace ocop::gs1::epcis

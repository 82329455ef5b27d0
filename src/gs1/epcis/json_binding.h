// The EPCIS 2.0 JSON-LD binding: reading EPCIS documents and single events
// into validated `Event`s (every rule of GS1's JSON Schema plus the rules the
// schema cannot express), and the CBV 2.0 event hash.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "gs1/epcis/event.h"

namespace ocop::gs1::epcis {

struct ParseLimits {
  std::size_t max_events = 10000;  // more is ResourceExhausted
  int max_depth = 32;              // deeper nesting is InvalidArgument
};

// One problem with one event: `index` into eventList, `field` a JSON path
// inside the event ("epcList[2]", "ilmd", "sensorElementList[0].sensorReport[1].type").
struct EventError {
  std::size_t index = 0;
  std::string field;
  Message message;  // catalogue key and arguments
};

struct ParsedDocument {
  // The document's "@context" as compact JSON ("[…]" or "\"…\""), needed to
  // expand the compact prefixes ("example:myField") of its events.
  std::string context_json;
  std::vector<Event> events;       // the valid events, in document order
  std::vector<EventError> errors;  // the invalid ones, by index
};

// An EPCISDocument (JSON-LD). A body that is not JSON, not an EPCISDocument,
// too deep or too large is an error Status; invalid events are reported in
// `errors` (the caller applies rollback or proceed).
Result<ParsedDocument> ParseDocument(std::string_view json, const ParseLimits& limits = {});

// One event object (POST /epcis/events), with its own "@context" if it has
// one. Invalid: InvalidArgument with field violations named like EventError.
Result<ParsedDocument> ParseSingleEvent(std::string_view json, const ParseLimits& limits = {});

// The CBV 2.0 event hash "ni:///sha-256;<hex>?ver=CBV2.0" of an event object
// (EPCIS 2.0 / CBV 2.0 §8.9 canonical pre-hash string).
Result<std::string> ComputeEventHash(std::string_view event_json, std::string_view context_json);

}  // namespace ocop::gs1::epcis

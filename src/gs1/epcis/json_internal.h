// Internal to ocop_gs1_epcis (not installed with the public headers, which
// stay free of nlohmann): validation, normalisation and hashing of one event
// object that the document parser has already read.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gs1/digital_link.h"
#include "gs1/epcis/event.h"
#include "gs1/epcis/json_binding.h"

namespace ocop::gs1::epcis::internal {

// Member order is kept so that the stored event is the event as written.
using Json = nlohmann::ordered_json;

// The compact-IRI prefixes in force for an event: those of the EPCIS 2.0
// context (epcis, cbv, cbvmda, gs1, rdfs, owl, xsd, dcterms) and those that
// the document's and the event's "@context" objects define.
class Prefixes {
 public:
  Prefixes();
  // Adds the term → IRI strings of the context objects in `context` (a
  // string, an object or an array of them; remote context URLs add nothing).
  void AddContext(const Json& context);
  // The IRI of `prefix`, or nullptr.
  const std::string* Find(std::string_view prefix) const;
  // "example:myField" → "{https://ns.example.com/epcis/}myField" (CBV 2.0
  // rules 19–20); a key whose prefix is undefined is returned unchanged.
  std::string ExpandKey(std::string_view key) const;
  // "gs1:Temperature" → "https://gs1.org/voc/Temperature" (rule 15).
  std::string ExpandValue(std::string_view value) const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// gs1::CanonicalEpc with a memory: one document names the same identifiers
// in validation, in the index and in the hash, and the conversion is the
// costliest step of reading an event. Not thread-safe; one per document.
class CanonicalIds {
 public:
  const CanonicalId& Of(const std::string& id);

 private:
  std::unordered_map<std::string, CanonicalId> cache_;
};

// Checks `event` against GS1's JSON Schema and the rules of the EPCIS 2.0
// standard that the schema cannot express, appending one EventError per
// problem (with `index`). URN forms of CBV values are rewritten in `event` to
// their bare JSON-LD terms. When valid, fills every field of *out except
// `json` and a computed `event_id`, and returns true.
bool ValidateEvent(Json& event, std::size_t index, CanonicalIds& ids,
                   std::vector<EventError>* errors, Event* out);

// The CBV 2.0 canonical pre-hash string of a valid event.
std::string PreHashString(const Json& event, const Prefixes& prefixes, CanonicalIds& ids);

// "ni:///sha-256;<hex>?ver=CBV2.0" of a pre-hash string.
std::string EventHashOf(std::string_view pre_hash);

}  // namespace ocop::gs1::epcis::internal

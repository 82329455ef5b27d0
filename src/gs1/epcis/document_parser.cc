// Reading EPCIS documents and single events: the byte-level guards (nesting
// depth, malformed JSON), the document's own members, then each event through
// ValidateEvent, its computed event id and its stored JSON.
#include <string>
#include <string_view>

#include "gs1/epcis/json_binding.h"
#include "gs1/epcis/json_internal.h"
#include "gs1/epcis/json_reader.h"
#include "gs1/epcis/value_formats.h"

namespace ocop::gs1::epcis {
namespace {

using internal::Json;
using internal::Prefixes;

// Refuses nesting deeper than `max_depth` before the recursive parser sees
// the bytes, so that "[[[[…" ten thousand deep costs one pass and no stack.
// Brackets inside strings do not count.
bool WithinDepth(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

Result<Json> ParseJson(std::string_view text, const ParseLimits& limits) {
  if (!WithinDepth(text, limits.max_depth)) {
    return Err(Status(Code::kInvalidArgument,
                      {"error.epcis.too_deep", {{"max", std::to_string(limits.max_depth)}}}));
  }
  try {
    return internal::ReadJson(text);
  } catch (const Json::parse_error& e) {
    return Err(Status(Code::kInvalidArgument,
                      {"error.epcis.malformed_json", {{"position", std::to_string(e.byte)}}}));
  } catch (const Json::exception&) {
    // A number too large for a double ("1e999") is out_of_range, not a
    // parse_error; it has no position.
    return Err(Status(Code::kInvalidArgument, {"error.epcis.malformed_json", {{"position", "-"}}}));
  }
}

bool IsContext(const Json& context) {
  auto item_ok = [](const Json& item) {
    return item.is_object() || (item.is_string() && IsUri(item.get_ref<const std::string&>()));
  };
  if (!context.is_array()) return item_ok(context);
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (!item_ok(context[i])) return false;
    for (std::size_t j = 0; j < i; ++j) {
      if (context[j] == context[i]) return false;  // uniqueItems
    }
  }
  return true;
}

// The members of an EPCISDocument other than its events (schema definition
// epcisDocument).
void CheckDocument(const Json& doc, std::vector<FieldViolation>* fields) {
  auto add = [&](std::string field, std::string key,
                 std::vector<std::pair<std::string, std::string>> args = {}) {
    fields->push_back({std::move(field), {std::move(key), std::move(args)}});
  };
  static constexpr std::string_view kMembers[] = {
      "@context",           "id",     "type",     "schemaVersion", "creationDate",
      "instanceIdentifier", "sender", "receiver", "epcisHeader",   "epcisBody"};
  for (const auto& [key, value] : doc.items()) {
    bool known = false;
    for (std::string_view member : kMembers) known = known || key == member;
    if (!known && !IsUri(key)) add(key, "error.epcis.unknown_field");
  }
  auto context = doc.find("@context");
  if (context == doc.end()) {
    add("@context", "error.epcis.required");
  } else if (!IsContext(*context)) {
    add("@context", "error.epcis.invalid_context");
  }
  auto version = doc.find("schemaVersion");
  if (version == doc.end()) {
    add("schemaVersion", "error.epcis.required");
  } else if (!version->is_string() || !IsVersion(version->get_ref<const std::string&>())) {
    add("schemaVersion", "error.epcis.invalid_schema_version");
  }
  auto created = doc.find("creationDate");
  if (created == doc.end()) {
    add("creationDate", "error.epcis.required");
  } else if (!created->is_string() || !ParseDateTimeMs(created->get_ref<const std::string&>())) {
    add("creationDate", "error.epcis.invalid_date_time");
  }
  if (auto id = doc.find("id"); id != doc.end()) {
    if (!id->is_string() || !IsUri(id->get_ref<const std::string&>())) {
      add("id", "error.epcis.invalid_uri");
    }
  }
  for (std::string_view member : {"instanceIdentifier", "sender", "receiver"}) {
    if (auto it = doc.find(member); it != doc.end() && !it->is_string()) {
      add(std::string(member), "error.epcis.wrong_type", {{"expected", "string"}});
    }
  }
  if (auto header = doc.find("epcisHeader"); header != doc.end()) {
    if (!header->is_object()) {
      add("epcisHeader", "error.epcis.wrong_type", {{"expected", "object"}});
    } else {
      for (const auto& [key, value] : header->items()) {
        if (key != "epcisMasterData" && !IsUri(key)) {
          add("epcisHeader." + key, "error.epcis.unknown_field");
        }
      }
    }
  }
  auto body = doc.find("epcisBody");
  if (body == doc.end()) {
    add("epcisBody", "error.epcis.required");
  } else if (!body->is_object()) {
    add("epcisBody", "error.epcis.wrong_type", {{"expected", "object"}});
  } else if (auto list = body->find("eventList"); list == body->end()) {
    add("epcisBody.eventList", "error.epcis.required");
  } else if (!list->is_array()) {
    add("epcisBody.eventList", "error.epcis.wrong_type", {{"expected", "array"}});
  }
}

// object.dump(), into a string that need not grow as it is written.
std::string CompactJson(const Json& object) {
  std::string out;
  out.reserve(512);  // a typical event is 300-500 bytes
  nlohmann::detail::serializer<Json> writer(nlohmann::detail::output_adapter<char>(out), ' ');
  writer.dump(object, false, false, 0);
  return out;
}

// Validates and indexes one event; `prefixes` are the document's.
void ReadEvent(Json& object, std::size_t index, const Prefixes& document_prefixes,
               internal::CanonicalIds& ids, ParsedDocument* out) {
  Event event;
  bool valid = internal::ValidateEvent(object, index, ids, &out->errors, &event);
  if (object.is_object()) {
    if (auto context = object.find("@context"); context != object.end() && !IsContext(*context)) {
      out->errors.push_back({index, "@context", {"error.epcis.invalid_context", {}}});
      valid = false;
    }
  }
  if (!valid) return;
  if (event.event_id.empty()) {
    std::string pre_hash;
    if (auto context = object.find("@context"); context != object.end()) {
      Prefixes own = document_prefixes;
      own.AddContext(*context);
      pre_hash = internal::PreHashString(object, own, ids);
    } else {
      pre_hash = internal::PreHashString(object, document_prefixes, ids);
    }
    event.event_id = internal::EventHashOf(pre_hash);
    event.event_id_computed = true;
    object["eventID"] = event.event_id;
  }
  event.json = CompactJson(object);
  out->events.push_back(std::move(event));
}

}  // namespace

Result<ParsedDocument> ParseDocument(std::string_view json, const ParseLimits& limits) {
  OCOP_ASSIGN_OR_RETURN(Json doc, ParseJson(json, limits));
  if (!doc.is_object() || !doc.contains("type") || doc["type"] != "EPCISDocument") {
    return Err(InvalidArgument("error.epcis.not_a_document"));
  }
  std::vector<FieldViolation> fields;
  CheckDocument(doc, &fields);
  if (!fields.empty())
    return Err(InvalidArgument("error.epcis.invalid_document", std::move(fields)));
  Json& events = doc["epcisBody"]["eventList"];
  if (events.size() > limits.max_events) {
    return Err(Status(Code::kResourceExhausted, {"error.epcis.too_many_events",
                                                 {{"max", std::to_string(limits.max_events)}}}));
  }
  ParsedDocument out;
  const Json& context = doc["@context"];
  out.context_json = context.dump();
  Prefixes prefixes;
  prefixes.AddContext(context);
  out.events.reserve(events.size());
  internal::CanonicalIds ids;
  for (std::size_t i = 0; i < events.size(); ++i) ReadEvent(events[i], i, prefixes, ids, &out);
  return out;
}

Result<ParsedDocument> ParseSingleEvent(std::string_view json, const ParseLimits& limits) {
  OCOP_ASSIGN_OR_RETURN(Json object, ParseJson(json, limits));
  ParsedDocument out;
  if (object.is_object()) {
    auto context = object.find("@context");
    if (context == object.end()) {
      out.errors.push_back({0, "@context", {"error.epcis.required", {}}});
    } else if (!IsContext(*context)) {
      out.errors.push_back({0, "@context", {"error.epcis.invalid_context", {}}});
    } else {
      out.context_json = context->dump();
    }
  }
  internal::CanonicalIds ids;
  ReadEvent(object, 0, Prefixes(), ids, &out);
  if (out.errors.empty()) return out;
  std::vector<FieldViolation> fields;
  for (EventError& error : out.errors) {
    fields.push_back({std::move(error.field), std::move(error.message)});
  }
  return Err(InvalidArgument("error.epcis.invalid_event", std::move(fields)));
}

Result<std::string> ComputeEventHash(std::string_view event_json, std::string_view context_json) {
  ParseLimits limits;
  OCOP_ASSIGN_OR_RETURN(Json event, ParseJson(event_json, limits));
  if (!event.is_object() || !event.contains("type") || !event["type"].is_string()) {
    return Err(InvalidArgument("error.epcis.event_not_object"));
  }
  Prefixes prefixes;
  if (!context_json.empty()) {
    OCOP_ASSIGN_OR_RETURN(Json context, ParseJson(context_json, limits));
    prefixes.AddContext(context);
  }
  if (auto own = event.find("@context"); own != event.end()) prefixes.AddContext(*own);
  internal::CanonicalIds ids;
  return internal::EventHashOf(internal::PreHashString(event, prefixes, ids));
}

}  // namespace ocop::gs1::epcis

// Validation of one EPCIS 2.0 event object: GS1's JSON Schema
// (EPCIS-JSON-Schema.json: the fields of each event type, their JSON types,
// enumerations and formats, the property-name rule that extensions are URIs)
// and the rules of the EPCIS 2.0 standard that the schema cannot express.
// Each problem names its field path and a catalogue key "error.epcis.*".
#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "gs1/digital_link.h"
#include "gs1/epcis/cbv_vocabulary.h"
#include "gs1/epcis/json_internal.h"
#include "gs1/epcis/value_formats.h"

namespace ocop::gs1::epcis::internal {
namespace {

using Args = std::vector<std::pair<std::string, std::string>>;

std::string Join(const std::string& path, std::string_view member) {
  return path.empty() ? std::string(member) : path + "." + std::string(member);
}
std::string Item(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

using Names = std::span<const std::string_view>;

bool Member(std::string_view key, Names names) {
  return std::find(names.begin(), names.end(), key) != names.end();
}
bool Member(std::string_view key, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

// The fields every event type may carry (common-event-properties).
constexpr auto kCommonFields = std::to_array<std::string_view>(
    {"@context", "type", "eventTime", "recordTime", "eventTimeZoneOffset", "eventID",
     "certificationInfo", "errorDeclaration"});

// The members each event type defines (the schema's propertyNames).
constexpr auto kObjectFields = std::to_array<std::string_view>(
    {"action", "epcList", "quantityList", "bizStep", "disposition", "persistentDisposition",
     "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList",
     "sensorElementList", "ilmd"});
constexpr auto kAggregationFields = std::to_array<std::string_view>(
    {"parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint",
     "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList"});
constexpr auto kTransactionFields =
    std::to_array<std::string_view>({"bizTransactionList", "parentID", "epcList", "quantityList",
                                     "action", "bizStep", "disposition", "readPoint", "bizLocation",
                                     "sourceList", "destinationList", "sensorElementList"});
constexpr auto kTransformationFields = std::to_array<std::string_view>(
    {"inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID",
     "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation",
     "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd"});

class Validator {
 public:
  Validator(std::size_t index, std::vector<EventError>* errors)
      : index_(index), errors_(errors), start_(errors->size()) {}

  bool ok() const { return errors_->size() == start_; }

  void Error(std::string field, std::string key, Args args = {}) {
    errors_->push_back({index_, std::move(field), {std::move(key), std::move(args)}});
  }

  bool String(const Json& v, const std::string& path) {
    if (v.is_string()) return true;
    Error(path, "error.epcis.wrong_type", {{"expected", "string"}});
    return false;
  }
  bool Object(const Json& v, const std::string& path) {
    if (v.is_object()) return true;
    Error(path, "error.epcis.wrong_type", {{"expected", "object"}});
    return false;
  }
  bool Array(const Json& v, const std::string& path) {
    if (v.is_array()) return true;
    Error(path, "error.epcis.wrong_type", {{"expected", "array"}});
    return false;
  }
  bool Number(const Json& v, const std::string& path) {
    if (v.is_number()) return true;
    Error(path, "error.epcis.wrong_type", {{"expected", "number"}});
    return false;
  }

  bool Uri(const Json& v, const std::string& path) {
    if (!String(v, path)) return false;
    if (IsUri(v.get_ref<const std::string&>())) return true;
    Error(path, "error.epcis.invalid_uri");
    return false;
  }

  bool Time(const Json& v, const std::string& path, std::int64_t* ms = nullptr) {
    if (!String(v, path)) return false;
    auto parsed = ParseDateTimeMs(v.get_ref<const std::string&>());
    if (!parsed) {
      Error(path, "error.epcis.invalid_date_time");
      return false;
    }
    if (ms) *ms = *parsed;
    return true;
  }

  // A list of URIs (epcList and its kin); `unique` as the schema's uniqueItems.
  bool UriList(const Json& v, const std::string& path, bool unique) {
    if (!Array(v, path)) return false;
    bool good = true;
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!Uri(v[i], Item(path, i))) {
        good = false;
        continue;
      }
      if (unique && !seen.insert(v[i].get_ref<const std::string&>()).second) {
        Error(Item(path, i), "error.epcis.duplicate_item");
        good = false;
      }
    }
    return good;
  }

  // A CBV value: a bare term, a URI outside the CBV namespace, or the CBV
  // URN/Web URI of a term (URNs are rewritten to the bare term so that what
  // is stored stays valid to the schema, which refuses them).
  bool Vocabulary(Json& v, const std::string& path, CbvVocabulary vocabulary) {
    if (!String(v, path)) return false;
    const std::string& text = v.get_ref<const std::string&>();
    if (IsCbvTerm(vocabulary, text)) return true;
    std::string term = CbvShortName(vocabulary, text);
    if (!term.empty()) {
      if (text.starts_with("urn:")) v = term;
      return true;
    }
    bool reserved = text.starts_with("urn:epcglobal:cbv") ||
                    text.starts_with("http://ns.gs1.org/cbv/") ||
                    text.starts_with("https://ns.gs1.org/cbv/");
    if (vocabulary == CbvVocabulary::kMeasurementType ||
        vocabulary == CbvVocabulary::kSensorAlertType) {
      reserved = text.starts_with("http://gs1.org/voc/") ||
                 text.starts_with("https://gs1.org/voc/") ||
                 text.starts_with("http://www.gs1.org/voc/") ||
                 text.starts_with("https://www.gs1.org/voc/");
    }
    if (!reserved && IsUri(text)) return true;
    Error(path, "error.epcis.invalid_vocabulary", {{"value", text}});
    return false;
  }

  // Extension members must be named by a (compact) URI; `allowed` are the
  // standard members of the object.
  void PropertyNames(const Json& object, const std::string& path, Names allowed, Names also = {}) {
    for (const auto& [key, value] : object.items()) {
      if (Member(key, allowed) || Member(key, also)) continue;
      if (!IsUri(key)) Error(Join(path, key), "error.epcis.unknown_field");
    }
  }

  void PropertyNames(const Json& object, const std::string& path,
                     std::initializer_list<std::string_view> allowed) {
    PropertyNames(object, path, Names(allowed.begin(), allowed.size()));
  }
  void Closed(const Json& object, const std::string& path,
              std::initializer_list<std::string_view> allowed) {
    Closed(object, path, Names(allowed.begin(), allowed.size()));
  }

  void Closed(const Json& object, const std::string& path, Names allowed) {
    for (const auto& [key, value] : object.items()) {
      if (!Member(key, allowed)) Error(Join(path, key), "error.epcis.unknown_field");
    }
  }

 private:
  std::size_t index_;
  std::vector<EventError>* errors_;
  std::size_t start_;
};

// EPC or class id → repository key.
void AddEpcs(const Json& list, EpcRole role, CanonicalIds& ids, Event* out) {
  for (const Json& id : list) {
    out->epcs.push_back(
        {static_cast<std::uint8_t>(role), ids.Of(id.get_ref<const std::string&>()).key});
  }
}

bool IsInstanceId(const std::string& id, CanonicalIds& ids) {
  if (id.starts_with("urn:epc:id:")) return true;
  const CanonicalId& canonical = ids.Of(id);
  return !canonical.is_prefix && canonical.key.starts_with("https://id.gs1.org/01/") &&
         canonical.key.find("/21/") != std::string::npos;
}

// quantityList and its kin: [{epcClass, quantity?, uom?}], no other members.
bool QuantityList(Validator& v, const Json& list, const std::string& path, ClassRole role,
                  CanonicalIds& ids, Event* out) {
  if (!v.Array(list, path)) return false;
  bool good = true;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& element = list[i];
    std::string at = Item(path, i);
    if (!v.Object(element, at)) {
      good = false;
      continue;
    }
    v.Closed(element, at, {"epcClass", "quantity", "uom"});
    auto cls = element.find("epcClass");
    if (cls == element.end()) {
      v.Error(Join(at, "epcClass"), "error.epcis.required");
      good = false;
    } else if (v.Uri(*cls, Join(at, "epcClass"))) {
      const std::string& id = cls->get_ref<const std::string&>();
      if (IsInstanceId(id, ids)) {
        v.Error(Join(at, "epcClass"), "error.epcis.class_not_instance");
        good = false;
      } else {
        out->classes.push_back({static_cast<std::uint8_t>(role), ids.Of(id).key});
      }
    }
    auto quantity = element.find("quantity");
    if (quantity != element.end()) v.Number(*quantity, Join(at, "quantity"));
    auto uom = element.find("uom");
    if (uom != element.end()) {
      if (v.String(*uom, Join(at, "uom")) && !IsUom(uom->get_ref<const std::string&>())) {
        v.Error(Join(at, "uom"), "error.epcis.invalid_uom");
      }
      // EPCIS 2.0 §7.3.3.3: a unit of measure qualifies a quantity.
      if (quantity == element.end()) v.Error(Join(at, "uom"), "error.epcis.uom_without_quantity");
    }
  }
  return good;
}

void Location(Validator& v, const Json& location, const std::string& path, std::string* id) {
  if (!v.Object(location, path)) return;
  auto it = location.find("id");
  if (it == location.end()) {
    v.Error(Join(path, "id"), "error.epcis.required");
  } else if (v.Uri(*it, Join(path, "id"))) {
    *id = it->get<std::string>();
  }
}

void BizTransactions(Validator& v, Json& list, const std::string& path, Event* out) {
  if (!v.Array(list, path)) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Json& element = list[i];
    std::string at = Item(path, i);
    if (!v.Object(element, at)) continue;
    v.Closed(element, at, {"type", "bizTransaction"});
    BizTransaction bt;
    auto type = element.find("type");
    if (type != element.end() &&
        v.Vocabulary(*type, Join(at, "type"), CbvVocabulary::kBizTransactionType)) {
      const std::string& text = type->get_ref<const std::string&>();
      std::string term = CbvShortName(CbvVocabulary::kBizTransactionType, text);
      bt.type = term.empty() ? text : term;
    }
    auto id = element.find("bizTransaction");
    if (id == element.end()) {
      v.Error(Join(at, "bizTransaction"), "error.epcis.required");
    } else if (v.Uri(*id, Join(at, "bizTransaction"))) {
      bt.id = id->get<std::string>();
    }
    out->biz_transactions.push_back(std::move(bt));
  }
}

void SourcesOrDestinations(Validator& v, Json& list, const std::string& path, bool is_source,
                           Event* out) {
  if (!v.Array(list, path)) return;
  const std::string_view member = is_source ? "source" : "destination";
  for (std::size_t i = 0; i < list.size(); ++i) {
    Json& element = list[i];
    std::string at = Item(path, i);
    if (!v.Object(element, at)) continue;
    v.Closed(element, at, {"type", member});
    SourceDestination sd;
    sd.is_source = is_source;
    auto type = element.find("type");
    if (type == element.end()) {
      v.Error(Join(at, "type"), "error.epcis.required");
    } else if (v.Vocabulary(*type, Join(at, "type"), CbvVocabulary::kSourceDestinationType)) {
      const std::string& text = type->get_ref<const std::string&>();
      std::string term = CbvShortName(CbvVocabulary::kSourceDestinationType, text);
      sd.type = term.empty() ? text : term;
    }
    auto id = element.find(member);
    if (id == element.end()) {
      v.Error(Join(at, member), "error.epcis.required");
    } else if (v.Uri(*id, Join(at, member))) {
      sd.id = id->get<std::string>();
    }
    out->sources_destinations.push_back(std::move(sd));
  }
}

void SensorMetadata(Validator& v, const Json& metadata, const std::string& path) {
  if (!v.Object(metadata, path)) return;
  static constexpr auto kTimes = std::to_array<std::string_view>({"time", "startTime", "endTime"});
  static constexpr auto kUris = std::to_array<std::string_view>(
      {"deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"});
  v.PropertyNames(metadata, path, kTimes, kUris);
  for (const auto& [key, value] : metadata.items()) {
    if (Member(key, kTimes)) v.Time(value, Join(path, key));
    if (Member(key, kUris)) v.Uri(value, Join(path, key));
  }
}

void SensorReport(Validator& v, Json& report, const std::string& path) {
  if (!v.Object(report, path)) return;
  static constexpr auto kUris = std::to_array<std::string_view>(
      {"deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules", "microorganism",
       "chemicalSubstance", "coordinateReferenceSystem", "uriValue"});
  static constexpr auto kNumbers = std::to_array<std::string_view>(
      {"value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"});
  for (const auto& [key, value] : report.items()) {
    std::string at = Join(path, key);
    if (Member(key, kUris)) {
      v.Uri(value, at);
    } else if (Member(key, kNumbers)) {
      v.Number(value, at);
    } else if (key == "type") {
      v.Vocabulary(value, at, CbvVocabulary::kMeasurementType);
    } else if (key == "exception") {
      v.Vocabulary(value, at, CbvVocabulary::kSensorAlertType);
    } else if (key == "component") {
      v.Vocabulary(value, at, CbvVocabulary::kComponent);
    } else if (key == "time") {
      v.Time(value, at);
    } else if (key == "stringValue" || key == "uom") {
      v.String(value, at);
    } else if (key == "booleanValue") {
      if (!value.is_boolean()) v.Error(at, "error.epcis.wrong_type", {{"expected", "boolean"}});
    } else if (key == "hexBinaryValue") {
      if (v.String(value, at) && !IsHexBinary(value.get_ref<const std::string&>())) {
        v.Error(at, "error.epcis.invalid_hex");
      }
    } else if (!IsUri(key)) {
      v.Error(at, "error.epcis.unknown_field");
    }
  }
  if (!report.contains("type")) v.Error(Join(path, "type"), "error.epcis.required");
}

void SensorElements(Validator& v, Json& list, const std::string& path) {
  if (!v.Array(list, path)) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Json& element = list[i];
    std::string at = Item(path, i);
    if (!v.Object(element, at)) continue;
    v.PropertyNames(element, at, {"sensorMetadata", "sensorReport"});
    auto metadata = element.find("sensorMetadata");
    if (metadata != element.end()) SensorMetadata(v, *metadata, Join(at, "sensorMetadata"));
    auto reports = element.find("sensorReport");
    std::string reports_at = Join(at, "sensorReport");
    if (reports == element.end()) {
      v.Error(reports_at, "error.epcis.required");
    } else if (v.Array(*reports, reports_at)) {
      if (reports->empty()) v.Error(reports_at, "error.epcis.empty_list");
      for (std::size_t r = 0; r < reports->size(); ++r) {
        SensorReport(v, (*reports)[r], Item(reports_at, r));
      }
    }
  }
}

void PersistentDisposition(Validator& v, Json& pd, const std::string& path) {
  if (!v.Object(pd, path)) return;
  v.Closed(pd, path, {"set", "unset"});
  if (!pd.contains("set") && !pd.contains("unset")) {
    v.Error(path, "error.epcis.persistent_disposition_empty");
  }
  for (std::string_view member : {"set", "unset"}) {
    auto it = pd.find(member);
    if (it == pd.end()) continue;
    std::string at = Join(path, member);
    if (!v.Array(*it, at)) continue;
    if (it->empty()) v.Error(at, "error.epcis.empty_list");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < it->size(); ++i) {
      Json& value = (*it)[i];
      if (v.Vocabulary(value, Item(at, i), CbvVocabulary::kDisposition) &&
          !seen.insert(value.get<std::string>()).second) {
        v.Error(Item(at, i), "error.epcis.duplicate_item");
      }
    }
  }
}

void ErrorDeclaration(Validator& v, Json& declaration, const std::string& path) {
  if (!v.Object(declaration, path)) return;
  v.PropertyNames(declaration, path, {"declarationTime", "reason", "correctiveEventIDs"});
  auto time = declaration.find("declarationTime");
  if (time == declaration.end()) {
    v.Error(Join(path, "declarationTime"), "error.epcis.required");
  } else {
    v.Time(*time, Join(path, "declarationTime"));
  }
  auto reason = declaration.find("reason");
  if (reason != declaration.end()) {
    v.Vocabulary(*reason, Join(path, "reason"), CbvVocabulary::kErrorReason);
  }
  auto corrective = declaration.find("correctiveEventIDs");
  if (corrective != declaration.end()) {
    v.UriList(*corrective, Join(path, "correctiveEventIDs"), false);
  }
}

bool NonEmptyArray(const Json& event, std::string_view member) {
  auto it = event.find(member);
  return it != event.end() && it->is_array() && !it->empty();
}

}  // namespace

bool ValidateEvent(Json& event, std::size_t index, CanonicalIds& ids,
                   std::vector<EventError>* errors, Event* out) {
  Validator v(index, errors);
  if (!event.is_object()) {
    v.Error("", "error.epcis.event_not_object");
    return false;
  }
  auto type_it = event.find("type");
  if (type_it == event.end()) {
    v.Error("type", "error.epcis.required");
    return false;
  }
  if (!v.String(*type_it, "type")) return false;
  std::optional<EventType> type = ParseEventType(type_it->get_ref<const std::string&>());
  if (!type) {
    v.Error("type", "error.epcis.unknown_event_type", {{"type", type_it->get<std::string>()}});
    return false;
  }
  out->type = *type;

  // The members each type defines (the schema's propertyNames); anything else
  // must be an extension named by a URI.
  Names fields;
  switch (*type) {
    case EventType::kObject:
      fields = kObjectFields;
      break;
    case EventType::kAggregation:
    case EventType::kAssociation:
      fields = kAggregationFields;
      break;
    case EventType::kTransaction:
      fields = kTransactionFields;
      break;
    case EventType::kTransformation:
      fields = kTransformationFields;
      break;
  }
  // Standard members that belong to other event types (ilmd on an
  // AggregationEvent, action on a TransformationEvent, …) are refused by
  // name rather than as unknown.
  static constexpr auto kAllStandard = std::to_array<std::string_view>({"action",
                                                                        "epcList",
                                                                        "quantityList",
                                                                        "bizStep",
                                                                        "disposition",
                                                                        "persistentDisposition",
                                                                        "readPoint",
                                                                        "bizLocation",
                                                                        "bizTransactionList",
                                                                        "sourceList",
                                                                        "destinationList",
                                                                        "sensorElementList",
                                                                        "ilmd",
                                                                        "parentID",
                                                                        "childEPCs",
                                                                        "childQuantityList",
                                                                        "inputEPCList",
                                                                        "inputQuantityList",
                                                                        "outputEPCList",
                                                                        "outputQuantityList",
                                                                        "transformationID"});
  for (const auto& [key, value] : event.items()) {
    if (Member(key, kCommonFields) || Member(key, fields)) continue;
    if (Member(key, kAllStandard)) {
      v.Error(key, "error.epcis.field_not_allowed", {{"type", std::string(EventTypeName(*type))}});
    } else if (!IsUri(key)) {
      v.Error(key, "error.epcis.unknown_field");
    }
  }

  // Common members.
  auto time = event.find("eventTime");
  if (time == event.end()) {
    v.Error("eventTime", "error.epcis.required");
  } else {
    v.Time(*time, "eventTime", &out->event_time_ms);
  }
  auto offset = event.find("eventTimeZoneOffset");
  if (offset == event.end()) {
    v.Error("eventTimeZoneOffset", "error.epcis.required");
  } else if (v.String(*offset, "eventTimeZoneOffset")) {
    if (IsTimeZoneOffset(offset->get_ref<const std::string&>())) {
      out->event_time_zone_offset = offset->get<std::string>();
    } else {
      v.Error("eventTimeZoneOffset", "error.epcis.invalid_time_zone_offset");
    }
  }
  if (auto it = event.find("recordTime"); it != event.end()) v.Time(*it, "recordTime");
  if (auto it = event.find("eventID"); it != event.end() && v.Uri(*it, "eventID")) {
    out->event_id = it->get<std::string>();
  }
  if (auto it = event.find("certificationInfo"); it != event.end()) {
    if (it->is_array()) {
      v.UriList(*it, "certificationInfo", false);
    } else {
      v.Uri(*it, "certificationInfo");
    }
  }
  if (auto it = event.find("errorDeclaration"); it != event.end()) {
    ErrorDeclaration(v, *it, "errorDeclaration");
  }

  // The action: required except on TransformationEvent, which has none.
  std::string action;
  if (*type != EventType::kTransformation) {
    auto it = event.find("action");
    if (it == event.end()) {
      v.Error("action", "error.epcis.required");
    } else if (v.String(*it, "action")) {
      action = it->get<std::string>();
      if (action != "ADD" && action != "OBSERVE" && action != "DELETE") {
        v.Error("action", "error.epcis.invalid_action", {{"value", action}});
        action.clear();
      }
    }
    out->action = action;
  }

  // Identifiers.
  bool unique_epcs = *type == EventType::kObject || *type == EventType::kTransformation;
  struct EpcMember {
    std::string_view name;
    EpcRole role;
  };
  for (const EpcMember& m :
       {EpcMember{"epcList", EpcRole::kEpc}, EpcMember{"childEPCs", EpcRole::kEpc},
        EpcMember{"inputEPCList", EpcRole::kInput}, EpcMember{"outputEPCList", EpcRole::kOutput}}) {
    auto it = event.find(m.name);
    if (it == event.end() || !Member(m.name, fields)) continue;
    if (v.UriList(*it, std::string(m.name), unique_epcs || m.name != "epcList")) {
      AddEpcs(*it, m.role, ids, out);
    }
  }
  if (auto it = event.find("parentID"); it != event.end() && Member("parentID", fields)) {
    if (v.Uri(*it, "parentID")) {
      out->epcs.push_back({static_cast<std::uint8_t>(EpcRole::kParent),
                           ids.Of(it->get_ref<const std::string&>()).key});
    }
  }
  if (auto it = event.find("transformationID"); it != event.end()) {
    v.Uri(*it, "transformationID");
  }
  struct QuantityMember {
    std::string_view name;
    ClassRole role;
  };
  for (const QuantityMember& m : {QuantityMember{"quantityList", ClassRole::kQuantity},
                                  QuantityMember{"childQuantityList", ClassRole::kQuantity},
                                  QuantityMember{"inputQuantityList", ClassRole::kInput},
                                  QuantityMember{"outputQuantityList", ClassRole::kOutput}}) {
    auto it = event.find(m.name);
    if (it == event.end() || !Member(m.name, fields)) continue;
    QuantityList(v, *it, std::string(m.name), m.role, ids, out);
  }

  // Why, where, how.
  if (auto it = event.find("bizStep");
      it != event.end() && v.Vocabulary(*it, "bizStep", CbvVocabulary::kBizStep)) {
    std::string term = CbvShortName(CbvVocabulary::kBizStep, it->get<std::string>());
    out->biz_step = term.empty() ? it->get<std::string>() : term;
  }
  if (auto it = event.find("disposition");
      it != event.end() && v.Vocabulary(*it, "disposition", CbvVocabulary::kDisposition)) {
    std::string term = CbvShortName(CbvVocabulary::kDisposition, it->get<std::string>());
    out->disposition = term.empty() ? it->get<std::string>() : term;
  }
  if (auto it = event.find("persistentDisposition");
      it != event.end() && Member("persistentDisposition", fields)) {
    PersistentDisposition(v, *it, "persistentDisposition");
  }
  if (auto it = event.find("readPoint"); it != event.end()) {
    Location(v, *it, "readPoint", &out->read_point);
  }
  if (auto it = event.find("bizLocation"); it != event.end()) {
    Location(v, *it, "bizLocation", &out->biz_location);
  }
  if (auto it = event.find("bizTransactionList"); it != event.end()) {
    BizTransactions(v, *it, "bizTransactionList", out);
  }
  if (auto it = event.find("sourceList"); it != event.end()) {
    SourcesOrDestinations(v, *it, "sourceList", true, out);
  }
  if (auto it = event.find("destinationList"); it != event.end()) {
    SourcesOrDestinations(v, *it, "destinationList", false, out);
  }
  if (auto it = event.find("sensorElementList"); it != event.end()) {
    SensorElements(v, *it, "sensorElementList");
  }
  if (auto it = event.find("ilmd"); it != event.end() && Member("ilmd", fields)) {
    if (v.Object(*it, "ilmd")) {
      v.PropertyNames(*it, "ilmd", {});
      // EPCIS 2.0 §7.3.6: instance/lot master data is given when objects
      // come into being — with action ADD (a TransformationEvent's outputs).
      if (*type == EventType::kObject && !action.empty() && action != "ADD") {
        v.Error("ilmd", "error.epcis.ilmd_requires_add");
      }
    }
  }

  // What each type must say about its objects (the schema's anyOf rules and
  // the standard's parentID rule).
  const bool is_delete = action == "DELETE";
  switch (*type) {
    case EventType::kObject: {
      bool sensors_with_read_point =
          NonEmptyArray(event, "sensorElementList") && event.contains("readPoint");
      if (!event.contains("epcList") && !NonEmptyArray(event, "quantityList") &&
          !sensors_with_read_point) {
        v.Error("epcList", "error.epcis.object_missing_what");
      }
      break;
    }
    case EventType::kAggregation:
    case EventType::kAssociation:
      if (!NonEmptyArray(event, "childEPCs") && !NonEmptyArray(event, "childQuantityList") &&
          !is_delete) {
        v.Error("childEPCs", "error.epcis.missing_children");
      }
      // AssociationEvent: parentID always (schema); AggregationEvent: unless
      // the action is OBSERVE (EPCIS 2.0 §7.4.3).
      if (!event.contains("parentID") &&
          (*type == EventType::kAssociation || (!action.empty() && action != "OBSERVE"))) {
        v.Error("parentID", "error.epcis.parent_required");
      }
      break;
    case EventType::kTransaction:
      if (!event.contains("bizTransactionList")) {
        v.Error("bizTransactionList", "error.epcis.required");
      } else if (event["bizTransactionList"].is_array() && event["bizTransactionList"].empty()) {
        v.Error("bizTransactionList", "error.epcis.empty_list");
      }
      if (!event.contains("epcList") && !NonEmptyArray(event, "quantityList") && !is_delete) {
        v.Error("epcList", "error.epcis.object_missing_what");
      }
      break;
    case EventType::kTransformation: {
      bool inputs =
          NonEmptyArray(event, "inputEPCList") || NonEmptyArray(event, "inputQuantityList");
      bool outputs =
          NonEmptyArray(event, "outputEPCList") || NonEmptyArray(event, "outputQuantityList");
      bool both = inputs && outputs;
      bool one_with_id = (inputs || outputs) && event.contains("transformationID");
      if (!both && !one_with_id) {
        v.Error(inputs || outputs ? "transformationID" : "inputEPCList",
                inputs || outputs ? "error.epcis.transformation_needs_id"
                                  : "error.epcis.transformation_missing_io");
      }
      break;
    }
  }
  return v.ok();
}

}  // namespace ocop::gs1::epcis::internal

// The CBV 2.0 event hash ("EPCIS Event Hash ID", CBV 2.0 §8.9; the algorithm
// text and reference implementation are GS1's epcis-event-hash-generator):
// a canonical pre-hash string built from the event's fields in the canonical
// property order, values normalised (trimmed; timestamps in UTC at millisecond
// precision; numbers without trailing zeros; CBV values as Web URIs; CURIEs
// expanded; EPC URIs and Digital Links as constrained canonical Digital
// Links), lists and extensions sorted, then SHA-256 in a 'ni' URI.
#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/cbv_vocabulary.h"
#include "gs1/epcis/json_internal.h"
#include "gs1/epcis/value_formats.h"

namespace ocop::gs1::epcis::internal {
namespace {

using Names = std::span<const std::string_view>;

std::string_view Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Case-insensitive, without a lowered copy: it runs for every string value.
bool ContainsNoCase(std::string_view s, std::string_view lower_word) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i + lower_word.size() <= s.size(); ++i) {
    std::size_t j = 0;
    while (j < lower_word.size() && lower(s[i + j]) == lower_word[j]) ++j;
    if (j == lower_word.size()) return true;
  }
  return false;
}

bool IsTimeField(std::string_view name) {
  return ContainsNoCase(name, "time") && !ContainsNoCase(name, "offset");
}

// "23.0", "-0.50": a decimal written as a string (rule 6 applies to it too).
bool IsDecimalWithFraction(std::string_view s) {
  std::size_t i = s.starts_with('-') ? 1 : 0;
  std::size_t digits = 0, dot = std::string_view::npos;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      ++digits;
    } else if (s[i] == '.' && dot == std::string_view::npos && digits > 0) {
      dot = i;
    } else {
      return false;
    }
  }
  return dot != std::string_view::npos && dot + 1 < s.size();
}

// Leading zeros are kept (they may be part of a code); the fraction loses
// its trailing zeros and, when empty, its point.
std::string WithoutTrailingZeros(std::string_view s) {
  std::string out(s);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

// Rule 18: a Digital Link keeps only its most fine-grained identification
// (a serial drops the lot; a consumer product variant is dropped).
std::string ConstrainDigitalLink(std::string key) {
  constexpr std::string_view kGtin = "https://id.gs1.org/01/";
  if (!key.starts_with(kGtin)) return key;
  std::size_t after_gtin = key.find('/', kGtin.size());
  if (after_gtin == std::string::npos) return key;
  std::vector<std::pair<std::string, std::string>> qualifiers;
  std::size_t pos = after_gtin;
  while (pos < key.size() && key[pos] == '/') {
    std::size_t ai_end = key.find('/', pos + 1);
    if (ai_end == std::string::npos) return key;
    std::size_t value_end = key.find('/', ai_end + 1);
    if (value_end == std::string::npos) value_end = key.size();
    qualifiers.emplace_back(key.substr(pos + 1, ai_end - pos - 1),
                            key.substr(ai_end + 1, value_end - ai_end - 1));
    pos = value_end;
  }
  bool has_serial = std::any_of(qualifiers.begin(), qualifiers.end(),
                                [](const auto& q) { return q.first == "21"; });
  std::string out = key.substr(0, after_gtin);
  for (const auto& [ai, value] : qualifiers) {
    if (ai == "22" || (ai == "10" && has_serial)) continue;
    out += "/" + ai + "/" + value;
  }
  return out;
}

class PreHasher {
 public:
  PreHasher(const Prefixes& prefixes, CanonicalIds& ids) : prefixes_(prefixes), ids_(ids) {}

  // A scalar value as the pre-hash string writes it ("" for null).
  std::string Value(const Json& v, std::string_view field) const {
    if (v.is_string()) return StringValue(v.get_ref<const std::string&>(), field);
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number_integer()) return v.dump();
    if (v.is_number_float()) return FormatNumber(v.get<double>());
    return "";
  }

  std::string StringValue(std::string_view raw, std::string_view field) const {
    std::string_view text = Trim(raw);
    if (IsTimeField(field)) {
      if (auto ms = ParseDateTimeMs(text)) return FormatUtcMs(*ms);
    }
    if (IsDecimalWithFraction(text)) return WithoutTrailingZeros(text);
    std::string value = CbvUrnToWebUri(text);
    if (value.starts_with("urn:epc:") || value.starts_with("http://") ||
        value.starts_with("https://")) {
      const CanonicalId& id = ids_.Of(value);
      if (!id.is_prefix) return ConstrainDigitalLink(id.key);
      // Rule 17: a pattern ("urn:epc:idpat:sgtin:4012345.066666.*") is the
      // Digital Link of the key it fixes, without the open qualifier.
      std::string key = id.key;
      if (key.ends_with("/")) {
        std::size_t ai = key.rfind('/', key.size() - 2);
        if (ai != std::string::npos && ai > std::string_view("https://id.gs1.org").size()) {
          key.erase(ai);
        }
      }
      return key;
    }
    return prefixes_.ExpandValue(value);
  }

  // "field=value", or "" when the value is empty (rule 4).
  std::string Pair(std::string_view field, const Json& v) const {
    std::string out;
    AppendPair(field, v, out);
    return out;
  }

  // Pair appended to `out`, without a string of its own.
  void AppendPair(std::string_view field, const Json& v, std::string& out) const {
    std::string value = Value(v, field);
    if (value.empty()) return;
    out.append(field).append(1, '=').append(value);
  }

  // A member that the standard does not define (an extension, or any member
  // of ilmd): "{namespace}local" and its value or its sorted children.
  std::string Generic(std::string_view key, const Json& v) const {
    std::string name = prefixes_.ExpandKey(key);
    if (v.is_object()) {
      std::vector<std::string> parts;
      for (const auto& [child_key, child] : v.items()) {
        if (std::string part = Generic(child_key, child); !part.empty()) {
          parts.push_back(std::move(part));
        }
      }
      return name + Sorted(std::move(parts));
    }
    if (v.is_array()) {
      std::vector<std::string> parts;
      for (const Json& element : v) {
        if (std::string part = Generic(key, element); !part.empty()) {
          parts.push_back(std::move(part));
        }
      }
      return Sorted(std::move(parts));
    }
    std::string value = Value(v, key);
    return value.empty() ? name : name + "=" + value;
  }

  // The extensions of an object with standard members `known`, sorted.
  std::string Extensions(const Json& object, Names known) const {
    std::vector<std::string> parts;
    for (const auto& [key, value] : object.items()) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      if (key == "rdfs:comment") continue;  // comments are not event data
      if (std::string part = Generic(key, value); !part.empty()) parts.push_back(std::move(part));
    }
    return Sorted(std::move(parts));
  }

  // Members of `object` in the order `order`, each "name=value", then its
  // extensions (rule 21).
  std::string Ordered(const Json& object, Names order, Names known,
                      CbvVocabulary type_vocabulary) const {
    std::string out;
    for (std::string_view name : order) {
      auto it = object.find(name);
      if (it == object.end()) continue;
      if (name == "type" || name == "exception" || name == "component") {
        CbvVocabulary vocabulary = name == "type"        ? type_vocabulary
                                   : name == "exception" ? CbvVocabulary::kSensorAlertType
                                                         : CbvVocabulary::kComponent;
        if (it->is_string()) {
          std::string uri = CbvWebUri(vocabulary, Trim(it->get_ref<const std::string&>()));
          out.append(name).append(1, '=').append(StringValue(uri, name));
          continue;
        }
      }
      AppendPair(name, *it, out);
    }
    out += Extensions(object, known);
    return out;
  }

  static std::string Sorted(std::vector<std::string> parts) {
    std::sort(parts.begin(), parts.end());
    std::size_t size = 0;
    for (const std::string& part : parts) size += part.size();
    std::string out;
    out.reserve(size);
    for (const std::string& part : parts) out += part;
    return out;
  }

 private:
  const Prefixes& prefixes_;
  CanonicalIds& ids_;
};

constexpr auto kQuantityOrder = std::to_array<std::string_view>({"epcClass", "quantity", "uom"});
constexpr auto kIdOrder = std::to_array<std::string_view>({"id"});
constexpr auto kBizTransactionOrder = std::to_array<std::string_view>({"type", "bizTransaction"});
constexpr auto kSourceOrder = std::to_array<std::string_view>({"type", "source"});
constexpr auto kDestinationOrder = std::to_array<std::string_view>({"type", "destination"});
constexpr auto kSensorElementKnown =
    std::to_array<std::string_view>({"sensorMetadata", "sensorReport"});
constexpr auto kSensorMetadataOrder =
    std::to_array<std::string_view>({"time", "startTime", "endTime", "deviceID", "deviceMetadata",
                                     "rawData", "dataProcessingMethod", "bizRules"});
constexpr auto kSensorReportOrder = std::to_array<std::string_view>({"type",
                                                                     "exception",
                                                                     "deviceID",
                                                                     "deviceMetadata",
                                                                     "rawData",
                                                                     "dataProcessingMethod",
                                                                     "time",
                                                                     "microorganism",
                                                                     "chemicalSubstance",
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
                                                                     "uom",
                                                                     "coordinateReferenceSystem"});

// Members that the hash leaves out or writes in their own place.
constexpr auto kEventStandard = std::to_array<std::string_view>({"@context",
                                                                 "type",
                                                                 "eventTime",
                                                                 "eventTimeZoneOffset",
                                                                 "recordTime",
                                                                 "eventID",
                                                                 "errorDeclaration",
                                                                 "certificationInfo",
                                                                 "epcList",
                                                                 "parentID",
                                                                 "inputEPCList",
                                                                 "childEPCs",
                                                                 "quantityList",
                                                                 "childQuantityList",
                                                                 "inputQuantityList",
                                                                 "outputEPCList",
                                                                 "outputQuantityList",
                                                                 "action",
                                                                 "transformationID",
                                                                 "bizStep",
                                                                 "disposition",
                                                                 "persistentDisposition",
                                                                 "readPoint",
                                                                 "bizLocation",
                                                                 "bizTransactionList",
                                                                 "sourceList",
                                                                 "destinationList",
                                                                 "sensorElementList",
                                                                 "ilmd"});

}  // namespace

std::string PreHashString(const Json& event, const Prefixes& prefixes, CanonicalIds& ids) {
  PreHasher h(prefixes, ids);
  std::string out;
  auto scalar = [&](std::string_view name, std::string_view as) {
    if (auto it = event.find(name); it != event.end()) h.AppendPair(as, *it, out);
  };
  auto epc_list = [&](std::string_view name) {
    auto it = event.find(name);
    if (it == event.end() || !it->is_array() || it->empty()) return;
    out += name;
    if (it->size() == 1) {  // the common case: nothing to sort
      h.AppendPair("epc", it->front(), out);
      return;
    }
    std::vector<std::string> parts;
    parts.reserve(it->size());
    for (const Json& epc : *it) parts.push_back(h.Pair("epc", epc));
    out += PreHasher::Sorted(std::move(parts));
  };
  auto quantity_list = [&](std::string_view name) {
    auto it = event.find(name);
    if (it == event.end() || !it->is_array() || it->empty()) return;
    std::vector<std::string> parts;
    for (const Json& element : *it) {
      parts.push_back("quantityElement" +
                      h.Ordered(element, kQuantityOrder, kQuantityOrder, CbvVocabulary::kBizStep));
    }
    out += std::string(name) + PreHasher::Sorted(std::move(parts));
  };
  auto vocabulary = [&](std::string_view name, CbvVocabulary vocabulary) {
    auto it = event.find(name);
    if (it == event.end() || !it->is_string()) return;
    out.append(name).append(1, '=').append(
        h.StringValue(CbvWebUri(vocabulary, Trim(it->get_ref<const std::string&>())), name));
  };
  auto typed_list = [&](std::string_view name, Names order, CbvVocabulary type_vocabulary) {
    auto it = event.find(name);
    if (it == event.end() || !it->is_array() || it->empty()) return;
    out += name;
    if (it->size() == 1) {
      out += h.Ordered(it->front(), order, order, type_vocabulary);
      return;
    }
    std::vector<std::string> parts;
    for (const Json& element : *it)
      parts.push_back(h.Ordered(element, order, order, type_vocabulary));
    out += PreHasher::Sorted(std::move(parts));
  };
  auto location = [&](std::string_view name) {
    auto it = event.find(name);
    if (it == event.end() || !it->is_object()) return;
    out += name;
    out += h.Ordered(*it, kIdOrder, kIdOrder, CbvVocabulary::kBizStep);
  };

  out.reserve(512);
  h.AppendPair("eventType", event.at("type"), out);
  scalar("eventTime", "eventTime");
  scalar("eventTimeZoneOffset", "eventTimeZoneOffset");
  epc_list("epcList");
  scalar("parentID", "parentID");
  epc_list("inputEPCList");
  epc_list("childEPCs");
  quantity_list("quantityList");
  quantity_list("childQuantityList");
  quantity_list("inputQuantityList");
  epc_list("outputEPCList");
  quantity_list("outputQuantityList");
  scalar("action", "action");
  scalar("transformationID", "transformationID");
  vocabulary("bizStep", CbvVocabulary::kBizStep);
  vocabulary("disposition", CbvVocabulary::kDisposition);
  if (auto it = event.find("persistentDisposition"); it != event.end() && it->is_object()) {
    std::string pd;
    for (std::string_view member : {"set", "unset"}) {
      auto list = it->find(member);
      if (list == it->end() || !list->is_array()) continue;
      std::vector<std::string> parts;
      for (const Json& value : *list) {
        if (!value.is_string()) continue;
        parts.push_back(std::string(member) + "=" +
                        h.StringValue(CbvWebUri(CbvVocabulary::kDisposition,
                                                Trim(value.get_ref<const std::string&>())),
                                      member));
      }
      pd += PreHasher::Sorted(std::move(parts));
    }
    if (!pd.empty()) out += "persistentDisposition" + pd;
  }
  location("readPoint");
  location("bizLocation");
  typed_list("bizTransactionList", kBizTransactionOrder, CbvVocabulary::kBizTransactionType);
  typed_list("sourceList", kSourceOrder, CbvVocabulary::kSourceDestinationType);
  typed_list("destinationList", kDestinationOrder, CbvVocabulary::kSourceDestinationType);
  if (auto it = event.find("sensorElementList");
      it != event.end() && it->is_array() && !it->empty()) {
    std::vector<std::string> elements;
    for (const Json& element : *it) {
      std::string text = "sensorElement";
      if (auto metadata = element.find("sensorMetadata"); metadata != element.end()) {
        text += "sensorMetadata" + h.Ordered(*metadata, kSensorMetadataOrder, kSensorMetadataOrder,
                                             CbvVocabulary::kBizStep);
      }
      if (auto reports = element.find("sensorReport");
          reports != element.end() && reports->is_array()) {
        std::vector<std::string> parts;
        for (const Json& report : *reports) {
          parts.push_back("sensorReport" + h.Ordered(report, kSensorReportOrder, kSensorReportOrder,
                                                     CbvVocabulary::kMeasurementType));
        }
        text += PreHasher::Sorted(std::move(parts));
      }
      text += h.Extensions(element, kSensorElementKnown);
      elements.push_back(std::move(text));
    }
    out += "sensorElementList" + PreHasher::Sorted(std::move(elements));
  }
  if (auto it = event.find("ilmd"); it != event.end() && it->is_object() && !it->empty()) {
    out += "ilmd" + h.Extensions(*it, {});
  }
  out += h.Extensions(event, kEventStandard);
  return out;
}

std::string EventHashOf(std::string_view pre_hash) {
  std::string out = "ni:///sha-256;";
  out.reserve(14 + 64 + 11);
  out += crypto::Sha256Hex(pre_hash);
  out += "?ver=CBV2.0";
  return out;
}

}  // namespace ocop::gs1::epcis::internal

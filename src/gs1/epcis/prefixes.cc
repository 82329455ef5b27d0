#include <string>
#include <string_view>

#include "gs1/epcis/json_internal.h"

namespace ocop::gs1::epcis::internal {

Prefixes::Prefixes()
    : entries_{{"epcis", "https://ref.gs1.org/epcis/"},
               {"cbv", "https://ref.gs1.org/cbv/"},
               {"cbvmda", "urn:epcglobal:cbv:mda:"},
               {"gs1", "https://gs1.org/voc/"},
               {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
               {"owl", "http://www.w3.org/2002/07/owl#"},
               {"xsd", "http://www.w3.org/2001/XMLSchema#"},
               {"dcterms", "http://purl.org/dc/terms/"}} {}

void Prefixes::AddContext(const Json& context) {
  if (context.is_array()) {
    for (const Json& item : context) AddContext(item);
    return;
  }
  if (!context.is_object()) return;
  for (const auto& [term, value] : context.items()) {
    if (term.empty() || term[0] == '@') continue;
    const Json* iri = &value;
    if (value.is_object()) {
      auto id = value.find("@id");
      if (id == value.end()) continue;
      iri = &*id;
    }
    if (!iri->is_string()) continue;
    bool replaced = false;
    for (auto& entry : entries_) {
      if (entry.first == term) {
        entry.second = iri->get<std::string>();
        replaced = true;
      }
    }
    if (!replaced) entries_.emplace_back(term, iri->get<std::string>());
  }
}

const std::string* Prefixes::Find(std::string_view prefix) const {
  for (const auto& entry : entries_) {
    if (entry.first == prefix) return &entry.second;
  }
  return nullptr;
}

const CanonicalId& CanonicalIds::Of(const std::string& id) {
  auto it = cache_.find(id);
  if (it == cache_.end()) it = cache_.emplace(id, CanonicalEpc(id)).first;
  return it->second;
}

std::string Prefixes::ExpandKey(std::string_view key) const {
  std::size_t colon = key.find(':');
  if (colon == std::string_view::npos) return std::string(key);
  if (const std::string* iri = Find(key.substr(0, colon))) {
    return "{" + *iri + "}" + std::string(key.substr(colon + 1));
  }
  // A full IRI as the key: namespace up to its last '/' or '#'.
  std::size_t cut = key.find_last_of("/#");
  if (cut != std::string_view::npos && cut + 1 < key.size()) {
    return "{" + std::string(key.substr(0, cut + 1)) + "}" + std::string(key.substr(cut + 1));
  }
  return std::string(key);
}

std::string Prefixes::ExpandValue(std::string_view value) const {
  std::size_t colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::string(value);
  std::string_view rest = value.substr(colon + 1);
  if (rest.starts_with("//")) return std::string(value);  // already an IRI
  if (const std::string* iri = Find(value.substr(0, colon))) return *iri + std::string(rest);
  return std::string(value);
}

}  // namespace ocop::gs1::epcis::internal

#include "i18n/catalog.h"

#include <nlohmann/json.hpp>

#include "core/csv.h"

namespace ocop::i18n {
namespace {

Result<std::map<std::string, std::string>> LoadFile(const std::string& path) {
  OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(path));
  std::map<std::string, std::string> out;
  try {
    auto json = nlohmann::json::parse(content);
    if (!json.is_object()) return Err(InvalidArgument(path + ": not a JSON object"));
    for (auto& [key, value] : json.items()) {
      if (!value.is_string()) return Err(InvalidArgument(path + ": " + key + " is not a string"));
      out[key] = value.get<std::string>();
    }
  } catch (const nlohmann::json::exception& e) {
    return Err(InvalidArgument(path + ": " + e.what()));
  }
  return out;
}

}  // namespace

Result<Catalog> Catalog::Load(const std::string& dir) {
  Catalog c;
  OCOP_ASSIGN_OR_RETURN(c.vi_, LoadFile(dir + "/vi.json"));
  OCOP_ASSIGN_OR_RETURN(c.en_, LoadFile(dir + "/en.json"));
  for (const auto& [key, text] : c.vi_) {
    if (!c.en_.count(key)) return Err(InvalidArgument(dir + "/en.json: missing key " + key));
  }
  for (const auto& [key, text] : c.en_) {
    if (!c.vi_.count(key)) return Err(InvalidArgument(dir + "/vi.json: missing key " + key));
  }
  return c;
}

const std::map<std::string, std::string>& Catalog::All(const std::string& lang) const {
  return lang == "en" ? en_ : vi_;
}

const std::string& Catalog::Text(const std::string& lang, const std::string& key) const {
  const auto& table = All(lang);
  auto it = table.find(key);
  return it == table.end() ? key : it->second;
}

std::string Catalog::Render(const std::string& lang, const Message& message) const {
  std::string out = Text(lang, message.key);
  for (const auto& [name, value] : message.args) {
    const std::string slot = "{" + name + "}";
    for (auto pos = out.find(slot); pos != std::string::npos;
         pos = out.find(slot, pos + value.size())) {
      out.replace(pos, slot.size(), value);
    }
  }
  return out;
}

}  // namespace ocop::i18n

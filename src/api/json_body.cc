#include "api/json_body.h"

#include <algorithm>

#include "core/text.h"

namespace ocop::api {

Result<nlohmann::json> ParseObject(const http::Request& request) {
  if (request.Header("content-type").rfind("application/json", 0) != 0) {
    return Err(InvalidArgument("error.json.content_type"));
  }
  if (!text::IsValidUtf8(request.body)) return Err(InvalidArgument("error.field.utf8"));
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::exception&) {
    return Err(InvalidArgument("error.json.malformed"));
  }
  if (!json.is_object()) return Err(InvalidArgument("error.json.object"));
  return json;
}

FieldReader::FieldReader(const nlohmann::json& object, std::initializer_list<const char*> known)
    : object_(object) {
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    bool is_known =
        std::any_of(known.begin(), known.end(), [&](const char* k) { return key == k; });
    if (!is_known) errors_.Add(key, "error.field.unknown");
  }
}

std::string FieldReader::String(const char* name) {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return {};
  if (!it->is_string()) {
    errors_.Add(name, "error.field.type_string");
    return {};
  }
  return it->get<std::string>();
}

std::string FieldReader::Integer(const char* name) {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) return {};
  if (!it->is_number_integer()) {
    errors_.Add(name, "error.field.type_integer");
    return {};
  }
  return std::to_string(it->get<std::int64_t>());
}

std::optional<std::int64_t> FieldReader::RequiredInteger(const char* name) {
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    errors_.Add(name, "error.field.required");
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    errors_.Add(name, "error.field.type_integer");
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

Status FieldReader::Finish(Status domain_status) const {
  Status mine = errors_.ToStatus();
  if (mine.ok()) return domain_status;
  if (domain_status.code() != Code::kInvalidArgument) return mine;
  std::vector<FieldViolation> all = mine.fields();
  for (const auto& f : domain_status.fields()) {
    bool seen =
        std::any_of(all.begin(), all.end(), [&](const auto& a) { return a.field == f.field; });
    if (!seen) all.push_back(f);
  }
  return InvalidArgument("error.invalid_input", std::move(all));
}

Result<std::pair<int, int>> ReadPaging(const http::Request& r) {
  FieldErrors errors;
  auto read = [&](const char* name, int fallback, int max) {
    std::string v = r.Query(name);
    if (v.empty()) return fallback;
    if (!text::IsDigits(v) || v.size() > 6 || std::stoi(v) < 1 || std::stoi(v) > max) {
      errors.Add(name, "error.paging", {{"max", std::to_string(max)}});
      return fallback;
    }
    return std::stoi(v);
  };
  int page = read("page", 1, 100000);
  int per_page = read("per_page", 20, 100);
  if (!errors.empty()) return Err(errors.ToStatus());
  return std::make_pair(page, per_page);
}

}  // namespace ocop::api

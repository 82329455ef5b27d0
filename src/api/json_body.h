// Reading JSON request bodies into the domain's raw inputs, collecting every
// type problem as a field violation.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "http/request.h"

namespace ocop::api {

// The body as a JSON object; InvalidArgument if it is not JSON, not UTF-8,
// not an object, or not sent as application/json.
Result<nlohmann::json> ParseObject(const http::Request& request);

// ?page=&per_page= (1-based page, 20 by default, at most 100 per page);
// InvalidArgument naming the field otherwise.
Result<std::pair<int, int>> ReadPaging(const http::Request& request);

// Reads typed fields of one object and remembers every problem.
class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, std::initializer_list<const char*> known);
  // A string field ("" when absent or null).
  std::string String(const char* name);
  // An integer field, as decimal text for the domain's validation ("" when absent).
  std::string Integer(const char* name);
  // A required integer (the version of an update).
  std::optional<std::int64_t> RequiredInteger(const char* name);
  // Adds the collected problems to `errors`, first.
  Status Finish(Status domain_status) const;
  FieldErrors& errors() { return errors_; }

 private:
  const nlohmann::json& object_;
  FieldErrors errors_;
};

}  // namespace ocop::api

// Static assets (CSS, JavaScript, icons) read once at start and served from
// memory with a strong ETag and a Cache-Control header. Immutable after Load.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/status.h"
#include "http/request.h"
#include "http/response.h"

namespace ocop::http {

class StaticFiles {
 public:
  // Reads every regular file directly in `dir`.
  static Result<StaticFiles> Load(const std::string& dir);
  // 200 with the file, 304 when If-None-Match matches, nullopt if unknown.
  std::optional<Response> Serve(const Request& request, const std::string& name) const;

 private:
  struct File {
    std::string content, content_type, etag;
  };
  std::map<std::string, File> files_;
};

}  // namespace ocop::http

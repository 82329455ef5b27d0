#include "http/static_files.h"

#include <filesystem>

#include "core/crypto.h"
#include "core/csv.h"

namespace ocop::http {
namespace {

std::string ContentTypeOf(const std::string& name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() &&
           name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  if (ends(".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

Result<StaticFiles> StaticFiles::Load(const std::string& dir) {
  StaticFiles out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(entry.path().string()));
    std::string etag = "\"" + crypto::Sha256Hex(content).substr(0, 32) + "\"";
    out.files_[name] = {std::move(content), ContentTypeOf(name), std::move(etag)};
  }
  if (ec) return Err(NotFound("static directory " + dir + ": " + ec.message()));
  return out;
}

std::optional<Response> StaticFiles::Serve(const Request& request, const std::string& name) const {
  auto it = files_.find(name);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  Response r;
  if (request.Header("if-none-match") == f.etag) {
    r.status = 304;
  } else {
    r = Response::Text(200, f.content, f.content_type);
  }
  r.Header("ETag", f.etag);
  // Revalidate after an hour: cheap with the ETag, and edits show up the same day.
  r.Header("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace ocop::http

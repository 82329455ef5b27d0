// The server's own response type.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ocop::http {

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  std::string GetHeader(std::string_view name) const;

  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response Redirect(std::string location, int status = 303);
  // A stored file to download, never to display or run: its type as stored,
  // `file_name` as the suggested name (RFC 6266, an ASCII fallback and the
  // UTF-8 name), nosniff, a sandboxing CSP, and no caching.
  static Response Attachment(std::string bytes, std::string mime, const std::string& file_name);
};

}  // namespace ocop::http

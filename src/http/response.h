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
};

}  // namespace ocop::http

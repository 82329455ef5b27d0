#include "http/request.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "http/response.h"

namespace ocop::http {

std::string_view MethodName(Method m) {
  switch (m) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                   Method::kDelete, Method::kOptions}) {
    if (MethodName(m) == name) return m;
  }
  return Method::kOther;
}

std::string Request::Header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Request::Query(std::string_view name) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string() : it->second;
}

std::string Request::PathParam(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  return it == path_params.end() ? std::string() : it->second;
}

std::string Request::Cookie(std::string_view name) const {
  std::string_view all = headers.count("cookie") ? std::string_view(headers.at("cookie")) : "";
  while (!all.empty()) {
    auto semi = all.find(';');
    std::string_view part = all.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    all.remove_prefix(semi + 1);
  }
  return {};
}

std::string Request::Language() const {
  std::string lang = Cookie("lang");
  if (lang == "vi" || lang == "en") return lang;
  std::string accept = Header("accept-language");
  // The first listed language wins; Vietnamese unless English comes first.
  for (std::size_t i = 0; i < accept.size(); ++i) {
    if (std::isalpha(static_cast<unsigned char>(accept[i]))) {
      return accept.compare(i, 2, "en") == 0 ? "en" : "vi";
    }
  }
  return "vi";
}

std::string DecodeKeptEscapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && s[i + 1] == '2') {
      const char c = s[i + 2];
      if (c == 'F' || c == 'f' || c == '5') {
        out += c == '5' ? '%' : '/';
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string UrlDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else if (s[i] == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string UrlEncode(std::string_view s) { return text::PercentEncode(s); }

std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view s) {
  std::multimap<std::string, std::string> out;
  while (!s.empty()) {
    auto amp = s.find('&');
    std::string_view pair = s.substr(0, amp);
    if (!pair.empty()) {
      auto eq = pair.find('=');
      std::string key = UrlDecode(pair.substr(0, eq), true);
      std::string value =
          eq == std::string_view::npos ? std::string() : UrlDecode(pair.substr(eq + 1), true);
      out.emplace(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    s.remove_prefix(amp + 1);
  }
  return out;
}

std::string Response::GetHeader(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return {};
}

Response Response::Json(int status, std::string body) {
  return Text(status, std::move(body), "application/json; charset=utf-8");
}

Response Response::Html(int status, std::string body) {
  return Text(status, std::move(body), "text/html; charset=utf-8");
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.Header("Content-Type", std::move(content_type));
  return r;
}

Response Response::Attachment(std::string bytes, std::string mime, const std::string& file_name) {
  std::string ascii;
  for (unsigned char c : file_name) {
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';') ? char(c) : '_';
  }
  Response r = Text(200, std::move(bytes), std::move(mime));
  r.Header("Content-Disposition",
           "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + UrlEncode(file_name));
  r.Header("X-Content-Type-Options", "nosniff");
  r.Header("Content-Security-Policy", "default-src 'none'; sandbox");
  r.Header("Cache-Control", "private, no-store");
  return r;
}

Response Response::Redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.Header("Location", std::move(location));
  return r;
}

}  // namespace ocop::http

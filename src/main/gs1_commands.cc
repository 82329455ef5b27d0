#include "main/gs1_commands.h"

#include <cstdio>
#include <iostream>

#include "gs1/digital_link.h"

namespace ocop::app {
namespace {

// Appends `s` as a JSON string. Valid UTF-8 passes through; a byte that
// starts no valid sequence becomes U+FFFD, so the line stays valid JSON
// whatever bytes the input held.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      size_t length = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
      bool valid = length > 0 && i + length <= s.size();
      for (size_t k = 1; valid && k < length; ++k) {
        valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
      }
      if (valid && length == 3) {
        auto c1 = static_cast<unsigned char>(s[i + 1]);
        valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);  // overlong, surrogate
      }
      if (valid && length == 4) {
        auto c1 = static_cast<unsigned char>(s[i + 1]);
        valid = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
      }
      if (valid) {
        out.append(s.substr(i, length));
        i += length;
      } else {
        out += "\\ufffd";
        ++i;
      }
    }
  }
  out += '"';
}

}  // namespace

int CheckDigitalLinks(std::istream& in, std::ostream& out) {
  std::string line;
  std::string json;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    json.clear();
    json += "{\"uri\":";
    AppendJsonString(json, line);
    auto link = gs1::ParseDigitalLink(line);
    if (link) {
      json += ",\"valid\":true}";
    } else {
      const Message& message = link.error().message();
      json += ",\"valid\":false,\"error\":";
      AppendJsonString(json, message.key);
      json += ",\"args\":{";
      for (size_t i = 0; i < message.args.size(); ++i) {
        if (i > 0) json += ',';
        AppendJsonString(json, message.args[i].first);
        json += ':';
        AppendJsonString(json, message.args[i].second);
      }
      json += "}}";
    }
    out << json << '\n';
  }
  out.flush();
  return 0;
}

int Gs1Command(const std::string& subcommand) {
  if (subcommand == "check-links") return CheckDigitalLinks(std::cin, std::cout);
  std::fprintf(stderr, "usage: ocop gs1 check-links < FILE (one Digital Link URI a line)\n");
  return 2;
}

}  // namespace ocop::app

// libFuzzer target: multipart/form-data bodies (evidence uploads) and the
// sniffing of the uploaded files' kind. If the first byte is odd, the rest is
// a body under a fixed boundary; otherwise the first line is the Content-Type
// header and the rest is the body. A parsed body must serialise back to a
// body that parses to the same parts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/file_kind.h"
#include "http/multipart.h"

namespace {

constexpr std::size_t kMaxParts = 8;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Serialise(const std::vector<ocop::http::MultipartPart>& parts,
                      std::string_view boundary) {
  std::string out;
  for (const auto& p : parts) {
    out += "--";
    out += boundary;
    out += "\r\nContent-Disposition: form-data; name=" + Quote(p.name);
    if (!p.filename.empty()) out += "; filename=" + Quote(p.filename);
    out += "\r\n";
    if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
    out += "\r\n" + p.data + "\r\n";
  }
  out += "--";
  out += boundary;
  out += "--\r\n";
  return out;
}

void CheckPart(const ocop::http::MultipartPart& p, std::size_t body_size) {
  if (p.name.empty() || p.data.size() > body_size) __builtin_trap();
  if (p.filename == "." || p.filename == "..") __builtin_trap();
  for (char c : p.filename) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      __builtin_trap();
    }
  }
  (void)ocop::SniffFileKind(p.data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)ocop::SniffFileKind(input);
  const bool fixed = (data[0] & 1) != 0;
  std::string_view content_type = "multipart/form-data; boundary=\"b=-x\"";
  std::string_view body = input.substr(1);
  if (!fixed) {
    std::size_t eol = input.find('\n', 1);
    if (eol == std::string_view::npos) eol = input.size();
    content_type = input.substr(1, eol - 1);
    body = eol < input.size() ? input.substr(eol + 1) : std::string_view();
  }
  // Copies, so that ASan sees any read past the end of either.
  std::string ct_copy(content_type);
  std::string body_copy(body);
  auto parts = ocop::http::ParseMultipart(ct_copy, body_copy, kMaxParts);
  if (!parts) {
    const std::string& key = parts.error().message().key;
    if (parts.error().code() != ocop::Code::kInvalidArgument ||
        (key != "error.multipart.boundary" && key != "error.multipart.malformed" &&
         key != "error.multipart.too_many_parts")) {
      __builtin_trap();
    }
    return 0;
  }
  if (parts->size() > kMaxParts) __builtin_trap();
  for (const auto& p : *parts) CheckPart(p, body_copy.size());
  if (fixed) {
    auto again = ocop::http::ParseMultipart(ct_copy, Serialise(*parts, "b=-x"), kMaxParts);
    if (!again || again->size() != parts->size()) __builtin_trap();
    for (std::size_t i = 0; i < parts->size(); ++i) {
      const auto& a = (*parts)[i];
      const auto& b = (*again)[i];
      if (a.name != b.name || a.filename != b.filename || a.content_type != b.content_type ||
          a.data != b.data) {
        __builtin_trap();
      }
    }
  }
  return 0;
}

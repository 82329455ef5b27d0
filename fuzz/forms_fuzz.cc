// libFuzzer target: query strings, form bodies, cookies and CSV — every
// text format that arrives from outside before JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/csv.h"
#include "http/request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  auto form = ocop::http::ParseUrlEncoded(s);
  for (const auto& [k, v] : form) {
    if (ocop::http::UrlDecode(ocop::http::UrlEncode(v), false) != v) __builtin_trap();
  }
  ocop::http::Request r;
  r.headers["cookie"] = s;
  r.headers["accept-language"] = s;
  (void)r.Cookie("ocop_session");
  (void)r.Language();
  (void)ocop::csv::Parse(s);
  return 0;
}

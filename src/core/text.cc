#include "core/text.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace ocop::text {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

std::string Map(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &out,
                                    static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(out);
  if (n < 0) return std::string(s);
  return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    if (*p < 0x80) {  // fast path for ASCII
      ++p;
      --left;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0 || cp < 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::string ToNfc(std::string_view s) {
  if (!IsValidUtf8(s)) return std::string(s);
  bool ascii = true;
  for (unsigned char c : s) ascii &= c < 0x80;
  if (ascii) return std::string(s);
  return Map(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

bool IsNfc(std::string_view s) {
  // Only combining marks and a few singletons can make text non-NFC: look for
  // the UTF-8 lead bytes of their blocks (U+0300–U+036F, U+1AB0–U+1AFF,
  // U+1DC0–U+1DFF, U+20D0–U+213F, U+FE20–U+FE2F) before doing the real work.
  bool suspect = false;
  for (std::size_t i = 0; i < s.size() && !suspect; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xCC || c == 0xCD) suspect = true;
    if (i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      suspect |= (c == 0xE1 && (d == 0xAA || d == 0xAB || d == 0xB7)) ||
                 (c == 0xE2 && (d == 0x83 || d == 0x84)) || (c == 0xEF && d == 0xB8);
    }
  }
  return !suspect || ToNfc(s) == s;
}

std::string FoldForSearch(std::string_view s) {
  std::string folded =
      Map(s, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    // đ (U+0111) and Đ (U+0110, case-folded to đ) do not decompose: map to d.
    if (c == 0xC4 && i + 1 < folded.size() &&
        (static_cast<unsigned char>(folded[i + 1]) == 0x91 ||
         static_cast<unsigned char>(folded[i + 1]) == 0x90)) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += 'd';
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::size_t CodepointCount(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view Trim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace ocop::text

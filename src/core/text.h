// UTF-8 text utilities: validation, NFC normalisation, and Vietnamese folding
// for search ("Đắk Lắk" and "dak lak" fold to the same key).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ocop::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

// NFC form of valid UTF-8 `s`; returns `s` unchanged if it is not valid UTF-8.
std::string ToNfc(std::string_view s);

// True when valid UTF-8 `s` is in NFC. Fast for text with no combining mark
// and no compatibility singleton (nearly all Vietnamese text in NFC).
bool IsNfc(std::string_view s);

// Lower case, diacritics removed, `đ`/`Đ` → `d`, runs of white space collapsed
// to one space and trimmed. The key used to match Vietnamese text typed with or
// without diacritics. Input must be valid UTF-8.
std::string FoldForSearch(std::string_view s);

// Number of Unicode code points in valid UTF-8 `s` (what "at most N
// characters" means to a user).
std::size_t CodepointCount(std::string_view s);

// `s` without leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);

// True when every byte is an ASCII digit and `s` is not empty.
bool IsDigits(std::string_view s);

// `s` cut at every `sep`, empty parts kept: "a,,b" gives "a", "", "b" and ""
// gives one empty part. The parts view `s`.
std::vector<std::string_view> Split(std::string_view s, char sep);

// `s` with every byte but the RFC 3986 unreserved characters (ASCII letters,
// digits, "-", ".", "_", "~") written as %XX in upper-case hex: safe as a URI
// path segment, query name or value whatever it holds.
std::string PercentEncode(std::string_view s);

}  // namespace ocop::text

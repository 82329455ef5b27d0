#include "gs1/epcis/value_formats.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/date.h"

namespace ocop::gs1::epcis {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, std::size_t pos, int n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool IsUnreservedOrSubDelim(char c) {
  if (IsAlpha(c) || IsDigit(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':  // unreserved
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':  // sub-delims
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
    case '?':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<std::int64_t> ParseDateTimeMs(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 20 || s[4] != '-' || !Digits(s, 5, 2, &month) ||
      s[7] != '-' || !Digits(s, 8, 2, &day)) {
    return std::nullopt;
  }
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  if (!Digits(s, 11, 2, &hour) || s[13] != ':' || !Digits(s, 14, 2, &minute) || s[16] != ':' ||
      !Digits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > CivilDate::DaysInMonth(year, month) ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    int scale = 100;
    while (pos < s.size() && IsDigit(s[pos])) {
      int digit = s[pos] - '0';
      std::size_t index = pos - start;
      if (index < 3) {
        frac_ms += digit * scale;
        scale /= 10;
      } else if (index == 3 && digit >= 5) {
        frac_ms += 1;  // the 4th decimal rounds the 3rd (CBV 2.0 rule 9)
      }
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;  // the offset is mandatory
  std::int64_t offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '-' ? -1 : 1;
    int oh, om = 0;
    if (!Digits(s, pos + 1, 2, &oh)) return std::nullopt;
    pos += 3;
    if (pos < s.size()) {
      if (s[pos] == ':') ++pos;
      if (!Digits(s, pos, 2, &om)) return std::nullopt;
      pos += 2;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  // A leap second is allowed only as 23:59:60 (in UTC, as ajv-formats checks).
  if (second == 60) {
    std::int64_t utc_minutes = hour * 60 + minute - offset_minutes;
    if (((utc_minutes % 1440) + 1440) % 1440 != 1439) return std::nullopt;
  }
  const std::int64_t days = CivilDate{year, month, day}.DaysSinceEpoch();
  std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + frac_ms;
}

std::string FormatUtcMs(std::int64_t ms) {
  std::int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
  std::int64_t rest = ms - days * 86400000;
  const CivilDate date = CivilDate::FromDaysSinceEpoch(days);
  const int y = date.year, m = date.month, d = date.day;
  const int hour = static_cast<int>(rest / 3600000), minute = static_cast<int>(rest / 60000 % 60),
            second = static_cast<int>(rest / 1000 % 60), milli = static_cast<int>(rest % 1000);
  if (y >= 0 && y <= 9999) {
    // Digit by digit: the event hash formats every event's times, and
    // snprintf was 2% of reading a document.
    char out[] = "0000-00-00T00:00:00.000Z";
    auto put = [&out](int at, int width, int value) {
      for (int i = at + width - 1; i >= at; --i, value /= 10)
        out[i] = static_cast<char>('0' + value % 10);
    };
    put(0, 4, y);
    put(5, 2, m);
    put(8, 2, d);
    put(11, 2, hour);
    put(14, 2, minute);
    put(17, 2, second);
    put(20, 3, milli);
    return std::string(out, 24);
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, hour, minute,
                second, milli);
  return buf;
}

bool IsTimeZoneOffset(std::string_view s) {
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return false;
  int h, m;
  if (!Digits(s, 1, 2, &h) || !Digits(s, 4, 2, &m)) return false;
  return (h <= 13 && m <= 59) || (h == 14 && m == 0);
}

bool IsUri(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  std::size_t pos = 1;
  while (pos < s.size() &&
         (IsAlpha(s[pos]) || IsDigit(s[pos]) || s[pos] == '+' || s[pos] == '-' || s[pos] == '.')) {
    ++pos;
  }
  if (pos >= s.size() || s[pos] != ':') return false;
  bool in_fragment = false;
  for (++pos; pos < s.size(); ++pos) {
    char c = s[pos];
    if (c == '%') {
      if (pos + 2 >= s.size() || !IsHex(s[pos + 1]) || !IsHex(s[pos + 2])) return false;
      pos += 2;
    } else if (c == '#') {
      if (in_fragment) return false;
      in_fragment = true;
    } else if (!IsUnreservedOrSubDelim(c)) {
      return false;
    }
  }
  return true;
}

bool IsUom(std::string_view s) {
  if (s.size() < 2 || s.size() > 3) return false;
  for (char c : s) {
    if (!IsDigit(c) && !(c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool IsHexBinary(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsHex(c)) return false;
  }
  return true;
}

bool IsVersion(std::string_view s) {
  bool need_digit = true;
  for (char c : s) {
    if (IsDigit(c)) {
      need_digit = false;
    } else if (c == '.' && !need_digit) {
      need_digit = true;
    } else {
      return false;
    }
  }
  return !need_digit;
}

std::string FormatNumber(double value) {
  if (std::isnan(value) || std::isinf(value)) return "null";
  if (value == 0) return "0";
  double magnitude = std::fabs(value);
  if (std::trunc(value) == value && magnitude < 1e21) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  char buf[64];
  std::chars_format format = magnitude >= 1e-6 && magnitude < 1e21 ? std::chars_format::fixed
                                                                   : std::chars_format::scientific;
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, format);
  if (ec != std::errc()) return "0";
  std::string out(buf, end);
  // JavaScript writes exponents as "e-7" / "e+21", without leading zeros.
  if (std::size_t e = out.find('e'); e != std::string::npos) {
    std::string mantissa = out.substr(0, e);
    std::string exponent = out.substr(e + 1);
    char sign = exponent[0] == '-' ? '-' : '+';
    if (exponent[0] == '-' || exponent[0] == '+') exponent.erase(0, 1);
    while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
    out = mantissa + "e" + sign + exponent;
  }
  return out;
}

}  // namespace ocop::gs1::epcis

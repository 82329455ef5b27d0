#include "gs1/ai_linters.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "gs1/check_digit.h"
#include "gs1/embedded_data.h"

namespace ocop::gs1 {
namespace {

using Outcome = std::optional<LintFailure>;

Outcome Fail(std::string reason, size_t position = 0) {
  return LintFailure{std::move(reason), position};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }

int Number(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

// The code lists of data/gs1/linter-code-lists.txt, sorted, parsed once.
const std::map<std::string, std::vector<std::string>, std::less<>>& CodeLists() {
  static const auto* const kLists = [] {
    auto* lists = new std::map<std::string, std::vector<std::string>, std::less<>>();
    std::string_view text = LinterCodeListsText();
    while (!text.empty()) {
      size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      auto& codes = (*lists)[std::string(line.substr(0, colon))];
      std::string_view rest = line.substr(colon + 1);
      size_t i = 0;
      while (i < rest.size()) {
        while (i < rest.size() && rest[i] == ' ') ++i;
        size_t j = i;
        while (j < rest.size() && rest[j] != ' ') ++j;
        if (j > i) codes.emplace_back(rest.substr(i, j - i));
        i = j;
      }
      std::sort(codes.begin(), codes.end());
    }
    return lists;
  }();
  return *kLists;
}

bool InList(std::string_view list, std::string_view code) {
  const auto& lists = CodeLists();
  auto it = lists.find(list);
  return it != lists.end() && std::binary_search(it->second.begin(), it->second.end(), code);
}

int DaysInMonth(int year, int month, bool year_is_two_digits) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month != 2) return kDays[month - 1];
  // A two-digit year lies within 1977..2076 (GS1 GenSpecs 7.12: -49..+50
  // years of today), where every year divisible by 4 is a leap year.
  bool leap =
      year_is_two_digits ? year % 4 == 0 : (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0));
  return leap ? 29 : 28;
}

// YYMMDD or YYYYMMDD starting at `offset` of `data`; `day_zero_ok` allows
// day 00 ("yymmd0": the last day of the month).
Outcome LintDate(std::string_view data, size_t year_digits, bool day_zero_ok) {
  if (data.size() != year_digits + 4 || !AllDigits(data)) return Fail("date", 0);
  int year = Number(data.substr(0, year_digits));
  int month = Number(data.substr(year_digits, 2));
  int day = Number(data.substr(year_digits + 2, 2));
  if (month < 1 || month > 12) return Fail("month", year_digits);
  if ((day == 0 && !day_zero_ok) || day > DaysInMonth(year, month, year_digits == 2)) {
    return Fail("day", year_digits + 2);
  }
  return std::nullopt;
}

Outcome LintRange(std::string_view data, size_t length, int max, const char* reason) {
  if (data.size() != length || !AllDigits(data) || Number(data) > max) return Fail(reason, 0);
  return std::nullopt;
}

Outcome LintHourMinute(std::string_view data) {
  if (data.size() != 4 || !AllDigits(data)) return Fail("hour", 0);
  if (Number(data.substr(0, 2)) > 23) return Fail("hour", 0);
  if (Number(data.substr(2, 2)) > 59) return Fail("minute", 2);
  return std::nullopt;
}

Outcome LintGcp(std::string_view data, size_t offset) {
  // The shortest GS1 Company Prefix has four digits; without a registry
  // lookup that is all that can be checked (as in the reference linter).
  constexpr size_t kMinGcp = 4;
  if (data.size() < offset + kMinGcp) return Fail("gcp_prefix", offset);
  for (size_t i = offset; i < offset + kMinGcp; ++i) {
    if (!IsDigit(data[i])) return Fail("gcp_prefix", i);
  }
  return std::nullopt;
}

constexpr std::string_view kCset82 =
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kCset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

Outcome LintCheckPair(std::string_view data) {
  if (data.size() < 2) return Fail("check_pair", 0);
  auto pair = ComputeCheckPair(data.substr(0, data.size() - 2));
  if (!pair) return Fail("check_pair", 0);
  if (data.substr(data.size() - 2) != *pair) return Fail("check_pair", data.size() - 2);
  return std::nullopt;
}

Outcome LintPercentEncoding(std::string_view data) {
  auto hex = [](char c) { return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); };
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != '%') continue;
    if (i + 2 >= data.size()) return Fail("percent_encoding", i);
    if (!hex(data[i + 1]) || !hex(data[i + 2])) return Fail("percent_encoding", i);
    i += 2;
  }
  return std::nullopt;
}

Outcome LintPieceOfTotal(std::string_view data) {
  if (data.size() % 2 != 0 || data.empty() || !AllDigits(data)) return Fail("piece_of_total", 0);
  size_t half = data.size() / 2;
  int piece = Number(data.substr(0, half));
  int total = Number(data.substr(half));
  if (piece == 0) return Fail("piece_of_total", 0);
  if (total == 0) return Fail("piece_of_total", half);
  if (piece > total) return Fail("piece_of_total", 0);
  return std::nullopt;
}

// "N/M": position N of a sequence of M (AI 7258 birth sequence).
Outcome LintPositionInSequence(std::string_view data) {
  size_t slash = data.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == data.size()) {
    return Fail("position_in_sequence", 0);
  }
  std::string_view pos = data.substr(0, slash);
  std::string_view total = data.substr(slash + 1);
  if (!AllDigits(pos) || pos[0] == '0') return Fail("position_in_sequence", 0);
  if (!AllDigits(total) || total[0] == '0') return Fail("position_in_sequence", slash + 1);
  if (Number(pos) > Number(total)) return Fail("position_in_sequence", 0);
  return std::nullopt;
}

Outcome LintIban(std::string_view data) {
  if (data.size() < 5 || data.size() > 34) return Fail("iban", 0);
  if (!InList("iso3166alpha2", data.substr(0, 2))) return Fail("iban", 0);
  if (!IsDigit(data[2]) || !IsDigit(data[3])) return Fail("iban", 2);
  for (size_t i = 4; i < data.size(); ++i) {
    char c = data[i];
    if (!IsDigit(c) && !(c >= 'A' && c <= 'Z')) return Fail("iban", i);
  }
  // ISO 13616: move the first four characters to the end, letters to 10..35,
  // and the number must be 1 modulo 97.
  std::string moved = std::string(data.substr(4)) + std::string(data.substr(0, 4));
  int remainder = 0;
  for (char c : moved) {
    int value = IsDigit(c) ? c - '0' : c - 'A' + 10;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  if (remainder != 1) return Fail("iban", 2);
  return std::nullopt;
}

// North American coupon codes (AI 8110), per GS1 US "North American Coupon
// Application Guideline": variable-length fields, each led by a length
// indicator (VLI), then optional fields 1, 2, 3, 4, 5, 6, 9 in that order.
class CouponReader {
 public:
  explicit CouponReader(std::string_view data) : data_(data) {}
  bool AtEnd() const { return pos_ >= data_.size(); }
  char Peek() const { return data_[pos_]; }
  size_t pos() const { return pos_; }
  // Reads one digit; nullopt at the end.
  std::optional<int> Digit() {
    if (AtEnd()) return std::nullopt;
    return data_[pos_++] - '0';
  }
  // Skips `n` characters; false if fewer remain.
  bool Take(size_t n, std::string_view* out = nullptr) {
    if (data_.size() - pos_ < n) return false;
    if (out) *out = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

Outcome LintCouponCode(std::string_view data) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (!IsDigit(data[i])) return Fail("coupon", i);
  }
  CouponReader r(data);
  auto fail = [&] { return Fail("coupon", std::min(r.pos(), data.size())); };
  // Primary GCP: VLI 0-6 gives 6-12 digits.
  auto vli = r.Digit();
  if (!vli || *vli > 6) return fail();
  std::string_view gcp;
  if (!r.Take(*vli + 6, &gcp) || LintGcp(gcp, 0)) return fail();
  if (!r.Take(6)) return fail();  // offer code
  vli = r.Digit();                // save value, VLI 1-5
  if (!vli || *vli < 1 || *vli > 5 || !r.Take(*vli)) return fail();
  vli = r.Digit();  // primary purchase requirement, VLI 1-5
  if (!vli || *vli < 1 || *vli > 5 || !r.Take(*vli)) return fail();
  auto code = r.Digit();  // requirement code 0-4 or 9
  if (!code || (*code > 4 && *code != 9)) return fail();
  if (!r.Take(3)) return fail();  // family code
  auto purchase = [&](bool with_rules) -> Outcome {
    if (with_rules) {
      auto rules = r.Digit();
      if (!rules || *rules > 3) return fail();
    }
    auto v = r.Digit();
    if (!v || *v < 1 || *v > 5 || !r.Take(*v)) return fail();
    auto c = r.Digit();
    if (!c || (*c > 4 && *c != 9)) return fail();
    if (!r.Take(3)) return fail();
    auto g = r.Digit();  // GCP VLI 0-6, or 9 for none
    if (!g || (*g > 6 && *g != 9)) return fail();
    if (*g != 9) {
      std::string_view second_gcp;
      if (!r.Take(*g + 6, &second_gcp) || LintGcp(second_gcp, 0)) return fail();
    }
    return std::nullopt;
  };
  if (!r.AtEnd() && r.Peek() == '1') {
    r.Digit();
    if (auto f = purchase(true)) return f;
  }
  if (!r.AtEnd() && r.Peek() == '2') {
    r.Digit();
    if (auto f = purchase(false)) return f;
  }
  std::string_view expiry;
  if (!r.AtEnd() && r.Peek() == '3') {
    r.Digit();
    if (!r.Take(6, &expiry) || LintDate(expiry, 2, false)) return fail();
  }
  if (!r.AtEnd() && r.Peek() == '4') {
    r.Digit();
    std::string_view start;
    if (!r.Take(6, &start) || LintDate(start, 2, false)) return fail();
    if (!expiry.empty() && start > expiry) return fail();
  }
  if (!r.AtEnd() && r.Peek() == '5') {
    r.Digit();
    auto v = r.Digit();
    if (!v || !r.Take(*v + 6)) return fail();
  }
  if (!r.AtEnd() && r.Peek() == '6') {
    r.Digit();
    auto v = r.Digit();
    std::string_view retailer;
    if (!v || *v < 1 || *v > 7 || !r.Take(*v + 6, &retailer) || LintGcp(retailer, 0)) {
      return fail();
    }
  }
  if (!r.AtEnd() && r.Peek() == '9') {
    r.Digit();
    auto save_code = r.Digit();
    if (!save_code || (*save_code > 2 && *save_code != 5 && *save_code != 6)) return fail();
    auto applies = r.Digit();
    if (!applies || *applies > 2) return fail();
    if (!r.Digit()) return fail();  // store coupon flag
    auto dont_multiply = r.Digit();
    if (!dont_multiply || *dont_multiply > 1) return fail();
  }
  if (!r.AtEnd()) return fail();
  return std::nullopt;
}

// Positive offer file coupons (AI 8112): format 0-1, funder VLI 0-6 and
// funder, 6-digit offer code, serial VLI and serial, nothing after.
Outcome LintCouponPositiveOffer(std::string_view data) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (!IsDigit(data[i])) return Fail("coupon", i);
  }
  CouponReader r(data);
  auto fail = [&] { return Fail("coupon", std::min(r.pos(), data.size())); };
  auto format = r.Digit();
  if (!format || *format > 1) return fail();
  auto vli = r.Digit();
  if (!vli || *vli > 6 || !r.Take(*vli + 6)) return fail();
  if (!r.Take(6)) return fail();
  vli = r.Digit();
  if (!vli || !r.Take(*vli + 6)) return fail();
  if (!r.AtEnd()) return fail();
  return std::nullopt;
}

using LinterFn = Outcome (*)(std::string_view);

const std::map<std::string_view, LinterFn>& Linters() {
  static const std::map<std::string_view, LinterFn> kLinters = {
      {"csum",
       [](std::string_view d) -> Outcome {
         if (!HasValidCheckDigit(d)) return Fail("check_digit", d.empty() ? 0 : d.size() - 1);
         return std::nullopt;
       }},
      {"csumalpha", LintCheckPair},
      {"gcppos1", [](std::string_view d) { return LintGcp(d, 0); }},
      {"gcppos2", [](std::string_view d) { return LintGcp(d, 1); }},
      {"yymmd0", [](std::string_view d) { return LintDate(d, 2, true); }},
      {"yymmdd", [](std::string_view d) { return LintDate(d, 2, false); }},
      {"yyyymmdd", [](std::string_view d) { return LintDate(d, 4, false); }},
      {"yyyymmd0", [](std::string_view d) { return LintDate(d, 4, true); }},
      {"yymmddhh",
       [](std::string_view d) -> Outcome {
         if (d.size() != 8) return Fail("date", 0);
         if (auto f = LintDate(d.substr(0, 6), 2, false)) return f;
         if (LintRange(d.substr(6), 2, 23, "hour")) return Fail("hour", 6);
         return std::nullopt;
       }},
      {"hhmi", LintHourMinute},
      {"hhmm", LintHourMinute},
      {"hh", [](std::string_view d) { return LintRange(d, 2, 23, "hour"); }},
      {"mi", [](std::string_view d) { return LintRange(d, 2, 59, "minute"); }},
      {"ss", [](std::string_view d) { return LintRange(d, 2, 59, "second"); }},
      {"iso3166",
       [](std::string_view d) -> Outcome {
         if (!InList("iso3166", d)) return Fail("country");
         return std::nullopt;
       }},
      {"iso3166999",
       [](std::string_view d) -> Outcome {
         if (d != "999" && !InList("iso3166", d)) return Fail("country");
         return std::nullopt;
       }},
      {"iso3166alpha2",
       [](std::string_view d) -> Outcome {
         if (!InList("iso3166alpha2", d)) return Fail("country");
         return std::nullopt;
       }},
      {"iso4217",
       [](std::string_view d) -> Outcome {
         if (!InList("iso4217", d)) return Fail("currency");
         return std::nullopt;
       }},
      {"packagetype",
       [](std::string_view d) -> Outcome {
         if (!InList("packagetype", d)) return Fail("package_type");
         return std::nullopt;
       }},
      {"iso5218",
       [](std::string_view d) -> Outcome {
         if (d != "0" && d != "1" && d != "2" && d != "9") return Fail("sex");
         return std::nullopt;
       }},
      {"zero",
       [](std::string_view d) -> Outcome {
         if (d != "0") return Fail("zero");
         return std::nullopt;
       }},
      {"nonzero",
       [](std::string_view d) -> Outcome {
         if (std::all_of(d.begin(), d.end(), [](char c) { return c == '0'; })) {
           return Fail("nonzero");
         }
         return std::nullopt;
       }},
      {"yesno",
       [](std::string_view d) -> Outcome {
         if (d != "0" && d != "1") return Fail("yesno");
         return std::nullopt;
       }},
      {"winding",
       [](std::string_view d) -> Outcome {
         if (d != "0" && d != "1" && d != "9") return Fail("winding");
         return std::nullopt;
       }},
      {"hyphen",
       [](std::string_view d) -> Outcome {
         for (size_t i = 0; i < d.size(); ++i) {
           if (d[i] != '-') return Fail("hyphen", i);
         }
         return std::nullopt;
       }},
      {"hasnondigit",
       [](std::string_view d) -> Outcome {
         if (AllDigits(d)) return Fail("hasnondigit");
         return std::nullopt;
       }},
      {"nozeroprefix",
       [](std::string_view d) -> Outcome {
         if (d.size() > 1 && d[0] == '0') return Fail("zero_prefix");
         return std::nullopt;
       }},
      {"pieceoftotal", LintPieceOfTotal},
      {"posinseqslash", LintPositionInSequence},
      {"mediatype",
       [](std::string_view d) -> Outcome {
         // AIDC media types: 01-10 are assigned (ICCBBA), 80-99 are for
         // local or national use; the rest are reserved.
         if (d.size() != 2 || !AllDigits(d)) return Fail("media_type");
         int n = Number(d);
         if (!((n >= 1 && n <= 10) || (n >= 80 && n <= 99))) return Fail("media_type");
         return std::nullopt;
       }},
      {"latitude",
       [](std::string_view d) -> Outcome {
         // Degrees north of the south pole, times 10^7: 0 to 180°.
         if (d.size() != 10 || !AllDigits(d) || std::stoll(std::string(d)) > 1800000000LL) {
           return Fail("latitude");
         }
         return std::nullopt;
       }},
      {"longitude",
       [](std::string_view d) -> Outcome {
         // Degrees east of -180°, times 10^7: 0 to 360°.
         if (d.size() != 10 || !AllDigits(d) || std::stoll(std::string(d)) > 3600000000LL) {
           return Fail("longitude");
         }
         return std::nullopt;
       }},
      {"importeridx",
       [](std::string_view d) -> Outcome {
         auto ok = [](char c) {
           return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
                  c == '_';
         };
         if (d.size() != 1 || !ok(d[0])) return Fail("importer_index");
         return std::nullopt;
       }},
      {"pcenc", LintPercentEncoding},
      {"iban", LintIban},
      {"couponcode", LintCouponCode},
      {"couponposoffer", LintCouponPositiveOffer},
  };
  return kLinters;
}

}  // namespace

bool IsKnownLinter(std::string_view name) { return Linters().count(name) > 0; }

std::optional<LintFailure> Lint(std::string_view name, std::string_view data) {
  auto it = Linters().find(name);
  if (it == Linters().end()) return Fail("unknown_linter");
  return it->second(data);
}

std::optional<std::string> ComputeCheckPair(std::string_view data) {
  // Weights: the primes 2, 3, 5, … from the right; the sum modulo 1021 is
  // split into two 5-bit values, each a character of CSET 32.
  static const std::vector<unsigned> kPrimes = [] {
    std::vector<unsigned> primes;
    for (unsigned n = 2; primes.size() < 100; ++n) {
      bool prime = true;
      for (unsigned p : primes) {
        if (p * p > n) break;
        if (n % p == 0) prime = false;
      }
      if (prime) primes.push_back(n);
    }
    return primes;
  }();
  if (data.size() > kPrimes.size()) return std::nullopt;
  unsigned sum = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    size_t value = kCset82.find(data[i]);
    if (value == std::string_view::npos) return std::nullopt;
    sum += static_cast<unsigned>(value) * kPrimes[data.size() - 1 - i];
  }
  sum %= 1021;
  return std::string{kCset32[sum >> 5], kCset32[sum & 31]};
}

}  // namespace ocop::gs1

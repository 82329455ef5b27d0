#include "core/date.h"

#include <algorithm>
#include <cstdio>

#include "core/text.h"

namespace ocop {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

int CivilDate::DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<CivilDate> CivilDate::Parse(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  auto y = iso.substr(0, 4), m = iso.substr(5, 2), d = iso.substr(8, 2);
  if (!text::IsDigits(y) || !text::IsDigits(m) || !text::IsDigits(d)) return std::nullopt;
  CivilDate out{std::stoi(std::string(y)), std::stoi(std::string(m)), std::stoi(std::string(d))};
  if (out.year < 1 || out.month < 1 || out.month > 12 || out.day < 1 ||
      out.day > DaysInMonth(out.year, out.month)) {
    return std::nullopt;
  }
  return out;
}

std::optional<CivilDate> CivilDate::ParseDisplay(std::string_view display) {
  if (display.size() != 10 || display[2] != '/' || display[5] != '/') return std::nullopt;
  std::string iso = std::string(display.substr(6, 4)) + "-" + std::string(display.substr(3, 2)) +
                    "-" + std::string(display.substr(0, 2));
  return Parse(iso);
}

CivilDate CivilDate::FromUnixInVietnam(std::int64_t unix_seconds) {
  std::int64_t local = unix_seconds + std::int64_t{7} * 3600;
  return FromDaysSinceEpoch((local >= 0 ? local : local - 86399) / 86400);
}

CivilDate CivilDate::FromDaysSinceEpoch(std::int64_t days) {
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

std::string CivilDate::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string CivilDate::ToDisplay() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", day, month, year);
  return buf;
}

std::int64_t CivilDate::DaysSinceEpoch() const {
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

CivilDate CivilDate::AddDays(std::int64_t days) const {
  return FromDaysSinceEpoch(DaysSinceEpoch() + days);
}

CivilDate CivilDate::AddMonths(int months) const {
  int total = year * 12 + (month - 1) + months;
  CivilDate out{total / 12, total % 12 + 1, day};
  out.day = std::min(day, DaysInMonth(out.year, out.month));
  return out;
}

int CivilDate::Weekday() const {
  // 1970-01-01 was a Thursday (4).
  std::int64_t d = DaysSinceEpoch();
  return static_cast<int>(((d % 7) + 7 + 3) % 7) + 1;
}

WorkingCalendar::WorkingCalendar(std::vector<CivilDate> holidays) {
  for (const auto& h : holidays) holidays_.push_back(h.DaysSinceEpoch());
  std::sort(holidays_.begin(), holidays_.end());
}

bool WorkingCalendar::IsWorkingDay(const CivilDate& d) const {
  return d.Weekday() <= 5 &&
         !std::binary_search(holidays_.begin(), holidays_.end(), d.DaysSinceEpoch());
}

CivilDate WorkingCalendar::AddWorkingDays(const CivilDate& start, int n) const {
  CivilDate d = start;
  for (int counted = 0; counted < n;) {
    d = d.AddDays(1);
    if (IsWorkingDay(d)) ++counted;
  }
  return d;
}

}  // namespace ocop

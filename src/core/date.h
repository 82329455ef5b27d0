// Civil dates (the dates the law counts), independent of time zones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;

  // Parses "YYYY-MM-DD"; nullopt if malformed or not a real day (2025-02-30).
  static std::optional<CivilDate> Parse(std::string_view iso);
  // Parses "dd/mm/yyyy", the form users type in the UI.
  static std::optional<CivilDate> ParseDisplay(std::string_view display);
  // The civil date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) at `unix_seconds`.
  static CivilDate FromUnixInVietnam(std::int64_t unix_seconds);

  // The date `days` later (earlier when negative).
  CivilDate AddDays(std::int64_t days) const;
  // The same day `months` later, clamped to the month's last day
  // (2024-02-29 + 12 months = 2025-02-28).
  CivilDate AddMonths(int months) const;
  // Monday = 1 … Sunday = 7.
  int Weekday() const;
  static CivilDate FromDaysSinceEpoch(std::int64_t days);
  // Days in `month` (1–12) of `year`, proleptic Gregorian.
  static int DaysInMonth(int year, int month);

  std::string ToIso() const;      // "2025-07-01"
  std::string ToDisplay() const;  // "01/07/2025", as the UI shows dates
  std::int64_t DaysSinceEpoch() const;

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Working days (ngày làm việc): Monday to Friday, less the public holidays
// given. The law counts deadlines in them (a commune has 15 working days to
// report on a dossier). Immutable; thread-safe.
class WorkingCalendar {
 public:
  explicit WorkingCalendar(std::vector<CivilDate> holidays = {});
  bool IsWorkingDay(const CivilDate& d) const;
  // The day on which `n` working days after `start` have passed (start itself
  // is not counted): the deadline of a "within n working days" rule.
  CivilDate AddWorkingDays(const CivilDate& start, int n) const;

 private:
  std::vector<std::int64_t> holidays_;  // days since epoch, sorted
};

}  // namespace ocop

// Civil dates (the dates the law counts), independent of time zones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

  std::string ToIso() const;      // "2025-07-01"
  std::string ToDisplay() const;  // "01/07/2025", as the UI shows dates
  std::int64_t DaysSinceEpoch() const;

  friend bool operator==(const CivilDate&, const CivilDate&) = default;
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

}  // namespace ocop

// Time source as a port, so that domain tests run on a fake clock.
#pragma once

#include <atomic>
#include <cstdint>

namespace ocop {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch, UTC.
  virtual std::int64_t NowUnixSeconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t NowUnixSeconds() const override;
};

// The system clock moved by a fixed offset: a demo or a test runs "as if
// today were" another date while time still passes. Thread-safe.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(std::int64_t offset_seconds) : offset_(offset_seconds) {}
  std::int64_t NowUnixSeconds() const override { return system_.NowUnixSeconds() + offset_; }

 private:
  SystemClock system_;
  std::int64_t offset_;
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::int64_t start) : now_(start) {}
  std::int64_t NowUnixSeconds() const override { return now_.load(); }
  void Advance(std::int64_t seconds) { now_ += seconds; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace ocop

// Prometheus metrics of the server: requests and a latency histogram per
// route, and store errors. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace ocop::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // `method` must be a string with static storage (MethodName's).
  void RecordRequest(std::string_view method, std::string_view route, int status, double seconds);
  void RecordStoreError() { store_errors_.fetch_add(1, std::memory_order_relaxed); }
  // The Prometheus text exposition format (version 0.0.4).
  std::string Render() const;

 private:
  // Everything about one route; found without allocating once it exists.
  struct RouteStats {
    std::map<std::pair<std::string_view, int>, std::uint64_t> requests;  // (method, status)
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, RouteStats, std::less<>> routes_;
  std::atomic<std::uint64_t> store_errors_{0};
};

}  // namespace ocop::http

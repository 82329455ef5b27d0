#include "http/metrics.h"

#include <sstream>

namespace ocop::http {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::RecordRequest(std::string_view method, std::string_view route, int status,
                            double seconds) {
  std::lock_guard lock(mu_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), RouteStats{}).first;
  RouteStats& r = it->second;
  ++r.requests[{method, status}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++r.buckets[i];
  }
  ++r.count;
  r.sum += seconds;
}

std::string Metrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP ocop_http_requests_total HTTP requests by method, route and status.\n"
      << "# TYPE ocop_http_requests_total counter\n";
  for (const auto& [route, r] : routes_) {
    for (const auto& [key, n] : r.requests) {
      out << "ocop_http_requests_total{method=\"" << key.first << "\",route=\"" << Escape(route)
          << "\",status=\"" << key.second << "\"} " << n << "\n";
    }
  }
  out << "# HELP ocop_http_request_duration_seconds Time to answer a request, by route.\n"
      << "# TYPE ocop_http_request_duration_seconds histogram\n";
  for (const auto& [route, r] : routes_) {
    std::string name = Escape(route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "ocop_http_request_duration_seconds_bucket{route=\"" << name << "\",le=\""
          << kBuckets[i] << "\"} " << r.buckets[i] << "\n";
    }
    out << "ocop_http_request_duration_seconds_bucket{route=\"" << name << "\",le=\"+Inf\"} "
        << r.count << "\n"
        << "ocop_http_request_duration_seconds_sum{route=\"" << name << "\"} " << r.sum << "\n"
        << "ocop_http_request_duration_seconds_count{route=\"" << name << "\"} " << r.count << "\n";
  }
  out << "# HELP ocop_store_errors_total Store operations that failed for want of the database.\n"
      << "# TYPE ocop_store_errors_total counter\n"
      << "ocop_store_errors_total " << store_errors_.load() << "\n";
  return out.str();
}

}  // namespace ocop::http

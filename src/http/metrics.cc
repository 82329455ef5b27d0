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

void Metrics::RecordRequest(std::string_view method, const std::string& route, int status,
                            double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(method), route, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP ocop_http_requests_total HTTP requests by method, route and status.\n"
      << "# TYPE ocop_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out << "ocop_http_requests_total{method=\"" << method << "\",route=\"" << Escape(route)
        << "\",status=\"" << status << "\"} " << n << "\n";
  }
  out << "# HELP ocop_http_request_duration_seconds Time to answer a request, by route.\n"
      << "# TYPE ocop_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string r = Escape(route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "ocop_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\""
          << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
    }
    out << "ocop_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} "
        << h.count << "\n"
        << "ocop_http_request_duration_seconds_sum{route=\"" << r << "\"} " << h.sum << "\n"
        << "ocop_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count << "\n";
  }
  out << "# HELP ocop_store_errors_total Store operations that failed for want of the database.\n"
      << "# TYPE ocop_store_errors_total counter\n"
      << "ocop_store_errors_total " << store_errors_.load() << "\n";
  return out.str();
}

}  // namespace ocop::http

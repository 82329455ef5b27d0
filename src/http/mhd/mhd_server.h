// The HTTP server on libmicrohttpd (epoll, internal thread pool): the only
// place that includes microhttpd.h. It turns MHD connections into our Request,
// enforces the body limit (413), and shuts down gracefully.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>

#include "core/status.h"
#include "http/request.h"
#include "http/response.h"

struct MHD_Daemon;

namespace ocop::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  int threads = 4;
  std::size_t max_body_bytes = 1 << 20;
  // The largest body of one request, from its method and path (file uploads
  // take more than the rest); absent: max_body_bytes for every request.
  std::function<std::size_t(Request&)> body_limit;
  unsigned connection_timeout_seconds = 30;
  unsigned connection_limit = 4096;
  std::FILE* access_log = nullptr;  // one line per request; nullptr for none
};

class MhdServer {
 public:
  // `handler` answers every request whose body fitted; `on_error` renders
  // the errors the server raises itself (413).
  using Handler = std::function<Response(Request&)>;
  using ErrorHandler = std::function<Response(const Request&, const Status&)>;

  MhdServer(ServerOptions options, Handler handler, ErrorHandler on_error);
  ~MhdServer();
  MhdServer(const MhdServer&) = delete;
  MhdServer& operator=(const MhdServer&) = delete;

  // Binds and starts serving; Unavailable if the address cannot be bound.
  Status Start();
  // The bound port (useful with port 0).
  int port() const { return bound_port_; }
  // Stops accepting, lets requests in flight finish (up to `grace`), stops.
  void Shutdown(std::chrono::milliseconds grace);

  // Internal: called from the MHD callbacks.
  struct Exchange;
  int HandleCallback(void* connection, const char* url, const char* method, const char* upload_data,
                     std::size_t* upload_size, void** con_cls);
  void Completed(void** con_cls);

 private:
  void LogAccess(const Request& request, const Response& response, double seconds);
  // Replaces the default body limit by the route's, once, when a body outgrows it.
  void RaiseLimitForRoute(Exchange& ex);

  ServerOptions options_;
  Handler handler_;
  ErrorHandler on_error_;
  MHD_Daemon* daemon_ = nullptr;
  int bound_port_ = 0;
  std::atomic<int> in_flight_{0};
  std::mutex log_mu_;
};

}  // namespace ocop::http

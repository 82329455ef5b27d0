#include "http/mhd/mhd_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstring>
#include <thread>

#include "http/router.h"

namespace ocop::http {

// Per-request state kept by MHD between callbacks.
struct MhdServer::Exchange {
  Request request;
  bool too_large = false;
  std::size_t limit = 0;     // the largest body this request may send
  bool route_asked = false;  // whether `limit` came from the route yet
  bool answered = false;     // a response is queued already (an early 413)
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

namespace {

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* req = static_cast<Request*>(cls);
  std::string name(key);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string v = value ? value : "";
  auto [it, inserted] = req->headers.emplace(name, v);
  if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + v;
  return MHD_YES;
}

MHD_Result CollectQuery(void* cls, MHD_ValueKind, const char* key, const char* value) {
  static_cast<Request*>(cls)->query.emplace(DecodeKeptEscapes(key ? key : ""),
                                            DecodeKeptEscapes(value ? value : ""));
  return MHD_YES;
}

// Percent-decodes in place, except "%2F" and "%25": an encoded slash inside a
// path segment (a certificate number such as "125/GCN-UBND") must not split
// it, and "%25" stays so that "%252F" is not read as a slash later. The
// router (path parameters) and CollectQuery decode both (DecodeKeptEscapes).
size_t UnescapeKeepingSlashes(void*, MHD_Connection*, char* s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  char* out = s;
  for (const char* in = s; *in;) {
    if (in[0] == '%' && hex(in[1]) >= 0 && hex(in[2]) >= 0) {
      const char decoded = static_cast<char>(hex(in[1]) * 16 + hex(in[2]));
      if (decoded != '/' && decoded != '%') {
        *out++ = decoded;
        in += 3;
        continue;
      }
    }
    *out++ = *in++;
  }
  *out = '\0';
  return static_cast<size_t>(out - s);
}

MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url, const char* method,
                     const char*, const char* upload_data, std::size_t* upload_size,
                     void** con_cls) {
  return static_cast<MhdServer*>(cls)->HandleCallback(connection, url, method, upload_data,
                                                      upload_size, con_cls) == 1
             ? MHD_YES
             : MHD_NO;
}

void OnCompleted(void* cls, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
  static_cast<MhdServer*>(cls)->Completed(con_cls);
}

int Queue(MHD_Connection* connection, const Response& response) {
  MHD_Response* r = MHD_create_response_from_buffer(
      response.body.size(), const_cast<char*>(response.body.data()), MHD_RESPMEM_MUST_COPY);
  if (!r) return 0;
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(r, name.c_str(), value.c_str());
  }
  MHD_Result ok = MHD_queue_response(connection, static_cast<unsigned>(response.status), r);
  MHD_destroy_response(r);
  return ok == MHD_YES ? 1 : 0;
}

}  // namespace

MhdServer::MhdServer(ServerOptions options, Handler handler, ErrorHandler on_error)
    : options_(std::move(options)), handler_(std::move(handler)), on_error_(std::move(on_error)) {}

MhdServer::~MhdServer() {
  if (daemon_) MHD_stop_daemon(daemon_);
}

Status MhdServer::Start() {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(options_.port));
  if (inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1) {
    return InvalidArgument("error.config.listen")
        .WithDetail("not an IPv4 address: " + options_.host);
  }
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  daemon_ = MHD_start_daemon(flags, 0, nullptr, nullptr, &OnRequest, this, MHD_OPTION_SOCK_ADDR,
                             reinterpret_cast<const sockaddr*>(&addr), MHD_OPTION_THREAD_POOL_SIZE,
                             static_cast<unsigned>(options_.threads), MHD_OPTION_CONNECTION_TIMEOUT,
                             options_.connection_timeout_seconds, MHD_OPTION_CONNECTION_LIMIT,
                             options_.connection_limit, MHD_OPTION_NOTIFY_COMPLETED, &OnCompleted,
                             this, MHD_OPTION_UNESCAPE_CALLBACK, &UnescapeKeepingSlashes, nullptr,
                             MHD_OPTION_END);
  if (!daemon_) {
    return Unavailable("error.server.bind")
        .WithDetail("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
  bound_port_ = info ? info->port : options_.port;
  return Status::Ok();
}

void MhdServer::RaiseLimitForRoute(Exchange& ex) {
  if (ex.route_asked || !options_.body_limit) return;
  ex.route_asked = true;
  ex.limit = options_.body_limit(ex.request);
}

int MhdServer::HandleCallback(void* conn, const char* url, const char* method,
                              const char* upload_data, std::size_t* upload_size, void** con_cls) {
  auto* connection = static_cast<MHD_Connection*>(conn);
  auto* ex = static_cast<Exchange*>(*con_cls);
  if (!ex) {
    ex = new Exchange;
    *con_cls = ex;
    in_flight_.fetch_add(1);
    Request& req = ex->request;
    req.method = ParseMethod(method);
    req.path = url;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &req);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectQuery, &req);
    // TLS ends at the reverse proxy in front of us; it says so in this header.
    req.secure = req.Header("x-forwarded-proto") == "https";
    const MHD_ConnectionInfo* ci =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
      char buf[INET_ADDRSTRLEN];
      const auto* in = reinterpret_cast<const sockaddr_in*>(ci->client_addr);
      if (inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf)) req.remote_address = buf;
    }
    ex->limit = options_.max_body_bytes;
    std::string length = req.Header("content-length");
    const unsigned long long declared =
        length.empty() || length.size() > 18 ? 0 : std::strtoull(length.c_str(), nullptr, 10);
    // Most requests fit the default: the route is asked only past it.
    if (declared > ex->limit) RaiseLimitForRoute(*ex);
    if (length.size() > 18 || declared > ex->limit) {
      ex->too_large = true;
      // Far beyond the limit: refuse at once (MHD then closes the connection).
      // Otherwise read and discard the body before answering, so that the
      // client, still sending, is not reset before it reads the 413.
      if (length.size() > 18 || declared > 16 * static_cast<unsigned long long>(ex->limit)) {
        ex->answered = true;
        Response response = on_error_(req, ResourceExhausted("error.too_large"));
        response.status = 413;
        LogAccess(req, response, 0);
        return Queue(connection, response);
      }
    }
    return 1;
  }
  if (ex->answered) {  // discard whatever of the refused body still arrives
    *upload_size = 0;
    return 1;
  }
  if (*upload_size > 0) {
    if (!ex->too_large) {
      if (ex->request.body.size() + *upload_size > ex->limit) RaiseLimitForRoute(*ex);
      if (ex->request.body.size() + *upload_size > ex->limit) {
        ex->too_large = true;
        ex->request.body.clear();
        ex->request.body.shrink_to_fit();
      } else {
        ex->request.body.append(upload_data, *upload_size);
      }
    }
    *upload_size = 0;
    return 1;
  }
  Response response = ex->too_large ? on_error_(ex->request, ResourceExhausted("error.too_large"))
                                    : handler_(ex->request);
  if (ex->too_large) {
    response.status = 413;
    response.Header("Connection", "close");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - ex->start).count();
  LogAccess(ex->request, response, seconds);
  return Queue(connection, response);
}

void MhdServer::Completed(void** con_cls) {
  auto* ex = static_cast<Exchange*>(*con_cls);
  if (!ex) return;
  delete ex;
  *con_cls = nullptr;
  in_flight_.fetch_sub(1);
}

void MhdServer::LogAccess(const Request& request, const Response& response, double seconds) {
  if (!options_.access_log) return;
  char line[512];
  std::snprintf(line, sizeof line, "%s %.*s %.200s %d %zu %.3fms\n",
                request.remote_address.empty() ? "-" : request.remote_address.c_str(),
                static_cast<int>(MethodName(request.method).size()),
                MethodName(request.method).data(), EscapeForLog(request.path).c_str(),
                response.status, response.body.size(), seconds * 1000);
  std::lock_guard lock(log_mu_);
  std::fputs(line, options_.access_log);
}

void MhdServer::Shutdown(std::chrono::milliseconds grace) {
  if (!daemon_) return;
  MHD_socket listener = MHD_quiesce_daemon(daemon_);
  if (listener != MHD_INVALID_SOCKET) close(listener);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (in_flight_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  MHD_stop_daemon(daemon_);
  daemon_ = nullptr;
  if (options_.access_log) std::fflush(options_.access_log);
}

}  // namespace ocop::http

#include "mail/smtp_mailer.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <ctime>

namespace ocop::mail {
namespace {

std::string Base64(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool IsSafeAddress(const std::string& a) {
  if (a.empty() || a.size() > 254 || a.find('@') == std::string::npos) return false;
  for (unsigned char c : a) {
    if (c <= ' ' || c == '<' || c == '>' || c == 0x7f) return false;
  }
  return true;
}

// One SMTP conversation on a connected socket.
class Conversation {
 public:
  explicit Conversation(int fd) : fd_(fd) {}
  ~Conversation() { close(fd_); }

  // Sends `line` (without CRLF; empty to send nothing) and reads the reply;
  // Unavailable unless its code starts with `expected`.
  Status Step(const std::string& line, char expected) {
    if (!line.empty()) {
      std::string out = line + "\r\n";
      if (!Write(out)) return Unavailable("smtp: cannot write to the relay");
    }
    std::string reply;
    for (;;) {  // multi-line replies: "250-…" lines until "250 …"
      std::string l;
      if (!ReadLine(l)) return Unavailable("smtp: the relay closed the connection");
      reply += l + " ";
      if (l.size() < 4 || l[3] != '-') break;
    }
    if (reply.empty() || reply[0] != expected) return Unavailable("smtp: relay answered: " + reply);
    return Status::Ok();
  }

  bool Write(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

 private:
  bool ReadLine(std::string& line) {
    for (;;) {
      auto end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 2);
        return true;
      }
      if (buffer_.size() > 64 * 1024) return false;
      char chunk[1024];
      ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  int fd_;
  std::string buffer_;
};

Result<int> Connect(const std::string& relay, int timeout_seconds) {
  auto colon = relay.rfind(':');
  const std::string host = relay.substr(0, colon), port = relay.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
    return Err(Unavailable("smtp: cannot resolve " + relay));
  }
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    timeval tv{timeout_seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return Err(Unavailable("smtp: cannot connect to " + relay));
  return fd;
}

std::string RfcDate() {
  char out[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return out;
}

}  // namespace

bool IsRelayAddress(const std::string& relay) {
  auto colon = relay.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= relay.size()) return false;
  const std::string port = relay.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  const int n = std::stoi(port);
  return n >= 1 && n <= 65535;
}

Status SmtpMailer::Send(const std::string& to, const std::string& subject,
                        const std::string& body) {
  if (!IsSafeAddress(to) || !IsSafeAddress(from_)) {
    return InvalidArgument("smtp: not a plain e-mail address: " + to);
  }
  OCOP_ASSIGN_OR_RETURN(int fd, Connect(relay_, timeout_seconds_));
  Conversation smtp(fd);
  OCOP_RETURN_IF_ERROR(smtp.Step("", '2'));
  OCOP_RETURN_IF_ERROR(smtp.Step("EHLO ocop.localdomain", '2'));
  OCOP_RETURN_IF_ERROR(smtp.Step("MAIL FROM:<" + from_ + ">", '2'));
  OCOP_RETURN_IF_ERROR(smtp.Step("RCPT TO:<" + to + ">", '2'));
  OCOP_RETURN_IF_ERROR(smtp.Step("DATA", '3'));
  std::string message = "From: <" + from_ + ">\r\nTo: <" + to + ">\r\nSubject: =?UTF-8?B?" +
                        Base64(subject) + "?=\r\nDate: " + RfcDate() +
                        "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: base64\r\n\r\n";
  const std::string encoded = Base64(body);
  for (std::size_t i = 0; i < encoded.size(); i += 76) message += encoded.substr(i, 76) + "\r\n";
  if (!smtp.Write(message)) return Unavailable("smtp: cannot write to the relay");
  OCOP_RETURN_IF_ERROR(smtp.Step(".", '2'));  // base64 lines never start with '.'
  (void)smtp.Step("QUIT", '2');  // the message is accepted; how the relay says goodbye is moot
  return Status::Ok();
}

}  // namespace ocop::mail

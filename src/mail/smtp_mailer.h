// The Mailer port over plain SMTP (RFC 5321) to a relay the province runs
// (Postfix on the host, the office's mail server): no TLS or log-in here, so
// the relay should be on loopback or a private network. The only place that
// opens sockets for mail.
#pragma once

#include <string>

#include "domain/certification/mail_delivery.h"

namespace ocop::mail {

class SmtpMailer final : public domain::Mailer {
 public:
  // `relay` is "HOST:PORT" (an IPv4 address or a name); `from` the sender's
  // address. Each Send opens one connection; every wait is bounded by
  // `timeout_seconds`.
  SmtpMailer(std::string relay, std::string from, int timeout_seconds = 20)
      : relay_(std::move(relay)), from_(std::move(from)), timeout_seconds_(timeout_seconds) {}

  // UTF-8 subject and body (RFC 2047 and base64 bodies, so any text goes
  // through an 8-bit-unsafe relay). InvalidArgument for an address holding
  // line breaks or angle brackets (header injection); Unavailable when the
  // relay cannot be reached or answers with an error, naming the reply.
  Status Send(const std::string& to, const std::string& subject, const std::string& body) override;

 private:
  std::string relay_, from_;
  int timeout_seconds_;
};

// "HOST:PORT" with a port from 1 to 65535.
bool IsRelayAddress(const std::string& relay);

}  // namespace ocop::mail

// Delivering the e-mail outbox that the renewal pass fills: the mails wait
// in the store (so a server that stops loses none) and go out through a
// Mailer port, which an SMTP adapter implements. Safe with several servers:
// a delivery run takes its own lease in the store first.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "domain/store.h"

namespace ocop::domain {

inline constexpr const char* kMailDeliveryJob = "mail-delivery";
inline constexpr int kMaxMailAttempts = 5;  // then the mail stays unsent, with its last error

// Sends one message. Thread-safe implementations only.
class Mailer {
 public:
  virtual ~Mailer() = default;
  // Unavailable when the relay cannot be reached or refuses the message.
  virtual Status Send(const std::string& to, const std::string& subject,
                      const std::string& body) = 0;
};

struct DeliveryRun {
  bool ran = false;  // false: another holder has the lease
  int sent = 0, failed = 0;
};

// Sends up to `limit` unsent mails that have failed fewer than
// kMaxMailAttempts times, marking each sent or recording its error.
Result<DeliveryRun> DeliverOutbox(Store& store, Mailer& mailer, const Clock& clock,
                                  const std::string& holder, int limit = 100);

}  // namespace ocop::domain

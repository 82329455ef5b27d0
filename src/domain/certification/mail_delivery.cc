#include "domain/certification/mail_delivery.h"

namespace ocop::domain {

Result<DeliveryRun> DeliverOutbox(Store& store, Mailer& mailer, const Clock& clock,
                                  const std::string& holder, int limit) {
  DeliveryRun run;
  std::vector<OutboxMail> pending;
  const std::int64_t now = clock.NowUnixSeconds();
  // The lease outlives a slow relay (limit × the adapter's timeouts).
  Status s = store.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(
        run.ran, repos.notifications().TakeLease(kMailDeliveryJob, holder, now, now + 15 * 60));
    if (!run.ran) return Status::Ok();
    OCOP_ASSIGN_OR_RETURN(pending, repos.notifications().Unsent(limit, kMaxMailAttempts));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  for (const auto& m : pending) {
    // Sent outside a transaction: a relay may take seconds, and the store's
    // writer must not wait on it. A crash between sending and marking sends
    // the mail again at the next run (at least once, never lost).
    Status sent = mailer.Send(m.to_address, m.subject, m.body);
    Status marked = store.Transact([&](Repositories& repos) -> Status {
      return sent.ok() ? repos.notifications().MarkSent(m.id, clock.NowUnixSeconds())
                       : repos.notifications().MarkFailed(m.id, sent.ToString());
    });
    if (!marked.ok()) return Err(marked);
    sent.ok() ? ++run.sent : ++run.failed;
    // The relay is down: the rest would each wait out the timeout, and the
    // lease could lapse mid-batch. They go at the next run.
    if (sent.code() == Code::kUnavailable) break;
  }
  return run;
}

}  // namespace ocop::domain

// Keeping certificates alive: the daily job that tells producers and their
// province when a certificate's re-evaluation window opens, when it is about
// to close unused, and when a certificate lapses; and the province's list of
// what opens, closes and lapses in the coming days. Safe with several
// servers: a run takes a lease in the store, and every notification carries
// a dedupe key, so a re-run or a race writes nothing twice. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/certification/certificate_record.h"
#include "domain/identity/role.h"
#include "domain/store.h"

namespace ocop::domain {

inline constexpr const char* kRenewalJob = "certificate-renewal";
inline constexpr int kClosingReminderDays = 14;  // before the window closes

// One upcoming date of a certificate.
struct RenewalEvent {
  std::string kind;  // "window_opens", "window_closes", "expires"
  CivilDate on;
  Certificate certificate;
};

struct RenewalRun {
  bool ran = false;  // false: another holder has the lease, or today is done
  int notifications = 0;
  int mails = 0;
};

class RenewalJob {
 public:
  RenewalJob(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Runs today's pass unless another holder's lease is live or it already
  // ran today. Looks back `catch_up_days` so a day the job missed is covered.
  Result<RenewalRun> RunOnce(const std::string& holder, int catch_up_days = 31);

  // What opens, closes and lapses within `days` from today in a province
  // ("" = everywhere), by date. "window_closes" is on the window's last day
  // (the job reminds 14 days before it); "expires" on the last valid day.
  Result<std::vector<RenewalEvent>> Upcoming(const std::string& province_code, int days);

  // The newest `limit` notifications of `who`'s inbox: a producer's own, a
  // provincial officer's province's; empty for every other role.
  Result<std::vector<Notification>> Inbox(const Principal& who, int limit);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace ocop::domain

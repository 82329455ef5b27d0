#include "domain/certification/renewal_job.h"

#include <algorithm>

namespace ocop::domain {
namespace {

constexpr std::int64_t kLeaseSeconds = 600;

// Every certificate expiring between `from` and `to` (ISO), in pages.
Result<std::vector<Certificate>> ExpiringBetween(Repositories& repos, const std::string& province,
                                                 const CivilDate& from, const CivilDate& to) {
  std::vector<Certificate> out;
  CertificateFilter f;
  f.province_code = province;
  f.expires_from = from.ToIso();
  f.expires_to = to.ToIso();
  f.limit = 500;
  for (;;) {
    OCOP_ASSIGN_OR_RETURN(Page<Certificate> page, repos.certificates().List(f));
    for (auto& c : page.items) out.push_back(std::move(c));
    if (static_cast<int>(page.items.size()) < f.limit) break;
    f.offset += f.limit;
  }
  return out;
}

// The dates of `c` that fall in [from, to]; "window_closes" falls
// `closes_notice_days` before the window's last day (the job's reminder; 0
// for the dashboard, which shows the last day itself).
std::vector<RenewalEvent> EventsOf(const Certificate& c, const CivilDate& from, const CivilDate& to,
                                   int closes_notice_days) {
  std::vector<RenewalEvent> out;
  if (c.revoked_on || !c.superseded_by.empty()) return out;
  DateWindow w = ReevaluationWindow(c.expires);
  const bool filed = c.reevaluation_filed.has_value();
  auto add = [&](const char* kind, const CivilDate& on) {
    if (from <= on && on <= to) out.push_back({kind, on, c});
  };
  if (!filed) {
    add("window_opens", w.opens);
    add("window_closes", w.closes.AddDays(-closes_notice_days));
  }
  add("expires", c.expires);
  return out;
}

std::string MailBody(const RenewalEvent& e) {
  const Certificate& c = e.certificate;
  DateWindow w = ReevaluationWindow(c.expires);
  std::string head = "Giấy chứng nhận OCOP số " + c.number + " (" + c.product_name + ", " +
                     std::to_string(c.stars) + " sao) ";
  if (e.kind == "window_opens") {
    return head + "đã đến thời hạn nộp hồ sơ đánh giá lại: từ " + w.opens.ToDisplay() + " đến " +
           w.closes.ToDisplay() + ". Giấy chứng nhận hết hạn ngày " + c.expires.ToDisplay() + ".";
  }
  if (e.kind == "window_closes") {
    return head + "sắp hết thời hạn nộp hồ sơ đánh giá lại (hạn cuối " + w.closes.ToDisplay() +
           ").";
  }
  return head + "hết hiệu lực từ ngày " + c.expires.AddDays(1).ToDisplay() +
         ". Không được tiếp tục in biểu trưng OCOP trên bao bì.";
}

}  // namespace

Result<RenewalRun> RenewalJob::RunOnce(const std::string& holder, int catch_up_days) {
  const std::int64_t now = clock_.NowUnixSeconds();
  const CivilDate today = CivilDate::FromUnixInVietnam(now);
  RenewalRun run;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    run = RenewalRun{};  // the store may run the body again after a conflict
    OCOP_ASSIGN_OR_RETURN(bool leased, repos.notifications().TakeLease(kRenewalJob, holder, now,
                                                                       now + kLeaseSeconds));
    if (!leased) return Status::Ok();
    OCOP_ASSIGN_OR_RETURN(std::string last, repos.notifications().LastRunOn(kRenewalJob));
    if (last == today.ToIso()) return Status::Ok();
    CivilDate from = today.AddDays(-catch_up_days);
    if (auto last_day = CivilDate::Parse(last); last_day && last_day->AddDays(1) > from) {
      from = last_day->AddDays(1);
    }
    // A certificate's dates lie at most 180 days before its expiry.
    OCOP_ASSIGN_OR_RETURN(std::vector<Certificate> certs,
                          ExpiringBetween(repos, "", from, today.AddDays(kWindowOpensDaysBefore)));
    for (const auto& c : certs) {
      for (const auto& e : EventsOf(c, from, today, kClosingReminderDays)) {
        // Filed in time and undecided: the mark stays allowed in grace, so
        // no "stop printing the mark" notice.
        if (e.kind == "expires" && c.StateOn(e.on.AddDays(1)).status == CertificateStatus::kGrace) {
          continue;
        }
        std::int64_t producer_id = 0;
        std::string email;
        if (c.product_id) {
          OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, repos.products().Get(c.product_id));
          if (product) {
            producer_id = product->fields.producer_id;
            OCOP_ASSIGN_OR_RETURN(std::optional<Producer> producer,
                                  repos.producers().Get(producer_id));
            if (producer) email = producer->fields.email;
          }
        }
        const std::string key = e.kind + ":" + c.number;
        for (std::int64_t inbox : {producer_id, std::int64_t{0}}) {
          Notification n{0,      key + ":" + std::to_string(inbox),
                         inbox,  c.province_code,
                         e.kind, c.number,
                         e.on,   now,
                         {}};
          OCOP_ASSIGN_OR_RETURN(bool written, repos.notifications().Notify(n));
          run.notifications += written;
          if (producer_id == 0) break;  // imported certificate: the province's inbox only
        }
        if (!email.empty()) {
          OutboxMail m{0, key, email, "[OCOP] " + c.number, MailBody(e), now, {}, 0, ""};
          OCOP_ASSIGN_OR_RETURN(bool queued, repos.notifications().Enqueue(m));
          run.mails += queued;
        }
      }
    }
    run.ran = true;
    return repos.notifications().SetLastRunOn(kRenewalJob, today.ToIso());
  });
  if (!s.ok()) return Err(s);
  return run;
}

Result<std::vector<RenewalEvent>> RenewalJob::Upcoming(const std::string& province_code, int days) {
  const CivilDate today = CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds());
  const CivilDate to = today.AddDays(days);
  std::vector<RenewalEvent> out;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(
        std::vector<Certificate> certs,
        ExpiringBetween(repos, province_code, today, to.AddDays(kWindowOpensDaysBefore)));
    for (const auto& c : certs) {
      for (auto& e : EventsOf(c, today, to, 0)) out.push_back(std::move(e));
    }
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  std::stable_sort(out.begin(), out.end(),
                   [](const RenewalEvent& a, const RenewalEvent& b) { return a.on < b.on; });
  return out;
}

Result<std::vector<Notification>> RenewalJob::Inbox(const Principal& who, int limit) {
  std::vector<Notification> out;
  if (who.role != Role::kProducer && who.role != Role::kProvincialOfficer) return out;
  if (who.role == Role::kProducer && who.producer_id == 0) return out;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(
        out, repos.notifications().Inbox(who.role == Role::kProducer ? who.producer_id : 0,
                                         who.province_code, limit));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

}  // namespace ocop::domain

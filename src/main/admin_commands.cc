#include "main/admin_commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "core/csv.h"
#include "datafiles/xlsx_reader.h"
#include "domain/certification/mail_delivery.h"
#include "mail/smtp_mailer.h"

namespace ocop::app {
namespace {

constexpr int kAuditPage = 2000;

// Commands act with the ministry's authority, as the operator of the store.
domain::Principal Operator() {
  domain::Principal p;
  p.username = "cli";
  p.role = domain::Role::kNationalAdmin;
  return p;
}

std::string Holder() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace

int VerifyAudit(Application& app) {
  domain::AuditChainCheck check;
  std::optional<domain::AuditEntry> broken;
  for (std::int64_t from = 1; !broken;) {
    std::vector<domain::AuditEntry> page;
    Status s = app.store().Read([&](domain::Repositories& repos) -> Status {
      OCOP_ASSIGN_OR_RETURN(page, repos.audit().Range(from, kAuditPage));
      return Status::Ok();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "ocop: cannot read the audit log: %s\n", s.ToString().c_str());
      return 1;
    }
    for (const auto& e : page) {
      if (!check.Follows(e)) {
        broken = e;
        break;
      }
    }
    if (static_cast<int>(page.size()) < kAuditPage) break;
    from = page.back().seq + 1;
  }
  if (broken) {
    // The entry after the last good one is where the chain breaks: changed,
    // or out of place because one before it was deleted or inserted.
    std::printf(
        "audit log BROKEN at entry %lld (%s %s): it does not follow from the %lld entries "
        "before it; they are intact up to hash %s\n",
        static_cast<long long>(check.count() + 1), broken->action.c_str(), broken->subject.c_str(),
        static_cast<long long>(check.count()), check.head().c_str());
    return 1;
  }
  std::printf("audit log intact: %lld entries, head %s\n", static_cast<long long>(check.count()),
              check.head().c_str());
  return 0;
}

int ImportCertificates(Application& app, const std::string& file,
                       const std::map<std::string, std::string>& flags) {
  auto bytes = csv::ReadFile(file);
  if (!bytes) {
    std::fprintf(stderr, "ocop: cannot read %s\n", file.c_str());
    return 1;
  }
  const bool is_xlsx = bytes->rfind("PK\x03\x04", 0) == 0;
  auto rows = is_xlsx ? datafiles::ReadXlsxFirstSheet(*bytes) : csv::Parse(*bytes);
  const std::string lang = flags.count("--lang") ? flags.at("--lang") : "vi";
  if (!rows) {
    std::fprintf(stderr, "ocop: %s: %s\n", file.c_str(),
                 app.catalog().Render(lang, rows.error().message()).c_str());
    return 1;
  }
  auto outcome =
      app.certification().ImportLegacy(Operator(), *rows, flags.count("--only-valid-rows") > 0);
  if (!outcome) {
    std::fprintf(stderr, "ocop: %s\n",
                 app.catalog().Render(lang, outcome.error().message()).c_str());
    return 1;
  }
  const auto& report = outcome->report;
  std::printf("%d rows examined, %zu valid, %zu errors\n", report.rows, report.valid.size(),
              report.errors.size());
  for (const auto& e : report.errors) {
    std::printf("  row %d, %s: %s\n", e.row, e.column.empty() ? "-" : e.column.c_str(),
                app.catalog().Text(lang, e.message_key).c_str());
  }
  if (!outcome->applied) {
    std::printf("nothing imported: fix the rows above, or run again with --only-valid-rows\n");
    return 1;
  }
  std::printf("imported %d certificates\n", outcome->imported);
  return 0;
}

int RunRenewals(Application& app) {
  auto run = app.renewal().RunOnce(Holder());
  if (!run) {
    std::fprintf(stderr, "ocop: renewal pass failed: %s\n", run.error().ToString().c_str());
    return 1;
  }
  if (!run->ran) {
    std::printf("renewal pass skipped: it already ran today or another server holds the lease\n");
  } else {
    std::printf("renewal pass done: %d notifications, %d e-mails queued\n", run->notifications,
                run->mails);
  }
  return 0;
}

void RenewalLoop(Application& app, const std::atomic<bool>& stop, int interval_seconds) {
  const std::string holder = Holder();
  std::optional<mail::SmtpMailer> mailer;
  if (!app.config().smtp_relay.empty())
    mailer.emplace(app.config().smtp_relay, app.config().mail_from);
  while (!stop) {
    auto run = app.renewal().RunOnce(holder);
    if (!run)
      std::fprintf(stderr, "ocop: renewal pass failed: %s\n", run.error().ToString().c_str());
    if (mailer) {
      auto sent = domain::DeliverOutbox(app.store(), *mailer, app.clock(), holder);
      if (!sent) {
        std::fprintf(stderr, "ocop: mail delivery failed: %s\n", sent.error().ToString().c_str());
      } else if (sent->failed) {
        std::fprintf(stderr, "ocop: %d e-mails could not be delivered (kept for retry)\n",
                     sent->failed);
      }
    }
    for (int waited = 0; waited < interval_seconds && !stop; ++waited) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

}  // namespace ocop::app

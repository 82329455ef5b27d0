// The administrative commands that work on the certificates and the audit
// log of a store: `ocop audit verify`, `ocop import-certificates` and
// `ocop renewals run`. Each prints what it did and returns the exit status.
#pragma once

#include <map>
#include <string>

#include "main/application.h"

namespace ocop::app {

// Walks the audit chain from its first entry. Exit 0 with the count and the
// head hash when intact; 1 naming the first entry that does not follow from
// the ones before it (changed, inserted or deleted).
int VerifyAudit(Application& app);

// Imports legacy certificates from a CSV or XLSX file (told apart by their
// bytes). Prints the report, every bad row by row number, column and message
// (`--lang vi|en`). With errors, imports nothing unless `--only-valid-rows`.
// Exit 0 when something was imported or the file was clean, 1 otherwise.
int ImportCertificates(Application& app, const std::string& file,
                       const std::map<std::string, std::string>& flags);

// Runs the daily renewal pass now (the same lease as the server's thread).
int RunRenewals(Application& app);

// The server's daily job: runs the renewal pass at start and then every
// `interval_seconds` (the lease in the store keeps several servers from
// running it twice), then delivers the e-mail outbox through the configured
// SMTP relay, if any. Returns when `stop` is set; never throws.
void RenewalLoop(Application& app, const std::atomic<bool>& stop, int interval_seconds);

}  // namespace ocop::app

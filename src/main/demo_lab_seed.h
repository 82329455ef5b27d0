// The lab-test part of `ocop seed-demo`: the laboratory account
// `phongthinghiem` reports on two demo lots (after the lots are seeded and
// before the recalls): one report that passes on the coffee-blossom honey lot
// with a GTIN, and one that fails (HMF above the 40 mg/kg of TCVN 5266 /
// Codex Stan 12) on the cashew-blossom honey lot, which puts that lot on hold
// and proposes its recall. Both come with a small PDF.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "domain/identity/user.h"
#include "main/application.h"

namespace ocop::app {

// The demo report numbers for a year ("KN-2026-0001", "KN-2026-0002").
std::string DemoPassingLabReport(int year);
std::string DemoFailingLabReport(int year);

Status SeedLabReportDemo(Application& app, const std::map<std::string, domain::User>& accounts);

}  // namespace ocop::app

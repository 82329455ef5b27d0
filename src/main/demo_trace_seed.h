// The traceability part of `ocop seed-demo`: lots with EPCIS events behind
// the resolver's pages, so that `make run` shows a working QR code both for a
// product with a GTIN (/01/{gtin}/10/{lot}) and for one without
// (/p/{code}/l/{lot}). Dates are relative to today.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "domain/identity/user.h"
#include "main/application.h"

namespace ocop::app {

// The demo lots' products, by name, as data/demo/products.csv has them.
inline constexpr const char* kDemoGtinProduct = "Mật ong hoa cà phê Ia Grai";
inline constexpr const char* kDemoPlatformProduct = "Mật ong hoa điều Ia Grai";

// The demo product with exactly this name; NotFound before the registry's
// demo data is loaded.
Result<domain::Product> DemoProductNamed(Application& app, const std::string& name);

// Captures the demo lots' events as the producer account `chuthe` (which
// owns both products). `accounts` as for SeedEvaluationDemo.
Status SeedTraceabilityDemo(Application& app, const std::map<std::string, domain::User>& accounts);

// The lot codes the demo uses for a year ("MO-2026-01", "MD-2026-02").
std::string DemoGtinLot(int year);
std::string DemoPlatformLot(int year);

}  // namespace ocop::app

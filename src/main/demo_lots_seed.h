// The lots part of `ocop seed-demo`: lots of the demo producer's honey recorded through the lots
// service (so each has its EPCIS event, as a producer's form makes it): coffee-blossom honey from
// the demo growing area packed at the demo packing house, cashew-blossom honey from the export
// growing area, and a blend of the two. Dates are relative to today.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "domain/identity/user.h"
#include "main/application.h"

namespace ocop::app {

// The lot codes for a year: "MO-2026-03" (coffee area), "MD-2026-04" (cashew area),
// "MT-2026-05" (the blend).
std::string DemoAreaLot(int year);
std::string DemoCashewAreaLot(int year);
std::string DemoBlendLot(int year);

// Records them as `chuthe`; `accounts` as for SeedEvaluationDemo. Sites named by code are used when
// the sites seed made them, else the lot is recorded without them.
Status SeedLotsDemo(Application& app, const std::map<std::string, domain::User>& accounts);

}  // namespace ocop::app

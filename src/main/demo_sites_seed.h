// The growing areas and packing house of `ocop seed-demo`: the demo
// producer's (`chuthe`, the Ia Grai honey cooperative) two growing areas and
// one packing house, with boundaries, VietGAP certificates and diary entries,
// so that /sites shows each kind of flag. Dates are relative to today.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "domain/identity/user.h"
#include "main/application.h"

namespace ocop::app {

// The demo codes: a domestic growing area, an export growing area (the Plant
// Protection Department's form) and a packing house.
inline constexpr const char* kDemoCoffeeArea = "VN-52-GA-0001";
inline constexpr const char* kDemoCashewArea = "VN-DTOR-0017";
inline constexpr const char* kDemoPackingHouse = "VN-52-PH-0001";

// Registers them as `chuthe`; `accounts` as for SeedEvaluationDemo.
Status SeedSitesDemo(Application& app, const std::map<std::string, domain::User>& accounts);

}  // namespace ocop::app

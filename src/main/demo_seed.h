// `ocop seed-demo`: a realistic store from data/demo (about fifty producers
// and a hundred products across the product sets) and an account per role.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "main/application.h"

namespace ocop::app {

struct DemoAccount {
  std::string username, role, scope;
};

inline constexpr const char* kDemoPassword = "ocop-demo-2026";

// Loads the demo data unless it is already there (then returns the accounts
// without writing anything).
Result<std::vector<DemoAccount>> SeedDemo(Application& app);

}  // namespace ocop::app

// The recall part of `ocop seed-demo` (after the lab reports): the provincial
// officer `tinh.52` opens the recall that the failed lab report proposed on
// the cashew-blossom honey lot, with the same-area rule at ± 7 days, so the
// demo has an open recall with its records, notices and, when the lot was
// shipped, destinations to confirm.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "domain/identity/user.h"
#include "main/application.h"

namespace ocop::app {

Status SeedRecallDemo(Application& app, const std::map<std::string, domain::User>& accounts);

}  // namespace ocop::app

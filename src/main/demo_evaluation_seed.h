// The evaluation and certification part of `ocop seed-demo`: a council round
// in progress in Gia Lai, dossiers at each step from draft to decided, and
// certificates in every status a scan can report (valid, renewal window,
// grace, expired, revoked, suspended), dated relative to today.
#pragma once

#include <map>
#include <string>

#include "core/status.h"
#include "domain/identity/user.h"
#include "main/application.h"

namespace ocop::app {

// `accounts`: the demo accounts by username (admin, tinh.52, xa.23764,
// hoidong, hoidong2, hoidong3, tuvan, chuthe, …), already stored.
Status SeedEvaluationDemo(Application& app, const std::map<std::string, domain::User>& accounts);

}  // namespace ocop::app

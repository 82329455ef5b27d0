// JSON of certificates for the public verification, the register and the
// officers' routes, shared by the certification API files.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "api/json_writer.h"
#include "core/status.h"
#include "domain/certification/certification_service.h"
#include "domain/registry/geography.h"
#include "http/request.h"

namespace ocop::api {

// The public facts of a verification, one object:
// {"number","product","product_code","producer","province":{"code","name"},
//  "stars","issued","expires" (YYYY-MM-DD),"status","mark_allowed",
//  "signature_valid" (true/false for the sig given, else null),"qr_url",
//  "rubric_version","authority","decision_number","kid","source",
//  "superseded_by","reevaluation_window":{"opens","closes"},
//  "revocation":{"ground","on","decision_number"}|null,"suspension":{"on"}|null}.
void WriteVerification(JsonWriter& w, const domain::Verification& v, const domain::Geography& geo);

}  // namespace ocop::api

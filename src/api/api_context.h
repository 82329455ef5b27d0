// What the JSON API handlers need, wired by main.
#pragma once

#include <string>

#include "core/clock.h"
#include "domain/certification/certification_service.h"
#include "domain/certification/renewal_job.h"
#include "domain/evaluation/council_service.h"
#include "domain/evaluation/evaluation_service.h"
#include "domain/identity/identity_service.h"
#include "domain/registry/registry_service.h"
#include "domain/rubric/rubric.h"
#include "domain/store.h"
#include "domain/traceability/epcis_service.h"
#include "domain/traceability/services.h"
#include "http/metrics.h"
#include "http/router.h"
#include "i18n/catalog.h"

namespace ocop::api {

struct ApiContext {
  domain::Store& store;
  domain::RegistryService& registry;
  domain::IdentityService& identity;
  const domain::RubricCatalog& rubrics;
  const i18n::Catalog& catalog;
  http::Metrics& metrics;
  std::string openapi_json;  // the document served at /api/v1/openapi.json
  bool secure_cookies = false;
  domain::EvaluationService& evaluation;
  domain::CouncilService& council;
  domain::CertificationService& certification;
  domain::RenewalJob& renewal;
  const Clock& clock;
  domain::EpcisService* epcis = nullptr;      // the /epcis routes (set by main)
  domain::TraceabilityServices traceability;  // set by main
};

// Adds every /api/v1 route, /healthz and /metrics to `router`.
void RegisterApiRoutes(http::Router& router, ApiContext& ctx);

// GET /v/{number} for machines (Accept: application/json): the public
// verification of a certificate (main routes by Accept; web renders people's page).
http::Response VerificationJson(http::Request& request, ApiContext& ctx);

// The error body of DESIGN.md §4 for `status`, in the request's language:
// {"error":{"code":"…","message":"…","fields":[{"field":"…","message":"…"}]}}.
http::Response ErrorResponse(const http::Request& request, const i18n::Catalog& catalog,
                             const Status& status);

}  // namespace ocop::api

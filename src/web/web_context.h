// What the server-rendered pages need, wired by main.
#pragma once

#include <map>
#include <string>

#include "core/clock.h"
#include "domain/certification/certification_service.h"
#include "domain/certification/renewal_job.h"
#include "domain/evaluation/council_service.h"
#include "domain/evaluation/evaluation_service.h"
#include "domain/identity/identity_service.h"
#include "domain/registry/registry_service.h"
#include "domain/traceability/services.h"
#include "http/router.h"
#include "i18n/catalog.h"
#include "web/templates.h"

namespace ocop::web {

struct WebContext {
  domain::RegistryService& registry;
  domain::IdentityService& identity;
  const i18n::Catalog& catalog;
  const Templates& templates;
  bool secure_cookies = false;
  domain::EvaluationService& evaluation;
  domain::CouncilService& council;
  domain::CertificationService& certification;
  domain::RenewalJob& renewal;
  const Clock& clock;
  domain::TraceabilityServices traceability{};  // set by main
};

// Adds every page route (/, /login, /producers…, /products…, /lang) to `router`.
void RegisterPageRoutes(http::Router& router, WebContext& ctx);

// GET /v/{number} for people: whether the stars on the package are genuine
// and current, in plain words (main routes by Accept; api answers machines).
http::Response VerificationPage(http::Request& request, WebContext& ctx);

// The HTML answer to an error on a page: a redirect to the log-in page for
// 401, else an error page in the user's language.
http::Response PageError(const http::Request& request, WebContext& ctx, const Status& status);

}  // namespace ocop::web

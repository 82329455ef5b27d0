// The composition root: configuration → store → reference data → services →
// routes. Built once per process; no globals.
#pragma once

#include <memory>

#include "api/api_context.h"
#include "core/clock.h"
#include "domain/catalog/resolver.h"
#include "domain/traceability/lab_report_service.h"
#include "domain/certification/certification_service.h"
#include "domain/certification/renewal_job.h"
#include "domain/evaluation/council_service.h"
#include "domain/evaluation/evaluation_service.h"
#include "domain/identity/identity_service.h"
#include "domain/registry/registry_service.h"
#include "domain/traceability/lot_service.h"
#include "domain/traceability/site_service.h"
#include "domain/traceability/trace_service.h"
#include "domain/traceability/recall_service.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/static_files.h"
#include "i18n/catalog.h"
#include "main/config.h"
#include "storage/open_store.h"
#include "web/web_context.h"

namespace ocop::app {

class Application {
 public:
  // Opens the store and loads the data files; the errors name what failed.
  static Result<std::unique_ptr<Application>> Create(const Config& config);

  // Adds every route of the API and the pages.
  void BuildRoutes();

  const Config& config() const { return config_; }
  storage::SqlStore& store() { return *store_; }
  domain::RegistryService& registry() { return *registry_; }
  domain::IdentityService& identity() { return *identity_; }
  domain::EvaluationService& evaluation() { return *evaluation_; }
  domain::CouncilService& council() { return *council_; }
  domain::CertificationService& certification() { return *certification_; }
  domain::RenewalJob& renewal() { return *renewal_; }
  domain::EpcisService& epcis() { return *epcis_; }
  domain::LabReportService& lab_reports() { return *lab_reports_; }
  domain::SiteService& sites() { return *sites_; }
  domain::LotService& lots() { return *lots_; }
  const domain::Resolver& resolver() const { return *resolver_; }
  const Clock& clock() const { return *clock_; }
  const domain::Geography& geography() const { return geography_; }
  http::Router& router() { return *router_; }
  const i18n::Catalog& catalog() const { return catalog_; }
  const domain::RubricCatalog& rubrics() const { return rubrics_; }

 private:
  explicit Application(Config config) : config_(std::move(config)) {}

  Config config_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<storage::SqlStore> store_;
  domain::Geography geography_;
  domain::ProductSetCatalog product_sets_;
  i18n::Catalog catalog_;
  web::Templates templates_;
  http::StaticFiles static_files_;
  std::string openapi_;
  domain::RubricCatalog rubrics_;
  http::Metrics metrics_;
  std::unique_ptr<domain::RegistryService> registry_;
  std::unique_ptr<domain::IdentityService> identity_;
  std::unique_ptr<domain::CertificationService> certification_;
  std::unique_ptr<domain::EvaluationService> evaluation_;
  std::unique_ptr<domain::CouncilService> council_;
  std::unique_ptr<domain::RenewalJob> renewal_;
  std::unique_ptr<domain::EpcisService> epcis_;
  std::unique_ptr<domain::Resolver> resolver_;
  std::unique_ptr<domain::LabReportService> lab_reports_;
  std::unique_ptr<domain::TraceService> trace_;
  std::unique_ptr<domain::RecallService> recalls_;
  std::unique_ptr<domain::LotService> lots_;
  std::unique_ptr<domain::SiteService> sites_;
  domain::TraceabilityServices traceability_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<api::ApiContext> api_context_;
  std::unique_ptr<web::WebContext> web_context_;
};

}  // namespace ocop::app

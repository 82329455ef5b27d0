#include "main/application.h"

#include "api/linkset_api.h"
#include "core/csv.h"
#include "datafiles/rubric_loader.h"
#include "http/cookies.h"
#include "web/resolver_pages.h"

namespace ocop::app {
namespace {

// The system clock, or one moved so that today is `config.today`.
std::unique_ptr<Clock> MakeClock(const Config& config) {
  if (config.today.empty()) return std::make_unique<SystemClock>();
  const std::int64_t now = SystemClock().NowUnixSeconds();
  const std::int64_t today = CivilDate::FromUnixInVietnam(now).DaysSinceEpoch();
  const std::int64_t wanted = CivilDate::Parse(config.today)->DaysSinceEpoch();
  return std::make_unique<OffsetClock>((wanted - today) * 86400);
}

// The holidays file: a header, then date,name rows.
Result<WorkingCalendar> LoadHolidays(const std::string& path) {
  OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(path));
  OCOP_ASSIGN_OR_RETURN(std::vector<csv::Row> rows, csv::Parse(content));
  std::vector<CivilDate> days;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    auto day = rows[i].empty() ? std::nullopt : CivilDate::Parse(rows[i][0]);
    if (!day) {
      return Err(
          InvalidArgument("error.config")
              .WithDetail(path + ": line " + std::to_string(i + 1) + ": not a YYYY-MM-DD date"));
    }
    days.push_back(*day);
  }
  return WorkingCalendar(std::move(days));
}

}  // namespace

Result<std::unique_ptr<Application>> Application::Create(const Config& config) {
  std::unique_ptr<Application> app(new Application(config));
  app->clock_ = MakeClock(config);
  OCOP_ASSIGN_OR_RETURN(app->store_, storage::OpenStore(config.store, {config.store_connections}));
  const std::string& data = config.data_dir;
  OCOP_ASSIGN_OR_RETURN(app->geography_, domain::Geography::Load(data + "/geo"));
  OCOP_ASSIGN_OR_RETURN(app->product_sets_,
                        domain::ProductSetCatalog::Load(data + "/registry/product-sets.csv"));
  OCOP_ASSIGN_OR_RETURN(app->catalog_, i18n::Catalog::Load(data + "/i18n"));
  OCOP_ASSIGN_OR_RETURN(app->templates_, web::Templates::Load(data + "/templates"));
  OCOP_ASSIGN_OR_RETURN(app->openapi_, csv::ReadFile(data + "/openapi.json"));
  OCOP_ASSIGN_OR_RETURN(app->rubrics_, datafiles::LoadRubrics(data + "/rubrics"));
  OCOP_ASSIGN_OR_RETURN(app->static_files_, http::StaticFiles::Load(data + "/static"));
  OCOP_ASSIGN_OR_RETURN(WorkingCalendar holidays, LoadHolidays(config.holidays_file));
  const Clock& clock = *app->clock_;
  app->registry_ = std::make_unique<domain::RegistryService>(*app->store_, app->geography_,
                                                             app->product_sets_, clock);
  app->identity_ = std::make_unique<domain::IdentityService>(*app->store_, app->geography_, clock);
  app->certification_ = std::make_unique<domain::CertificationService>(
      *app->store_, app->geography_, app->rubrics_, clock,
      domain::CertificationSettings{config.base_url});
  domain::EvaluationSettings evaluation;
  evaluation.calendar = std::move(holidays);
  evaluation.max_evidence_bytes = config.max_evidence_bytes;
  app->evaluation_ = std::make_unique<domain::EvaluationService>(*app->store_, app->rubrics_, clock,
                                                                 std::move(evaluation));
  app->council_ = std::make_unique<domain::CouncilService>(*app->store_, app->rubrics_,
                                                           *app->certification_, clock);
  app->renewal_ = std::make_unique<domain::RenewalJob>(*app->store_, clock);
  app->epcis_ = std::make_unique<domain::EpcisService>(*app->store_, clock);
  app->resolver_ = std::make_unique<domain::Resolver>(*app->store_, clock);
  // Traceability services (domain/traceability/services.h): each one made here
  // and its pointer set in app->traceability_.
  app->lab_reports_ = std::make_unique<domain::LabReportService>(*app->store_, *app->epcis_, clock);
  app->traceability_.lab_reports = app->lab_reports_.get();
  app->trace_ = std::make_unique<domain::TraceService>(*app->store_, config.base_url);
  app->traceability_.trace = app->trace_.get();
  app->recalls_ = std::make_unique<domain::RecallService>(
      *app->store_, clock, domain::RecallSettings{config.base_url});
  app->traceability_.recalls = app->recalls_.get();
  app->lots_ = std::make_unique<domain::LotService>(*app->store_, *app->epcis_, clock,
                                                   domain::LotSettings{config.base_url});
  app->traceability_.lots = app->lots_.get();
  app->sites_ = std::make_unique<domain::SiteService>(*app->store_, app->geography_, clock);
  app->traceability_.sites = app->sites_.get();
  app->router_ = std::make_unique<http::Router>(app->metrics_);
  app->store_->SetErrorObserver(
      [metrics = &app->metrics_](const Status&) { metrics->RecordStoreError(); });
  return app;
}

void Application::BuildRoutes() {
  api_context_ = std::make_unique<api::ApiContext>(api::ApiContext{
      *store_, *registry_, *identity_, rubrics_, catalog_, metrics_, openapi_,
      config_.secure_cookies, *evaluation_, *council_, *certification_, *renewal_, *clock_});
  api_context_->epcis = epcis_.get();
  api_context_->traceability = traceability_;
  web_context_ = std::make_unique<web::WebContext>(
      web::WebContext{*registry_, *identity_, catalog_, templates_, config_.secure_cookies,
                      *evaluation_, *council_, *certification_, *renewal_, *clock_});
  web_context_->traceability = traceability_;

  router_->SetAuthenticator([this](const http::Request& r)
                                -> Result<std::optional<http::Authenticated>> {
    auto credentials = http::SessionTokenOf(r);
    if (!credentials) return std::optional<http::Authenticated>{};
    OCOP_ASSIGN_OR_RETURN(auto session, identity_->Authenticate(credentials->token));
    if (!session) return std::optional<http::Authenticated>{};
    return http::Authenticated{session->principal, session->csrf_token, credentials->via_cookie};
  });
  router_->SetErrorRenderer(
      [this](const http::Request& r, http::Surface surface, const Status& s) -> http::Response {
        if (surface == http::Surface::kApi) return api::ErrorResponse(r, catalog_, s);
        return web::PageError(r, *web_context_, s);
      });
  api::RegisterApiRoutes(*router_, *api_context_);
  // One address for the QR code on every certificate: people get the page,
  // machines (Accept: application/json) the same facts as JSON.
  router_->Add(http::Method::kGet, "/v/{number}", http::Access::Public(), http::Surface::kPage,
               [this](http::Request& r) {
                 if (r.Header("accept").find("application/json") != std::string::npos) {
                   return api::VerificationJson(r, *api_context_);
                 }
                 return web::VerificationPage(r, *web_context_);
               });
  // The QR code on a package: GS1 Digital Link paths at the root and the
  // platform's /p/ addresses for products without a GTIN, each optionally
  // ending in a label file. People get the page (or the label), machines the
  // linkset or a link (api/linkset_api.h). The patterns only count segments:
  // the Digital Link parser judges the AIs and their order, so that a wrong
  // order gets its own 400 rather than a bare 404. They are documented in
  // the OpenAPI document, hence the API surface: the handlers answer people
  // with pages themselves, the surface only shapes the router's rare 405/500.
  auto resolve = [this](http::Request& r) {
    const auto address = web::ItemAddressOf(r);
    const bool label = address && address->label != domain::LabelFormat::kNone;
    if (!label && api::WantsLinks(r)) {
      return api::LinksetResponse(r, *api_context_, *resolver_, address);
    }
    return web::ResolverPage(r, *web_context_, *resolver_, address);
  };
  for (const char* pattern :
       {"/01/{gtin}", "/01/{gtin}/{ai1}/{v1}", "/01/{gtin}/{ai1}/{v1}/{ai2}/{v2}",
        "/01/{gtin}/{ai1}/{v1}/{ai2}/{v2}/{ai3}/{v3}", "/01/{gtin}/{label}",
        "/01/{gtin}/{ai1}/{v1}/{label}", "/01/{gtin}/{ai1}/{v1}/{ai2}/{v2}/{label}",
        "/01/{gtin}/{ai1}/{v1}/{ai2}/{v2}/{ai3}/{v3}/{label}", "/p/{code}", "/p/{code}/{label}",
        "/p/{code}/l/{lot}", "/p/{code}/l/{lot}/{label}"}) {
    router_->Add(http::Method::kGet, pattern, http::Access::Public(), http::Surface::kApi, resolve);
  }
  web::RegisterPageRoutes(*router_, *web_context_);
  // File uploads may carry a whole evidence file or spreadsheet; every other
  // request keeps the small default limit (bodies are held in memory).
  const std::size_t upload = static_cast<std::size_t>(config_.max_evidence_bytes) + (64 << 10);
  router_->AllowBody(http::Method::kPost, "/api/v1/dossiers/{token}/evidence", upload);
  router_->AllowBody(http::Method::kPost, "/dossiers/{token}/evidence", upload);
  router_->AllowBody(http::Method::kPost, "/api/v1/certificate-imports", upload);
  // A test report's PDF, alone or with the report form.
  const std::size_t lab_pdf = static_cast<std::size_t>(lab_reports_->settings().max_pdf_bytes) + (64 << 10);
  router_->AllowBody(http::Method::kPost, "/api/v1/lab-reports/{id}/pdf", lab_pdf);
  router_->AllowBody(http::Method::kPost, "/lab-reports/{id}/pdf", lab_pdf);
  router_->AllowBody(http::Method::kPost, "/lab-reports", lab_pdf);
  // An EPCIS document of up to 10,000 events (the parser's limit) fits in
  // 32 MiB; a single event keeps the default limit.
  router_->AllowBody(http::Method::kPost, "/epcis/capture", std::size_t{32} << 20);
  router_->Add(http::Method::kGet, "/static/{file}", http::Access::Public(), http::Surface::kPage,
               [this](http::Request& r) {
                 auto file = static_files_.Serve(r, r.PathParam("file"));
                 return file ? *file
                             : web::PageError(r, *web_context_, NotFound("error.not_found"));
               });
}

}  // namespace ocop::app

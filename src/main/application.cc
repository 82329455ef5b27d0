#include "main/application.h"

#include "core/csv.h"
#include "datafiles/rubric_loader.h"
#include "http/cookies.h"

namespace ocop::app {
namespace {}  // namespace

Result<std::unique_ptr<Application>> Application::Create(const Config& config) {
  std::unique_ptr<Application> app(new Application(config));
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
  app->registry_ = std::make_unique<domain::RegistryService>(*app->store_, app->geography_,
                                                             app->product_sets_, app->clock_);
  app->identity_ =
      std::make_unique<domain::IdentityService>(*app->store_, app->geography_, app->clock_);
  app->router_ = std::make_unique<http::Router>(app->metrics_);
  app->store_->SetErrorObserver(
      [metrics = &app->metrics_](const Status&) { metrics->RecordStoreError(); });
  return app;
}

void Application::BuildRoutes() {
  api_context_ = std::make_unique<api::ApiContext>(
      api::ApiContext{*store_, *registry_, *identity_, rubrics_, catalog_, metrics_, openapi_,
                      config_.secure_cookies});
  web_context_ = std::make_unique<web::WebContext>(
      web::WebContext{*registry_, *identity_, catalog_, templates_, config_.secure_cookies});

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
  web::RegisterPageRoutes(*router_, *web_context_);
  router_->Add(http::Method::kGet, "/static/{file}", http::Access::Public(), http::Surface::kPage,
               [this](http::Request& r) {
                 auto file = static_files_.Serve(r, r.PathParam("file"));
                 return file ? *file
                             : web::PageError(r, *web_context_, NotFound("error.not_found"));
               });
}

}  // namespace ocop::app

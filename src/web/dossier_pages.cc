// A producer's dossiers and the officers' review of them.
#include "web/page_data.h"

namespace ocop::web {

void RegisterDossierPages(http::Router& router, WebContext& ctx) {
  (void)router;
  (void)ctx;
}

}  // namespace ocop::web

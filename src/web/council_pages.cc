// Rounds, councils and a member's score sheet.
#include "web/page_data.h"

namespace ocop::web {

void RegisterCouncilPages(http::Router& router, WebContext& ctx) {
  (void)router;
  (void)ctx;
}

}  // namespace ocop::web

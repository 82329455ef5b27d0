// What the evaluation API's two route files share: errors that name the
// dossier's state in the reader's language, the dossier answer, paging.
#pragma once

#include <string>
#include <utility>

#include "api/api_context.h"
#include "api/json_writer.h"

namespace ocop::api::evaluation {

// ErrorResponse, with "error.dossier.transition" (whose detail is the state
// id) told as "not in state «…»" in the request's language.
http::Response Error(const ApiContext& ctx, const http::Request& r, const Status& s);

// `s` with the scoring engine's sheet fields ("sheet.choices.1.1",
// "sheet.stopped") named as the request sent them (`prefix` + "choices.1.1",
// `prefix` + "stopped_by").
Status SheetFieldsAs(const Status& s, const std::string& prefix);

// Writes the dossier `token` as the request's principal sees it, with its
// next actions (the service's error when it may not read it).
Status WriteDossierFor(ApiContext& ctx, const http::Request& r, const std::string& token,
                       JsonWriter& w);

// The dossier `token` as the request's principal sees it, with its next actions.
http::Response DossierAnswer(ApiContext& ctx, const http::Request& r, const std::string& token,
                             int status);

// Rounds, council policies, conflicts, sheets, sessions and decisions.
void RegisterCouncilRoutes(http::Router& router, ApiContext& ctx);

}  // namespace ocop::api::evaluation

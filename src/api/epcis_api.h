// The EPCIS 2.0 REST binding under /epcis (GS1's openapi.json): capture of
// documents and single events, capture jobs, event queries with paging,
// events by id and by EPC. Answers are EPCISQueryDocuments in JSON-LD; errors
// keep the platform's one error shape.
#pragma once

#include <string>
#include <vector>

#include "api/api_context.h"
#include "domain/traceability/repositories.h"

namespace ocop::api {

// Adds the /epcis routes (ctx.epcis must be set).
void RegisterEpcisRoutes(http::Router& router, ApiContext& ctx);

// An EPCISQueryDocument of `events` (eventList re-emitted from the stored
// JSON, with the repository's recordTime), its "@context" the standard context plus the definitions
// of the events' own contexts. `creation_ms` is its creationDate.
std::string EpcisQueryDocument(const std::vector<domain::StoredEvent>& events,
                               std::int64_t creation_ms);

}  // namespace ocop::api

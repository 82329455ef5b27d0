// The GS1 Digital Link resolver for machines: the linkset (RFC 9264,
// application/linkset+json) of a product or lot address, and the redirects
// of ?linkType= (GS1 Digital Link resolver behaviour).
#pragma once

#include "api/api_context.h"
#include "domain/catalog/resolver.h"
#include "http/request.h"
#include "http/response.h"

namespace ocop::api {

// GET of an item address (/01/{gtin}/…, /p/{code}[/l/{lot}]) when the client
// asks for a linkset (Accept: application/linkset+json, or ?linkType=all or
// linkset) or for one link type (?linkType=gs1:pip, or the full
// https://gs1.org/voc/… URI): the linkset
//   {"linkset":[{"anchor":"<the address under the public base URL>",
//     "https://gs1.org/voc/pip":[{"href","title","type":"text/html","hreflang":["vi","en"]}],
//     "https://gs1.org/voc/certificationInfo":[… /v/{number}],   (when certified)
//     "https://gs1.org/voc/traceability":[… the lot's history],   (when a lot is named)
//     "https://gs1.org/voc/defaultLink":[…]}]}
// or a 307 to the first link of the type asked (to the default link for a
// type not offered, as GS1 resolvers do). Errors in the API's shape: 400
// for an invalid address (the Digital Link parser's reason), 404 for a
// product not on the platform. `address` is web::ItemAddressOf the request.
http::Response LinksetResponse(http::Request& request, ApiContext& ctx,
                               const domain::Resolver& resolver,
                               const Result<domain::ItemAddress>& address);

// Whether a request for an item address asks for the linkset or a link
// (rather than the page): Accept names application/linkset+json, or the
// query has linkType.
bool WantsLinks(const http::Request& request);

}  // namespace ocop::api

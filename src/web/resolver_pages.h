// The public page behind the QR code on a package (GS1 Digital Link
// /01/{gtin}[/22/…][/10/{lot}][/21/{serial}], or /p/{code}[/l/{lot}] for
// products without a GTIN) and its printable labels. Like /v/{number}: one
// small response, no script, in Vietnamese or English.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/catalog/resolver.h"
#include "http/request.h"
#include "http/response.h"
#include "web/web_context.h"

namespace ocop::web {

// GET of an item address for people: the product, producer, certificate
// status, story, lot dates and the lot's events (200); a page saying why for
// an invalid address (400, the Digital Link parser's reason) or a product
// not on the platform (404). An address ending in label.svg, label.png or
// label.pdf answers the label instead (see RenderLabel* in render/label.h):
// public, as it carries only public data; Vietnamese unless ?lang=en.
// `?lang=vi|en` picks the language, else the cookie or Accept-Language.
// `address` is ParseItemAddress of the request (ItemAddressOf).
http::Response ResolverPage(http::Request& request, WebContext& ctx,
                            const domain::Resolver& resolver,
                            const Result<domain::ItemAddress>& address);

// domain::ParseItemAddress of a request: its path's non-empty segments, fully
// decoded (the server keeps "%2F" and "%25" encoded), and its query pairs.
Result<domain::ItemAddress> ItemAddressOf(const http::Request& request);

}  // namespace ocop::web

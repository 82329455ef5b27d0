// A certificate's verdict in plain words, as every public page says it: the
// verification page (/v/{number}), the public register and the resolver's
// item page show the same tone, icon, headline, sentence and mark line, so a
// shopper reads one answer wherever they scan or search.
#pragma once

#include <optional>
#include <string>

#include "domain/certification/certificate.h"
#include "http/response.h"
#include "web/web_context.h"

namespace ocop::web {

// "★★★★☆": filled stars for `stars`, hollow to five.
std::string StarGlyphs(int stars);

// "4 sao" / "4 stars" (page.verify.stars_text) in `lang`.
std::string StarsText(WebContext& ctx, const std::string& lang, int stars);

// A revocation or suspension ground in `lang`; "" without one.
std::string GroundText(WebContext& ctx, const std::string& lang,
                       std::optional<domain::RevocationGround> ground);

// Good news is green with ✓, a caution amber with !, bad news red with ✗:
// the colour is never the only signal. `css` is the tone-{css} class.
struct CertificateTone {
  const char* css;
  const char* icon;
};
CertificateTone ToneOf(domain::CertificateStatus status);

// The verdict on `c` in `state`: status (its id), tone, icon, headline
// (page.verify.headline.*), detail (page.verify.detail.* with the dates its
// status needs), mark_allowed and mark_line; for a revoked certificate with a
// ground, also ground and revocation_decision (when recorded). Callers add
// their own keys (the resolver its headline prefix and link) to the result.
Data CertificateVerdict(WebContext& ctx, const std::string& lang, const domain::Certificate& c,
                        const domain::CertificateState& state);

// The headers of a public page that shows a certificate's status (the
// verification page, the resolver's item page): never cached, as a
// revocation must show at once; never framed; no script, styles from here.
void SetVerdictPageHeaders(http::Response& response);

}  // namespace ocop::web

#include "web/certificate_verdict.h"

#include <utility>
#include <vector>

namespace ocop::web {
namespace {

std::string Fill(WebContext& ctx, const std::string& lang, const std::string& key,
                 std::vector<std::pair<std::string, std::string>> args) {
  return ctx.catalog.Render(lang, Message{key, std::move(args)});
}

}  // namespace

std::string StarGlyphs(int stars) {
  std::string out;
  for (int i = 0; i < 5; ++i) out += i < stars ? "★" : "☆";
  return out;
}

std::string StarsText(WebContext& ctx, const std::string& lang, int stars) {
  return Fill(ctx, lang, "page.verify.stars_text", {{"stars", std::to_string(stars)}});
}

std::string GroundText(WebContext& ctx, const std::string& lang,
                       std::optional<domain::RevocationGround> ground) {
  if (!ground) return "";
  return ctx.catalog.Text(
      lang, "page.certificates.ground." + std::string(domain::RevocationGroundId(*ground)));
}

CertificateTone ToneOf(domain::CertificateStatus status) {
  using S = domain::CertificateStatus;
  switch (status) {
    case S::kValid:
    case S::kRenewalWindow:
      return {"ok", "✓"};
    case S::kGrace:
    case S::kSuspended:
      return {"caution", "!"};
    case S::kExpired:
    case S::kRevoked:
      return {"bad", "✗"};
  }
  return {"bad", "✗"};
}

Data CertificateVerdict(WebContext& ctx, const std::string& lang, const domain::Certificate& c,
                        const domain::CertificateState& state) {
  using S = domain::CertificateStatus;
  const std::string id(domain::CertificateStatusId(state.status));
  const std::string stars = StarsText(ctx, lang, c.stars);
  // Each status's sentence names the date that matters for it.
  std::vector<std::pair<std::string, std::string>> args = {{"stars", stars},
                                                           {"expires", c.expires.ToDisplay()}};
  switch (state.status) {
    case S::kValid:
      break;
    case S::kRenewalWindow:
      args.emplace_back("closes", domain::ReevaluationWindow(c.expires).closes.ToDisplay());
      break;
    case S::kGrace:
      args.emplace_back("until", c.expires.AddDays(domain::kGraceDaysAfterExpiry).ToDisplay());
      break;
    case S::kExpired:
      args.emplace_back("since", c.expires.AddDays(1).ToDisplay());
      break;
    case S::kRevoked:
      args.emplace_back("date", c.revoked_on ? c.revoked_on->ToDisplay() : "");
      break;
    case S::kSuspended:
      args.emplace_back("date", c.suspended_on ? c.suspended_on->ToDisplay() : "");
      break;
  }
  const CertificateTone tone = ToneOf(state.status);
  Data v;
  v.set("status", id);
  v.set("tone", tone.css);
  v.set("icon", tone.icon);
  v.set("headline", ctx.catalog.Text(lang, "page.verify.headline." + id));
  v.set("detail", Fill(ctx, lang, "page.verify.detail." + id, args));
  v.set("mark_allowed", state.mark_allowed);
  v.set("mark_line", state.mark_allowed
                         ? Fill(ctx, lang, "page.verify.mark_allowed", {{"stars", stars}})
                         : ctx.catalog.Text(lang, "page.verify.mark_forbidden"));
  // Mustache shows a section for any string, even an empty one: set only what there is.
  if (state.status == S::kRevoked && c.ground) {
    v.set("ground", GroundText(ctx, lang, c.ground));
    if (!c.ground_decision.empty()) v.set("revocation_decision", c.ground_decision);
  }
  return v;
}

void SetVerdictPageHeaders(http::Response& response) {
  response.Header("Cache-Control", "no-store");
  response.Header("Vary", "Accept, Accept-Language, Cookie");
  response.Header("X-Frame-Options", "DENY");
  response.Header("Content-Security-Policy",
                  "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'");
}

}  // namespace ocop::web

#include "api/certificate_json.h"

#include "core/text.h"

namespace ocop::api {

void WriteVerification(JsonWriter& w, const domain::Verification& v, const domain::Geography& geo) {
  const domain::Certificate& c = v.certificate;
  const domain::Province* province = geo.FindProvince(c.province_code);
  w.BeginObject()
      .Member("number", c.number)
      .Member("product", c.product_name)
      .Member("product_code", c.product_code)
      .Member("producer", c.producer_name)
      .Key("province")
      .BeginObject()
      .Member("code", c.province_code)
      .Member("name", province ? std::string_view(province->name) : std::string_view())
      .EndObject()
      .Member("stars", c.stars)
      .Member("issued", c.issued.ToIso())
      .Member("expires", c.expires.ToIso())
      .Member("status", domain::CertificateStatusId(v.state.status))
      .Key("mark_allowed")
      .Bool(v.state.mark_allowed)
      .Key("signature_valid");
  if (v.signature_valid) {
    w.Bool(*v.signature_valid);
  } else {
    w.Null();
  }
  const domain::DateWindow window = domain::ReevaluationWindow(c.expires);
  w.Member("qr_url", v.qr_url)
      .Member("rubric_version", c.rubric_version)
      .Member("authority", c.authority)
      .Member("decision_number", c.decision_number)
      .Member("kid", c.kid)
      .Member("source", c.source == domain::CertificateSource::kImported ? "imported" : "platform")
      .Key("superseded_by")
      .StringOrNull(c.superseded_by)
      .Key("reevaluation_window")
      .BeginObject()
      .Member("opens", window.opens.ToIso())
      .Member("closes", window.closes.ToIso())
      .EndObject()
      .Key("revocation");
  // A revocation, or else a suspension: {on, ground, decision_number}.
  auto measure = [&](const CivilDate& on) {
    w.BeginObject()
        .Member("ground", c.ground ? domain::RevocationGroundId(*c.ground) : std::string_view())
        .Member("on", on.ToIso())
        .Member("decision_number", c.ground_decision)
        .EndObject();
  };
  if (c.revoked_on) {
    measure(*c.revoked_on);
  } else {
    w.Null();
  }
  w.Key("suspension");
  if (c.suspended_on && !c.revoked_on) {
    measure(*c.suspended_on);
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace ocop::api

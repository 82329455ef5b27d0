// libFuzzer target: a JSON request body read into a producer and validated,
// as POST /api/v1/producers does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/json_body.h"
#include "core/date.h"
#include "domain/registry/registry_service.h"

namespace {
const ocop::domain::Geography& Geo() {
  static const ocop::domain::Geography geo = *ocop::domain::Geography::Load(OCOP_DATA_DIR "/geo");
  return geo;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ocop::http::Request r;
  r.headers["content-type"] = "application/json";
  r.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = ocop::api::ParseObject(r);
  if (!body) return 0;
  ocop::api::FieldReader in(
      *body, {"legal_type", "name", "registration_no", "commune_code", "representative_name",
              "representative_gender", "representative_ethnicity", "founded_on", "version"});
  ocop::domain::ProducerInput p;
  p.legal_type = in.String("legal_type");
  p.name = in.String("name");
  p.registration_no = in.String("registration_no");
  p.commune_code = in.String("commune_code");
  p.representative_name = in.String("representative_name");
  p.representative_gender = in.String("representative_gender");
  p.representative_ethnicity = in.String("representative_ethnicity");
  p.founded_on = in.String("founded_on");
  (void)in.RequiredInteger("version");
  auto v = ocop::domain::ValidateProducer(p, Geo(), ocop::CivilDate{2026, 11, 22});
  (void)in.Finish(v ? ocop::Status::Ok() : v.error());
  return 0;
}

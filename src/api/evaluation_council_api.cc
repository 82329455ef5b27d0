// /api/v1/rounds, /api/v1/provinces/{code}/council-policy, and a dossier's
// council: conflicts, sheets, the session's close and the decision.
#include "api/evaluation_json.h"
#include "api/evaluation_routes.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "core/text.h"

namespace ocop::api::evaluation {
namespace {

using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

// Offices that run rounds: the province its own, the ministry central ones.
const std::vector<Role> kRoundRunners = {Role::kNationalAdmin, Role::kProvincialOfficer};
const std::vector<Role> kRoundReaders = {Role::kNationalAdmin, Role::kProvincialOfficer,
                                         Role::kCouncilMember, Role::kAdvisoryMember};
const std::vector<Role> kCouncil = {Role::kCouncilMember};

Result<std::int64_t> RoundId(const Request& r) {
  std::string id = r.PathParam("id");
  if (!text::IsDigits(id) || id.size() > 18) return Err(NotFound("error.round.not_found"));
  return std::stoll(id);
}

Response RoundAnswer(int status, const domain::Round& round) {
  JsonWriter w;
  WriteRound(w, round);
  return Response::Json(status, w.Take());
}

Response SheetsAnswer(int status, const domain::SheetsView& v) {
  JsonWriter w;
  WriteSheets(w, v);
  return Response::Json(status, w.Take());
}

class CouncilApi {
 public:
  explicit CouncilApi(ApiContext& ctx) : ctx_(ctx) {}

  Response Error(const Request& r, const Status& s) const { return evaluation::Error(ctx_, r, s); }

  Response ListRounds(Request& r) {
    auto rounds = ctx_.council.ListRounds(*r.principal);
    if (!rounds) return Error(r, rounds.error());
    JsonWriter w;
    w.BeginObject().Key("items").BeginArray();
    for (const auto& round : *rounds) WriteRound(w, round);
    w.EndArray().EndObject();
    return Response::Json(200, w.Take());
  }

  // {level?, name, intake_closes?, finishes_by?, members:[{username, role}]};
  // the level defaults to the opener's (the ministry's rounds are central).
  Response OpenRound(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"level", "name", "intake_closes", "finishes_by", "members"});
    domain::NewRound nr;
    nr.level = r.principal->role == Role::kNationalAdmin ? domain::CouncilLevel::kCentral
                                                         : domain::CouncilLevel::kProvince;
    if (std::string level = in.String("level"); !level.empty()) {
      auto parsed = domain::ParseCouncilLevel(level);
      if (!parsed) {
        in.errors().Add("level", "error.round.level");
      } else {
        nr.level = *parsed;
      }
    }
    nr.name = in.String("name");
    nr.intake_closes = in.String("intake_closes");
    nr.finishes_by = in.String("finishes_by");
    auto members = body->find("members");
    if (members == body->end() || !members->is_array()) {
      in.errors().Add("members", "error.round.members_list");
    } else {
      for (std::size_t i = 0; i < members->size(); ++i) {
        const auto& m = (*members)[i];
        const std::string where = "members[" + std::to_string(i) + "]";
        if (!m.is_object() || !m.contains("username") || !m["username"].is_string() ||
            !m.contains("role") || !m["role"].is_string() || m.size() != 2) {
          in.errors().Add(where, "error.round.members_list");
          continue;
        }
        nr.members.emplace_back(m["username"].get<std::string>(), m["role"].get<std::string>());
      }
    }
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto round = ctx_.council.OpenRound(*r.principal, nr);
    if (!round) return Error(r, round.error());
    return RoundAnswer(201, *round)
        .Header("Location", "/api/v1/rounds/" + std::to_string(round->id));
  }

  Response GetRound(Request& r) {
    auto id = RoundId(r);
    if (!id) return Error(r, id.error());
    auto round = ctx_.council.GetRound(*r.principal, *id);
    if (!round) return Error(r, round.error());
    return RoundAnswer(200, *round);
  }

  Response CloseRound(Request& r) {
    auto id = RoundId(r);
    if (!id) return Error(r, id.error());
    Status s = ctx_.council.CloseRound(*r.principal, *id);
    if (!s.ok()) return Error(r, s);
    auto round = ctx_.council.GetRound(*r.principal, *id);
    if (!round) return Error(r, round.error());
    return RoundAnswer(200, *round);
  }

  // {token}: the dossier joins the round (provincial or central).
  Response Assign(Request& r) {
    auto id = RoundId(r);
    if (!id) return Error(r, id.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"token"});
    std::string token = in.String("token");
    if (token.empty() && in.errors().empty()) in.errors().Add("token", "error.field.required");
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    if (!text::IsValidUtf8(token) || token.size() > 64) {
      return Error(r, NotFound("error.dossier.not_found"));
    }
    auto d = ctx_.council.Assign(*r.principal, *id, token);
    if (!d) return Error(r, d.error());
    return DossierAnswer(ctx_, r, token, 200);
  }

  // The province's rules: its own officers and the ministry.
  Result<std::string> PolicyProvince(const Request& r) {
    std::string code = r.PathParam("code");
    if (!ctx_.registry.geography().FindProvince(code)) {
      return Err(NotFound("error.geo.unknown_province"));
    }
    if (r.principal->role == Role::kProvincialOfficer && r.principal->province_code != code) {
      return Err(PermissionDenied("error.scope"));
    }
    return code;
  }

  Response GetPolicy(Request& r) {
    auto code = PolicyProvince(r);
    if (!code) return Error(r, code.error());
    auto policy = ctx_.council.PolicyOf(*code);
    if (!policy) return Error(r, policy.error());
    JsonWriter w;
    WritePolicy(w, *policy);
    return Response::Json(200, w.Take());
  }

  // {quorum_percent, chair_required, max_spread}; a member left out stays.
  Response SetPolicy(Request& r) {
    auto code = PolicyProvince(r);
    if (!code) return Error(r, code.error());
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"quorum_percent", "chair_required", "max_spread"});
    auto current = ctx_.council.PolicyOf(*code);
    if (!current) return Error(r, current.error());
    domain::CouncilPolicy p = *current;
    if (std::string q = in.Integer("quorum_percent"); !q.empty()) {
      p.quorum_percent = static_cast<int>(std::clamp<long long>(std::stoll(q), -1, 1000));
    }
    if (auto it = body->find("chair_required"); it != body->end() && !it->is_null()) {
      if (it->is_boolean()) {
        p.chair_required = it->get<bool>();
      } else {
        in.errors().Add("chair_required", "error.score.boolean");
      }
    }
    if (auto it = body->find("max_spread"); it != body->end() && !it->is_null()) {
      if (it->is_number()) {
        p.max_spread = it->get<double>();
      } else {
        in.errors().Add("max_spread", "error.score.number");
      }
    }
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    Status s = ctx_.council.SetPolicy(*r.principal, *code, p);
    if (!s.ok()) return Error(r, s);
    JsonWriter w;
    WritePolicy(w, p);
    return Response::Json(200, w.Take());
  }

  Response DeclareConflict(Request& r) {
    const std::string token = r.PathParam("token");
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"reason"});
    std::string reason = in.String("reason");
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    Status s = ctx_.council.DeclareConflict(*r.principal, token, reason);
    if (!s.ok()) return Error(r, s);
    auto sheets = ctx_.council.Sheets(*r.principal, token);
    if (!sheets) return Error(r, sheets.error());
    return SheetsAnswer(201, *sheets);
  }

  Response Sheets(Request& r) {
    auto sheets = ctx_.council.Sheets(*r.principal, r.PathParam("token"));
    if (!sheets) return Error(r, sheets.error());
    return SheetsAnswer(200, *sheets);
  }

  // {choices, stopped_by?, sign}: saves the member's own sheet; `sign` makes it final.
  Response SaveSheet(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldErrors errors;
    domain::ScoreSheet sheet = ReadSheet(*body, "", {"sign"}, errors);
    bool sign = false;
    if (auto it = body->find("sign"); it != body->end() && !it->is_null()) {
      if (it->is_boolean()) {
        sign = it->get<bool>();
      } else {
        errors.Add("sign", "error.score.boolean");
      }
    }
    if (!errors.empty()) return Error(r, errors.ToStatus());
    auto stored = ctx_.council.SaveSheet(*r.principal, r.PathParam("token"), sheet, sign);
    if (!stored) return Error(r, SheetFieldsAs(stored.error(), ""));
    JsonWriter w;
    WriteStoredSheet(w, *stored);
    return Response::Json(200, w.Take());
  }

  // {disqualifier?}: the chair closes the session; the engine scores it.
  Response CloseSession(Request& r) {
    const std::string token = r.PathParam("token");
    std::string disqualifier;
    if (!r.body.empty()) {
      auto body = ParseObject(r);
      if (!body) return Error(r, body.error());
      FieldReader in(*body, {"disqualifier"});
      disqualifier = in.String("disqualifier");
      if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    }
    auto d = ctx_.council.CloseSession(*r.principal, token, disqualifier);
    if (!d) return Error(r, d.error());
    return DossierAnswer(ctx_, r, token, 200);
  }

  // {number, date, signer} → {dossier, certificate|null}.
  Response Decide(Request& r) {
    const std::string token = r.PathParam("token");
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"number", "date", "signer"});
    domain::DecisionInput d{in.String("number"), in.String("date"), in.String("signer")};
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto decided = ctx_.council.Decide(*r.principal, token, d);
    if (!decided) return Error(r, decided.error());
    JsonWriter w;
    w.BeginObject().Key("dossier");
    Status s = WriteDossierFor(ctx_, r, token, w);
    if (!s.ok()) return Error(r, s);
    w.Key("certificate");
    if (decided->second) {
      WriteIssuedCertificate(w, *decided->second, ctx_.certification.QrUrlOf(*decided->second));
    } else {
      w.Null();
    }
    w.EndObject();
    return Response::Json(200, w.Take());
  }

 private:
  ApiContext& ctx_;
};

}  // namespace

void RegisterCouncilRoutes(http::Router& router, ApiContext& ctx) {
  auto api = std::make_shared<CouncilApi>(ctx);
  auto bind = [api](Response (CouncilApi::*fn)(Request&)) {
    return [api, fn](Request& r) { return ((*api).*fn)(r); };
  };
  const auto runners = Access::Roles(kRoundRunners);
  const auto readers = Access::Roles(kRoundReaders);
  const auto council = Access::Roles(kCouncil);
  router.Add(Method::kGet, "/api/v1/rounds", readers, Surface::kApi, bind(&CouncilApi::ListRounds));
  router.Add(Method::kPost, "/api/v1/rounds", runners, Surface::kApi, bind(&CouncilApi::OpenRound));
  router.Add(Method::kGet, "/api/v1/rounds/{id}", readers, Surface::kApi,
             bind(&CouncilApi::GetRound));
  router.Add(Method::kPost, "/api/v1/rounds/{id}/close", runners, Surface::kApi,
             bind(&CouncilApi::CloseRound));
  router.Add(Method::kPost, "/api/v1/rounds/{id}/dossiers", runners, Surface::kApi,
             bind(&CouncilApi::Assign));
  router.Add(Method::kGet, "/api/v1/provinces/{code}/council-policy", runners, Surface::kApi,
             bind(&CouncilApi::GetPolicy));
  router.Add(Method::kPut, "/api/v1/provinces/{code}/council-policy", runners, Surface::kApi,
             bind(&CouncilApi::SetPolicy));
  router.Add(Method::kPost, "/api/v1/dossiers/{token}/conflicts", council, Surface::kApi,
             bind(&CouncilApi::DeclareConflict));
  router.Add(Method::kGet, "/api/v1/dossiers/{token}/sheets", readers, Surface::kApi,
             bind(&CouncilApi::Sheets));
  router.Add(Method::kPut, "/api/v1/dossiers/{token}/sheets/mine", council, Surface::kApi,
             bind(&CouncilApi::SaveSheet));
  router.Add(Method::kPost, "/api/v1/dossiers/{token}/session/close", council, Surface::kApi,
             bind(&CouncilApi::CloseSession));
  router.Add(Method::kPost, "/api/v1/dossiers/{token}/decision", runners, Surface::kApi,
             bind(&CouncilApi::Decide));
}

}  // namespace ocop::api::evaluation

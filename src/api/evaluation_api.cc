// /api/v1/dossiers: creating, editing, evidence, and the moves up to the
// council. Rounds, sheets and decisions are in evaluation_council_api.cc.
#include <algorithm>
#include <cctype>

#include "api/api_context.h"
#include "api/evaluation_json.h"
#include "api/evaluation_routes.h"
#include "api/json_body.h"
#include "api/json_views.h"
#include "core/text.h"
#include "http/multipart.h"

namespace ocop::api {
namespace evaluation {

using domain::Role;
using http::Request;
using http::Response;

Response Error(const ApiContext& ctx, const Request& r, const Status& s) {
  if (s.message().key == "error.dossier.transition" && !s.detail().empty()) {
    const std::string state = ctx.catalog.Text(r.Language(), "dossier.state." + s.detail());
    return ErrorResponse(r, ctx.catalog,
                         Status(s.code(), {"error.dossier.transition_in", {{"state", state}}}));
  }
  return ErrorResponse(r, ctx.catalog, s);
}

Status SheetFieldsAs(const Status& s, const std::string& prefix) {
  if (s.fields().empty()) return s;
  std::vector<FieldViolation> fields = s.fields();
  for (auto& f : fields) {
    if (f.field == "sheet.stopped") {
      f.field = prefix + "stopped_by";
    } else if (f.field.rfind("sheet.", 0) == 0) {
      f.field = prefix + f.field.substr(6);
    }
  }
  Status out(s.code(), s.message(), std::move(fields));
  out.WithDetail(s.detail());
  return out;
}

Status WriteDossierFor(ApiContext& ctx, const Request& r, const std::string& token, JsonWriter& w) {
  auto view = ctx.evaluation.Get(*r.principal, token);
  if (!view) return view.error();
  bool chair = false;
  const domain::Dossier& d = view->dossier;
  const std::int64_t round_id =
      d.state == domain::DossierState::kInCentralRound ? d.central_round_id : d.round_id;
  if (r.principal->role == Role::kCouncilMember && round_id) {
    if (auto round = ctx.council.GetRound(*r.principal, round_id)) {
      const auto* me = round->FindMember(r.principal->user_id);
      chair = me && me->role == domain::RoundRole::kChair;
    }
  }
  WriteDossierView(w, *view, NextActions(*r.principal, d, chair));
  return Status::Ok();
}

Response DossierAnswer(ApiContext& ctx, const Request& r, const std::string& token, int status) {
  JsonWriter w;
  Status s = WriteDossierFor(ctx, r, token, w);
  if (!s.ok()) return Error(ctx, r, s);
  return Response::Json(status, w.Take());
}

}  // namespace evaluation

namespace {

using domain::DossierAction;
using domain::Role;
using evaluation::DossierAnswer;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

// The roles that read dossiers (scope is the service's): everyone in the
// procedure, not inspectors or laboratories.
const std::vector<Role> kReaders = {Role::kNationalAdmin,  Role::kProvincialOfficer,
                                    Role::kCommuneOfficer, Role::kCouncilMember,
                                    Role::kAdvisoryMember, Role::kProducer};
// Who may open and fill a dossier: the producer, or an officer for it.
const std::vector<Role> kFilers = {Role::kNationalAdmin, Role::kProvincialOfficer,
                                   Role::kCommuneOfficer, Role::kProducer};
// Who takes the moves of POST /actions (each move's own roles are the domain's).
const std::vector<Role> kMovers = {Role::kNationalAdmin, Role::kProvincialOfficer,
                                   Role::kCommuneOfficer, Role::kAdvisoryMember, Role::kProducer};

std::optional<bool> Boolean(const nlohmann::json& object, const char* name, FieldErrors& errors) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    errors.Add(name, "error.score.boolean");
    return std::nullopt;
  }
  return it->get<bool>();
}

const nlohmann::json* Object(const nlohmann::json& object, const char* name, FieldErrors& errors) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  if (!it->is_object()) {
    errors.Add(name, "error.field.type_object");
    return nullptr;
  }
  return &*it;
}

// A token as issued (base64url) or a hex digest; anything else is unknown
// without a store lookup.
bool LooksLikeToken(const std::string& t) {
  return !t.empty() && t.size() <= 64 && std::all_of(t.begin(), t.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

class DossierApi {
 public:
  explicit DossierApi(ApiContext& ctx) : ctx_(ctx) {}

  Response Error(const Request& r, const Status& s) const { return evaluation::Error(ctx_, r, s); }

  Response Create(Request& r) {
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"product_id", "type", "from_previous"});
    domain::NewDossier nd;
    std::string product = in.Integer("product_id");
    if (product.empty() && in.errors().empty() && !body->contains("product_id")) {
      in.errors().Add("product_id", "error.field.required");
    }
    if (!product.empty()) nd.product_id = std::stoll(product);
    std::string type = in.String("type");
    if (!type.empty()) {
      auto t = domain::ParseDossierType(type);
      if (!t) {
        in.errors().Add("type", "error.dossier.type");
      } else {
        nd.type = *t;
      }
    }
    if (auto b = Boolean(*body, "from_previous", in.errors())) nd.from_previous = *b;
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto created = ctx_.evaluation.Create(*r.principal, nd);
    if (!created) return Error(r, created.error());
    return DossierAnswer(ctx_, r, created->token, 201)
        .Header("Location", "/api/v1/dossiers/" + created->token);
  }

  Response List(Request& r) {
    auto paging = ReadPaging(r);
    domain::DossierFilter f;
    FieldErrors errors;
    if (!paging) {
      for (const auto& v : paging.error().fields())
        errors.Add(v.field, v.message.key, v.message.args);
    }
    if (std::string s = r.Query("state"); !s.empty()) {
      f.state = domain::ParseDossierState(s);
      if (!f.state) errors.Add("state", "error.dossier.state");
    }
    auto read_id = [&](const char* name) -> std::int64_t {
      std::string v = r.Query(name);
      if (v.empty()) return 0;
      if (!text::IsDigits(v) || v.size() > 18) {
        errors.Add(name, "error.field.type_integer");
        return 0;
      }
      return std::stoll(v);
    };
    f.round_id = read_id("round");
    f.product_id = read_id("product");
    if (r.principal->role == Role::kCouncilMember && f.round_id == 0 && errors.empty()) {
      errors.Add("round", "error.dossier.round_required");
    }
    if (!errors.empty()) return Error(r, errors.ToStatus());
    f.limit = paging->second;
    f.offset = (paging->first - 1) * paging->second;
    auto page = ctx_.evaluation.List(*r.principal, f);
    if (!page) return Error(r, page.error());
    JsonWriter w;
    w.BeginObject().Key("items").BeginArray();
    for (const auto& d : page->items) WriteDossierSummary(w, d);
    w.EndArray()
        .Member("page", paging->first)
        .Member("per_page", paging->second)
        .Member("total", page->total)
        .EndObject();
    return Response::Json(200, w.Take());
  }

  Response Get(Request& r) {
    const std::string token = r.PathParam("token");
    if (!LooksLikeToken(token)) return Error(r, NotFound("error.dossier.not_found"));
    return DossierAnswer(ctx_, r, token, 200);
  }

  // Replaces the form and the self-assessment; either left out stays as it is.
  Response Edit(Request& r) {
    const std::string token = r.PathParam("token");
    if (!LooksLikeToken(token)) return Error(r, NotFound("error.dossier.not_found"));
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"form", "self_assessment", "version"});
    auto version = in.RequiredInteger("version");
    const nlohmann::json* form = Object(*body, "form", in.errors());
    const nlohmann::json* sheet = Object(*body, "self_assessment", in.errors());
    domain::RegistrationForm new_form;
    domain::ScoreSheet new_sheet;
    if (form) new_form = ReadForm(*form, in.errors());
    if (sheet) new_sheet = ReadSheet(*sheet, "self_assessment", {}, in.errors());
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    if (!form || !sheet) {
      auto current = ctx_.evaluation.Get(*r.principal, token);
      if (!current) return Error(r, current.error());
      if (!form) new_form = current->dossier.form;
      if (!sheet) new_sheet = current->dossier.self_assessment;
    }
    auto edited = ctx_.evaluation.Edit(*r.principal, token, new_form, new_sheet, *version);
    if (!edited) return Error(r, evaluation::SheetFieldsAs(edited.error(), "self_assessment."));
    return DossierAnswer(ctx_, r, token, 200);
  }

  Response Move(Request& r) {
    const std::string token = r.PathParam("token");
    if (!LooksLikeToken(token)) return Error(r, NotFound("error.dossier.not_found"));
    auto body = ParseObject(r);
    if (!body) return Error(r, body.error());
    FieldReader in(*body, {"action", "note", "report", "version"});
    domain::DossierMove move;
    std::string action = in.String("action");
    auto parsed = domain::ParseDossierAction(action);
    if (action.empty()) {
      in.errors().Add("action", "error.field.required");
    } else if (!parsed) {
      in.errors().Add("action", "error.dossier.action");
    } else {
      move.action = *parsed;
    }
    move.note = in.String("note");
    std::string version = in.Integer("version");
    if (!version.empty()) move.expected_version = std::stoll(version);
    if (const nlohmann::json* report = Object(*body, "report", in.errors())) {
      move.report = ReadCommuneReport(*report, in.errors());
      if (move.note.empty()) move.note = move.report->notes;
    }
    if (!in.errors().empty()) return Error(r, in.Finish(Status::Ok()));
    auto moved = ctx_.evaluation.Move(*r.principal, token, move);
    if (!moved) return Error(r, evaluation::SheetFieldsAs(moved.error(), "self_assessment."));
    return DossierAnswer(ctx_, r, token, 200);
  }

  // multipart/form-data: `file` (PDF, JPEG or PNG) and `criteria`, a comma list.
  Response Upload(Request& r) {
    const std::string token = r.PathParam("token");
    if (!LooksLikeToken(token)) return Error(r, NotFound("error.dossier.not_found"));
    auto parts = http::ParseMultipart(r.Header("content-type"), r.body, 8);
    if (!parts) return Error(r, parts.error());
    FieldErrors errors;
    const http::MultipartPart* file = nullptr;
    std::vector<std::string> criteria;
    for (const auto& p : *parts) {
      if (p.name == "file") {
        if (file) errors.Add("file", "error.evidence.one_file");
        file = &p;
      } else if (p.name == "criteria") {
        if (!text::IsValidUtf8(p.data)) {
          errors.Add("criteria", "error.field.utf8");
          continue;
        }
        std::string_view rest = p.data;
        while (!rest.empty()) {
          auto comma = rest.find(',');
          std::string id(text::Trim(rest.substr(0, comma)));
          if (!id.empty() && std::find(criteria.begin(), criteria.end(), id) == criteria.end()) {
            criteria.push_back(id);
          }
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
      } else {
        errors.Add(text::IsValidUtf8(p.name) ? p.name : "?", "error.field.unknown");
      }
    }
    if (!file || file->data.empty()) errors.Add("file", "error.evidence.no_file");
    if (!errors.empty()) return Error(r, errors.ToStatus());
    auto e =
        ctx_.evaluation.AttachEvidence(*r.principal, token, file->filename, file->data, criteria);
    if (!e) return Error(r, e.error());
    JsonWriter w;
    w.BeginObject()
        .Member("sha256", e->sha256)
        .Member("file_name", e->file_name)
        .Member("mime", e->mime)
        .Member("size", e->size)
        .Member("uploaded_at", IsoTimestamp(e->uploaded_at))
        .Key("criteria")
        .BeginArray();
    for (const auto& c : e->criteria) w.String(c);
    w.EndArray().EndObject();
    return Response::Json(201, w.Take())
        .Header("Location", "/api/v1/dossiers/" + token + "/evidence/" + e->sha256);
  }

  // The stored bytes, never rendered by the browser: an attachment of the
  // type sniffed at upload, with nosniff and a sandboxing policy.
  Response Download(Request& r) {
    const std::string token = r.PathParam("token");
    const std::string sha = r.PathParam("sha256");
    if (!LooksLikeToken(token) || !LooksLikeToken(sha)) {
      return Error(r, NotFound("error.not_found"));
    }
    auto f = ctx_.evaluation.EvidenceFile(*r.principal, token, sha);
    if (!f) return Error(r, f.error());
    return Response::Attachment(std::move(f->second), f->first.mime, f->first.file_name);
  }

 private:
  ApiContext& ctx_;
};

}  // namespace

void RegisterEvaluationRoutes(http::Router& router, ApiContext& ctx) {
  auto api = std::make_shared<DossierApi>(ctx);
  auto bind = [api](Response (DossierApi::*fn)(Request&)) {
    return [api, fn](Request& r) { return ((*api).*fn)(r); };
  };
  const auto readers = Access::Roles(kReaders);
  const auto filers = Access::Roles(kFilers);
  router.Add(Method::kGet, "/api/v1/dossiers", readers, Surface::kApi, bind(&DossierApi::List));
  router.Add(Method::kPost, "/api/v1/dossiers", filers, Surface::kApi, bind(&DossierApi::Create));
  router.Add(Method::kGet, "/api/v1/dossiers/{token}", readers, Surface::kApi,
             bind(&DossierApi::Get));
  router.Add(Method::kPut, "/api/v1/dossiers/{token}", filers, Surface::kApi,
             bind(&DossierApi::Edit));
  router.Add(Method::kPost, "/api/v1/dossiers/{token}/evidence", filers, Surface::kApi,
             bind(&DossierApi::Upload));
  router.Add(Method::kGet, "/api/v1/dossiers/{token}/evidence/{sha256}", readers, Surface::kApi,
             bind(&DossierApi::Download));
  router.Add(Method::kPost, "/api/v1/dossiers/{token}/actions", Access::Roles(kMovers),
             Surface::kApi, bind(&DossierApi::Move));
  evaluation::RegisterCouncilRoutes(router, ctx);
}

}  // namespace ocop::api

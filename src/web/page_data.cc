#include "web/page_data.h"

#include <algorithm>

#include "core/date.h"
#include "core/text.h"

namespace ocop::web {

void SetLanguageSwitch(Data& d, const http::Request& request, const std::string& lang,
                       std::string_view drop) {
  d.set("lang", lang);
  d.set("other_lang", lang == "vi" ? "en" : "vi");
  d.set("other_lang_label", lang == "vi" ? "English" : "Tiếng Việt");
  std::string here = request.path;
  char sep = '?';
  for (const auto& [k, v] : request.query) {
    if (!drop.empty() && k == drop) continue;
    here += sep + http::UrlEncode(k) + "=" + http::UrlEncode(v);
    sep = '&';
  }
  d.set("here", http::UrlEncode(here));
}

Data BaseData(const http::Request& request, WebContext& ctx, const std::string& title_key) {
  const std::string lang = request.Language();
  Data d;
  d.set("title", ctx.catalog.Text(lang, title_key));
  SetLanguageSwitch(d, request, lang);
  if (request.principal) {
    const auto& p = *request.principal;
    Data user;
    user.set("username", p.username);
    user.set("role", ctx.catalog.Text(lang, "role." + std::string(domain::RoleId(p.role))));
    d.set("user", user);
    d.set("csrf", request.csrf_token);
    auto holds = [&](const auto& roles) {
      return std::find(roles.begin(), roles.end(), p.role) != roles.end();
    };
    d.set("can_register", holds(domain::kRegistrarRoles));
    d.set("can_add_product", holds(domain::kEditorRoles));
    using domain::Role;
    const Role role = p.role;
    d.set("sees_dossiers", role != Role::kInspector && role != Role::kLaboratory);
    d.set("sees_rounds", role == Role::kNationalAdmin || role == Role::kProvincialOfficer ||
                             role == Role::kCouncilMember || role == Role::kAdvisoryMember);
    d.set("sees_renewals", role == Role::kNationalAdmin || role == Role::kProvincialOfficer);
  }
  return d;
}

std::map<std::string, std::string> FieldMessages(const http::Request& request, WebContext& ctx,
                                                 const Status& status) {
  std::map<std::string, std::string> out;
  for (const auto& f : status.fields()) {
    out.emplace(f.field, ctx.catalog.Render(request.Language(), f.message));
  }
  return out;
}

Data Field(const std::string& value, const std::map<std::string, std::string>& errors,
           const std::string& name) {
  Data f;
  f.set("value", value);
  auto it = errors.find(name);
  f.set("has_error", it != errors.end());
  if (it != errors.end()) f.set("error", it->second);
  return f;
}

std::map<std::string, std::string> FormOf(const http::Request& request) {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : http::ParseUrlEncoded(request.body)) out.emplace(k, v);
  return out;
}

CivilDate Today(WebContext& ctx) {
  return CivilDate::FromUnixInVietnam(ctx.clock.NowUnixSeconds());
}

std::string StateLabel(WebContext& ctx, const std::string& lang, domain::DossierState s) {
  return ctx.catalog.Text(lang, "page.dossier.state." + std::string(domain::DossierStateId(s)));
}

Texts TextsOf(WebContext& ctx, const std::string& lang) {
  return Texts{lang, &ctx.catalog.All(lang)};
}

http::Response HtmlPage(WebContext& ctx, const std::string& name, const Data& data, int status) {
  const Data* lang = data.get("lang");
  const Texts texts = TextsOf(ctx, lang && lang->is_string() ? lang->string_value() : "vi");
  http::Response r = http::Response::Html(status, ctx.templates.Page(name, data, texts));
  r.Header("Cache-Control", "no-store");
  r.Header("X-Frame-Options", "DENY");
  r.Header("Content-Security-Policy",
           "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
  return r;
}

std::optional<std::int64_t> IdParam(const http::Request& request) {
  std::string id = request.PathParam("id");
  if (!text::IsDigits(id) || id.size() > 18) return std::nullopt;
  return std::stoll(id);
}

Data Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& selected) {
  Data list{Data::type::list};
  for (const auto& [value, label] : values) {
    Data o;
    o.set("value", value);
    o.set("label", label);
    o.set("selected", value == selected);
    list.push_back(o);
  }
  return list;
}

Data ProvinceOptions(WebContext& ctx, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const auto& p : ctx.registry.geography().provinces()) values.emplace_back(p.code, p.name);
  return Options(values, selected);
}

Data CommuneOptions(WebContext& ctx, const std::string& province, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const auto* c : ctx.registry.geography().CommunesOf(province)) {
    values.emplace_back(c->code, c->name);
  }
  return Options(values, selected);
}

http::Response AnswerFailedSubmission(const http::Request& request, WebContext& ctx,
                                      const Status& failure, std::int64_t version,
                                      const FormRenderer& form) {
  const std::string lang = request.Language();
  if (failure.message().key == "error.version.stale") {
    return form(std::stoll(failure.detail()), {}, ctx.catalog.Text(lang, "error.version.stale"),
                409);
  }
  if (failure.code() != Code::kInvalidArgument && failure.code() != Code::kAlreadyExists) {
    return PageError(request, ctx, failure);
  }
  return form(version, FieldMessages(request, ctx, failure),
              ctx.catalog.Text(lang, "form.fix_errors"), http::HttpStatusOf(failure.code()));
}

std::int64_t SubmittedVersion(const std::map<std::string, std::string>& form) {
  auto it = form.find("version");
  if (it == form.end() || !text::IsDigits(it->second) || it->second.size() > 17) return 0;
  return std::stoll(it->second);
}

int PageNumber(const http::Request& request) {
  std::string text = request.Query("page");
  return text::IsDigits(text) && text.size() < 6 ? std::max(1, std::stoi(text)) : 1;
}

void SetPager(Data& d, const std::string& base, int page, std::int64_t total, int per_page) {
  const std::int64_t pages = std::max<std::int64_t>(1, (total + per_page - 1) / per_page);
  d.set("page", std::to_string(page));
  d.set("pages", std::to_string(pages));
  if (page > 1) d.set("prev_link", base + "&page=" + std::to_string(page - 1));
  if (page < pages) d.set("next_link", base + "&page=" + std::to_string(page + 1));
}

std::string SearchText(const http::Request& request) {
  std::string q = request.Query("q");
  return q.size() <= 200 && text::IsValidUtf8(q) ? q : std::string();
}

std::string IsoDate(const std::string& typed) {
  auto d = CivilDate::ParseDisplay(text::Trim(typed));
  return d ? d->ToIso() : typed;
}

std::string DisplayDate(const std::string& iso) {
  auto d = CivilDate::Parse(iso);
  return d ? d->ToDisplay() : iso;
}

}  // namespace ocop::web

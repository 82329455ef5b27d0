#include "api/linkset_api.h"

#include <string>
#include <string_view>
#include <vector>

#include "api/json_writer.h"

namespace ocop::api {
namespace {

constexpr std::string_view kVoc = "https://gs1.org/voc/";

struct Link {
  std::string href;
  std::string title;
  std::string type;
  bool both_languages = false;  // hreflang vi and en
};

struct LinkType {
  std::string name;  // "pip": the GS1 vocabulary term
  std::vector<Link> links;
};

std::string LanguageOf(const http::Request& r) {
  const std::string q = r.Query("lang");
  return q == "vi" || q == "en" ? q : r.Language();
}

std::string Fill(const i18n::Catalog& catalog, const std::string& lang, const std::string& key,
                 std::vector<std::pair<std::string, std::string>> args) {
  return catalog.Render(lang, Message{key, std::move(args)});
}

// The link types offered for `view`, in the order of the linkset; the
// default link (the page) last.
std::vector<LinkType> LinksOf(ApiContext& ctx, const std::string& lang, const std::string& base,
                              const domain::ItemAddress& a, const domain::ItemView& v) {
  const std::string page = base + domain::ItemPath(a.key);
  const std::string& name = v.product.fields.name;
  std::vector<LinkType> types;
  types.push_back({"pip", {{page, name, "text/html", true}}});
  if (v.certificate) {
    types.push_back({"certificationInfo",
                     {{base + "/v/" + http::UrlEncode(v.certificate->number),
                       Fill(ctx.catalog, lang, "resolver.certificate_link",
                            {{"number", v.certificate->number}}),
                       "text/html", true}}});
  }
  if (!v.lot_id.empty()) {
    types.push_back(
        {"traceability",
         {{page + "#history", Fill(ctx.catalog, lang, "resolver.link.history", {{"product", name}}),
           "text/html", true},
          {base + "/epcis/epcs/" + http::UrlEncode(v.lot_id) + "/events",
           ctx.catalog.Text(lang, "resolver.link.epcis"), "application/ld+json", false}}});
  }
  types.push_back({"defaultLink", {{page, name, "text/html", true}}});
  return types;
}

std::string LinksetJson(const std::string& anchor, const std::vector<LinkType>& types) {
  JsonWriter w;
  w.BeginObject().Key("linkset").BeginArray().BeginObject().Member("anchor", anchor);
  for (const auto& t : types) {
    w.Key(std::string(kVoc) + t.name).BeginArray();
    for (const auto& l : t.links) {
      w.BeginObject().Member("href", l.href).Member("title", l.title).Member("type", l.type);
      if (l.both_languages) w.Key("hreflang").BeginArray().String("vi").String("en").EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject().EndArray().EndObject();
  return w.Take();
}

// "gs1:pip" or "https://gs1.org/voc/pip" → "pip"; anything else as is.
std::string TermOf(std::string_view link_type) {
  if (link_type.rfind("gs1:", 0) == 0) return std::string(link_type.substr(4));
  if (link_type.rfind(kVoc, 0) == 0) return std::string(link_type.substr(kVoc.size()));
  return std::string(link_type);
}

}  // namespace

bool WantsLinks(const http::Request& request) {
  return request.Header("accept").find("application/linkset+json") != std::string::npos ||
         request.query.count("linkType") > 0;
}

http::Response LinksetResponse(http::Request& r, ApiContext& ctx, const domain::Resolver& resolver,
                               const Result<domain::ItemAddress>& address) {
  if (!address) return ErrorResponse(r, ctx.catalog, address.error());
  const std::string& base = ctx.certification.settings().public_base_url;
  auto view = resolver.Resolve(address->key, base, 0);
  if (!view) return ErrorResponse(r, ctx.catalog, view.error());
  const std::string lang = LanguageOf(r);
  const std::vector<LinkType> types = LinksOf(ctx, lang, base, *address, *view);
  const std::string anchor = base + domain::ItemPath(address->key);
  const std::string link_type = r.Query("linkType");
  if (!link_type.empty() && link_type != "all" && link_type != "linkset") {
    const std::string term = TermOf(link_type);
    const Link* target = &types.back().links.front();  // the default link
    for (const auto& t : types) {
      if (t.name == term) target = &t.links.front();
    }
    http::Response redirect = http::Response::Redirect(target->href, 307);
    redirect.Header("Cache-Control", "no-store");
    return redirect;
  }
  http::Response resp{200, {}, LinksetJson(anchor, types)};
  resp.Header("Content-Type", "application/linkset+json");
  resp.Header("Cache-Control", "no-store");
  resp.Header("Vary", "Accept, Accept-Language, Cookie");
  return resp;
}

}  // namespace ocop::api

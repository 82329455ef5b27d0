#include "web/resolver_pages.h"

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/text.h"
#include "domain/certification/certificate.h"
#include "render/label.h"
#include "web/certificate_verdict.h"
#include "web/page_data.h"

namespace ocop::web {
namespace {

using domain::ItemAddress;
using domain::ItemView;
using domain::LabelFormat;
using domain::LotDate;
using domain::LotDateKind;
using http::Request;
using http::Response;

// CBV 2.0 business steps and dispositions a shopper may meet, in words; any
// other step shows as written.
constexpr std::string_view kSteps[] = {"commissioning", "harvesting", "packing",   "repackaging",
                                       "inspecting",    "sampling",   "storing",   "shipping",
                                       "receiving",     "departing",  "arriving",  "transporting",
                                       "loading",       "unloading",  "accepting", "retail_selling",
                                       "destroying",    "recalling",  "holding"};
constexpr std::string_view kDispositions[] = {"in_transit",     "in_progress", "recalled",
                                              "expired",        "destroyed",   "sold",
                                              "non_conformant", "conformant"};

template <std::size_t N>
bool Known(const std::string_view (&list)[N], const std::string& id) {
  for (auto k : list) {
    if (k == id) return true;
  }
  return false;
}

std::string LanguageOf(const Request& r) {
  const std::string q = r.Query("lang");
  return q == "vi" || q == "en" ? q : r.Language();
}

std::string Fill(WebContext& ctx, const std::string& lang, const std::string& key,
                 std::vector<std::pair<std::string, std::string>> args) {
  return ctx.catalog.Render(lang, Message{key, std::move(args)});
}

// "dd/mm/yyyy hh:mm" of a UTC instant, in Vietnam (UTC+7, no daylight saving).
std::string LocalTime(std::int64_t ms) {
  const std::int64_t seconds = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
  const std::int64_t local = seconds + 7 * 3600;
  std::int64_t in_day = local % 86400;
  if (in_day < 0) in_day += 86400;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(in_day / 3600),
                static_cast<int>(in_day % 3600 / 60));
  return CivilDate::FromUnixInVietnam(seconds).ToDisplay() + " " + hm;
}

// The end of the JSON string that starts at json[i] (the index of its
// closing quote), or json.size().
std::size_t StringEnd(std::string_view json, std::size_t i) {
  for (++i; i < json.size() && json[i] != '"'; ++i) {
    if (json[i] == '\\') ++i;
  }
  return i;
}

// The text of the event's own "ilmd" object (a member of the top-level
// object), or "" when it has none. A scan rather than a parse of the whole
// event: the page shows many events and only their ilmd matters here.
std::string_view IlmdOf(std::string_view json) {
  int depth = 0;
  std::size_t object_start = 0;
  bool in_ilmd = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') {
      const std::size_t end = StringEnd(json, i);
      if (!in_ilmd && depth == 1 && json.substr(i, end - i + 1) == "\"ilmd\"") {
        std::size_t j = end + 1;
        while (j < json.size() && (json[j] == ' ' || json[j] == ':')) ++j;
        if (j < json.size() && json[j] == '{') {
          in_ilmd = true;
          object_start = j;
          depth = 1;  // inside the ilmd object: its closing brace brings it to 0
          i = j;
          continue;
        }
      }
      i = end;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      --depth;
      if (in_ilmd && depth == 0) return json.substr(object_start, i - object_start + 1);
    }
  }
  return {};
}

// Dates in an event's ilmd (CBV master data, any prefix): bestBeforeDate,
// itemExpirationDate, sellByDate, harvestStartDate/harvestEndDate, and the
// platform's productionDate and packagingDate. Only "YYYY-MM-DD…" values.
void AddIlmdDates(const std::string& event_json, std::vector<LotDate>& dates) {
  const std::string_view text = IlmdOf(event_json);
  if (text.empty()) return;
  const auto ilmd = nlohmann::json::parse(text, nullptr, false);
  if (!ilmd.is_object()) return;
  std::optional<CivilDate> harvest_from, harvest_to;
  for (const auto& [name, value] : ilmd.items()) {
    if (!value.is_string()) continue;
    const std::string v = value.get<std::string>();
    auto date = CivilDate::Parse(std::string_view(v).substr(0, 10));
    if (!date) continue;
    std::string_view local = name;
    if (auto at = local.find_last_of(":#/"); at != std::string_view::npos) {
      local.remove_prefix(at + 1);
    }
    if (local == "bestBeforeDate") domain::AddLotDate(dates, {LotDateKind::kBestBefore, *date, {}});
    if (local == "itemExpirationDate") domain::AddLotDate(dates, {LotDateKind::kExpiry, *date, {}});
    if (local == "sellByDate") domain::AddLotDate(dates, {LotDateKind::kSellBy, *date, {}});
    if (local == "productionDate") domain::AddLotDate(dates, {LotDateKind::kProduction, *date, {}});
    if (local == "packagingDate") domain::AddLotDate(dates, {LotDateKind::kPackaging, *date, {}});
    if (local == "harvestStartDate") harvest_from = date;
    if (local == "harvestEndDate") harvest_to = date;
  }
  if (harvest_from) {
    domain::AddLotDate(dates, {LotDateKind::kHarvest, *harvest_from, harvest_to});
  } else if (harvest_to) {
    domain::AddLotDate(dates, {LotDateKind::kHarvest, *harvest_to, {}});
  }
}

// The certificate's status in plain words, as the verification page says it,
// under a "Certificate:" prefix and with a link to that page.
Data CertificateData(WebContext& ctx, const std::string& lang, const domain::Certificate& c,
                     const domain::CertificateState& state) {
  Data d = CertificateVerdict(ctx, lang, c, state);
  d.set("headline",
        ctx.catalog.Text(lang, "resolver.certificate") + ": " + d.get("headline")->string_value());
  d.set("href", "/v/" + http::UrlEncode(c.number));
  d.set("link_text", Fill(ctx, lang, "resolver.certificate_link", {{"number", c.number}}));
  return d;
}

Data Base(const Request& r, WebContext& ctx, const std::string& lang) {
  Data d;
  // The switch sets the cookie; a ?lang= kept in the link would override it.
  SetLanguageSwitch(d, r, lang, "lang");
  d.set("checked_on",
        Fill(ctx, lang, "page.verify.checked_on", {{"date", Today(ctx).ToDisplay()}}));
  return d;
}

Response PageResponse(int status, std::string body) {
  Response resp = Response::Html(status, std::move(body));
  SetVerdictPageHeaders(resp);
  return resp;
}

Response Send(WebContext& ctx, const Data& d, const std::string& lang, int status) {
  return PageResponse(status, ctx.templates.Render("lot", d, TextsOf(ctx, lang)));
}

// The key of a request's page in the resolver's page cache: all a page
// depends on besides the store and the date (see Page and Base), each part
// prefixed with its length so that no two requests share a key.
std::string PageKey(const Request& r, const std::string& lang) {
  std::string key = lang;
  auto add = [&key](const std::string& part) {
    key += std::to_string(part.size());
    key += ':';
    key += part;
  };
  add(r.path);
  for (const auto& [name, value] : r.query) {
    add(name);
    add(value);
  }
  return key;
}

// The page for an address that names nothing: why, in the user's language.
Response Problem(const Request& r, WebContext& ctx, const std::string& lang, const Status& status) {
  if (status.code() != Code::kInvalidArgument && status.code() != Code::kNotFound) {
    return PageError(r, ctx, status);
  }
  const bool invalid = status.code() == Code::kInvalidArgument;
  Data d = Base(r, ctx, lang);
  Data p;
  p.set("kind", invalid ? "invalid" : "unknown");
  const std::string headline =
      ctx.catalog.Text(lang, invalid ? "resolver.invalid_title" : "resolver.unknown_title");
  p.set("headline", headline);
  p.set("detail", ctx.catalog.Render(lang, status.message()));
  d.set("problem", p);
  d.set("page_title", headline);
  d.set("description", headline);
  return Send(ctx, d, lang, http::HttpStatusOf(status.code()));
}

Data Paragraphs(const std::string& story) {
  Data list{Data::type::list};
  std::size_t start = 0;
  while (start <= story.size()) {
    std::size_t end = story.find('\n', start);
    if (end == std::string::npos) end = story.size();
    std::string_view line = text::Trim(std::string_view(story).substr(start, end - start));
    if (!line.empty()) list.push_back(Data(std::string(line)));
    start = end + 1;
  }
  return list;
}

Data EventRows(WebContext& ctx, const std::string& lang, const ItemView& v) {
  Data rows{Data::type::list};
  for (const auto& stored : v.events) {
    const auto& e = stored.event;
    Data row;
    row.set("when", LocalTime(e.event_time_ms));
    std::string step_id = e.biz_step;
    std::string step;
    if (Known(kSteps, step_id)) {
      step = ctx.catalog.Text(lang, "resolver.step." + step_id);
    } else if (!step_id.empty()) {
      step = step_id;
    } else {
      step = std::string(gs1::epcis::EventTypeName(e.type));
      step_id = "none";
    }
    row.set("step_id", step_id);
    row.set("step", step);
    const std::string& where = !e.biz_location.empty() ? e.biz_location : e.read_point;
    if (!where.empty()) row.set("where", where);
    if (Known(kDispositions, e.disposition)) {
      row.set("state", ctx.catalog.Text(lang, "resolver.disposition." + e.disposition));
    }
    rows.push_back(row);
  }
  return rows;
}

std::string PlaceOf(WebContext& ctx, const domain::Producer& p) {
  const auto& geo = ctx.registry.geography();
  std::string place;
  if (const auto* c = geo.FindCommune(p.fields.commune_code)) place = c->name;
  if (const auto* pr = geo.FindProvince(p.province_code)) {
    place += (place.empty() ? "" : ", ") + pr->name;
  }
  return place;
}

std::vector<LotDate> DatesOf(const ItemAddress& a, const ItemView& v, const CivilDate& today) {
  std::vector<LotDate> dates = domain::LotDatesOf(a.attributes, today);
  for (const auto& e : v.events) AddIlmdDates(e.event.json, dates);
  return dates;
}

Data DatesData(WebContext& ctx, const std::string& lang, const std::vector<LotDate>& dates) {
  Data list{Data::type::list};
  for (const auto& d : dates) {
    const std::string kind(domain::LotDateKindId(d.kind));
    Data row;
    row.set("kind", kind);
    row.set("label", ctx.catalog.Text(lang, "resolver.date." + kind));
    row.set("value",
            d.until ? d.date.ToDisplay() + " – " + d.until->ToDisplay() : d.date.ToDisplay());
    list.push_back(row);
  }
  return list;
}

// The recall banner: on a lot's page every recall naming it (open ones say
// what to do, closed ones that the lot was recalled); on a product's page the
// open recalls of its lots, with their codes to look for on the package.
Data RecallBanner(WebContext& ctx, const std::string& lang, const ItemView& v) {
  Data list{Data::type::list};
  const bool lot_page = !v.lot_id.empty();
  for (const auto& m : v.recalls) {
    const bool open = m.status == domain::RecallStatus::kOpen;
    if (!lot_page && !open) continue;
    Data b;
    b.set("number", m.number);
    b.set("open", open);
    b.set("status", std::string(domain::RecallStatusId(m.status)));
    const std::string opened = CivilDate::FromUnixInVietnam(m.opened_at_ms / 1000).ToDisplay();
    const std::string reason =
        ctx.catalog.Text(lang, "recall.reason." + std::string(domain::RecallReasonId(m.reason)));
    if (lot_page) {
      b.set("headline", ctx.catalog.Text(lang, open ? "resolver.recall.headline_open"
                                                    : "resolver.recall.headline_closed"));
      b.set("detail",
            open ? Fill(ctx, lang, "resolver.recall.detail_open",
                        {{"number", m.number}, {"date", opened}, {"reason", reason}})
                 : Fill(ctx, lang, "resolver.recall.detail_closed",
                        {{"number", m.number},
                         {"date", opened},
                         {"closed",
                          CivilDate::FromUnixInVietnam(m.closed_at_ms / 1000).ToDisplay()}}));
    } else {
      std::string lots;
      for (const auto& code : m.lot_codes) lots += (lots.empty() ? "" : ", ") + code;
      b.set("headline", ctx.catalog.Text(lang, "resolver.recall.headline_product"));
      b.set("detail", Fill(ctx, lang, "resolver.recall.detail_product",
                           {{"number", m.number}, {"date", opened}, {"lots", lots}}));
    }
    Data steps{Data::type::list};
    if (open && lot_page) {
      steps.push_back(Data(ctx.catalog.Text(lang, "resolver.recall.do_stop")));
      steps.push_back(Data(ctx.catalog.Text(lang, "resolver.recall.do_return")));
    }
    if (open) {
      const std::string phone = v.producer.fields.phone;
      steps.push_back(Data(phone.empty()
                               ? ctx.catalog.Text(lang, "resolver.recall.do_contact")
                               : Fill(ctx, lang, "resolver.recall.do_contact_phone",
                                      {{"producer", v.producer.fields.name}, {"phone", phone}})));
    }
    b.set("steps", steps);
    b.set("has_steps", open);
    list.push_back(b);
  }
  return list;
}

// The page of a view: its body and its Link header.
domain::CachedPage Page(const Request& r, WebContext& ctx, const std::string& lang,
                        const ItemAddress& a, const ItemView& v, const std::string& base_url) {
  const auto& key = a.key;
  Data d = Base(r, ctx, lang);
  Data item;
  item.set("product", v.product.fields.name);
  item.set("producer", v.producer.fields.name);
  if (const std::string place = PlaceOf(ctx, v.producer); !place.empty()) item.set("place", place);
  item.set("code", v.product.code);
  if (!v.product.fields.gtin.empty()) item.set("gtin", v.product.fields.gtin);
  if (!key.cpv.empty()) item.set("cpv", key.cpv);
  if (!key.lot.empty()) item.set("lot", key.lot);
  if (!key.serial.empty()) item.set("serial", key.serial);
  item.set("dates", DatesData(ctx, lang, DatesOf(a, v, Today(ctx))));
  std::string stars_text;
  if (v.certificate) {
    const auto& c = *v.certificate;
    item.set("cert", CertificateData(ctx, lang, c, v.state));
    if (v.state.mark_allowed) {
      stars_text = StarsText(ctx, lang, c.stars);
      Data stars;
      stars.set("star_glyphs", StarGlyphs(c.stars));
      stars.set("stars_text", stars_text);
      item.set("stars", stars);
    }
  }
  if (!v.product.fields.description.empty()) {
    Data story;
    story.set("paragraphs", Paragraphs(v.product.fields.description));
    item.set("story", story);
  }
  item.set("has_lot", !v.lot_id.empty());
  if (!v.events.empty()) {
    Data events;
    events.set("rows", EventRows(ctx, lang, v));
    item.set("events", events);
  }
  item.set("recalls", RecallBanner(ctx, lang, v));
  d.set("item", item);
  std::string title = v.product.fields.name;
  if (!key.lot.empty()) title += " · " + Fill(ctx, lang, "resolver.lot_title", {{"lot", key.lot}});
  d.set("page_title", title);
  d.set("description",
        Fill(ctx, lang, "resolver.description",
             {{"product", v.product.fields.name}, {"producer", v.producer.fields.name}}) +
            (stars_text.empty() ? "" : " OCOP " + stars_text + "."));
  const std::string path = domain::ItemPath(key);
  d.set("canonical", base_url + path);
  d.set("linkset", path + "?linkType=all");
  domain::CachedPage page;
  page.body = ctx.templates.Render("lot", d, TextsOf(ctx, lang));
  // GS1 Digital Link resolvers point machines at the linkset (RFC 9264 §6).
  page.link =
      "<" + base_url + path + "?linkType=all>; rel=\"linkset\"; type=\"application/linkset+json\"";
  return page;
}

Response Answer(const domain::CachedPage& page) {
  Response resp = PageResponse(200, page.body);
  resp.Header("Link", page.link);
  return resp;
}

Response Label(const Request& r, WebContext& ctx, const ItemAddress& a, const ItemView& v,
               const std::string& base_url) {
  // Printed on packages sold in Vietnam: Vietnamese unless asked otherwise.
  const std::string lang = r.Query("lang") == "en" ? "en" : "vi";
  const auto& key = a.key;
  render::Label label;
  label.url = base_url + domain::ItemPath(key);
  label.title = v.product.fields.name;
  if (!key.gtin.empty()) {
    label.lines.push_back("GTIN " + key.gtin);
  } else {
    label.lines.push_back(Fill(ctx, lang, "resolver.label.code", {{"code", v.product.code}}));
  }
  if (!key.lot.empty()) {
    label.lines.push_back(Fill(ctx, lang, "resolver.label.lot", {{"lot", key.lot}}));
  }
  if (!key.serial.empty()) {
    label.lines.push_back(Fill(ctx, lang, "resolver.label.serial", {{"serial", key.serial}}));
  }
  label.lines.push_back(v.producer.fields.name);
  Result<std::string> bytes = Err(Internal("label"));
  std::string type;
  switch (a.label) {
    case LabelFormat::kSvg:
      bytes = render::RenderLabelSvg(label);
      type = "image/svg+xml";
      break;
    case LabelFormat::kPng:
      bytes = render::RenderLabelPng(label);
      type = "image/png";
      break;
    case LabelFormat::kPdf:
      bytes = render::RenderLabelSheetPdf(label);
      type = "application/pdf";
      break;
    case LabelFormat::kNone:
      break;
  }
  if (!bytes) return PageError(r, ctx, bytes.error());
  Response resp = Response::Text(200, std::move(*bytes), type);
  resp.Header("X-Content-Type-Options", "nosniff");
  resp.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  // Labels follow the registry (a renamed product): revalidate, never keep.
  resp.Header("Cache-Control", "no-cache");
  return resp;
}

}  // namespace

Result<domain::ItemAddress> ItemAddressOf(const http::Request& request) {
  std::vector<std::string> segments;
  std::string_view path = request.path;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (!segment.empty()) segments.push_back(http::DecodeKeptEscapes(segment));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  std::vector<std::pair<std::string, std::string>> query(request.query.begin(),
                                                         request.query.end());
  return domain::ParseItemAddress(segments, query);
}

Response ResolverPage(Request& r, WebContext& ctx, const domain::Resolver& resolver,
                      const Result<ItemAddress>& address) {
  const std::string lang = LanguageOf(r);
  if (!address) return Problem(r, ctx, lang, address.error());
  const std::string& base_url = ctx.certification.settings().public_base_url;
  const bool label = address->label != LabelFormat::kNone;
  // A page made before is answered again while its stamp holds: one indexed
  // statement instead of the reads and the rendering (see page_cache.h).
  std::string key;
  if (!label) {
    key = PageKey(r, lang);
    if (auto kept = resolver.pages().Find(key)) {
      auto stamp = resolver.Stamp(kept->product_id, kept->event_keys);
      if (stamp && *stamp == kept->stamp) return Answer(*kept);
    }
  }
  auto view = resolver.Resolve(address->key, base_url, label ? 0 : 50);
  if (!view) return Problem(r, ctx, lang, view.error());
  if (label) return Label(r, ctx, *address, *view, base_url);
  domain::CachedPage page = Page(r, ctx, lang, *address, *view, base_url);
  Response resp = Answer(page);
  if (!view->stamp.empty()) {
    page.product_id = view->product.id;
    page.event_keys = view->event_keys;
    page.stamp = view->stamp;
    resolver.pages().Put(key, std::move(page));
  }
  return resp;
}

}  // namespace ocop::web

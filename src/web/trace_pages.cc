// The traceability hub (/traceability: a search box and the links to every
// part of traceability) and the trace page (/trace?id=…&direction=…): the
// graph of an identifier drawn as inline SVG, in layers — upstream columns
// on the left, the traced identifier in the middle, downstream on the right —
// with the links listed below it for those who do not read graphs.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/traceability/event_query.h"
#include "domain/traceability/site_service.h"
#include "domain/traceability/trace_service.h"
#include "web/page_data.h"

namespace ocop::web {
namespace {

using domain::TraceDirection;
using domain::TraceNodeKind;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

// At most this many nodes on a page: more would not be readable.
constexpr std::size_t kPageMaxNodes = 300;

constexpr int kColumnWidth = 210;
constexpr int kBoxWidth = 180;
constexpr int kBoxHeight = 46;
constexpr int kRowHeight = 60;
constexpr int kTop = 28;
constexpr std::size_t kLabelChars = 24;

// The last `n` characters of `s` (whole UTF-8 characters), with "…" when cut.
std::string Tail(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t start = s.size() - n;
  while (start < s.size() && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80) ++start;
  return "…" + s.substr(start);
}
std::string Head(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t end = n;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xc0) == 0x80) --end;
  return s.substr(0, end) + "…";
}

// The readable part of a key: a GS1 key's path ("01/…/10/LOT"), a platform
// site or party's code, else the key's end.
std::string ShortKey(const std::string& key) {
  constexpr std::string_view kGs1 = "https://id.gs1.org/";
  if (key.rfind(kGs1, 0) == 0) return Tail(key.substr(kGs1.size()), kLabelChars);
  if (key.rfind("urn:ocop:", 0) == 0) return Tail(key.substr(key.rfind(':') + 1), kLabelChars);
  if (auto p = key.find("/p/"); p != std::string::npos) return Tail(key.substr(p + 1), kLabelChars);
  return Tail(key, kLabelChars);
}

// The second line of a node's box: "Lot MO-2026-01" for a lot key, else
// ShortKey. The whole key is the box's tooltip and is in the list below.
std::string NodeLabel(WebContext& ctx, const std::string& lang, const std::string& key) {
  const auto at = key.rfind("/10/");
  const auto platform = key.rfind("/l/");
  std::string lot;
  if (at != std::string::npos && key.find("/21/", at) == std::string::npos) {
    lot = key.substr(at + 4);
  } else if (key.find("/p/") != std::string::npos && platform != std::string::npos) {
    lot = key.substr(platform + 3);
  }
  if (lot.empty() || lot.find('/') != std::string::npos) return ShortKey(key);
  return ctx.catalog.Render(lang,
                            Message{"trace.lot_label", {{"lot", Tail(lot, kLabelChars - 4)}}});
}

// The resolver's page of a lot or item key (its public scan page), or "".
std::string LotPage(const std::string& key, std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  constexpr std::string_view kGs1 = "https://id.gs1.org";
  if (key.rfind(kGs1, 0) == 0 && key.find("/10/") != std::string::npos) {
    return key.substr(kGs1.size());
  }
  if (!base_url.empty() && key.rfind(base_url + "/p/", 0) == 0) return key.substr(base_url.size());
  return "";
}

std::string Num(int v) { return std::to_string(v); }

std::string DisplayTime(std::int64_t ms) {
  const std::int64_t seconds = ms / 1000;
  const std::int64_t local = seconds + 7 * 3600;
  const std::int64_t of_day = ((local % 86400) + 86400) % 86400;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(of_day / 3600),
                static_cast<int>(of_day / 60 % 60));
  return CivilDate::FromUnixInVietnam(seconds).ToDisplay() + " " + hm;
}

Data DirectionOptions(WebContext& ctx, const std::string& lang, const std::string& selected) {
  return Options({{"both", ctx.catalog.Text(lang, "trace.direction.both")},
                  {"backward", ctx.catalog.Text(lang, "trace.direction.backward")},
                  {"forward", ctx.catalog.Text(lang, "trace.direction.forward")}},
                 selected);
}

// The graph laid out: a column per depth, the nodes of a depth in the order
// the trace reached them.
Data GraphData(WebContext& ctx, const std::string& lang, const domain::TraceView& view,
               const std::string& base_url) {
  const auto& g = view.graph;
  int min_depth = 0, max_depth = 0;
  for (const auto& n : g.nodes) {
    min_depth = std::min(min_depth, n.depth);
    max_depth = std::max(max_depth, n.depth);
  }
  std::map<int, int> rows_used;
  std::map<std::string, std::pair<int, int>> at;  // key → box x, y
  Data boxes{Data::type::list};
  for (const auto& n : g.nodes) {
    const int x = 10 + (n.depth - min_depth) * kColumnWidth;
    const int y = kTop + rows_used[n.depth]++ * kRowHeight;
    at[n.key] = {x, y};
    const bool object = n.kind == TraceNodeKind::kObject;
    std::string line1 =
        ctx.catalog.Text(lang, object ? "trace.kind.object" : "trace.kind.location");
    if (auto it = view.lots.find(n.key);
        it != view.lots.end() && !it->second.product_name.empty()) {
      line1 = Head(it->second.product_name, kLabelChars);
    }
    Data b;
    b.set("key", n.key);
    b.set("kind", object ? "object" : "location");
    b.set("depth", Num(n.depth));
    b.set("start", n.depth == 0 ? Data::type::bool_true : Data::type::bool_false);
    b.set("href", "/trace?id=" + http::UrlEncode(n.key) + "&direction=both");
    b.set("x", Num(x));
    b.set("y", Num(y));
    b.set("w", Num(kBoxWidth));
    b.set("h", Num(kBoxHeight));
    b.set("tx", Num(x + 8));
    b.set("ty1", Num(y + 18));
    b.set("ty2", Num(y + 36));
    b.set("line1", line1);
    b.set("line2", NodeLabel(ctx, lang, n.key));
    b.set("fill", n.depth == 0 ? "#e8f5ec" : object ? "#ffffff" : "#f3f0e6");
    b.set("stroke", n.depth == 0 ? "#1b6b3a" : "#8a8a80");
    boxes.push_back(b);
  }
  int rows = 1;
  for (const auto& [d, n] : rows_used) rows = std::max(rows, n);
  const int width = 20 + (max_depth - min_depth) * kColumnWidth + kBoxWidth;
  const int height = kTop + rows * kRowHeight;

  Data columns{Data::type::list};
  for (int d = min_depth; d <= max_depth; ++d) {
    Data c;
    c.set("x", Num(10 + (d - min_depth) * kColumnWidth));
    c.set("label", ctx.catalog.Text(lang, d < 0   ? "trace.upstream"
                                          : d > 0 ? "trace.downstream"
                                                  : "trace.start"));
    columns.push_back(c);
  }

  // One line per linked pair and kind, however many events made it.
  std::set<std::tuple<std::string, std::string, int>> drawn;
  Data lines{Data::type::list};
  Data links{Data::type::list};
  for (const auto& e : g.edges) {
    const std::string kind(domain::TraceLinkKindId(e.kind));
    Data l;
    l.set("from", e.from_key);
    l.set("to", e.to_key);
    l.set("kind", kind);
    l.set("kind_label", ctx.catalog.Text(lang, "trace.link." + kind));
    l.set("time", DisplayTime(e.event_time_ms));
    l.set("iso_time", domain::FormatRfc3339Ms(e.event_time_ms));
    auto id = view.event_ids.find(e.event_seq);
    l.set("event_href", id == view.event_ids.end()
                            ? std::string()
                            : "/epcis/events/" + http::UrlEncode(id->second));
    links.push_back(l);
    if (!drawn.emplace(e.from_key, e.to_key, static_cast<int>(e.kind)).second) continue;
    auto a = at.find(e.from_key), b = at.find(e.to_key);
    if (a == at.end() || b == at.end()) continue;
    const int x1 = a->second.first + kBoxWidth, y1 = a->second.second + kBoxHeight / 2;
    const int x2 = b->second.first, y2 = b->second.second + kBoxHeight / 2;
    const int mid = (kColumnWidth - kBoxWidth) / 2 + 10;
    Data line;
    line.set("kind", kind);
    line.set("d", "M" + Num(x1) + " " + Num(y1) + " C" + Num(x1 + mid) + " " + Num(y1) + " " +
                      Num(x2 - mid) + " " + Num(y2) + " " + Num(x2) + " " + Num(y2));
    line.set("stroke", e.kind == domain::TraceLinkKind::kShipment ? "#1b6b3a"
                       : e.kind == domain::TraceLinkKind::kOrigin ? "#8a5300"
                                                                  : "#555555");
    line.set("dash", e.kind == domain::TraceLinkKind::kOrigin ? "4 3" : "none");
    lines.push_back(line);
  }

  Data lots{Data::type::list};
  for (const auto& n : g.nodes) {
    if (n.kind != TraceNodeKind::kObject) continue;
    const std::string page = LotPage(n.key, base_url);
    auto it = view.lots.find(n.key);
    if (page.empty() && it == view.lots.end()) continue;
    Data l;
    l.set("key", n.key);
    l.set("href", page);
    l.set("has_href", page.empty() ? Data::type::bool_false : Data::type::bool_true);
    if (it != view.lots.end()) {
      l.set("product", it->second.product_name);
      l.set("lot", it->second.lot_code);
    }
    lots.push_back(l);
  }

  Data d;
  d.set("width", Num(width));
  d.set("height", Num(height));
  d.set("boxes", boxes);
  d.set("columns", columns);
  d.set("lines", lines);
  d.set("links", links);
  d.set("has_links", g.edges.empty() ? Data::type::bool_false : Data::type::bool_true);
  d.set("lots", lots);
  d.set("summary",
        ctx.catalog.Render(lang, Message{"trace.summary",
                                         {{"nodes", Num(static_cast<int>(g.nodes.size()))},
                                          {"edges", Num(static_cast<int>(g.edges.size()))}}}));
  d.set("svg_title",
        ctx.catalog.Render(lang, Message{"trace.graph_label", {{"id", view.start_key}}}));
  if (g.truncated) {
    d.set("truncated",
          ctx.catalog.Render(
              lang, Message{"trace.truncated", {{"max", Num(static_cast<int>(kPageMaxNodes))}}}));
  }
  return d;
}

Response Hub(Request& r, WebContext& ctx) {
  Data d = BaseData(r, ctx, "traceability.title");
  const auto flag = [](bool b) { return b ? Data::type::bool_true : Data::type::bool_false; };
  const bool tracer = r.principal && domain::MayTrace(r.principal->role);
  d.set("may_trace", flag(tracer));
  // Links only to the parts the role may open and finds something in: sites
  // are not a laboratory's business, recalls not a commune's or a laboratory's.
  const auto& sites = domain::kSiteReaderRoles;
  d.set("may_sites",
        flag(tracer && std::find(sites.begin(), sites.end(), r.principal->role) != sites.end()));
  d.set("may_recalls", flag(tracer && r.principal->role != domain::Role::kCommuneOfficer &&
                            r.principal->role != domain::Role::kLaboratory));
  return HtmlPage(ctx, "traceability", d);
}

Response TracePage(Request& r, WebContext& ctx, const std::string& base_url) {
  const std::string lang = r.Language();
  const std::string id = r.Query("id");
  std::string dir = r.Query("direction");
  if (dir.empty()) dir = "both";
  Data d = BaseData(r, ctx, "traceability.title");
  d.set("id", id);
  auto direction = domain::ParseTraceDirection(dir);
  d.set("directions", DirectionOptions(ctx, lang, direction ? dir : "both"));
  // Opened from the hub with no id yet: the form alone. Sent empty: why not.
  if (id.empty() && r.query.count("id") == 0) return HtmlPage(ctx, "trace", d);
  if (id.empty()) {
    d.set("error", ctx.catalog.Text(lang, "error.trace.id_required"));
    return HtmlPage(ctx, "trace", d, 400);
  }
  d.set("heading", ctx.catalog.Render(lang, Message{"trace.title", {{"id", id}}}));
  d.set("title", ctx.catalog.Render(lang, Message{"trace.title", {{"id", Tail(id, 40)}}}));
  if (!direction) {
    d.set("error", ctx.catalog.Text(lang, "error.trace.direction"));
    return HtmlPage(ctx, "trace", d, 400);
  }
  if (ctx.traceability.trace == nullptr) return PageError(r, ctx, NotFound("error.not_found"));
  auto view = ctx.traceability.trace->View(*r.principal, id, *direction, kPageMaxNodes);
  if (!view) {
    // An identifier no event names is the user's typo: say so beside the form.
    if (view.error().code() == Code::kNotFound) {
      d.set("error", ctx.catalog.Render(lang, view.error().message()));
      return HtmlPage(ctx, "trace", d, 404);
    }
    return PageError(r, ctx, view.error());
  }
  d.set("graph", GraphData(ctx, lang, *view, base_url));
  return HtmlPage(ctx, "trace", d);
}

}  // namespace

void RegisterTracePages(http::Router& router, WebContext& ctx) {
  router.Add(Method::kGet, "/traceability", Access::AnyUser(), Surface::kPage,
             [&ctx](Request& r) { return Hub(r, ctx); });
  router.Add(Method::kGet, "/trace", Access::Roles(domain::kTraceRoles), Surface::kPage,
             [&ctx](Request& r) {
               return TracePage(r, ctx, ctx.certification.settings().public_base_url);
             });
}

}  // namespace ocop::web

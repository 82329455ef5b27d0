// /lots: the lots a user may see (a producer's own, officers' their area's), a lot's page (facts,
// status, the EPCIS events naming it, links to its public scan page and its trace), and for
// producers the forms that record a lot (/lots/new) and a transformation (/lots/transform). Each
// form goes through LotService, which captures the EPCIS event the lot is made from.
#include <algorithm>
#include <string>
#include <vector>

#include "core/text.h"
#include "domain/traceability/lot_service.h"
#include "web/page_data.h"

namespace ocop::web {
namespace {

using domain::Role;
using http::Access;
using http::Method;
using http::Request;
using http::Response;
using http::Surface;

// Rows of the transformation form: input lots and output lots; empty rows are ignored.
constexpr int kInputRows = 4;
constexpr int kOutputRows = 3;
constexpr const char* kLotFields[] = {"product_id", "code", "harvest_from",  "harvest_to",
                                      "quantity",   "unit", "growing_areas", "packing_house"};

constexpr std::array<Role, 6> kLotReaders = {Role::kNationalAdmin,  Role::kProvincialOfficer,
                                             Role::kCommuneOfficer, Role::kProducer,
                                             Role::kInspector,      Role::kLaboratory};

domain::LotService& Service(WebContext& ctx) { return *ctx.traceability.lots; }

// A quantity as people write it: 12,5 in Vietnamese, 12.5 in English.
std::string Amount(double v, const std::string& lang) {
  std::string s = domain::FormatQuantity(v);
  if (lang == "vi") std::replace(s.begin(), s.end(), '.', ',');
  return s;
}
// What a user typed, with a decimal comma read as a point.
std::string TypedAmount(std::string s) {
  std::replace(s.begin(), s.end(), ',', '.');
  return s;
}

std::string StatusLabel(WebContext& ctx, const std::string& lang, domain::LotStatus s) {
  return ctx.catalog.Text(lang, "lot.status." + std::string(domain::LotStatusId(s)));
}

std::string UnitLabel(WebContext& ctx, const std::string& lang, const std::string& unit) {
  const std::string key = "lot.unit." + unit;
  const std::string text = ctx.catalog.Text(lang, key);
  return text == key ? unit : text;
}

Data UnitOptions(WebContext& ctx, const std::string& lang, const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const char* u : domain::kLotUnits) values.emplace_back(u, UnitLabel(ctx, lang, u));
  return Options(values, selected);
}

// Every value of `name` in the form body (checkboxes).
std::vector<std::string> AllOf(const Request& r, const std::string& name) {
  std::vector<std::string> out;
  for (auto& [k, v] : http::ParseUrlEncoded(r.body)) {
    if (k == name && !v.empty()) out.push_back(v);
  }
  return out;
}

Result<Data> ProductOptions(WebContext& ctx, const Request& r, const std::string& lang,
                            const std::string& selected) {
  OCOP_ASSIGN_OR_RETURN(auto products, Service(ctx).OwnProducts(*r.principal));
  std::vector<std::pair<std::string, std::string>> values;
  values.emplace_back("", ctx.catalog.Text(lang, "page.lot.choose_product"));
  for (const auto& p : products) values.emplace_back(std::to_string(p.id), p.fields.name);
  return Options(values, selected);
}

// The record-a-lot form.
Response LotForm(const Request& r, WebContext& ctx, std::map<std::string, std::string> values,
                 const std::vector<std::string>& areas_checked,
                 const std::map<std::string, std::string>& errors, const std::string& notice,
                 int status) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.lot_new.title");
  Data form;
  for (const char* name : kLotFields) form.set(name, Field(values[name], errors, name));
  d.set("f", form);
  if (!notice.empty()) d.set("notice", notice);
  auto products = ProductOptions(ctx, r, lang, values["product_id"]);
  if (!products) return PageError(r, ctx, products.error());
  d.set("products", *products);
  d.set("units", UnitOptions(ctx, lang, values["unit"].empty() ? "KGM" : values["unit"]));
  auto sites = Service(ctx).OwnSites(*r.principal);
  if (!sites) return PageError(r, ctx, sites.error());
  Data areas{Data::type::list};
  bool no_areas = true;
  std::vector<std::pair<std::string, std::string>> houses;
  houses.emplace_back("", ctx.catalog.Text(lang, "page.lot.no_packing_house"));
  for (const auto& s : *sites) {
    if (s.kind() == domain::SiteKind::kGrowingArea) {
      no_areas = false;
      Data a;
      a.set("code", s.code());
      a.set("name", s.fields.name);
      a.set("checked",
            std::find(areas_checked.begin(), areas_checked.end(), s.code()) != areas_checked.end());
      areas.push_back(a);
    } else {
      houses.emplace_back(s.code(), s.code() + " — " + s.fields.name);
    }
  }
  d.set("areas", areas);
  d.set("no_areas", no_areas);
  d.set("houses", Options(houses, values["packing_house"]));
  d.set("is_transform", false);
  return HtmlPage(ctx, "lot_form", d, status);
}

// The transformation form: rows in_lot_i/in_qty_i and
// out_product_i/out_code_i/out_qty_i/out_unit_i.
Response TransformForm(const Request& r, WebContext& ctx, std::map<std::string, std::string> values,
                       const std::map<std::string, std::string>& errors, const std::string& notice,
                       int status) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.lot_transform.title");
  if (!notice.empty()) d.set("notice", notice);
  auto lots = Service(ctx).List(*r.principal);
  if (!lots) return PageError(r, ctx, lots.error());
  std::vector<std::pair<std::string, std::string>> lot_values;
  lot_values.emplace_back("", ctx.catalog.Text(lang, "page.lot.choose_lot"));
  for (const auto& item : *lots) {
    if (item.lot.status != domain::LotStatus::kActive) continue;
    lot_values.emplace_back(std::to_string(item.lot.id),
                            item.lot.code + " — " + item.product_name + " (" +
                                Amount(item.lot.quantity, lang) + " " + item.lot.unit + ")");
  }
  Data inputs{Data::type::list};
  for (int i = 0; i < kInputRows; ++i) {
    const std::string n = std::to_string(i);
    Data row;
    row.set("n", n);
    row.set("number", std::to_string(i + 1));
    row.set("lot", Field(values["in_lot_" + n], errors, "in_lot_" + n));
    row.set("qty", Field(values["in_qty_" + n], errors, "in_qty_" + n));
    row.set("lots", Options(lot_values, values["in_lot_" + n]));
    inputs.push_back(row);
  }
  Data outputs{Data::type::list};
  for (int i = 0; i < kOutputRows; ++i) {
    const std::string n = std::to_string(i);
    Data row;
    row.set("n", n);
    row.set("number", std::to_string(i + 1));
    for (const char* f : {"product", "code", "qty", "unit"}) {
      const std::string name = std::string("out_") + f + "_" + n;
      row.set(f, Field(values[name], errors, name));
    }
    auto products = ProductOptions(ctx, r, lang, values["out_product_" + n]);
    if (!products) return PageError(r, ctx, products.error());
    row.set("products", *products);
    const std::string unit = values["out_unit_" + n];
    row.set("units", UnitOptions(ctx, lang, unit.empty() ? "KGM" : unit));
    outputs.push_back(row);
  }
  d.set("inputs", inputs);
  d.set("outputs", outputs);
  d.set("inputs_error", Field("", errors, "inputs"));
  d.set("outputs_error", Field("", errors, "outputs"));
  auto sites = Service(ctx).OwnSites(*r.principal);
  if (!sites) return PageError(r, ctx, sites.error());
  std::vector<std::pair<std::string, std::string>> houses;
  houses.emplace_back("", ctx.catalog.Text(lang, "page.lot.no_packing_house"));
  for (const auto& s : *sites) {
    if (s.kind() == domain::SiteKind::kPackingHouse) {
      houses.emplace_back(s.code(), s.code() + " — " + s.fields.name);
    }
  }
  d.set("houses", Options(houses, values["packing_house"]));
  d.set("packing_house", Field(values["packing_house"], errors, "packing_house"));
  d.set("is_transform", true);
  return HtmlPage(ctx, "lot_form", d, status);
}

// A failed form: 400 with the fields' messages, 409 for a duplicate code, else an error page.
template <typename Redraw>
Response Failed(const Request& r, WebContext& ctx, const Status& failure,
                std::map<std::string, std::string> errors, Redraw redraw) {
  const std::string lang = r.Language();
  if (failure.code() == Code::kInvalidArgument || failure.code() == Code::kAlreadyExists) {
    return redraw(errors, ctx.catalog.Text(lang, "form.fix_errors"),
                  failure.code() == Code::kAlreadyExists ? 409 : 400);
  }
  return PageError(r, ctx, failure);
}

Response SubmitLot(Request& r, WebContext& ctx) {
  auto values = FormOf(r);
  const std::vector<std::string> areas = AllOf(r, "growing_areas");
  domain::LotInput in;
  in.product_id = values["product_id"];
  in.code = values["code"];
  in.harvest_from = IsoDate(values["harvest_from"]);
  in.harvest_to = IsoDate(values["harvest_to"]);
  in.quantity = TypedAmount(values["quantity"]);
  in.unit = values["unit"];
  in.growing_areas = areas;
  in.packing_house = values["packing_house"];
  auto lot = Service(ctx).Record(*r.principal, in);
  if (lot) return Response::Redirect("/lots/" + std::to_string(lot->id));
  return Failed(r, ctx, lot.error(), FieldMessages(r, ctx, lot.error()),
                [&](const auto& errors, const std::string& notice, int status) {
                  return LotForm(r, ctx, values, areas, errors, notice, status);
                });
}

Response SubmitTransform(Request& r, WebContext& ctx) {
  auto values = FormOf(r);
  domain::TransformationInput in;
  in.packing_house = values["packing_house"];
  // The service numbers the rows it was given; map its field names back to the form's rows.
  std::vector<int> input_row, output_row;
  for (int i = 0; i < kInputRows; ++i) {
    const std::string n = std::to_string(i);
    if (values["in_lot_" + n].empty() && values["in_qty_" + n].empty()) continue;
    in.inputs.push_back({values["in_lot_" + n], TypedAmount(values["in_qty_" + n])});
    input_row.push_back(i);
  }
  for (int i = 0; i < kOutputRows; ++i) {
    const std::string n = std::to_string(i);
    if (values["out_product_" + n].empty() && values["out_code_" + n].empty() &&
        values["out_qty_" + n].empty()) {
      continue;
    }
    domain::LotInput out;
    out.product_id = values["out_product_" + n];
    out.code = values["out_code_" + n];
    out.quantity = TypedAmount(values["out_qty_" + n]);
    out.unit = values["out_unit_" + n];
    in.outputs.push_back(std::move(out));
    output_row.push_back(i);
  }
  auto lots = Service(ctx).Transform(*r.principal, in);
  if (lots) {
    return Response::Redirect(lots->size() == 1 ? "/lots/" + std::to_string(lots->front().id)
                                                : std::string("/lots"));
  }
  std::map<std::string, std::string> errors;
  for (const auto& [field, message] : FieldMessages(r, ctx, lots.error())) {
    // "inputs[2].quantity" → "in_qty_{row}", "outputs[0].product_id" → "out_product_{row}".
    std::string name = field;
    const bool is_in = field.rfind("inputs[", 0) == 0;
    const bool is_out = field.rfind("outputs[", 0) == 0;
    if (is_in || is_out) {
      const std::size_t open = field.find('['), close = field.find(']');
      const std::size_t i = std::stoul(field.substr(open + 1, close - open - 1));
      const std::string member = close + 2 <= field.size() ? field.substr(close + 2) : "";
      const auto& rows = is_in ? input_row : output_row;
      const std::string row = std::to_string(i < rows.size() ? rows[i] : 0);
      if (is_in) {
        name = (member == "quantity" ? "in_qty_" : "in_lot_") + row;
      } else {
        name = "out_" +
               std::string(member == "product_id" ? "product"
                           : member == "quantity" ? "qty"
                                                  : member) +
               "_" + row;
      }
    }
    errors.emplace(name, message);
  }
  return Failed(r, ctx, lots.error(), errors,
                [&](const auto& errs, const std::string& notice, int status) {
                  return TransformForm(r, ctx, values, errs, notice, status);
                });
}

Response List(Request& r, WebContext& ctx) {
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.lots.title");
  auto lots = Service(ctx).List(*r.principal);
  if (!lots) return PageError(r, ctx, lots.error());
  Data rows{Data::type::list};
  for (const auto& item : *lots) {
    const auto& l = item.lot;
    Data row;
    row.set("id", std::to_string(l.id));
    row.set("code", l.code);
    row.set("product", item.product_name);
    row.set("quantity", Amount(l.quantity, lang) + " " + UnitLabel(ctx, lang, l.unit));
    if (l.harvest_from) {
      std::string h = l.harvest_from->ToDisplay();
      if (l.harvest_to && *l.harvest_to != *l.harvest_from) h += " – " + l.harvest_to->ToDisplay();
      row.set("harvest", h);
    }
    row.set("status_id", std::string(domain::LotStatusId(l.status)));
    row.set("status", StatusLabel(ctx, lang, l.status));
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("empty", lots->empty());
  d.set("total", std::to_string(lots->size()));
  d.set("may_record", domain::MayRecordLots(r.principal->role));
  return HtmlPage(ctx, "lots", d);
}

Response Detail(Request& r, WebContext& ctx) {
  auto id = IdParam(r);
  if (!id) return PageError(r, ctx, NotFound("error.lot.not_found"));
  auto got = Service(ctx).Get(*r.principal, *id);
  if (!got) return PageError(r, ctx, got.error());
  const auto& v = *got;
  const auto& l = v.lot;
  const std::string lang = r.Language();
  Data d = BaseData(r, ctx, "page.lot.title");
  d.set("id", std::to_string(l.id));
  d.set("code", l.code);
  d.set("product", v.product.fields.name);
  d.set("product_id", std::to_string(v.product.id));
  d.set("product_code", v.product.code);
  d.set("epc_id", l.epc_id);
  d.set("quantity", Amount(l.quantity, lang) + " " + UnitLabel(ctx, lang, l.unit));
  if (l.harvest_from) d.set("harvest_from", l.harvest_from->ToDisplay());
  if (l.harvest_to) d.set("harvest_to", l.harvest_to->ToDisplay());
  d.set("status_id", std::string(domain::LotStatusId(l.status)));
  d.set("status", StatusLabel(ctx, lang, l.status));
  if (!l.status_reason.empty()) d.set("status_reason", l.status_reason);
  Data areas{Data::type::list};
  for (const auto& s : v.growing_areas) {
    Data a;
    a.set("id", std::to_string(s.id));
    a.set("code", s.code());
    a.set("name", s.fields.name);
    areas.push_back(a);
  }
  d.set("areas", areas);
  d.set("has_areas", !v.growing_areas.empty());
  if (v.packing_house) {
    Data h;
    h.set("id", std::to_string(v.packing_house->id));
    h.set("code", v.packing_house->code());
    h.set("name", v.packing_house->fields.name);
    d.set("house", h);
  }
  Data events{Data::type::list};
  for (const auto& e : v.events) {
    Data x;
    x.set("type", std::string(gs1::epcis::EventTypeName(e.event.type)));
    const std::int64_t local = e.event.event_time_ms / 1000 + 7 * 3600;
    const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const std::int64_t rest = local - days * 86400;
    char hm[8];
    std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(rest / 3600),
                  static_cast<int>(rest % 3600 / 60));
    x.set("time", CivilDate::FromDaysSinceEpoch(days).ToDisplay() + " " + hm);
    x.set("biz_step", e.event.biz_step);
    x.set("event_id", e.event.event_id);
    x.set("creates", e.event.event_id == l.event_id);
    events.push_back(x);
  }
  d.set("events", events);
  d.set("no_events", v.events.empty());
  d.set("scan_path", v.scan_path);
  d.set("trace_link", "/trace?id=" + text::PercentEncode(l.epc_id) + "&direction=both");
  d.set("created", CivilDate::FromUnixInVietnam(l.created_at_ms / 1000).ToDisplay());
  return HtmlPage(ctx, "lot_record", d);
}

}  // namespace

void RegisterLotPages(http::Router& router, WebContext& ctx) {
  if (ctx.traceability.lots == nullptr) return;
  const auto readers = Access::Roles(kLotReaders);
  const auto producers = Access::Roles(std::vector<Role>{Role::kProducer});
  router.Add(Method::kGet, "/lots", readers, Surface::kPage,
             [&ctx](Request& r) { return List(r, ctx); });
  router.Add(Method::kGet, "/lots/new", producers, Surface::kPage, [&ctx](Request& r) {
    std::map<std::string, std::string> values{{"unit", "KGM"}};
    return LotForm(r, ctx, values, {}, {}, "", 200);
  });
  router.Add(Method::kPost, "/lots", producers, Surface::kPage,
             [&ctx](Request& r) { return SubmitLot(r, ctx); });
  router.Add(Method::kGet, "/lots/transform", producers, Surface::kPage,
             [&ctx](Request& r) { return TransformForm(r, ctx, {}, {}, "", 200); });
  router.Add(Method::kPost, "/lots/transform", producers, Surface::kPage,
             [&ctx](Request& r) { return SubmitTransform(r, ctx); });
  router.Add(Method::kGet, "/lots/{id}", readers, Surface::kPage,
             [&ctx](Request& r) { return Detail(r, ctx); });
}

}  // namespace ocop::web

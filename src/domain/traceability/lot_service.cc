#include "domain/traceability/lot_service.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/text.h"
#include "domain/catalog/resolver.h"
#include "domain/traceability/lot_events.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/site_repository.h"
#include "gs1/ai_dictionary.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/lot_event.h"

namespace ocop::domain {
namespace {

constexpr std::int64_t kVietnamOffsetSeconds = 7 * 3600;
constexpr std::size_t kMaxEventsShown = 50;
constexpr std::size_t kMaxLinesPerTransformation = 50;

std::optional<CivilDate> ParseDate(std::string_view text) {
  text = text::Trim(text);
  if (auto d = CivilDate::Parse(text)) return d;
  return CivilDate::ParseDisplay(text);
}

std::optional<double> ParseQuantity(std::string_view text) {
  text = text::Trim(text);
  double q = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), q);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(q)) {
    return std::nullopt;
  }
  return q;
}

std::optional<std::int64_t> ParseId(std::string_view text) {
  text = text::Trim(text);
  if (!text::IsDigits(text) || text.size() > 18) return std::nullopt;
  std::int64_t id = 0;
  std::from_chars(text.data(), text.data() + text.size(), id);
  return id;
}

}  // namespace

std::string FormatQuantity(double q) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, q);
  return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

namespace {

bool IsLotUnit(std::string_view unit) {
  return std::any_of(std::begin(kLotUnits), std::end(kLotUnits),
                     [&](const char* u) { return unit == u; });
}

// "2026-12-01T09:30:00+07:00": `unix_seconds` in Vietnam's time.
std::string VietnamTime(std::int64_t unix_seconds) {
  const std::int64_t local = unix_seconds + kVietnamOffsetSeconds;
  const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const std::int64_t rest = local - days * 86400;
  char hms[16];
  std::snprintf(hms, sizeof hms, "T%02d:%02d:%02d", static_cast<int>(rest / 3600),
                static_cast<int>(rest % 3600 / 60), static_cast<int>(rest % 60));
  return CivilDate::FromDaysSinceEpoch(days).ToIso() + hms + "+07:00";
}

// The status a site had on any day of [from, to] that is not active, or nullopt.
std::optional<SiteStatus> InactiveWithin(const Site& site, CivilDate from, CivilDate to) {
  if (StatusOn(site, from) != SiteStatus::kActive) return StatusOn(site, from);
  for (const auto& change : site.status_history) {
    if (change.on > from && change.on <= to && StatusOn(site, change.on) != SiteStatus::kActive) {
      return StatusOn(site, change.on);
    }
  }
  return std::nullopt;
}

// The class id of lot `code` of `product` (Resolver::LotIdOf).
std::string LotIdFor(const Product& product, const std::string& code, const std::string& base_url) {
  ItemKey key;
  if (!product.fields.gtin.empty()) {
    key.gtin = std::string(14 - std::min<std::size_t>(14, product.fields.gtin.size()), '0') +
               product.fields.gtin;
  } else {
    key.product_code = product.code;
  }
  key.lot = code;
  return Resolver::LotIdOf(key, base_url);
}

// A site the producer names: it exists, is of `kind`, is theirs and is active through the window.
Result<std::optional<Site>> CheckSite(Repositories& r, const Principal& who,
                                      const std::string& code, SiteKind kind,
                                      std::optional<CivilDate> from, std::optional<CivilDate> to,
                                      const std::string& field, FieldErrors& errors) {
  const std::string trimmed(text::Trim(code));
  OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, r.sites().FindByCode(trimmed));
  const bool area = kind == SiteKind::kGrowingArea;
  if (!site || site->kind() != kind) {
    errors.Add(field, area ? "error.lot.unknown_growing_area" : "error.lot.unknown_packing_house",
               {{"code", trimmed}});
    return std::optional<Site>();
  }
  if (site->producer_id != who.producer_id) {
    errors.Add(field, "error.lot.site_not_own", {{"code", trimmed}});
    return std::optional<Site>();
  }
  if (from && to) {
    if (auto bad = InactiveWithin(*site, *from, *to)) {
      errors.Add(
          field,
          *bad == SiteStatus::kRevoked ? "error.lot.site_revoked" : "error.lot.site_suspended",
          {{"code", trimmed}});
      return std::optional<Site>();
    }
  }
  return site;
}

// What one checked lot becomes in the event.
struct CheckedLot {
  Product product;
  std::string code;
  std::string epc_id;
  double quantity = 0;
  std::string unit;
};

// The checks common to a recorded lot and a transformation's output: product, code, quantity, unit.
Result<std::optional<CheckedLot>> CheckLotFields(Repositories& r, const Principal& who,
                                                 const LotInput& in, const std::string& base_url,
                                                 const std::string& prefix, FieldErrors& errors,
                                                 std::set<std::string>& codes_seen) {
  CheckedLot out;
  bool ok = true;
  const auto product_id = ParseId(in.product_id);
  std::optional<Product> product;
  if (product_id) {
    OCOP_ASSIGN_OR_RETURN(product, r.products().Get(*product_id));
  }
  if (!product) {
    errors.Add(prefix + "product_id", "error.lot.unknown_product");
    ok = false;
  } else if (product->fields.producer_id != who.producer_id) {
    errors.Add(prefix + "product_id", "error.lot.product_not_own");
    ok = false;
  }
  out.code = std::string(text::Trim(in.code));
  if (out.code.empty()) {
    errors.Add(prefix + "code", "error.field.required");
    ok = false;
  } else if (Status s = gs1::ValidateAiValue("10", out.code); !s.ok()) {
    errors.Add(prefix + "code", s.message().key, s.message().args);
    ok = false;
  } else if (product) {
    OCOP_ASSIGN_OR_RETURN(std::optional<Lot> dup, r.lots().FindByCode(product->id, out.code));
    out.epc_id = LotIdFor(*product, out.code, base_url);
    if (!dup) {
      OCOP_ASSIGN_OR_RETURN(dup, r.lots().FindByKey(gs1::CanonicalEpc(out.epc_id).key));
    }
    if (dup || !codes_seen.insert(std::to_string(product->id) + "/" + out.code).second) {
      errors.Add(prefix + "code", "error.lot.duplicate", {{"code", out.code}});
      ok = false;
    }
  }
  const auto quantity = ParseQuantity(in.quantity);
  if (!quantity || *quantity <= 0) {
    errors.Add(prefix + "quantity", "error.lot.quantity");
    ok = false;
  } else {
    out.quantity = *quantity;
  }
  out.unit = std::string(text::Trim(in.unit));
  if (!IsLotUnit(out.unit)) {
    errors.Add(prefix + "unit", "error.lot.unit");
    ok = false;
  }
  if (!ok) return std::optional<CheckedLot>();
  out.product = std::move(*product);
  return std::optional<CheckedLot>(std::move(out));
}

gs1::epcis::LotQuantity QuantityOf(const std::string& epc_id, double quantity,
                                   const std::string& unit) {
  gs1::epcis::LotQuantity q;
  q.epc_class = epc_id;
  q.has_quantity = true;
  q.quantity = quantity;
  q.uom = unit;
  return q;
}

// A refusal whose only problem is a duplicate code is AlreadyExists, as the repository says it.
Status Refusal(const FieldErrors& errors) {
  Status s = errors.ToStatus();
  bool only_duplicates = !s.fields().empty();
  for (const auto& f : s.fields()) only_duplicates &= f.message.key == "error.lot.duplicate";
  if (only_duplicates) {
    return Status(Code::kAlreadyExists, s.fields().front().message, s.fields());
  }
  return s;
}

}  // namespace

bool MayViewLotsOf(const Principal& who, const Product& product) {
  switch (who.role) {
    case Role::kNationalAdmin:
    case Role::kInspector:
    case Role::kLaboratory:
      return true;
    case Role::kProvincialOfficer:
      return !who.province_code.empty() && product.province_code == who.province_code;
    case Role::kCommuneOfficer:
      return !who.commune_code.empty() && product.commune_code == who.commune_code;
    case Role::kProducer:
      return who.producer_id != 0 && product.fields.producer_id == who.producer_id;
    default:
      return false;
  }
}

bool MayRecordLots(Role role) { return role == Role::kProducer; }

LotService::LotService(Store& store, EpcisService& epcis, const Clock& clock, LotSettings settings)
    : store_(store), epcis_(epcis), clock_(clock), settings_(std::move(settings)) {}

Result<Lot> LotService::Record(const Principal& who, const LotInput& input) {
  if (!MayRecordLots(who.role) || who.producer_id == 0) {
    return Err(PermissionDenied("error.lot.producers_only"));
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  const CivilDate today = CivilDate::FromUnixInVietnam(now);
  FieldErrors errors;
  gs1::epcis::LotEventSpec spec;
  std::optional<CheckedLot> lot;
  Status read = store_.Read([&](Repositories& r) -> Status {
    std::set<std::string> seen;
    OCOP_ASSIGN_OR_RETURN(lot, CheckLotFields(r, who, input, settings_.base_url, "", errors, seen));
    // Harvest dates: optional, but required when growing areas are named; never in the future.
    std::optional<CivilDate> from, to;
    const bool has_from = !text::Trim(input.harvest_from).empty();
    const bool has_to = !text::Trim(input.harvest_to).empty();
    if (has_from) from = ParseDate(input.harvest_from);
    if (has_to) to = ParseDate(input.harvest_to);
    bool dates_ok = true;
    if (has_from && !from) {
      errors.Add("harvest_from", "error.lot.date");
      dates_ok = false;
    }
    if (has_to && !to) {
      errors.Add("harvest_to", "error.lot.date");
      dates_ok = false;
    }
    if (!has_from && has_to) {
      errors.Add("harvest_from", "error.field.required");
      dates_ok = false;
    }
    if (!has_from && !input.growing_areas.empty()) {
      errors.Add("harvest_from", "error.lot.harvest_required");
      dates_ok = false;
    }
    if (from && !to) to = from;
    if (from && *from > today) {
      errors.Add("harvest_from", "error.lot.harvest_future");
      dates_ok = false;
    }
    if (to && *to > today && has_to) {
      errors.Add("harvest_to", "error.lot.harvest_future");
      dates_ok = false;
    }
    if (from && to && *from > *to) {
      errors.Add("harvest_to", "error.lot.harvest_order");
      dates_ok = false;
    }
    const std::optional<CivilDate> window_from = dates_ok ? from : std::nullopt;
    const std::optional<CivilDate> window_to = dates_ok ? to : std::nullopt;
    std::set<std::string> area_codes;
    for (std::size_t i = 0; i < input.growing_areas.size(); ++i) {
      const std::string code(text::Trim(input.growing_areas[i]));
      if (code.empty() || !area_codes.insert(code).second) continue;
      OCOP_ASSIGN_OR_RETURN(std::optional<Site> site,
                            CheckSite(r, who, code, SiteKind::kGrowingArea, window_from, window_to,
                                      "growing_areas", errors));
      if (site) spec.ilmd.farm_ids.push_back(site->location_id);
    }
    std::string packing_location;
    if (!text::Trim(input.packing_house).empty()) {
      const std::optional<CivilDate> pf = window_from ? window_from : std::optional(today);
      const std::optional<CivilDate> pt = window_to ? window_to : std::optional(today);
      OCOP_ASSIGN_OR_RETURN(std::optional<Site> site,
                            CheckSite(r, who, input.packing_house, SiteKind::kPackingHouse, pf, pt,
                                      "packing_house", errors));
      if (site) packing_location = site->location_id;
    }
    if (from) spec.ilmd.harvest_start = from->ToIso();
    if (to) spec.ilmd.harvest_end = to->ToIso();
    spec.location_id = !packing_location.empty()     ? packing_location
                       : !spec.ilmd.farm_ids.empty() ? spec.ilmd.farm_ids.front()
                                                     : std::string();
    return Status::Ok();
  });
  OCOP_RETURN_IF_ERROR(read);
  if (!errors.empty() || !lot) return Err(Refusal(errors));
  spec.type = gs1::epcis::EventType::kObject;
  spec.event_time = VietnamTime(now);
  spec.time_zone_offset = "+07:00";
  spec.creation_date = spec.event_time;
  spec.outputs.push_back(QuantityOf(lot->epc_id, lot->quantity, lot->unit));
  OCOP_ASSIGN_OR_RETURN(CaptureJob job,
                        epcis_.CaptureDocument(who, gs1::epcis::BuildLotDocument(spec),
                                               CaptureErrorBehaviour::kRollback));
  (void)job;
  std::optional<Lot> made;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(made, r.lots().FindByKey(gs1::CanonicalEpc(lot->epc_id).key));
    return Status::Ok();
  }));
  if (!made) return Err(Internal("lot event captured but no lot recorded: " + lot->epc_id));
  return *made;
}

Result<std::vector<Lot>> LotService::Transform(const Principal& who,
                                               const TransformationInput& input) {
  if (!MayRecordLots(who.role) || who.producer_id == 0) {
    return Err(PermissionDenied("error.lot.producers_only"));
  }
  const std::int64_t now = clock_.NowUnixSeconds();
  const CivilDate today = CivilDate::FromUnixInVietnam(now);
  FieldErrors errors;
  if (input.inputs.empty()) errors.Add("inputs", "error.lot.inputs_required");
  if (input.outputs.empty()) errors.Add("outputs", "error.lot.outputs_required");
  if (input.inputs.size() > kMaxLinesPerTransformation ||
      input.outputs.size() > kMaxLinesPerTransformation) {
    errors.Add("inputs", "error.lot.too_many_lines",
               {{"max", std::to_string(kMaxLinesPerTransformation)}});
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  gs1::epcis::LotEventSpec spec;
  std::vector<CheckedLot> outputs;
  Status read = store_.Read([&](Repositories& r) -> Status {
    std::optional<CivilDate> from, to;
    std::set<std::int64_t> inputs_seen;
    std::set<std::int64_t> area_ids;
    for (std::size_t i = 0; i < input.inputs.size(); ++i) {
      const std::string prefix = "inputs[" + std::to_string(i) + "].";
      const auto id = ParseId(input.inputs[i].lot_id);
      std::optional<Lot> lot;
      if (id) {
        OCOP_ASSIGN_OR_RETURN(lot, r.lots().Get(*id));
      }
      std::optional<Product> product;
      if (lot) {
        OCOP_ASSIGN_OR_RETURN(product, r.products().Get(lot->product_id));
      }
      if (!lot || !product || product->fields.producer_id != who.producer_id) {
        errors.Add(prefix + "lot_id", "error.lot.unknown_input");
        continue;
      }
      if (!inputs_seen.insert(lot->id).second) {
        errors.Add(prefix + "lot_id", "error.lot.input_repeated", {{"code", lot->code}});
        continue;
      }
      if (lot->status != LotStatus::kActive) {
        errors.Add(prefix + "lot_id", "error.lot.input_not_active",
                   {{"code", lot->code}, {"status", std::string(LotStatusId(lot->status))}});
        continue;
      }
      const auto quantity = ParseQuantity(input.inputs[i].quantity);
      if (!quantity || *quantity <= 0) {
        errors.Add(prefix + "quantity", "error.lot.quantity");
        continue;
      }
      if (lot->quantity > 0 && *quantity > lot->quantity) {
        errors.Add(prefix + "quantity", "error.lot.input_over",
                   {{"code", lot->code},
                    {"quantity", FormatQuantity(lot->quantity)},
                    {"unit", lot->unit}});
        continue;
      }
      spec.inputs.push_back(QuantityOf(lot->epc_id, *quantity, lot->unit));
      if (lot->harvest_from && (!from || *lot->harvest_from < *from)) from = lot->harvest_from;
      if (lot->harvest_to && (!to || *lot->harvest_to > *to)) to = lot->harvest_to;
      for (std::int64_t a : lot->growing_area_ids) {
        if (!area_ids.insert(a).second) continue;
        OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, r.sites().Get(a));
        if (site) spec.ilmd.farm_ids.push_back(site->location_id);
      }
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < input.outputs.size(); ++i) {
      const std::string prefix = "outputs[" + std::to_string(i) + "].";
      OCOP_ASSIGN_OR_RETURN(
          std::optional<CheckedLot> out,
          CheckLotFields(r, who, input.outputs[i], settings_.base_url, prefix, errors, seen));
      if (out) outputs.push_back(std::move(*out));
    }
    if (!text::Trim(input.packing_house).empty()) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Site> site,
                            CheckSite(r, who, input.packing_house, SiteKind::kPackingHouse, today,
                                      today, "packing_house", errors));
      if (site) spec.location_id = site->location_id;
    }
    if (from) spec.ilmd.harvest_start = from->ToIso();
    if (to) spec.ilmd.harvest_end = to->ToIso();
    return Status::Ok();
  });
  OCOP_RETURN_IF_ERROR(read);
  // An output that is also an input would be a cycle of one step.
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    for (const auto& in : spec.inputs) {
      if (gs1::CanonicalEpc(in.epc_class).key == gs1::CanonicalEpc(outputs[i].epc_id).key) {
        errors.Add("outputs[" + std::to_string(i) + "].code", "error.lot.duplicate",
                   {{"code", outputs[i].code}});
      }
    }
  }
  if (!errors.empty() || outputs.size() != input.outputs.size()) return Err(Refusal(errors));
  spec.type = gs1::epcis::EventType::kTransformation;
  spec.event_time = VietnamTime(now);
  spec.time_zone_offset = "+07:00";
  spec.creation_date = spec.event_time;
  for (const CheckedLot& out : outputs) {
    spec.outputs.push_back(QuantityOf(out.epc_id, out.quantity, out.unit));
  }
  OCOP_ASSIGN_OR_RETURN(CaptureJob job,
                        epcis_.CaptureDocument(who, gs1::epcis::BuildLotDocument(spec),
                                               CaptureErrorBehaviour::kRollback));
  (void)job;
  std::vector<Lot> made;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    for (const CheckedLot& out : outputs) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot,
                            r.lots().FindByKey(gs1::CanonicalEpc(out.epc_id).key));
      if (!lot) return Internal("transformation captured but no lot recorded: " + out.epc_id);
      made.push_back(std::move(*lot));
    }
    return Status::Ok();
  }));
  return made;
}

Result<LotView> LotService::Get(const Principal& who, std::int64_t id) const {
  LotView view;
  bool visible = false;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot, r.lots().Get(id));
    if (!lot) return Status::Ok();
    OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, r.products().Get(lot->product_id));
    if (!product || !MayViewLotsOf(who, *product)) return Status::Ok();
    visible = true;
    view.lot = std::move(*lot);
    view.product = std::move(*product);
    for (std::int64_t a : view.lot.growing_area_ids) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, r.sites().Get(a));
      if (site) view.growing_areas.push_back(std::move(*site));
    }
    if (view.lot.packing_house_id != 0) {
      OCOP_ASSIGN_OR_RETURN(view.packing_house, r.sites().Get(view.lot.packing_house_id));
    }
    return Status::Ok();
  }));
  if (!visible) return Err(NotFound("error.lot.not_found"));
  OCOP_ASSIGN_OR_RETURN(view.events, epcis_.EventsForId(view.lot.epc_id, kMaxEventsShown));
  ItemKey key;
  if (!view.product.fields.gtin.empty()) {
    if (auto id = ParseLotClassId(view.lot.epc_id)) key.gtin = id->gtin;
  }
  if (key.gtin.empty()) key.product_code = view.product.code;
  key.lot = view.lot.code;
  view.scan_path = ItemPath(key);
  return view;
}

Result<std::vector<LotListItem>> LotService::List(const Principal& who, std::int64_t limit) const {
  LotFilter filter;
  filter.limit = limit;
  switch (who.role) {
    case Role::kNationalAdmin:
    case Role::kInspector:
    case Role::kLaboratory:
      break;
    case Role::kProvincialOfficer:
      if (who.province_code.empty()) return std::vector<LotListItem>();
      filter.province_code = who.province_code;
      break;
    case Role::kCommuneOfficer:
      if (who.commune_code.empty()) return std::vector<LotListItem>();
      filter.commune_code = who.commune_code;
      break;
    case Role::kProducer:
      if (who.producer_id == 0) return std::vector<LotListItem>();
      filter.producer_id = who.producer_id;
      break;
    default:
      return Err(PermissionDenied("error.forbidden"));
  }
  std::vector<LotListItem> out;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::vector<Lot> lots, r.lots().List(filter));
    std::map<std::int64_t, Product> products;
    for (Lot& lot : lots) {
      auto it = products.find(lot.product_id);
      if (it == products.end()) {
        OCOP_ASSIGN_OR_RETURN(std::optional<Product> p, r.products().Get(lot.product_id));
        if (!p) continue;
        it = products.emplace(lot.product_id, std::move(*p)).first;
      }
      out.push_back({std::move(lot), it->second.fields.name, it->second.code});
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Product>> LotService::OwnProducts(const Principal& who) const {
  std::vector<Product> out;
  if (who.role != Role::kProducer || who.producer_id == 0) return out;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    ProductFilter f;
    f.producer_id = who.producer_id;
    f.limit = 500;
    OCOP_ASSIGN_OR_RETURN(Page<Product> page, r.products().List(f));
    out = std::move(page.items);
    return Status::Ok();
  }));
  std::sort(out.begin(), out.end(),
            [](const Product& a, const Product& b) { return a.fields.name < b.fields.name; });
  return out;
}

Result<std::vector<Site>> LotService::OwnSites(const Principal& who) const {
  std::vector<Site> out;
  if (who.role != Role::kProducer || who.producer_id == 0) return out;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    SiteFilter f;
    f.producer_id = who.producer_id;
    f.limit = 500;
    OCOP_ASSIGN_OR_RETURN(Page<Site> page, r.sites().List(f));
    out = std::move(page.items);
    return Status::Ok();
  }));
  return out;
}

}  // namespace ocop::domain

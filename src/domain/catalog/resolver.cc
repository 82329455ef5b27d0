#include "domain/catalog/resolver.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.h"
#include "gs1/ai_dictionary.h"

namespace ocop::domain {
namespace {

// A GS1 YYMMDD date (GS1 General Specifications 7.12), nullopt if not one.
std::optional<CivilDate> Gs1Date(std::string_view v, const CivilDate& today) {
  if (v.size() != 6 || !text::IsDigits(v)) return std::nullopt;
  const int yy = std::stoi(std::string(v.substr(0, 2)));
  const int mm = std::stoi(std::string(v.substr(2, 2)));
  const int dd = std::stoi(std::string(v.substr(4, 2)));
  const int century = today.year / 100 * 100;
  const int diff = yy - today.year % 100;
  int year = century + yy;
  if (diff >= 51) year -= 100;
  if (diff <= -50) year += 100;
  if (mm < 1 || mm > 12) return std::nullopt;
  if (dd == 0) {
    // Day 00: the last day of the month.
    const CivilDate first{year, mm, 1};
    return first.AddMonths(1).AddDays(-1);
  }
  char iso[16];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, mm, dd);
  return CivilDate::Parse(iso);
}

std::string Canonical(const ItemKey& key, bool serial) {
  gs1::DigitalLink link;
  link.primary = {"01", key.gtin};
  if (!key.cpv.empty()) link.qualifiers.push_back({"22", key.cpv});
  if (serial) {
    link.qualifiers.push_back({"21", key.serial});
  } else {
    link.qualifiers.push_back({"10", key.lot});
  }
  return gs1::CanonicalEpc(gs1::BuildDigitalLink(link)).key;
}

std::string PlatformLotId(const ItemKey& key, const std::string& base_url) {
  return base_url + "/p/" + key.product_code + "/l/" + key.lot;
}

LabelFormat LabelFormatOf(std::string_view segment) {
  if (segment == "label.svg") return LabelFormat::kSvg;
  if (segment == "label.png") return LabelFormat::kPng;
  if (segment == "label.pdf") return LabelFormat::kPdf;
  return LabelFormat::kNone;
}

constexpr std::size_t kMaxProductCode = 40;

}  // namespace

Result<ItemAddress> ParseItemAddress(
    const std::vector<std::string>& segments,
    const std::vector<std::pair<std::string, std::string>>& query) {
  ItemAddress out;
  std::size_t n = segments.size();
  if (n >= 2 && segments[n - 1].rfind("label.", 0) == 0) {
    out.label = LabelFormatOf(segments[n - 1]);
    if (out.label == LabelFormat::kNone) return Err(NotFound("error.not_found"));
    --n;
  }
  if (n == 0) return Err(NotFound("error.not_found"));
  if (segments[0] == "p") {
    if (n != 2 && !(n == 4 && segments[2] == "l")) return Err(NotFound("error.not_found"));
    const std::string& code = segments[1];
    if (code.empty() || code.size() > kMaxProductCode || !text::IsValidUtf8(code)) {
      return Err(Status(Code::kInvalidArgument, {"error.resolver.bad_code", {}}));
    }
    out.key.product_code = code;
    if (n == 4) {
      OCOP_RETURN_IF_ERROR(gs1::ValidateAiValue("10", segments[3]));
      out.key.lot = segments[3];
    }
    out.other_query = query;
    return out;
  }
  // A Digital Link: re-encoded, since the parser reads the URI as written.
  std::string uri;
  for (std::size_t i = 0; i < n; ++i) uri += "/" + text::PercentEncode(segments[i]);
  char sep = '?';
  for (const auto& [name, value] : query) {
    uri += sep + text::PercentEncode(name) + "=" + text::PercentEncode(value);
    sep = '&';
  }
  OCOP_ASSIGN_OR_RETURN(gs1::DigitalLink link, gs1::ParseDigitalLink(uri));
  if (!link.prefix.empty()) return Err(NotFound("error.not_found"));
  OCOP_ASSIGN_OR_RETURN(out.key, ItemKeyOf(link));
  out.attributes = std::move(link.attributes);
  out.other_query = std::move(link.other_query);
  return out;
}

std::string ItemPath(const ItemKey& key) {
  if (key.gtin.empty()) {
    std::string path = "/p/" + text::PercentEncode(key.product_code);
    if (!key.lot.empty()) path += "/l/" + text::PercentEncode(key.lot);
    return path;
  }
  std::string path = "/01/" + key.gtin;
  if (!key.cpv.empty()) path += "/22/" + text::PercentEncode(key.cpv);
  if (!key.lot.empty()) path += "/10/" + text::PercentEncode(key.lot);
  if (!key.serial.empty()) path += "/21/" + text::PercentEncode(key.serial);
  return path;
}

std::string_view LotDateKindId(LotDateKind kind) {
  switch (kind) {
    case LotDateKind::kProduction:
      return "production";
    case LotDateKind::kPackaging:
      return "packaging";
    case LotDateKind::kHarvest:
      return "harvest";
    case LotDateKind::kBestBefore:
      return "best_before";
    case LotDateKind::kSellBy:
      return "sell_by";
    case LotDateKind::kExpiry:
      return "expiry";
  }
  return "production";
}

Result<ItemKey> ItemKeyOf(const gs1::DigitalLink& link) {
  if (link.primary.ai != "01") {
    return Err(Status(Code::kInvalidArgument,
                      {"error.resolver.unsupported_key", {{"ai", link.primary.ai}}}));
  }
  ItemKey key;
  key.gtin = link.primary.value;
  if (key.gtin.size() < 14) key.gtin.insert(0, 14 - key.gtin.size(), '0');
  for (const auto& q : link.qualifiers) {
    if (q.ai == "22") key.cpv = q.value;
    if (q.ai == "10") key.lot = q.value;
    if (q.ai == "21") key.serial = q.value;
  }
  return key;
}

std::vector<LotDate> LotDatesOf(const std::vector<gs1::AiValue>& attributes, CivilDate today) {
  std::vector<LotDate> out;
  for (const auto& a : attributes) {
    std::optional<LotDateKind> kind;
    if (a.ai == "11") kind = LotDateKind::kProduction;
    if (a.ai == "13") kind = LotDateKind::kPackaging;
    if (a.ai == "15") kind = LotDateKind::kBestBefore;
    if (a.ai == "16") kind = LotDateKind::kSellBy;
    if (a.ai == "17") kind = LotDateKind::kExpiry;
    if (a.ai == "7007") kind = LotDateKind::kHarvest;
    if (!kind) continue;
    auto from = Gs1Date(std::string_view(a.value).substr(0, 6), today);
    if (!from) continue;
    LotDate d{*kind, *from, std::nullopt};
    if (*kind == LotDateKind::kHarvest && a.value.size() == 12) {
      d.until = Gs1Date(std::string_view(a.value).substr(6, 6), today);
    }
    AddLotDate(out, d);
  }
  return out;
}

void AddLotDate(std::vector<LotDate>& dates, LotDate d) {
  for (const auto& have : dates) {
    if (have.kind == d.kind) return;
  }
  dates.push_back(d);
}

std::string Resolver::LotIdOf(const ItemKey& key, const std::string& base_url) {
  if (!key.gtin.empty()) {
    if (!key.serial.empty()) return Canonical(key, true);
    return key.lot.empty() ? std::string() : Canonical(key, false);
  }
  return key.lot.empty() ? std::string() : PlatformLotId(key, base_url);
}

Result<ItemView> Resolver::Resolve(const ItemKey& key, const std::string& base_url,
                                   std::size_t max_events) const {
  ItemView view;
  bool found = false;
  const CivilDate today = Today();
  view.lot_id = LotIdOf(key, base_url);
  // A serialised item's history is its own events and its lot's.
  std::vector<gs1::CanonicalId> ids;
  if (!view.lot_id.empty() && max_events > 0) {
    ids.push_back(gs1::CanonicalEpc(view.lot_id));
    if (!key.gtin.empty() && !key.serial.empty() && !key.lot.empty()) {
      ids.push_back(gs1::CanonicalEpc(Canonical(key, false)));
    }
  }
  // A recall names a lot (or an item) by its exact key.
  std::vector<std::string> recall_keys;
  if (!view.lot_id.empty()) {
    recall_keys.push_back(gs1::CanonicalEpc(view.lot_id).key);
    if (!key.gtin.empty() && !key.serial.empty() && !key.lot.empty()) {
      recall_keys.push_back(gs1::CanonicalEpc(Canonical(key, false)).key);
    }
  }
  // A page is kept only when its events are exactly those of exact keys.
  bool cacheable = view.lot_id.empty() || max_events > 0;
  for (const auto& id : ids) {
    cacheable = cacheable && !id.is_prefix;
    view.event_keys.push_back(id.key);
  }
  Status s = store_.Read([&](Repositories& repos) -> Status {
    view.events.clear();
    view.stamp.clear();
    OCOP_ASSIGN_OR_RETURN(auto product, key.gtin.empty()
                                            ? repos.products().GetByCode(key.product_code)
                                            : repos.products().GetByGtin(key.gtin));
    if (!product) return Status::Ok();
    found = true;
    view.product = std::move(*product);
    OCOP_ASSIGN_OR_RETURN(auto producer, repos.producers().Get(view.product.fields.producer_id));
    if (producer) view.producer = std::move(*producer);
    // The newest certificate, its state by the same rule a verification uses.
    OCOP_ASSIGN_OR_RETURN(view.certificate, repos.certificates().NewestOfProduct(view.product.id));
    if (view.certificate) view.state = view.certificate->StateOn(today);
    if (cacheable) {
      OCOP_ASSIGN_OR_RETURN(std::string stamp,
                            repos.products().PageStamp(view.product.id, view.event_keys));
      view.stamp = today.ToIso() + " " + stamp;
    }
    // The banner of a recalled lot (its own recalls), or of a product with
    // recalled lots.
    view.recalls.clear();
    if (view.lot_id.empty()) {
      OCOP_ASSIGN_OR_RETURN(view.recalls, repos.recalls().RecallsOfProduct(view.product.id));
    } else {
      for (const auto& recall_key : recall_keys) {
        OCOP_ASSIGN_OR_RETURN(auto marks, repos.recalls().RecallsOfKey(recall_key));
        for (auto& m : marks) {
          if (std::none_of(view.recalls.begin(), view.recalls.end(),
                           [&](const LotRecallMark& have) { return have.number == m.number; })) {
            view.recalls.push_back(std::move(m));
          }
        }
      }
    }
    std::set<std::int64_t> seen;
    for (const auto& id : ids) {
      OCOP_ASSIGN_OR_RETURN(
          auto events,
          repos.epcis().EventsForKey(id.key, id.is_prefix, static_cast<std::int64_t>(max_events)));
      for (auto& e : events) {
        if (seen.insert(e.seq).second) view.events.push_back(std::move(e));
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  if (!found) {
    if (!key.gtin.empty()) {
      return Err(Status(Code::kNotFound, {"error.resolver.unknown_gtin", {{"gtin", key.gtin}}}));
    }
    return Err(
        Status(Code::kNotFound, {"error.resolver.unknown_product", {{"code", key.product_code}}}));
  }
  std::stable_sort(view.events.begin(), view.events.end(),
                   [](const StoredEvent& a, const StoredEvent& b) {
                     return a.event.event_time_ms < b.event.event_time_ms;
                   });
  if (view.events.size() > max_events) view.events.resize(max_events);
  return view;
}

Result<std::string> Resolver::Stamp(std::int64_t product_id,
                                    const std::vector<std::string>& event_keys) const {
  const CivilDate today = Today();
  std::string stamp;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(stamp, repos.products().PageStamp(product_id, event_keys));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  if (stamp.empty()) return stamp;
  return today.ToIso() + " " + stamp;
}

}  // namespace ocop::domain

#include "main/bench_data_events.h"

#include <cstdio>

#include "core/date.h"
#include "domain/catalog/resolver.h"

namespace ocop::app::bench_data {

EventWriter::EventWriter(const Plan& plan, std::uint64_t seed, std::string base_url)
    : plan_(plan), seed_(seed), base_url_(std::move(base_url)) {}

std::string EventWriter::LotCode(std::size_t lot) {
  char code[24];
  std::snprintf(code, sizeof code, "B%08zu", lot);
  return code;
}

std::string EventWriter::LotId(std::size_t lot) const {
  const auto& product = plan_.products[static_cast<std::size_t>(plan_.lots[lot].product)];
  domain::ItemKey key;
  if (!product.gtin14.empty()) {
    key.gtin = product.gtin14;
  } else {
    key.product_code = product.code;
  }
  key.lot = LotCode(lot);
  return domain::Resolver::LotIdOf(key, base_url_);
}

std::string EventWriter::PalletId(std::size_t pallet) const {
  char id[48];
  std::snprintf(id, sizeof id, "urn:epc:id:sscc:8930001.%010zu", pallet + 1);
  return id;
}

std::string EventWriter::LocationId(std::int32_t location) const {
  const auto l = static_cast<std::size_t>(location);
  if (l < plan_.sites.size()) return "urn:ocop:site:" + plan_.sites[l].code;
  return plan_.partners[l - plan_.sites.size()].location_id;
}

void EventWriter::Append(const PlannedEvent& e, std::size_t ordinal, std::string& out) const {
  switch (e.kind) {
    case EventKind::kHarvest: {
      const auto& lot = plan_.lots[e.ref];
      Head(out, "ObjectEvent", e.time_ms, ordinal, "ADD", "commissioning", "active");
      out += ",\"quantityList\":[";
      Quantity(out, e.ref, lot.grams);
      out += ']';
      Where(out, lot.site, lot.site);
      const CivilDate day = CivilDate::FromUnixInVietnam(e.time_ms / 1000);
      out += ",\"ilmd\":{\"cbvmda:harvestStartDate\":\"" +
             day.AddDays(-static_cast<std::int64_t>(Mix(seed_, e.ref) % 4)).ToIso() +
             "\",\"cbvmda:harvestEndDate\":\"" + day.ToIso() + "\"}}";
      return;
    }
    case EventKind::kTransform: {
      const auto& tr = plan_.transformations[e.ref];
      Head(out, "TransformationEvent", e.time_ms, ordinal, nullptr, "commissioning", "active");
      out += ",\"inputQuantityList\":[";
      for (std::int32_t k = 0; k < tr.input_count; ++k) {
        const auto& in = plan_.inputs[static_cast<std::size_t>(tr.first_input + k)];
        if (k) out += ',';
        Quantity(out, static_cast<std::size_t>(in.lot), in.grams);
      }
      out += "],\"outputQuantityList\":[";
      for (std::int32_t k = 0; k < tr.output_count; ++k) {
        const auto lot = static_cast<std::size_t>(tr.first_output + k);
        if (k) out += ',';
        Quantity(out, lot, plan_.lots[lot].grams);
      }
      out += ']';
      const int site = plan_.producers[static_cast<std::size_t>(tr.producer)].packing_house;
      Where(out, site, site);
      out += '}';
      return;
    }
    case EventKind::kPack:
    case EventKind::kUnpack: {
      const auto& pallet = plan_.pallets[e.ref];
      const bool pack = e.kind == EventKind::kPack;
      Head(out, "AggregationEvent", e.time_ms, ordinal, pack ? "ADD" : "DELETE",
           pack ? "packing" : "unpacking", "in_progress");
      out += ",\"parentID\":\"" + PalletId(e.ref) + "\",\"childQuantityList\":[";
      for (std::int32_t k = 0; k < pallet.member_count; ++k) {
        const auto lot = static_cast<std::size_t>(
            plan_.pallet_members[static_cast<std::size_t>(pallet.first_member + k)]);
        if (k) out += ',';
        Quantity(out, lot, plan_.lots[lot].grams);
      }
      out += ']';
      const int site =
          pack ? plan_.producers[static_cast<std::size_t>(pallet.producer)].packing_house
               : static_cast<int>(plan_.sites.size()) + pallet.distributor;
      Where(out, site, site);
      out += '}';
      return;
    }
    case EventKind::kShip:
    case EventKind::kReceive: {
      const auto& s = plan_.shipments[e.ref];
      const bool ship = e.kind == EventKind::kShip;
      Head(out, "ObjectEvent", e.time_ms, ordinal, "OBSERVE", ship ? "shipping" : "receiving",
           ship ? "in_transit" : "in_progress");
      if (s.is_pallet) {
        out += ",\"epcList\":[\"" + PalletId(static_cast<std::size_t>(s.object)) + "\"]";
      } else {
        out += ",\"quantityList\":[";
        Quantity(out, static_cast<std::size_t>(s.object), s.grams);
        out += ']';
      }
      if (ship) {
        Where(out, s.from, -1);
      } else {
        Where(out, s.to, s.to);
      }
      out +=
          ",\"bizTransactionList\":[{\"type\":\"desadv\",\"bizTransaction\":"
          "\"urn:epcglobal:cbv:bt:8930000000017:DA" +
          std::to_string(e.ref + 1) + "\"}],\"sourceList\":[{\"type\":\"location\",\"source\":\"" +
          LocationId(s.from) +
          "\"}],\"destinationList\":[{\"type\":\"location\",\"destination\":\"" + LocationId(s.to) +
          "\"}]}";
      return;
    }
    case EventKind::kObserve: {
      static const char* const kSteps[][2] = {{"storing", "sellable_not_accessible"},
                                              {"inspecting", "conformant"},
                                              {"cycle_counting", "sellable_not_accessible"},
                                              {"staging_outbound", "in_progress"}};
      const auto& lot = plan_.lots[e.ref];
      Head(out, "ObjectEvent", e.time_ms, ordinal, "OBSERVE", kSteps[e.sub % 4][0],
           kSteps[e.sub % 4][1]);
      out += ",\"quantityList\":[";
      Quantity(out, e.ref, lot.grams);
      out += ']';
      Where(out, lot.site, lot.site);
      out += '}';
      return;
    }
  }
}

void EventWriter::Head(std::string& out, const char* type, std::int64_t ms, std::size_t ordinal,
                       const char* action, const char* biz_step, const char* disposition) const {
  out += "{\"type\":\"";
  out += type;
  out += "\",\"eventTime\":\"";
  Time(out, ms);
  out += "\",\"eventTimeZoneOffset\":\"+07:00\",\"eventID\":\"urn:uuid:";
  Uuid(out, ordinal);
  out += '"';
  if (action) {
    out += ",\"action\":\"";
    out += action;
    out += '"';
  }
  out += ",\"bizStep\":\"";
  out += biz_step;
  out += "\",\"disposition\":\"";
  out += disposition;
  out += '"';
}

void EventWriter::Where(std::string& out, int read_point, int biz_location) const {
  out += ",\"readPoint\":{\"id\":\"" + LocationId(read_point) + "\"}";
  if (biz_location >= 0) out += ",\"bizLocation\":{\"id\":\"" + LocationId(biz_location) + "\"}";
}

void EventWriter::Quantity(std::string& out, std::size_t lot, std::int64_t grams) const {
  char q[40];
  std::snprintf(q, sizeof q, "%lld.%03lld", static_cast<long long>(grams / 1000),
                static_cast<long long>(grams % 1000));
  out += "{\"epcClass\":\"" + LotId(lot) + "\",\"quantity\":" + q + ",\"uom\":\"KGM\"}";
}

void EventWriter::Time(std::string& out, std::int64_t ms) {
  const std::int64_t secs = ms / 1000;
  const CivilDate d = CivilDate::FromDaysSinceEpoch(secs / 86400);
  const std::int64_t s = secs % 86400;
  char t[40];
  std::snprintf(t, sizeof t, "%04d-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", d.year, d.month, d.day,
                static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                static_cast<long long>(s % 60), static_cast<long long>(ms % 1000));
  out += t;
}

void EventWriter::Uuid(std::string& out, std::size_t ordinal) const {
  const std::uint64_t a = Mix(seed_, 2 * ordinal + 1), b = Mix(seed_, 2 * ordinal + 2);
  char u[40];
  std::snprintf(u, sizeof u, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                static_cast<unsigned long long>(a >> 32),
                static_cast<unsigned long long>((a >> 16) & 0xffff),
                static_cast<unsigned long long>(a & 0xfff),
                static_cast<unsigned long long>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  out += u;
}

}  // namespace ocop::app::bench_data

#include "main/bench_data_command.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.h"
#include "core/date.h"
#include "domain/catalog/resolver.h"
#include "domain/identity/identity_service.h"
#include "domain/registry/registry_service.h"
#include "domain/traceability/capture_hooks.h"
#include "domain/traceability/site_repository.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/json_binding.h"
#include "main/application.h"

namespace ocop::app {
namespace {

using SteadyClock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------
// Deterministic randomness: splitmix64, the same sequence on every platform
// (std::uniform_int_distribution is not specified bit for bit).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t Below(std::uint64_t n) { return n ? Next() % n : 0; }
  std::int64_t Range(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t s_;
};

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  Rng r(a * 0x9E3779B97F4A7C15ULL ^ b);
  return r.Next();
}

// ---------------------------------------------------------------------------
// The plan: every producer, product, site, partner, lot and event, in memory
// and compact (about 40 bytes an event at full scale), before anything is
// written. Times are UTC milliseconds.

constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kDay = 24 * kHour;
// 2025-01-01T00:00:00+07:00: the year of history starts here.
constexpr std::int64_t kStartMs = (1735689600LL - 7 * 3600) * 1000;
constexpr std::int64_t kSpanMs = 365 * kDay;

const char* const kCrops[] = {"Mật ong hoa cà phê", "Sầu riêng Ri6", "Chè Shan tuyết",
                              "Cà phê Robusta",     "Gạo ST25",      "Hồ tiêu đen",
                              "Điều rang muối",     "Bưởi da xanh",  "Xoài cát Hòa Lộc",
                              "Thanh long ruột đỏ", "Nấm linh chi",  "Măng tre khô",
                              "Chuối sấy dẻo",      "Sâm Ngọc Linh", "Cacao lên men",
                              "Nhãn lồng",          "Vải thiều",     "Mắc ca"};
constexpr int kCropCount = sizeof kCrops / sizeof kCrops[0];

struct PlanProducer {
  std::string commune_code, province_code;
  int crop = 0;
  std::vector<int> products;  // indexes into Plan::products
  std::vector<int> areas;     // growing areas: indexes into Plan::sites
  int packing_house = 0;      // index into Plan::sites
  int distributor = 0;        // index into Plan::partners
  std::int64_t id = 0;        // once written
};

struct PlanProduct {
  int producer = 0;
  std::string gtin14;  // "" for a product known by its platform code only
  std::string code;    // assigned when written (the commune's sequence)
  std::string name;
  int product_set = 1;
};

struct PlanSite {
  int producer = 0;
  bool packing_house = false;
  std::string code;  // VN-52-VT-000123-1, VN-52-DG-000123
};

enum class PartnerKind : std::uint8_t { kDistributor, kSupermarket, kExporter };
struct PlanPartner {
  PartnerKind kind = PartnerKind::kDistributor;
  std::string location_id;  // an SGLN URN
};

enum class LotOrigin : std::uint8_t { kHarvest, kBulkHarvest, kTransformed };
struct PlanLot {
  std::int32_t product = 0;
  std::int32_t site = 0;  // growing area (harvest) or packing house (transformed)
  std::int64_t grams = 0;
  std::int64_t created_ms = 0;
  std::int64_t remaining = 0;  // grams not yet used by transformations
  LotOrigin origin = LotOrigin::kHarvest;
  std::int32_t pallet = -1;
  std::uint32_t events = 0;        // events naming it
  std::uint32_t observations = 0;  // of which observations (no trace link)
};

struct PlanInput {
  std::int32_t lot = 0;
  std::int64_t grams = 0;
};
struct PlanTransformation {
  std::int32_t producer = 0;
  std::int32_t first_input = 0, input_count = 0;  // into Plan::inputs
  std::int32_t first_output = 0, output_count = 0;
};

struct PlanPallet {
  std::int32_t producer = 0;
  std::int32_t first_member = 0, member_count = 0;  // into Plan::pallet_members
  std::int32_t distributor = 0;                     // partner index
  std::uint32_t events = 0;
};

// A shipment of a lot (quantity) or of a pallet (whole), and its receipt.
struct PlanShipment {
  std::int32_t object = 0;  // lot, or pallet when is_pallet
  bool is_pallet = false;
  std::int64_t grams = 0;
  std::int32_t from = 0;  // location: site index, or partner index + sites.size()
  std::int32_t to = 0;
};

enum class EventKind : std::uint8_t {
  kHarvest,    // ref: lot
  kTransform,  // ref: transformation
  kPack,       // ref: pallet
  kUnpack,     // ref: pallet
  kShip,       // ref: shipment
  kReceive,    // ref: shipment
  kObserve,    // ref: lot, sub: step
};
struct PlannedEvent {
  std::int64_t time_ms = 0;
  std::uint32_t ref = 0;
  EventKind kind = EventKind::kHarvest;
  std::uint8_t sub = 0;
  friend bool operator<(const PlannedEvent& a, const PlannedEvent& b) {
    if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.ref < b.ref;
  }
};

struct Plan {
  std::vector<PlanProducer> producers;
  std::vector<PlanProduct> products;
  std::vector<PlanSite> sites;
  std::vector<PlanPartner> partners;
  std::vector<PlanLot> lots;
  std::vector<PlanTransformation> transformations;
  std::vector<PlanInput> inputs;
  std::vector<std::int32_t> outputs_of_lot_first;  // CSR: transformations a lot fed
  std::vector<std::int32_t> outputs_of_lot;
  std::vector<PlanPallet> pallets;
  std::vector<std::int32_t> pallet_members;
  std::vector<PlanShipment> shipments;
  std::vector<std::int32_t> shipments_of_lot_first;  // CSR over lot shipments
  std::vector<std::int32_t> shipments_of_lot;
  std::vector<PlannedEvent> events;
  std::int64_t structural_events = 0;
  std::int64_t bulk_lots = 0;
};

struct Scale {
  double factor = 0.01;
  std::int64_t products = 0, producers = 0, lots = 0, events = 0;
  std::int64_t distributors = 0, supermarkets = 0, exporters = 0;
};

Scale ScaleOf(double f) {
  Scale s;
  s.factor = f;
  auto at_least = [&](double full, std::int64_t min) {
    return std::max<std::int64_t>(min, static_cast<std::int64_t>(full * f + 0.5));
  };
  s.products = at_least(20000, 12);
  s.producers = std::max<std::int64_t>(4, s.products * 2 / 7);
  s.lots = at_least(1000000, 300);
  s.events = 10 * s.lots;
  s.distributors = at_least(800, 3);
  s.supermarkets = at_least(3000, 6);
  s.exporters = at_least(200, 2);
  return s;
}

// GTIN-13 "8935" + 8 digits + check digit, as a 14-digit GTIN.
std::string Gtin14(std::int64_t n) {
  char body[16];
  std::snprintf(body, sizeof body, "8935%08lld", static_cast<long long>(n % 100000000));
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (body[i] - '0') * (i % 2 ? 3 : 1);
  return std::string("0") + body + static_cast<char>('0' + (10 - sum % 10) % 10);
}

// The fan-out of a transformation: most make a few lots, some split a batch
// into up to 20 (boxes of durian, jars of honey).
std::int64_t FanOut(Rng& rng) {
  const double u = rng.Unit();
  if (u < 0.45) return rng.Range(1, 3);
  if (u < 0.85) return rng.Range(4, 10);
  return rng.Range(11, 20);
}

class Planner {
 public:
  Planner(const Scale& scale, std::uint64_t seed, const domain::Geography& geo)
      : scale_(scale), rng_(seed), geo_(geo) {}

  Plan Build() {
    Registry();
    Lots();
    Padding();
    std::sort(plan_.events.begin(), plan_.events.end());
    Indexes();
    return std::move(plan_);
  }

 private:
  void Registry() {
    std::vector<const domain::Commune*> communes;
    for (const auto& p : geo_.provinces()) {
      for (const auto* c : geo_.CommunesOf(p.code)) communes.push_back(c);
    }
    plan_.producers.resize(static_cast<std::size_t>(scale_.producers));
    for (std::size_t i = 0; i < plan_.producers.size(); ++i) {
      auto& p = plan_.producers[i];
      const auto* c = communes[rng_.Below(communes.size())];
      p.commune_code = c->code;
      p.province_code = c->province_code;
      p.crop = static_cast<int>(rng_.Below(kCropCount));
      const std::int64_t areas = rng_.Range(1, 4);
      for (std::int64_t a = 0; a < areas; ++a) {
        p.areas.push_back(static_cast<int>(plan_.sites.size()));
        plan_.sites.push_back({static_cast<int>(i), false, SiteCode(p, i, "VT", a + 1)});
      }
      p.packing_house = static_cast<int>(plan_.sites.size());
      plan_.sites.push_back({static_cast<int>(i), true, SiteCode(p, i, "DG", 0)});
    }
    // Every producer has at least one product; the rest go to producers at random.
    plan_.products.resize(static_cast<std::size_t>(scale_.products));
    for (std::size_t j = 0; j < plan_.products.size(); ++j) {
      const std::size_t owner = j < plan_.producers.size() ? j : rng_.Below(plan_.producers.size());
      auto& product = plan_.products[j];
      product.producer = static_cast<int>(owner);
      auto& p = plan_.producers[owner];
      p.products.push_back(static_cast<int>(j));
      product.product_set = static_cast<int>(rng_.Range(1, 26));
      product.name = std::string(kCrops[(p.crop + p.products.size() - 1) % kCropCount]) +
                     " – lô thử nghiệm " + std::to_string(j + 1);
      if (rng_.Unit() < 0.85) product.gtin14 = Gtin14(static_cast<std::int64_t>(j) + 1);
    }
    // Partners: distributors in the producers' provinces, supermarkets and
    // exporters nationwide. SGLNs under Vietnamese company prefixes.
    auto partner = [&](PartnerKind kind, const char* prefix, std::int64_t n) {
      char id[64];
      std::snprintf(id, sizeof id, "urn:epc:id:sgln:%s.%05lld.0", prefix,
                    static_cast<long long>(n % 100000));
      plan_.partners.push_back({kind, id});
    };
    std::vector<std::string> province_of_distributor;
    for (std::int64_t d = 0; d < scale_.distributors; ++d) {
      partner(PartnerKind::kDistributor, "8931000", d + 1);
      province_of_distributor.push_back(
          plan_.producers[rng_.Below(plan_.producers.size())].province_code);
    }
    supermarkets_ = static_cast<int>(plan_.partners.size());
    for (std::int64_t m = 0; m < scale_.supermarkets; ++m) {
      partner(PartnerKind::kSupermarket, "8932000", m + 1);
    }
    exporters_ = static_cast<int>(plan_.partners.size());
    for (std::int64_t x = 0; x < scale_.exporters; ++x) {
      partner(PartnerKind::kExporter, "8933000", x + 1);
    }
    for (auto& p : plan_.producers) {
      std::vector<int> local;
      for (std::size_t d = 0; d < province_of_distributor.size(); ++d) {
        if (province_of_distributor[d] == p.province_code) local.push_back(static_cast<int>(d));
      }
      p.distributor = local.empty() ? static_cast<int>(rng_.Below(province_of_distributor.size()))
                                    : local[rng_.Below(local.size())];
    }
  }

  static std::string SiteCode(const PlanProducer& p, std::size_t i, const char* kind,
                              std::int64_t n) {
    char code[48];
    if (n > 0) {
      std::snprintf(code, sizeof code, "VN-%s-%s-%06zu-%lld", p.province_code.c_str(), kind, i + 1,
                    static_cast<long long>(n));
    } else {
      std::snprintf(code, sizeof code, "VN-%s-%s-%06zu", p.province_code.c_str(), kind, i + 1);
    }
    return code;
  }

  int Location(int partner) const { return static_cast<int>(plan_.sites.size()) + partner; }

  void Event(std::int64_t time, EventKind kind, std::size_t ref, std::uint8_t sub = 0) {
    plan_.events.push_back({time, static_cast<std::uint32_t>(ref), kind, sub});
  }

  // The producers that make most lots are few: a producer is drawn with a
  // density falling with its index (u², so the first tenth make ~30 %).
  std::size_t DrawProducer() {
    const double u = rng_.Unit();
    return std::min(plan_.producers.size() - 1,
                    static_cast<std::size_t>(u * u * static_cast<double>(plan_.producers.size())));
  }

  void Lots() {
    const std::int64_t n = scale_.lots;
    plan_.lots.reserve(static_cast<std::size_t>(n));
    pools_.resize(plan_.producers.size());
    buffers_.resize(plan_.producers.size());
    std::map<std::string, std::vector<std::int32_t>> bulk;  // by province
    while (static_cast<std::int64_t>(plan_.lots.size()) < n) {
      const std::int64_t i = static_cast<std::int64_t>(plan_.lots.size());
      const std::int64_t t =
          kStartMs + i * kSpanMs / n + static_cast<std::int64_t>(rng_.Below(60000));
      const std::size_t p = DrawProducer();
      auto& producer = plan_.producers[p];
      // Lots of the producer's stock ready for processing: at least 6 hours old.
      auto& pool = pools_[p];
      std::erase_if(pool, [&](std::int32_t l) {
        const auto& lot = plan_.lots[static_cast<std::size_t>(l)];
        return lot.remaining <= 0 || lot.created_ms < t - 90 * kDay;
      });
      std::vector<std::int32_t> ready;
      for (std::int32_t l : pool) {
        if (plan_.lots[static_cast<std::size_t>(l)].created_ms <= t - 6 * kHour) ready.push_back(l);
      }
      auto& shared = bulk[producer.province_code];
      std::erase_if(shared, [&](std::int32_t l) {
        return plan_.lots[static_cast<std::size_t>(l)].remaining <= 0;
      });
      std::optional<std::int32_t> bulk_input;
      for (std::int32_t l : shared) {
        if (plan_.lots[static_cast<std::size_t>(l)].created_ms <= t - 6 * kHour) bulk_input = l;
      }
      const bool use_bulk = bulk_input && rng_.Unit() < 0.3;
      const std::size_t available = ready.size() + (use_bulk ? 1 : 0);
      if (available >= 2 && rng_.Unit() < 0.45) {
        Transform(p, t, ready, use_bulk ? bulk_input : std::nullopt, n - i);
      } else {
        Harvest(p, t, bulk);
      }
    }
    for (std::size_t p = 0; p < buffers_.size(); ++p) FlushPallet(p);
    plan_.structural_events = static_cast<std::int64_t>(plan_.events.size());
  }

  std::int32_t NewLot(std::int32_t product, std::int32_t site, std::int64_t grams, std::int64_t t,
                      LotOrigin origin) {
    PlanLot lot;
    lot.product = product;
    lot.site = site;
    lot.grams = grams;
    lot.remaining = grams;
    lot.created_ms = t;
    lot.origin = origin;
    plan_.lots.push_back(lot);
    return static_cast<std::int32_t>(plan_.lots.size() - 1);
  }

  std::int32_t AnyProduct(std::size_t p) {
    const auto& products = plan_.producers[p].products;
    return products[rng_.Below(products.size())];
  }

  void Harvest(std::size_t p, std::int64_t t,
               std::map<std::string, std::vector<std::int32_t>>& bulk) {
    auto& producer = plan_.producers[p];
    const int area = producer.areas[rng_.Below(producer.areas.size())];
    const bool is_bulk = rng_.Unit() < 0.003;
    const std::int64_t kg = is_bulk ? rng_.Range(20000, 60000) : rng_.Range(200, 5000);
    const std::int32_t lot = NewLot(AnyProduct(p), area, kg * 1000 + rng_.Range(0, 999), t,
                                    is_bulk ? LotOrigin::kBulkHarvest : LotOrigin::kHarvest);
    Event(t, EventKind::kHarvest, static_cast<std::size_t>(lot));
    plan_.lots[static_cast<std::size_t>(lot)].events++;
    if (is_bulk) {
      ++plan_.bulk_lots;
      bulk[producer.province_code].push_back(lot);
    } else if (rng_.Unit() < 0.55) {
      pools_[p].push_back(lot);
    } else {
      Distribute(p, lot, t);
    }
  }

  void Transform(std::size_t p, std::int64_t t, std::vector<std::int32_t>& ready,
                 std::optional<std::int32_t> bulk_input, std::int64_t lots_left) {
    PlanTransformation tr;
    tr.producer = static_cast<std::int32_t>(p);
    tr.first_input = static_cast<std::int32_t>(plan_.inputs.size());
    const std::size_t want = static_cast<std::size_t>(rng_.Range(2, 5)) - (bulk_input ? 1 : 0);
    // A partial shuffle picks `want` distinct ready lots.
    const std::size_t take = std::min(want, ready.size());
    std::int64_t total = 0;
    for (std::size_t k = 0; k < take; ++k) {
      std::swap(ready[k], ready[k + rng_.Below(ready.size() - k)]);
      auto& lot = plan_.lots[static_cast<std::size_t>(ready[k])];
      const std::int64_t grams =
          rng_.Unit() < 0.7
              ? lot.remaining
              : std::max<std::int64_t>(
                    1000, static_cast<std::int64_t>(static_cast<double>(lot.remaining) *
                                                    (0.3 + 0.5 * rng_.Unit())));
      const std::int64_t used = std::min(grams, lot.remaining);
      lot.remaining -= used;
      lot.events++;
      total += used;
      plan_.inputs.push_back({ready[k], used});
    }
    if (bulk_input) {
      auto& lot = plan_.lots[static_cast<std::size_t>(*bulk_input)];
      const std::int64_t used = std::min(
          lot.remaining,
          static_cast<std::int64_t>(static_cast<double>(lot.grams) * (0.005 + 0.02 * rng_.Unit())) +
              1000);
      lot.remaining -= used;
      lot.events++;
      total += used;
      plan_.inputs.push_back({*bulk_input, used});
    }
    tr.input_count = static_cast<std::int32_t>(plan_.inputs.size()) - tr.first_input;
    const std::int64_t outs = std::min(FanOut(rng_), lots_left);
    tr.first_output = static_cast<std::int32_t>(plan_.lots.size());
    tr.output_count = static_cast<std::int32_t>(outs);
    const std::int32_t product = AnyProduct(p);
    const int site = plan_.producers[p].packing_house;
    // The outputs share the inputs' mass exactly (the last takes the rest),
    // so a rule that adds quantities up through a transformation holds.
    for (std::int64_t k = 0; k < outs; ++k) {
      const std::int64_t grams = k + 1 < outs ? total / outs : total - (outs - 1) * (total / outs);
      NewLot(product, site, grams, t, LotOrigin::kTransformed);
    }
    const std::size_t index = plan_.transformations.size();
    plan_.transformations.push_back(tr);
    Event(t, EventKind::kTransform, index);
    for (std::int64_t k = 0; k < outs; ++k) {
      const std::int32_t lot = tr.first_output + static_cast<std::int32_t>(k);
      plan_.lots[static_cast<std::size_t>(lot)].events++;
      if (rng_.Unit() < 0.2) {
        pools_[p].push_back(lot);
      } else {
        Distribute(p, lot, t);
      }
    }
  }

  // A lot for the market: most go on a pallet to the producer's distributor
  // and on from there; the rest are shipped straight to supermarkets or
  // exporters.
  void Distribute(std::size_t p, std::int32_t lot, std::int64_t t) {
    if (rng_.Unit() < 0.7) {
      auto& buffer = buffers_[p];
      if (!buffer.lots.empty() &&
          plan_.lots[static_cast<std::size_t>(buffer.lots.front())].created_ms < t - 3 * kDay) {
        FlushPallet(p);
      }
      if (buffer.lots.empty()) buffer.target = static_cast<std::size_t>(rng_.Range(2, 8));
      buffer.lots.push_back(lot);
      if (buffer.lots.size() >= buffer.target) FlushPallet(p);
      return;
    }
    const auto& producer = plan_.producers[p];
    const int from = plan_.lots[static_cast<std::size_t>(lot)].site;
    const std::int64_t legs = rng_.Range(1, 2);
    Ship(lot, false, plan_.lots[static_cast<std::size_t>(lot)].grams, from, legs, t + 8 * kHour,
         producer);
  }

  int Retailer() {
    if (rng_.Unit() < 0.1) {
      return exporters_ + static_cast<int>(rng_.Below(plan_.partners.size() - exporters_));
    }
    return supermarkets_ + static_cast<int>(rng_.Below(exporters_ - supermarkets_));
  }

  // `legs` shipments of `grams` split between destinations, each received a
  // day later.
  void Ship(std::int32_t object, bool is_pallet, std::int64_t grams, int from, std::int64_t legs,
            std::int64_t t, const PlanProducer&) {
    for (std::int64_t k = 0; k < legs; ++k) {
      PlanShipment s;
      s.object = object;
      s.is_pallet = is_pallet;
      s.grams = k + 1 < legs ? grams / legs : grams - (legs - 1) * (grams / legs);
      s.from = from;
      s.to = Location(Retailer());
      const std::size_t index = plan_.shipments.size();
      plan_.shipments.push_back(s);
      Event(t + k * 2 * kHour, EventKind::kShip, index);
      Event(t + k * 2 * kHour + kDay, EventKind::kReceive, index);
      plan_.lots[static_cast<std::size_t>(object)].events += 2;
    }
  }

  void FlushPallet(std::size_t p) {
    auto& buffer = buffers_[p];
    if (buffer.lots.empty()) return;
    const auto& producer = plan_.producers[p];
    PlanPallet pallet;
    pallet.producer = static_cast<std::int32_t>(p);
    pallet.first_member = static_cast<std::int32_t>(plan_.pallet_members.size());
    pallet.member_count = static_cast<std::int32_t>(buffer.lots.size());
    pallet.distributor = producer.distributor;
    std::int64_t last = 0;
    const std::int32_t index = static_cast<std::int32_t>(plan_.pallets.size());
    for (std::int32_t l : buffer.lots) {
      plan_.pallet_members.push_back(l);
      auto& lot = plan_.lots[static_cast<std::size_t>(l)];
      last = std::max(last, lot.created_ms);
      lot.pallet = index;
      lot.events += 2;  // packed, unpacked
    }
    const std::int64_t packed = last + 6 * kHour;
    Event(packed, EventKind::kPack, static_cast<std::size_t>(index));
    // The pallet travels to the distributor and is broken up there.
    PlanShipment s;
    s.object = index;
    s.is_pallet = true;
    s.from = producer.packing_house;
    s.to = Location(pallet.distributor);
    const std::size_t ship = plan_.shipments.size();
    plan_.shipments.push_back(s);
    Event(packed + kHour, EventKind::kShip, ship);
    Event(packed + kDay, EventKind::kReceive, ship);
    Event(packed + kDay + kHour, EventKind::kUnpack, static_cast<std::size_t>(index));
    pallet.events = 4;
    plan_.pallets.push_back(pallet);
    for (std::int32_t l : buffer.lots) {
      Ship(l, false, plan_.lots[static_cast<std::size_t>(l)].grams, s.to, rng_.Range(1, 3),
           packed + 2 * kDay, producer);
    }
    buffer.lots.clear();
  }

  // Observations (storing, inspecting, cycle counting, staging) on random
  // lots within five hours of their creation, before anything else happens
  // to them, bringing the events to exactly ten a lot.
  void Padding() {
    const std::int64_t pad = scale_.events - plan_.structural_events;
    for (std::int64_t k = 0; k < pad; ++k) {
      const std::size_t lot = rng_.Below(plan_.lots.size());
      auto& l = plan_.lots[lot];
      l.events++;
      l.observations++;
      Event(l.created_ms + rng_.Range(1, 300) * 60000, EventKind::kObserve, lot,
            static_cast<std::uint8_t>(rng_.Below(4)));
    }
  }

  // Lot → transformations it fed and lot → its shipments, for the expected
  // reach written to the manifest.
  void Indexes() {
    const std::size_t n = plan_.lots.size();
    plan_.outputs_of_lot_first.assign(n + 1, 0);
    for (const auto& in : plan_.inputs)
      plan_.outputs_of_lot_first[static_cast<std::size_t>(in.lot) + 1]++;
    for (std::size_t i = 0; i < n; ++i)
      plan_.outputs_of_lot_first[i + 1] += plan_.outputs_of_lot_first[i];
    plan_.outputs_of_lot.resize(plan_.inputs.size());
    std::vector<std::int32_t> fill(plan_.outputs_of_lot_first.begin(),
                                   plan_.outputs_of_lot_first.end() - 1);
    for (std::size_t t = 0; t < plan_.transformations.size(); ++t) {
      const auto& tr = plan_.transformations[t];
      for (std::int32_t k = 0; k < tr.input_count; ++k) {
        const auto lot = static_cast<std::size_t>(
            plan_.inputs[static_cast<std::size_t>(tr.first_input + k)].lot);
        plan_.outputs_of_lot[static_cast<std::size_t>(fill[lot]++)] = static_cast<std::int32_t>(t);
      }
    }
    plan_.shipments_of_lot_first.assign(n + 1, 0);
    for (const auto& s : plan_.shipments) {
      if (!s.is_pallet) plan_.shipments_of_lot_first[static_cast<std::size_t>(s.object) + 1]++;
    }
    for (std::size_t i = 0; i < n; ++i)
      plan_.shipments_of_lot_first[i + 1] += plan_.shipments_of_lot_first[i];
    plan_.shipments_of_lot.resize(static_cast<std::size_t>(plan_.shipments_of_lot_first[n]));
    fill.assign(plan_.shipments_of_lot_first.begin(), plan_.shipments_of_lot_first.end() - 1);
    for (std::size_t s = 0; s < plan_.shipments.size(); ++s) {
      const auto& sh = plan_.shipments[s];
      if (!sh.is_pallet)
        plan_.shipments_of_lot[static_cast<std::size_t>(
            fill[static_cast<std::size_t>(sh.object)]++)] = static_cast<std::int32_t>(s);
    }
  }

  struct PalletBuffer {
    std::vector<std::int32_t> lots;
    std::size_t target = 4;
  };

  Scale scale_;
  Rng rng_;
  const domain::Geography& geo_;
  Plan plan_;
  int supermarkets_ = 0, exporters_ = 0;  // first partner index of each kind
  std::vector<std::vector<std::int32_t>> pools_;
  std::vector<PalletBuffer> buffers_;
};

// ---------------------------------------------------------------------------
// What a trace should find, from the plan alone: the objects (lots, pallets)
// and locations reached forward (transformation outputs, pallets,
// destinations of shipments) and backward (input lots and the sites where
// each object reached was harvested or made). The manifest carries these so
// that a test can hold the stored trace graph to them.
struct Reach {
  std::int64_t objects = 0, locations = 0;
  std::int64_t events = 0;   // events naming the objects reached
  std::int64_t records = 0;  // of which not observations: a recall's tracking events
};

Reach ForwardReach(const Plan& plan, std::int32_t start) {
  const std::size_t n = plan.lots.size();
  std::vector<std::int32_t> stack{start};
  std::vector<bool> seen(n + plan.pallets.size(), false);
  std::vector<bool> place(plan.sites.size() + plan.partners.size(), false);
  seen[static_cast<std::size_t>(start)] = true;
  Reach r;
  auto visit = [&](std::size_t object) {
    if (!seen[object]) {
      seen[object] = true;
      stack.push_back(static_cast<std::int32_t>(object));
    }
  };
  auto locate = [&](std::int32_t l) {
    if (!place[static_cast<std::size_t>(l)]) {
      place[static_cast<std::size_t>(l)] = true;
      ++r.locations;
    }
  };
  while (!stack.empty()) {
    const auto o = static_cast<std::size_t>(stack.back());
    stack.pop_back();
    ++r.objects;
    if (o >= n) {  // a pallet: to its distributor
      const auto& pallet = plan.pallets[o - n];
      r.events += pallet.events;
      r.records += pallet.events;
      locate(static_cast<std::int32_t>(plan.sites.size()) + pallet.distributor);
      continue;
    }
    const auto& lot = plan.lots[o];
    r.events += lot.events;
    r.records += lot.events - lot.observations;
    for (auto k = plan.outputs_of_lot_first[o]; k < plan.outputs_of_lot_first[o + 1]; ++k) {
      const auto& tr = plan.transformations[static_cast<std::size_t>(
          plan.outputs_of_lot[static_cast<std::size_t>(k)])];
      for (std::int32_t j = 0; j < tr.output_count; ++j)
        visit(static_cast<std::size_t>(tr.first_output + j));
    }
    if (lot.pallet >= 0) visit(n + static_cast<std::size_t>(lot.pallet));
    for (auto k = plan.shipments_of_lot_first[o]; k < plan.shipments_of_lot_first[o + 1]; ++k) {
      locate(plan.shipments[static_cast<std::size_t>(
                                plan.shipments_of_lot[static_cast<std::size_t>(k)])]
                 .to);
    }
  }
  return r;
}

Reach BackwardReach(const Plan& plan, std::int32_t start) {
  std::vector<std::int32_t> stack{start};
  std::vector<bool> seen(plan.lots.size(), false);
  std::vector<bool> place(plan.sites.size(), false);
  seen[static_cast<std::size_t>(start)] = true;
  Reach r;
  while (!stack.empty()) {
    const auto o = stack.back();
    stack.pop_back();
    ++r.objects;
    const auto& lot = plan.lots[static_cast<std::size_t>(o)];
    r.events += lot.events;
    r.records += lot.events - lot.observations;
    if (!place[static_cast<std::size_t>(lot.site)]) {
      place[static_cast<std::size_t>(lot.site)] = true;
      ++r.locations;
    }
    if (lot.origin != LotOrigin::kTransformed) continue;
    // The transformation that made it: the last one whose outputs start at or before it.
    auto it = std::upper_bound(plan.transformations.begin(), plan.transformations.end(), o,
                               [](std::int32_t lot_index, const PlanTransformation& t) {
                                 return lot_index < t.first_output;
                               });
    const auto& tr = *std::prev(it);
    for (std::int32_t k = 0; k < tr.input_count; ++k) {
      const auto in = plan.inputs[static_cast<std::size_t>(tr.first_input + k)].lot;
      if (!seen[static_cast<std::size_t>(in)]) {
        seen[static_cast<std::size_t>(in)] = true;
        stack.push_back(in);
      }
    }
  }
  return r;
}

// ---------------------------------------------------------------------------
// EPCIS 2.0 JSON-LD for the planned events.

constexpr const char* kContext =
    "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"]";

class EventWriter {
 public:
  EventWriter(const Plan& plan, std::uint64_t seed, std::string base_url)
      : plan_(plan), seed_(seed), base_url_(std::move(base_url)) {}

  static std::string LotCode(std::size_t lot) {
    char code[24];
    std::snprintf(code, sizeof code, "B%08zu", lot);
    return code;
  }

  // The lot's class id: a GS1 Digital Link for a product with a GTIN, else
  // the platform's /p/ lot URL (domain::Resolver::LotIdOf, the contract).
  std::string LotId(std::size_t lot) const {
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

  std::string PalletId(std::size_t pallet) const {
    char id[48];
    std::snprintf(id, sizeof id, "urn:epc:id:sscc:8930001.%010zu", pallet + 1);
    return id;
  }

  std::string LocationId(std::int32_t location) const {
    const auto l = static_cast<std::size_t>(location);
    if (l < plan_.sites.size()) return "urn:ocop:site:" + plan_.sites[l].code;
    return plan_.partners[l - plan_.sites.size()].location_id;
  }

  // Appends event number `ordinal` (its place in time order) to `out`.
  void Append(const PlannedEvent& e, std::size_t ordinal, std::string& out) const {
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
            std::to_string(e.ref + 1) +
            "\"}],\"sourceList\":[{\"type\":\"location\",\"source\":\"" + LocationId(s.from) +
            "\"}],\"destinationList\":[{\"type\":\"location\",\"destination\":\"" +
            LocationId(s.to) + "\"}]}";
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

 private:
  void Head(std::string& out, const char* type, std::int64_t ms, std::size_t ordinal,
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

  void Where(std::string& out, int read_point, int biz_location) const {
    out += ",\"readPoint\":{\"id\":\"" + LocationId(read_point) + "\"}";
    if (biz_location >= 0) out += ",\"bizLocation\":{\"id\":\"" + LocationId(biz_location) + "\"}";
  }

  void Quantity(std::string& out, std::size_t lot, std::int64_t grams) const {
    char q[40];
    std::snprintf(q, sizeof q, "%lld.%03lld", static_cast<long long>(grams / 1000),
                  static_cast<long long>(grams % 1000));
    out += "{\"epcClass\":\"" + LotId(lot) + "\",\"quantity\":" + q + ",\"uom\":\"KGM\"}";
  }

  static void Time(std::string& out, std::int64_t ms) {
    const std::int64_t secs = ms / 1000;
    const CivilDate d = CivilDate::FromDaysSinceEpoch(secs / 86400);
    const std::int64_t s = secs % 86400;
    char t[40];
    std::snprintf(t, sizeof t, "%04d-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", d.year, d.month,
                  d.day, static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60),
                  static_cast<long long>(s % 60), static_cast<long long>(ms % 1000));
    out += t;
  }

  // A version-4-shaped UUID drawn from the seed and the event's ordinal.
  void Uuid(std::string& out, std::size_t ordinal) const {
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

  const Plan& plan_;
  std::uint64_t seed_;
  std::string base_url_;
};

// ---------------------------------------------------------------------------
// Writing.

struct Options {
  double scale = 0.01;
  std::uint64_t seed = 1;
  std::size_t batch = 5000;
  std::string manifest;
  bool check = false;
};

Result<Options> ParseOptions(const std::map<std::string, std::string>& flags) {
  Options o;
  for (const auto& [name, value] : flags) {
    try {
      std::size_t used = 0;
      if (name == "--scale") {
        o.scale = std::stod(value, &used);
        if (!(o.scale > 0 && o.scale <= 10)) used = 0;
      } else if (name == "--seed") {
        o.seed = std::stoull(value, &used);
      } else if (name == "--batch") {
        o.batch = std::stoul(value, &used);
        if (o.batch < 1 || o.batch > 10000) used = 0;
      } else if (name == "--manifest") {
        o.manifest = value;
        used = value.size();
      } else if (name == "--check") {
        o.check = value != "false";
        used = value.size();
      } else {
        return Err(InvalidArgument("unknown flag " + name + " (see ocop bench-data --help)"));
      }
      if (used != value.size() || value.empty()) {
        return Err(InvalidArgument("bad value for " + name + ": " + value));
      }
    } catch (const std::exception&) {
      return Err(InvalidArgument("bad value for " + name + ": " + value));
    }
  }
  return o;
}

double Since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

// The account the events are captured as: a national administrator of its
// own, created on first use (its password is random and never shown).
Result<domain::Principal> BenchAccount(Application& app) {
  constexpr const char* kName = "bench.data";
  std::optional<domain::User> found;
  OCOP_RETURN_IF_ERROR(app.store().Read([&](domain::Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(found, r.users().FindByUsername(kName));
    return Status::Ok();
  }));
  if (found) return found->ToPrincipal();
  domain::NewUser u{kName, "national-admin", "", "", 0, crypto::RandomToken(24)};
  OCOP_ASSIGN_OR_RETURN(domain::User user, app.identity().CreateUser(u));
  return user.ToPrincipal();
}

// Producers, products (codes from their commune's sequence) and sites, in one transaction.
Status WriteRegistry(Application& app, Plan& plan, std::int64_t now_ms) {
  const int year = CivilDate::FromUnixInVietnam(kStartMs / 1000).year;
  return app.store().Transact([&](domain::Repositories& r) -> Status {
    for (std::size_t i = 0; i < plan.producers.size(); ++i) {
      auto& p = plan.producers[i];
      domain::Producer row;
      row.fields.legal_type = i % 3 == 0   ? domain::LegalType::kCooperative
                              : i % 3 == 1 ? domain::LegalType::kEnterprise
                                           : domain::LegalType::kHouseholdBusiness;
      row.fields.name =
          "Hợp tác xã " + std::string(kCrops[p.crop]) + " số " + std::to_string(i + 1);
      char reg[32];
      std::snprintf(reg, sizeof reg, "79%08zu", i + 1);
      row.fields.registration_no = reg;
      row.fields.representative = {"Nguyễn Văn " + std::to_string(i + 1), domain::Gender::kMale,
                                   "Kinh"};
      row.fields.commune_code = p.commune_code;
      row.fields.street_address = "Thôn " + std::to_string(i % 12 + 1);
      row.province_code = p.province_code;
      row.created_at = row.updated_at = now_ms / 1000;
      OCOP_ASSIGN_OR_RETURN(p.id, r.producers().Insert(row));
    }
    for (auto& product : plan.products) {
      const auto& p = plan.producers[static_cast<std::size_t>(product.producer)];
      domain::Product row;
      OCOP_ASSIGN_OR_RETURN(std::int64_t seq, r.products().NextSequence(p.commune_code));
      product.code = domain::FormatProductCode(p.province_code, p.commune_code, seq, year);
      row.code = product.code;
      row.fields.name = product.name;
      row.fields.product_set = product.product_set;
      row.fields.producer_id = p.id;
      row.fields.description = "Sản phẩm của dữ liệu đo hiệu năng (ocop bench-data)";
      row.fields.gtin = product.gtin14.empty() ? "" : product.gtin14.substr(1);
      row.province_code = p.province_code;
      row.commune_code = p.commune_code;
      row.created_at = row.updated_at = now_ms / 1000;
      if (auto id = r.products().Insert(row); !id) return id.error();
    }
    const CivilDate granted = CivilDate::FromUnixInVietnam(kStartMs / 1000).AddDays(-400);
    for (const auto& s : plan.sites) {
      const auto& p = plan.producers[static_cast<std::size_t>(s.producer)];
      domain::Site site;
      site.producer_id = p.id;
      site.fields.kind =
          s.packing_house ? domain::SiteKind::kPackingHouse : domain::SiteKind::kGrowingArea;
      site.fields.code = s.code;
      site.fields.name = (s.packing_house ? "Cơ sở đóng gói " : "Vùng trồng ") + s.code;
      site.fields.target_markets = {"VN"};
      site.fields.crop = kCrops[p.crop];
      site.fields.declared_area_ha = s.packing_house ? 0 : 5;
      site.fields.capacity_tonnes_per_day = s.packing_house ? 20 : 0;
      site.fields.commune_code = p.commune_code;
      site.location_id = domain::SiteLocationId(s.code);
      site.province_code = p.province_code;
      site.status_history.push_back({granted, domain::SiteStatus::kActive, "cấp mã", 0, now_ms});
      site.created_at_ms = site.updated_at_ms = now_ms;
      if (auto id = r.sites().Insert(site); !id) return id.error();
    }
    return Status::Ok();
  });
}

// One document of events, parsed as a capture parses it.
struct Batch {
  std::size_t index = 0;
  std::string document;
  gs1::epcis::ParsedDocument parsed;
  Status status;
};

// A bounded queue between the thread that builds and parses documents and
// the one that writes them (the two halves take about as long).
class BatchQueue {
 public:
  void Push(Batch b) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return q_.size() < 2 || stop_; });
    q_.push_back(std::move(b));
    cv_.notify_all();
  }
  std::optional<Batch> Pop() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !q_.empty() || done_; });
    if (q_.empty()) return std::nullopt;
    Batch b = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return b;
  }
  void Done() {
    std::lock_guard lock(m_);
    done_ = true;
    cv_.notify_all();
  }
  void Stop() {  // the writer gave up: let the builder finish
    std::lock_guard lock(m_);
    stop_ = true;
    q_.clear();
    cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(m_);
    return stop_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Batch> q_;
  bool done_ = false, stop_ = false;
};

Status WriteEvents(Application& app, const Plan& plan, const Options& o,
                   const domain::Principal& who) {
  const EventWriter writer(plan, o.seed, app.certification().settings().public_base_url);
  const std::size_t total = plan.events.size();
  const std::size_t batches = (total + o.batch - 1) / o.batch;
  BatchQueue queue;
  std::thread builder([&] {
    gs1::epcis::ParseLimits limits;
    limits.max_events = o.batch;
    for (std::size_t b = 0; b < batches && !queue.stopped(); ++b) {
      Batch batch;
      batch.index = b;
      std::string& doc = batch.document;
      doc.reserve(o.batch * 700);
      doc = std::string("{\"@context\":") + kContext +
            ",\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-"
            "01T00:00:00Z\","
            "\"epcisBody\":{\"eventList\":[";
      const std::size_t end = std::min(total, (b + 1) * o.batch);
      for (std::size_t i = b * o.batch; i < end; ++i) {
        if (i > b * o.batch) doc += ',';
        writer.Append(plan.events[i], i, doc);
      }
      doc += "]}}";
      auto parsed = gs1::epcis::ParseDocument(doc, limits);
      if (!parsed) {
        batch.status = parsed.error();
      } else if (!parsed->errors.empty()) {
        const auto& e = parsed->errors.front();
        batch.status = Internal("bench-data made an invalid event (document " + std::to_string(b) +
                                ", event " + std::to_string(e.index) + ", " + e.field + ": " +
                                e.message.key + ")");
      } else {
        batch.parsed = std::move(*parsed);
        // As EpcisService::Capture does: locations are stored by canonical key.
        for (auto& e : batch.parsed.events) {
          if (!e.read_point.empty()) e.read_point = gs1::CanonicalEpc(e.read_point).key;
          if (!e.biz_location.empty()) e.biz_location = gs1::CanonicalEpc(e.biz_location).key;
        }
      }
      queue.Push(std::move(batch));
    }
    queue.Done();
  });

  const auto t0 = SteadyClock::now();
  auto last_report = t0;
  std::size_t written = 0;
  Status failed;
  while (auto batch = queue.Pop()) {
    if (!batch->status.ok()) {
      failed = batch->status;
      break;
    }
    const auto& parsed = batch->parsed;
    domain::CaptureJob job;
    job.id = crypto::RandomToken(12);
    job.user_id = who.user_id;
    job.username = who.username;
    job.behaviour = domain::CaptureErrorBehaviour::kRollback;
    job.created_at_ms = job.finished_at_ms = app.clock().NowUnixSeconds() * 1000;
    job.event_count = job.captured_count = static_cast<std::int64_t>(parsed.events.size());
    job.success = true;
    job.document = std::move(batch->document);
    const std::string digest = crypto::Sha256Hex(parsed.context_json);
    Status s = app.store().Transact([&](domain::Repositories& r) -> Status {
      OCOP_RETURN_IF_ERROR(r.epcis().LockForCapture());
      std::span<const gs1::epcis::Event> events = parsed.events;
      if (o.check) {
        OCOP_ASSIGN_OR_RETURN(auto refusals, domain::CheckCapturedEvents(r, who, events));
        if (!refusals.empty()) {
          const auto& f = refusals.front();
          return Internal("the capture rules refuse bench event " + events[f.position].event_id +
                          " (" + f.field + ": " + f.message.key + ")");
        }
      }
      OCOP_ASSIGN_OR_RETURN(std::int64_t context_id,
                            r.epcis().PutContext(digest, parsed.context_json));
      OCOP_ASSIGN_OR_RETURN(std::int64_t first_seq,
                            r.epcis().InsertEvents(events, job.created_at_ms, job.id, context_id));
      OCOP_RETURN_IF_ERROR(domain::OnEventsStored(r, who, events, first_seq));
      return r.epcis().InsertJob(job);
    });
    if (!s.ok()) {
      failed = s;
      break;
    }
    written += parsed.events.size();
    if (std::chrono::duration<double>(SteadyClock::now() - last_report).count() > 10) {
      last_report = SteadyClock::now();
      std::fprintf(stderr, "bench-data: %zu of %zu events (%.0f events/s)\n", written, total,
                   static_cast<double>(written) / Since(t0));
    }
  }
  if (!failed.ok()) queue.Stop();
  builder.join();
  return failed;
}

// Some lots with their expected reach, for benchmarks and tests: `count`
// drawn at random, and the bulk lots (shared across a province, the ones
// with the widest downstream) ordered by how many events their forward
// trace names, for the recall benchmark.
nlohmann::json Manifest(const Plan& plan, const Options& o, const EventWriter& writer,
                        double plan_seconds, double registry_seconds, double event_seconds) {
  nlohmann::json m;
  m["scale"] = o.scale;
  m["seed"] = o.seed;
  std::int64_t inputs_min = 99, inputs_max = 0, outputs_min = 99, outputs_max = 0;
  for (const auto& t : plan.transformations) {
    inputs_min = std::min<std::int64_t>(inputs_min, t.input_count);
    inputs_max = std::max<std::int64_t>(inputs_max, t.input_count);
    outputs_min = std::min<std::int64_t>(outputs_min, t.output_count);
    outputs_max = std::max<std::int64_t>(outputs_max, t.output_count);
  }
  std::int64_t pallets_lots = 0;
  for (const auto& p : plan.pallets) pallets_lots += p.member_count;
  m["counts"] = {{"producers", plan.producers.size()},
                 {"products", plan.products.size()},
                 {"sites", plan.sites.size()},
                 {"partners", plan.partners.size()},
                 {"lots", plan.lots.size()},
                 {"bulk_lots", plan.bulk_lots},
                 {"events", plan.events.size()},
                 {"structural_events", plan.structural_events},
                 {"transformations", plan.transformations.size()},
                 {"transformation_inputs", plan.inputs.size()},
                 {"pallets", plan.pallets.size()},
                 {"palletised_lots", pallets_lots},
                 {"shipments", plan.shipments.size()}};
  m["fan_in"] = {{"min", inputs_min}, {"max", inputs_max}};
  m["fan_out"] = {{"min", outputs_min}, {"max", outputs_max}};
  m["seconds"] = {
      {"plan", plan_seconds}, {"registry", registry_seconds}, {"events", event_seconds}};
  auto describe = [&](std::size_t lot) {
    const Reach f = ForwardReach(plan, static_cast<std::int32_t>(lot));
    const Reach b = BackwardReach(plan, static_cast<std::int32_t>(lot));
    const char* origin = plan.lots[lot].origin == LotOrigin::kTransformed   ? "transformed"
                         : plan.lots[lot].origin == LotOrigin::kBulkHarvest ? "bulk_harvest"
                                                                            : "harvest";
    return nlohmann::json{{"id", writer.LotId(lot)},
                          {"key", gs1::CanonicalEpc(writer.LotId(lot)).key},
                          {"origin", origin},
                          {"forward",
                           {{"objects", f.objects},
                            {"locations", f.locations},
                            {"events", f.events},
                            {"records", f.records}}},
                          {"backward",
                           {{"objects", b.objects},
                            {"locations", b.locations},
                            {"events", b.events},
                            {"records", b.records}}}};
  };
  Rng rng(Mix(o.seed, 0x5a4d));
  nlohmann::json sample = nlohmann::json::array();
  const std::size_t count = std::min<std::size_t>(1000, plan.lots.size());
  for (std::size_t k = 0; k < count; ++k) sample.push_back(describe(rng.Below(plan.lots.size())));
  m["sample_lots"] = std::move(sample);
  // Recall candidates: the bulk lots and 2,000 random ones, by how many
  // tracking events (not observations) their forward trace names, the
  // records a recall lists: those at or above 1,000 first, fewest first,
  // then the largest below.
  std::vector<std::pair<std::int64_t, std::size_t>> candidates;
  std::vector<bool> considered(plan.lots.size(), false);
  auto consider = [&](std::size_t l) {
    if (considered[l]) return;
    considered[l] = true;
    candidates.push_back({ForwardReach(plan, static_cast<std::int32_t>(l)).records, l});
  };
  for (std::size_t l = 0; l < plan.lots.size(); ++l) {
    if (plan.lots[l].origin == LotOrigin::kBulkHarvest) consider(l);
  }
  for (std::size_t k = 0; k < 2000 && k < plan.lots.size(); ++k)
    consider(rng.Below(plan.lots.size()));
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    const bool a_big = a.first >= 1000, b_big = b.first >= 1000;
    if (a_big != b_big) return a_big;
    return a_big ? a < b : a > b;
  });
  nlohmann::json recall = nlohmann::json::array();
  for (std::size_t k = 0; k < candidates.size() && k < 20; ++k) {
    recall.push_back(describe(candidates[k].second));
  }
  m["recall_lots"] = std::move(recall);
  return m;
}

}  // namespace

int BenchDataCommand(Application& app, const std::map<std::string, std::string>& flags) {
  auto fail = [](const Status& s) {
    std::fprintf(stderr, "ocop bench-data: %s%s%s\n", s.message().key.c_str(),
                 s.detail().empty() ? "" : ": ", s.detail().c_str());
    return 1;
  };
  auto options = ParseOptions(flags);
  if (!options) return fail(options.error());
  const Options& o = *options;
  const Scale scale = ScaleOf(o.scale);
  const auto t0 = SteadyClock::now();
  Plan plan = Planner(scale, o.seed, app.geography()).Build();
  const double plan_seconds = Since(t0);
  std::fprintf(stderr,
               "bench-data: planned %zu producers, %zu products, %zu sites, %zu lots, %zu events "
               "(%lld structural) in %.1f s\n",
               plan.producers.size(), plan.products.size(), plan.sites.size(), plan.lots.size(),
               plan.events.size(), static_cast<long long>(plan.structural_events), plan_seconds);

  auto who = BenchAccount(app);
  if (!who) return fail(who.error());
  const auto t1 = SteadyClock::now();
  if (Status s = WriteRegistry(app, plan, app.clock().NowUnixSeconds() * 1000); !s.ok())
    return fail(s);
  const double registry_seconds = Since(t1);
  const auto t2 = SteadyClock::now();
  if (Status s = WriteEvents(app, plan, o, *who); !s.ok()) return fail(s);
  const double event_seconds = Since(t2);
  std::printf(
      "bench-data: scale %g seed %llu: %zu producers, %zu products, %zu sites, %zu lots, %zu "
      "events written in %.1f s (%.0f events/s; registry %.1f s, plan %.1f s)\n",
      o.scale, static_cast<unsigned long long>(o.seed), plan.producers.size(), plan.products.size(),
      plan.sites.size(), plan.lots.size(), plan.events.size(), event_seconds,
      static_cast<double>(plan.events.size()) / event_seconds, registry_seconds, plan_seconds);
  if (!o.manifest.empty()) {
    const EventWriter writer(plan, o.seed, app.certification().settings().public_base_url);
    std::ofstream out(o.manifest);
    out << Manifest(plan, o, writer, plan_seconds, registry_seconds, event_seconds).dump(1) << "\n";
    if (!out) return fail(Internal("cannot write the manifest " + o.manifest));
  }
  return 0;
}

}  // namespace ocop::app

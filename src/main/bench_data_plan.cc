#include "main/bench_data_plan.h"

#include <algorithm>
#include <map>
#include <optional>

namespace ocop::app::bench_data {

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  Rng r(a * 0x9E3779B97F4A7C15ULL ^ b);
  return r.Next();
}

namespace {

Scale ScaleOfImpl(double f) {
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
    const int from = plan_.lots[static_cast<std::size_t>(lot)].site;
    const std::int64_t legs = rng_.Range(1, 2);
    ShipLot(lot, from, legs, t + 8 * kHour);
  }

  int Retailer() {
    if (rng_.Unit() < 0.1) {
      return exporters_ + static_cast<int>(rng_.Below(plan_.partners.size() - exporters_));
    }
    return supermarkets_ + static_cast<int>(rng_.Below(exporters_ - supermarkets_));
  }

  // The lot in `legs` shipments from `from`, its mass split between them,
  // each to a supermarket or an exporter and received there a day later.
  void ShipLot(std::int32_t lot, int from, std::int64_t legs, std::int64_t t) {
    const std::int64_t grams = plan_.lots[static_cast<std::size_t>(lot)].grams;
    for (std::int64_t k = 0; k < legs; ++k) {
      PlanShipment s;
      s.object = lot;
      s.grams = k + 1 < legs ? grams / legs : grams - (legs - 1) * (grams / legs);
      s.from = from;
      s.to = Location(Retailer());
      const std::size_t index = plan_.shipments.size();
      plan_.shipments.push_back(s);
      Event(t + k * 2 * kHour, EventKind::kShip, index);
      Event(t + k * 2 * kHour + kDay, EventKind::kReceive, index);
      plan_.lots[static_cast<std::size_t>(lot)].events += 2;
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
      ShipLot(l, s.to, rng_.Range(1, 3), packed + 2 * kDay);
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

}  // namespace

Scale ScaleOf(double f) { return ScaleOfImpl(f); }

Plan BuildPlan(const Scale& scale, std::uint64_t seed, const domain::Geography& geo) {
  return Planner(scale, seed, geo).Build();
}

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

}  // namespace ocop::app::bench_data

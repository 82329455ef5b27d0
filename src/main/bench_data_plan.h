// The plan of `ocop bench-data` (bench_data_command.h): every producer,
// product, site, partner, lot and event of the synthetic supply chain, drawn
// from a seed and held in memory, compact (about 40 bytes an event at full
// scale), before anything is written; and the trace reach it implies.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/registry/geography.h"

namespace ocop::app::bench_data {

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

// One well-mixed value of two (event ids, harvest dates drawn per item).
std::uint64_t Mix(std::uint64_t a, std::uint64_t b);

// ---------------------------------------------------------------------------
// The plan: every producer, product, site, partner, lot and event, in memory
// and compact (about 40 bytes an event at full scale), before anything is
// written. Times are UTC milliseconds.

inline constexpr std::int64_t kHour = 3600 * 1000;
inline constexpr std::int64_t kDay = 24 * kHour;
// 2025-01-01T00:00:00+07:00: the year of history starts here.
inline constexpr std::int64_t kStartMs = (1735689600LL - 7 * 3600) * 1000;
inline constexpr std::int64_t kSpanMs = 365 * kDay;

inline constexpr const char* kCrops[] = {"Mật ong hoa cà phê", "Sầu riêng Ri6", "Chè Shan tuyết",
                                         "Cà phê Robusta",     "Gạo ST25",      "Hồ tiêu đen",
                                         "Điều rang muối",     "Bưởi da xanh",  "Xoài cát Hòa Lộc",
                                         "Thanh long ruột đỏ", "Nấm linh chi",  "Măng tre khô",
                                         "Chuối sấy dẻo",      "Sâm Ngọc Linh", "Cacao lên men",
                                         "Nhãn lồng",          "Vải thiều",     "Mắc ca"};
inline constexpr int kCropCount = sizeof kCrops / sizeof kCrops[0];

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

// The counts at scale factor `f` (1.0: the national scale).
Scale ScaleOf(double f);

// Draws the whole plan; the same scale, seed and geography give the same plan.
Plan BuildPlan(const Scale& scale, std::uint64_t seed, const domain::Geography& geo);

// What a trace should find, from the plan alone: the objects (lots, pallets)
// and locations reached forward (transformation outputs, pallets,
// destinations of shipments) and backward (input lots and the sites where
// each object reached was harvested or made). The manifest carries these so
// that tests can hold the stored trace graph to them.
struct Reach {
  std::int64_t objects = 0, locations = 0;
  std::int64_t events = 0;   // events naming the objects reached
  std::int64_t records = 0;  // of which not observations: a recall's tracking events
};
Reach ForwardReach(const Plan& plan, std::int32_t start_lot);
Reach BackwardReach(const Plan& plan, std::int32_t start_lot);

}  // namespace ocop::app::bench_data

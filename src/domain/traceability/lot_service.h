// Lots (lô hàng) as producers record them on the lots page and the JSON API: a harvest or
// production lot of one of their products, or a transformation of their lots into new ones (honey
// blended, durian split into boxes, tea processed). Every record is an EPCIS event captured through
// EpcisService as the producer; the Lot rows come from that capture (lot_events.h), exactly as for
// an event captured directly. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/registry/product.h"
#include "domain/store.h"
#include "domain/traceability/epcis_service.h"
#include "domain/traceability/lot.h"
#include "domain/traceability/site.h"

namespace ocop::domain {

struct LotSettings {
  std::string base_url;  // the platform's public address: names lots of products without GTIN
};

// A lot as typed (form fields or JSON members), validated by the service.
struct LotInput {
  std::string product_id;                  // decimal
  std::string code;                        // the lot number, AI 10 rules
  std::string harvest_from;                // "YYYY-MM-DD" or "dd/mm/yyyy"; "" when none
  std::string harvest_to;                  // likewise; "" means the same day as harvest_from
  std::string quantity;                    // decimal, > 0
  std::string unit;                        // UN/ECE Rec 20 (kLotUnits)
  std::vector<std::string> growing_areas;  // site codes
  std::string packing_house;               // site code, "" when none
};

// One input of a transformation: how much of which lot (in that lot's unit).
struct TransformationInputLine {
  std::string lot_id;  // decimal
  std::string quantity;
};

// A transformation: input lots into new output lots (each output's product, code, quantity, unit).
// The outputs' harvest dates and growing areas are the inputs' (the widest window, every area).
struct TransformationInput {
  std::vector<TransformationInputLine> inputs;
  std::vector<LotInput> outputs;  // harvest dates and sites of outputs are ignored
  std::string packing_house;      // site code where it happened, "" when none
};

// The UN/ECE Recommendation 20 units a lot may be counted in.
inline constexpr const char* kLotUnits[] = {"KGM", "GRM", "TNE", "LTR", "MLT", "H87"};

// `q` as the shortest decimal that reads back the same ("12.5", "1000").
std::string FormatQuantity(double q);

// A lot with what its page shows.
struct LotView {
  Lot lot;
  Product product;
  std::vector<Site> growing_areas;
  std::optional<Site> packing_house;
  std::vector<StoredEvent> events;  // naming the lot, oldest first
  std::string scan_path;            // the public page: "/01/{gtin}/10/{lot}" or "/p/{code}/l/{lot}"
};

// A lot in a list, with its product's name.
struct LotListItem {
  Lot lot;
  std::string product_name;
  std::string product_code;
};

// Who may see which lots: producers their own products', provincial and commune officers their
// area's, the national office, inspectors and laboratories all.
bool MayViewLotsOf(const Principal& who, const Product& product);
// Producers record lots.
bool MayRecordLots(Role role);

class LotService {
 public:
  LotService(Store& store, EpcisService& epcis, const Clock& clock, LotSettings settings);

  // Records a lot: checks every rule (field violations under "product_id", "code",
  // "harvest_from", "harvest_to", "quantity", "unit", "growing_areas", "packing_house"), captures
  // the ObjectEvent and returns the lot it made. Nothing is stored on refusal. Errors:
  // PermissionDenied when `who` is no producer; InvalidArgument for a rule; AlreadyExists
  // ("error.lot.duplicate") for a lot code the product has already.
  Result<Lot> Record(const Principal& who, const LotInput& input);

  // Records a transformation (fields "inputs[i].lot_id", "inputs[i].quantity", "outputs[i].…",
  // "packing_house"): every input lot is the producer's, active, in a quantity > 0 and not over its
  // own; outputs follow Record's rules. Returns the output lots.
  Result<std::vector<Lot>> Transform(const Principal& who, const TransformationInput& input);

  // NotFound ("error.lot.not_found") when no lot has this id or `who` may not see it.
  Result<LotView> Get(const Principal& who, std::int64_t id) const;
  // The lots `who` may see, newest first, at most `limit`.
  Result<std::vector<LotListItem>> List(const Principal& who, std::int64_t limit = 200) const;
  // The products a producer may record lots of (their own), by name.
  Result<std::vector<Product>> OwnProducts(const Principal& who) const;

  // The growing areas and packing houses a producer may name on a lot (their own), by code.
  Result<std::vector<Site>> OwnSites(const Principal& who) const;

  const LotSettings& settings() const { return settings_; }

 private:
  Store& store_;
  EpcisService& epcis_;
  const Clock& clock_;
  LotSettings settings_;
};

}  // namespace ocop::domain

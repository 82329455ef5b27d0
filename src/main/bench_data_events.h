// EPCIS 2.0 JSON-LD of the events `ocop bench-data` planned
// (bench_data_plan.h): harvests (ObjectEvent ADD with ILMD), transformations,
// pallets packed and unpacked, shipments with sourceList, destinationList and
// a despatch advice, receipts and observations, each with a urn:uuid eventID
// drawn from the seed and the event's place in time order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "main/bench_data_plan.h"

namespace ocop::app::bench_data {

// The "@context" of every generated document.
inline constexpr const char* kContext =
    "[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"]";

class EventWriter {
 public:
  // `base_url` completes the /p/ lot URLs of products without a GTIN.
  EventWriter(const Plan& plan, std::uint64_t seed, std::string base_url);

  // The lot number (AI 10) of lot `lot`: "B" and eight digits.
  static std::string LotCode(std::size_t lot);
  // The lot's class id: a GS1 Digital Link for a product with a GTIN, else
  // the platform's /p/ lot URL (domain::Resolver::LotIdOf, the contract).
  std::string LotId(std::size_t lot) const;
  // A pallet's SSCC URN.
  std::string PalletId(std::size_t pallet) const;
  // urn:ocop:site:{code} for a site, the partner's SGLN URN for a partner.
  std::string LocationId(std::int32_t location) const;
  // Appends event number `ordinal` (its place in time order) to `out`.
  void Append(const PlannedEvent& e, std::size_t ordinal, std::string& out) const;

 private:
  void Head(std::string& out, const char* type, std::int64_t ms, std::size_t ordinal,
            const char* action, const char* biz_step, const char* disposition) const;
  void Where(std::string& out, int read_point, int biz_location) const;
  void Quantity(std::string& out, std::size_t lot, std::int64_t grams) const;
  static void Time(std::string& out, std::int64_t ms);
  // A version-4-shaped UUID drawn from the seed and the event's ordinal.
  void Uuid(std::string& out, std::size_t ordinal) const;

  const Plan& plan_;
  std::uint64_t seed_;
  std::string base_url_;
};

}  // namespace ocop::app::bench_data

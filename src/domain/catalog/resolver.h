// The resolver behind every QR code on a package (GS1 Digital Link): which
// product, producer, certificate and lot history a scanned address names.
// Two address forms lead here: the Digital Link of a GTIN
// (/01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}]) and, for the many OCOP
// products without a GTIN, the platform's own /p/{product_code}[/l/{lot}].
// Thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/status.h"
#include "domain/catalog/page_cache.h"
#include "domain/certification/certificate_record.h"
#include "domain/store.h"
#include "domain/traceability/recall_repository.h"
#include "domain/traceability/repositories.h"
#include "gs1/digital_link.h"

namespace ocop::domain {

// What an address names. Exactly one of `gtin` and `product_code` is set.
struct ItemKey {
  std::string gtin;          // 14 digits (a Digital Link's AI 01, padded)
  std::string product_code;  // the OCOP product code of a /p/ address
  std::string cpv;           // AI 22, consumer product variant
  std::string lot;           // AI 10, or the lot of a /p/ address
  std::string serial;        // AI 21
};

// The ItemKey of a parsed Digital Link whose primary key is a GTIN;
// InvalidArgument "error.resolver.unsupported_key" (arg ai) for other keys,
// whose data the platform does not hold.
Result<ItemKey> ItemKeyOf(const gs1::DigitalLink& link);

// The file a label address asks for: ".../label.svg", ".png" or ".pdf".
enum class LabelFormat { kNone, kSvg, kPng, kPdf };

// A scanned address, taken apart.
struct ItemAddress {
  ItemKey key;
  std::vector<gs1::AiValue> attributes;  // the Digital Link's data attributes (17, 7007, …)
  std::vector<std::pair<std::string, std::string>> other_query;  // linkType, lang, …
  LabelFormat label = LabelFormat::kNone;
};

// Parses the path `segments` (each decoded, without empty ones) and the
// decoded `query` pairs of a request for "/01/…" (any GS1 Digital Link path
// whose key the platform holds) or "/p/{code}[/l/{lot}]", either optionally
// followed by a "label.{svg,png,pdf}" segment. Errors: InvalidArgument with
// the Digital Link parser's catalogue key (check digit, lot over 20
// characters, qualifier order, month 13, …) or "error.resolver.bad_code" for
// a /p/ code that is no product code; a /p/ lot follows the rules of AI 10.
// NotFound "error.not_found" for any other shape (an unknown label file).
Result<ItemAddress> ParseItemAddress(const std::vector<std::string>& segments,
                                     const std::vector<std::pair<std::string, std::string>>& query);

// The path of an item's page, percent-encoded: "/01/{gtin}[/22/…][/10/…][/21/…]"
// or "/p/{code}[/l/{lot}]".
std::string ItemPath(const ItemKey& key);

// A date a lot carries, from its label (the Digital Link's data attributes)
// or from the events recorded for it (ilmd).
enum class LotDateKind { kProduction, kPackaging, kHarvest, kBestBefore, kSellBy, kExpiry };
std::string_view LotDateKindId(LotDateKind kind);  // "production", "best_before", …

struct LotDate {
  LotDateKind kind = LotDateKind::kProduction;
  CivilDate date;
  std::optional<CivilDate> until;  // the end of a harvest period
};

// The dates of AI 11 (production), 13 (packaging), 15 (best before),
// 16 (sell by), 17 (expiry) and 7007 (harvest, a day or a period) among a
// Digital Link's data attributes. GS1 dates are YYMMDD: the century is the
// one that puts the year within 49 years before and 50 after `today`'s
// (GS1 General Specifications 7.12), and day 00 means the month's last day.
// Values that are not such dates are skipped (the parser has linted them).
std::vector<LotDate> LotDatesOf(const std::vector<gs1::AiValue>& attributes, CivilDate today);

// Adds `d` unless a date of the same kind is there already (the label's
// dates come first and win over the events').
void AddLotDate(std::vector<LotDate>& dates, LotDate d);

// Everything the public page of a product or lot shows.
struct ItemView {
  Product product;
  Producer producer;
  std::optional<Certificate> certificate;  // the product's newest, if any
  CertificateState state{};                // of `certificate` today
  // The identifier EPCIS events name the lot (or the serialised item) by:
  // "https://id.gs1.org/01/{gtin}/10/{lot}" or "{base_url}/p/{code}/l/{lot}";
  // "" when the address names no lot or serial.
  std::string lot_id;
  std::vector<StoredEvent> events;  // in which the lot or item appears, oldest first
  // Resolver::Stamp of the view's product and of `event_keys` (the exact
  // canonical keys of the identifiers whose events it shows), read in the
  // view's snapshot; "" when a page of the view is not to be kept (an
  // identifier that is a prefix, or events not read).
  std::string stamp;
  std::vector<std::string> event_keys;
  // Recalls (open, then closed; newest first) naming the lot or item; on a
  // product's page, those naming any of its lots (with their codes). The
  // page stamp covers them: opening and closing a recall changes it.
  std::vector<LotRecallMark> recalls;
};

class Resolver {
 public:
  Resolver(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The view of `key`. NotFound "error.resolver.unknown_gtin" (arg gtin) or
  // "error.resolver.unknown_product" (arg code) when the platform holds no
  // such product; a lot nobody recorded events for is not an error (the page
  // says so). `base_url` is the platform's public address, which names the
  // lots of /p/ addresses. Reads the registry, the certificates and at most
  // `max_events` events per identifier (none for 0) in one snapshot: a scan
  // is the platform's hottest path, and one snapshot is both cheaper and
  // consistent (the events are found as EpcisService::EventsForId finds them).
  Result<ItemView> Resolve(const ItemKey& key, const std::string& base_url,
                           std::size_t max_events = 50) const;

  // The identifier described at ItemView::lot_id, for a serial when there is
  // one, else for the lot.
  static std::string LotIdOf(const ItemKey& key, const std::string& base_url);

  // Today's date and ProductRepository::PageStamp of `product_id` and
  // `event_keys`, in one statement: equal to an ItemView's stamp exactly
  // while a page made from that view is still the page Resolve would give
  // (its certificate's state included). "" when the product is gone.
  Result<std::string> Stamp(std::int64_t product_id,
                            const std::vector<std::string>& event_keys) const;

  // Pages made from views, for the web layer to keep and check (see
  // page_cache.h); one per resolver, so per store.
  PageCache& pages() const { return pages_; }

  CivilDate Today() const { return CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds()); }

 private:
  Store& store_;
  const Clock& clock_;
  mutable PageCache pages_;
};

}  // namespace ocop::domain

// Port of the recalls store: recalls with the lots they name, their affected
// records, destinations (notices with a confirmation token), producer notices
// and closure. Used inside one Store transaction; not thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/traceability/recall.h"

namespace ocop::domain {

// Which recalls List returns: every non-empty criterion must hold.
struct RecallFilter {
  std::string province_code;     // of the named lots' producer
  std::int64_t producer_id = 0;  // 0: any
  std::vector<RecallStatus> statuses;
  std::int64_t limit = 200;
};

// What an affected record cites: a stored EPCIS event by its seq, with its
// JSON (for the quantities and business transactions it names).
struct EventReference {
  std::int64_t seq = 0;
  std::string event_id;
  std::int64_t event_time_ms = 0;
  std::string json;
  std::string context_json;  // of the document it came in ("" when none)
};

// A recall as the public scan page of one of its lots shows it.
struct LotRecallMark {
  std::string number;
  RecallStatus status = RecallStatus::kOpen;
  RecallReason reason = RecallReason::kFailedTest;
  std::int64_t opened_at_ms = 0, closed_at_ms = 0;
  std::vector<std::string> lot_codes;  // of the product's lots it names (RecallsOfProduct only)
};

class RecallRepository {
 public:
  virtual ~RecallRepository() = default;

  // Stores a new recall with its named lots and gives it its number
  // ("TH-{year of the earliest of opened/proposed}-{id, 6 digits}"); returns
  // the id. The given id, number and version are ignored (version starts at 1).
  virtual Result<std::int64_t> Insert(const Recall& recall) = 0;
  // Stores a proposed recall unless one exists for the same lot and reference:
  // returns its id, or 0 when one did (nothing changes).
  virtual Result<std::int64_t> InsertProposal(const Recall& recall) = 0;
  virtual Result<std::optional<Recall>> Get(std::int64_t id) = 0;
  virtual Result<std::optional<Recall>> FindByNumber(const std::string& number) = 0;
  // Newest first.
  virtual Result<std::vector<Recall>> List(const RecallFilter& filter) = 0;
  // Writes every field but id and number, and the named lots, if the stored
  // version is `recall.version`; then bumps it. NotFound when no such recall,
  // Aborted ("error.version.stale") when the version moved on.
  virtual Status Update(const Recall& recall) = 0;

  // Appends affected records (batched statements).
  virtual Status InsertRecords(std::int64_t recall_id, std::span<const RecallRecord> records) = 0;
  // In the order they were inserted.
  virtual Result<std::vector<RecallRecord>> ListRecords(std::int64_t recall_id) = 0;

  // Stores unconfirmed destinations (location ids and tokens unique); ids
  // come back in order.
  virtual Result<std::vector<std::int64_t>> InsertDestinations(
      std::int64_t recall_id, std::span<const RecallDestination> destinations) = 0;
  // Ordered by location id.
  virtual Result<std::vector<RecallDestination>> ListDestinations(std::int64_t recall_id) = 0;
  // The recall and destination ids of a confirmation token.
  virtual Result<std::optional<std::pair<std::int64_t, std::int64_t>>> FindDestinationByToken(
      const std::string& token) = 0;
  // Marks an unconfirmed destination confirmed; false when it was confirmed
  // already (nothing changes). NotFound when it is not the recall's.
  virtual Result<bool> ConfirmDestination(std::int64_t recall_id, std::int64_t destination_id,
                                          std::int64_t at_ms, std::int64_t by_user,
                                          const std::string& note) = 0;

  virtual Status InsertNotices(std::span<const RecallNotice> notices) = 0;
  // A producer's recall notices, newest first.
  virtual Result<std::vector<RecallNotice>> NoticesFor(std::int64_t producer_id,
                                                       std::int64_t limit) = 0;

  // The open and closed recalls whose affected records name the object
  // `lot_key` (canonical key), newest first.
  virtual Result<std::vector<LotRecallMark>> RecallsOfKey(const std::string& lot_key) = 0;
  // Open and closed recalls naming any lot of `product_id` among their
  // records, newest first, with those lots' codes.
  virtual Result<std::vector<LotRecallMark>> RecallsOfProduct(std::int64_t product_id) = 0;

  // The references of the stored EPCIS events with these seqs (any order;
  // unknown seqs are left out). One statement per 500 seqs.
  virtual Result<std::vector<EventReference>> EventReferences(
      std::span<const std::int64_t> seqs) = 0;
};

}  // namespace ocop::domain

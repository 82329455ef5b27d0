// Ports the EPCIS 2.0 repository needs from storage (Kho sự kiện truy xuất —
// the traceability event repository): captured events with their indexed
// identifiers, the deduplicated JSON-LD contexts and the capture jobs. Used
// inside one Store transaction; not thread-safe on their own.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {

// GS1-Capture-Error-Behaviour of the REST binding.
enum class CaptureErrorBehaviour { kRollback, kProceed };
inline std::string_view CaptureErrorBehaviourId(CaptureErrorBehaviour b) {
  return b == CaptureErrorBehaviour::kProceed ? "proceed" : "rollback";
}
inline std::optional<CaptureErrorBehaviour> ParseCaptureErrorBehaviour(std::string_view id) {
  if (id == "rollback") return CaptureErrorBehaviour::kRollback;
  if (id == "proceed") return CaptureErrorBehaviour::kProceed;
  return std::nullopt;
}

// One event refused by a capture: its index in the document's eventList, the
// field inside the event ("" for the whole event) and why.
struct CaptureError {
  std::int64_t index = 0;
  std::string field;
  Message message;
};

// A capture job (POST /epcis/capture or /epcis/events). Capture runs to its
// end before the request is answered, so a stored job is never running.
struct CaptureJob {
  std::string id;  // public captureID: an opaque random token
  std::int64_t user_id = 0;
  std::string username;
  CaptureErrorBehaviour behaviour = CaptureErrorBehaviour::kRollback;
  bool running = false;
  bool success = false;            // no event was refused
  std::int64_t created_at_ms = 0;  // UTC milliseconds
  std::int64_t finished_at_ms = 0;
  std::int64_t event_count = 0;     // events in the document
  std::int64_t captured_count = 0;  // events stored
  std::vector<CaptureError> errors;
  std::string document;  // the request body exactly as received
};

// A stored event. `event` carries the indexed scalar fields (event_id, type,
// action, biz_step, disposition, event_time_ms) and `json`; read_point and
// biz_location hold their canonical keys (gs1::CanonicalEpc); the identifier
// lists (epcs, classes, biz_transactions, sources_destinations) and the time
// zone offset are left empty: they are in `json`.
struct StoredEvent {
  std::int64_t seq = 0;  // insertion order, equal to commit order
  std::int64_t record_time_ms = 0;
  gs1::epcis::Event event;
  std::string context_json;  // the "@context" of the document it came in ("" when none)
};

// Role codes of the identifier index: EpcRole values as they are, ClassRole
// values plus kClassRoleBase, so that one index holds both.
inline constexpr std::uint8_t kClassRoleBase = 10;

// One set of identifiers that an event must mention in one of `roles`
// (the MATCH_* parameters). A key with `is_prefix` matches every key that
// starts with it (EPC patterns).
struct IdMatch {
  std::vector<std::uint8_t> roles;
  std::vector<std::string> keys;
  std::vector<bool> is_prefix;  // parallel to keys
};

struct BizTransactionMatch {
  std::string type;  // CBV short name or URI
  std::vector<std::string> ids;
};

// A simple event query: every non-empty criterion must hold; values within
// one criterion are alternatives. Results are in insertion order (seq),
// starting after `after_seq`, at most `limit`.
struct EventQuery {
  std::vector<gs1::epcis::EventType> types;
  std::vector<std::string> actions;
  std::vector<std::string> biz_steps;     // normalised like gs1::epcis::Event::biz_step
  std::vector<std::string> dispositions;  // likewise
  std::vector<std::string> read_points;   // canonical keys
  std::vector<std::string> biz_locations;
  std::vector<std::string> event_ids;
  std::optional<std::int64_t> ge_event_time_ms, lt_event_time_ms;
  std::optional<std::int64_t> ge_record_time_ms, lt_record_time_ms;
  std::vector<IdMatch> ids;
  std::vector<BizTransactionMatch> biz_transactions;
  std::int64_t after_seq = 0;
  std::int64_t limit = 30;
};

class EpcisRepository {
 public:
  virtual ~EpcisRepository() = default;

  // Serialises captures: called first in every capturing transaction, it
  // makes sequence order equal commit order (an advisory lock held to the
  // end of the transaction on PostgreSQL; SQLite has one writer).
  virtual Status LockForCapture() = 0;

  // The id of the stored context with this digest, inserting it if new.
  virtual Result<std::int64_t> PutContext(const std::string& sha256_hex,
                                          const std::string& context_json) = 0;

  // Which of `event_ids` are stored already.
  virtual Result<std::vector<std::string>> ExistingEventIds(
      std::span<const std::string> event_ids) = 0;

  // Appends `events` in order with consecutive seqs, their identifiers and
  // biz transactions; returns the first seq (0 when `events` is empty).
  // AlreadyExists ("error.epcis.duplicate_event") when an event id is taken;
  // the caller's transaction then rolls back.
  virtual Result<std::int64_t> InsertEvents(std::span<const gs1::epcis::Event> events,
                              std::int64_t record_time_ms, const std::string& job_id,
                              std::int64_t context_id) = 0;

  virtual Status InsertJob(const CaptureJob& job) = 0;
  virtual Result<std::optional<CaptureJob>> GetJob(const std::string& id) = 0;
  // Jobs newest first, without their documents; of one user unless `user_id` is 0.
  virtual Result<std::vector<CaptureJob>> ListJobs(std::int64_t user_id, std::int64_t offset,
                                                   std::int64_t limit) = 0;

  virtual Result<std::vector<StoredEvent>> Query(const EventQuery& query) = 0;
  virtual Result<std::optional<StoredEvent>> GetEvent(const std::string& event_id) = 0;
  // Events mentioning `key` (a canonical key, a prefix if `is_prefix`) in any
  // role, oldest event time first, at most `limit`.
  virtual Result<std::vector<StoredEvent>> EventsForKey(const std::string& key, bool is_prefix,
                                                        std::int64_t limit) = 0;
  virtual Result<std::int64_t> CountEvents() = 0;
};

}  // namespace ocop::domain

// Thu hồi sản phẩm — product recalls: the lots named, the affected set reached
// from them (forward trace, and the lots of the same growing areas and harvest
// window), the destinations notified and their confirmations, and closure.
// Plain values plus the one entry point other parts call (ProposeRecall).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace ocop::domain {

class Repositories;

// A recall proposed by another part (a failed lab report, helper F) for an
// officer to open. Stored as a recall in status "proposed".
struct RecallProposal {
  std::int64_t lot_id = 0;
  std::string reason_kind;  // "failed_test"
  std::string reference;    // the lab report number
  std::int64_t proposed_at_ms = 0;
};

// In the caller's transaction: stores `p` as a proposed recall of the lot. A
// second proposal for the same lot and reference changes nothing (Ok).
// InvalidArgument for an unknown reason kind or an empty reference, NotFound
// when the lot does not exist.
Status ProposeRecall(Repositories& r, const RecallProposal& p);

enum class RecallStatus { kProposed, kOpen, kClosed };
std::string_view RecallStatusId(RecallStatus s);  // "proposed", "open", "closed"
std::optional<RecallStatus> ParseRecallStatus(std::string_view id);

// Why a recall is opened.
enum class RecallReason { kFailedTest, kComplaint, kInspection };
std::string_view RecallReasonId(RecallReason r);  // "failed_test", "complaint", "inspection"
std::optional<RecallReason> ParseRecallReason(std::string_view id);

// Which lots beyond the forward trace are affected: those harvested on one of
// the named lots' growing areas within their harvest window ± window_days.
struct AreaRule {
  bool enabled = true;
  int window_days = 7;  // 0…90
};

// How a record came into the affected set.
enum class RecallReach { kNamed, kForward, kSameArea };
std::string_view RecallReachId(RecallReach r);  // "named", "forward", "same_area"
std::optional<RecallReach> ParseRecallReach(std::string_view id);

// One affected record (FSMA 204 key data elements): one critical tracking
// event of one affected object.
struct RecallRecord {
  std::string lot_key;      // canonical key of the object (trace-graph node)
  std::string lot_code;     // the traceability lot code ("" for a non-lot object)
  std::int64_t lot_id = 0;  // 0 when the object is no registered lot
  std::int64_t product_id = 0;
  std::string product_description;
  double quantity = 0;
  std::string unit;         // UN/ECE Rec 20
  std::string location_id;  // canonical key of the location
  std::string location_description;
  std::optional<CivilDate> date;  // of the event, in Vietnam
  std::string event_type;  // CTE: "harvesting", "initial_packing", "shipping", "transformation", …
  std::string reference_type;  // "epcis_event", or a CBV bizTransaction type ("desadv", "po", …)
  std::string reference_number;
  RecallReach reach = RecallReach::kForward;
};

// A location reached by a shipment of an affected object: it gets a notice and
// must confirm removal, by an officer on its behalf or through the link
// /recalls/confirm/{token} handed to it.
struct RecallDestination {
  std::int64_t id = 0;
  std::string location_id;  // canonical key
  std::string description;
  std::string token;  // of the confirmation link; only shown to who manages the recall
  std::int64_t notified_at_ms = 0;
  std::optional<std::int64_t> confirmed_at_ms;
  std::int64_t confirmed_by = 0;  // user id; 0 when confirmed through the token link
  std::string confirmation_note;
};

// A notice to a producer whose lots are affected (shown in its inbox).
struct RecallNotice {
  std::int64_t id = 0, recall_id = 0, producer_id = 0;
  std::string recall_number;
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> read_at_ms;
};

struct Recall {
  std::int64_t id = 0;
  std::string number;  // public: "TH-2026-000001"
  RecallStatus status = RecallStatus::kProposed;
  RecallReason reason = RecallReason::kFailedTest;
  std::string reason_text, reference;
  bool voluntary = false;  // opened by the producer on its own lots
  AreaRule rule;
  std::vector<std::int64_t> lot_ids;  // the lots named
  std::string province_code;          // of the named lots' producer
  std::int64_t producer_id = 0;       // of the named lots (the first one's)
  std::int64_t proposed_at_ms = 0, opened_at_ms = 0, closed_at_ms = 0;
  std::int64_t opened_by = 0, closed_by = 0;
  std::string close_report, close_justification;
  std::string event_id;  // the EPCIS recall event written on opening
  std::int64_t version = 1;
};

}  // namespace ocop::domain

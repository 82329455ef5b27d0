// Use cases of recalls (thu hồi): open one on lots (or from a proposal), which
// finds the affected set in the same transaction (the forward trace of each
// lot, plus the lots of the same growing areas harvested within the window and
// their forward traces), stores its FSMA 204 records and destinations, notifies
// the producers, marks the lots recalled and writes the recall EPCIS events;
// then destinations confirm removal, and the recall is closed with a report.
// Thread-safe (the store is).
//
// Who may do what:
//  - open: national admin and inspectors on any lot; provincial officers on
//    their province's products; a producer on its own lots (a voluntary recall);
//  - see: the same, plus a producer on recalls naming its products or that
//    sent it a notice; proposals are seen and opened by officers only;
//  - confirm a destination: officers who may open the recall (or anyone with
//    the destination's link); close: the same officers, or the producer of a
//    voluntary recall once every destination confirmed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/store.h"
#include "domain/traceability/lot.h"
#include "domain/traceability/recall.h"
#include "domain/traceability/recall_repository.h"

namespace ocop::domain {

struct RecallSettings {
  std::string base_url;            // completes "/p/…" lot links
  std::size_t max_nodes = 200000;  // a larger affected graph is refused
  std::size_t max_named_lots = 100;
};

// What an officer (or producer) asks for. `lots` are lot ids, scanned lot
// links (Digital Link, /p/ link) or EPC class URNs.
struct OpenRecallRequest {
  std::vector<std::string> lots;
  std::string reason;  // RecallReason id
  std::string reason_text, reference;
  AreaRule rule;
};

// A recall with what a page about it shows.
struct RecallDetail {
  Recall recall;
  std::vector<Lot> lots;  // the named lots
  std::vector<RecallRecord> records;
  std::vector<RecallDestination> destinations;  // tokens blanked unless may_manage
  bool may_manage = false;                      // confirm destinations, close
  std::size_t confirmed = 0;                    // destinations confirmed
};

// What a destination's confirmation link shows and does.
struct DestinationConfirmation {
  std::string recall_number;
  RecallStatus status = RecallStatus::kOpen;
  RecallDestination destination;  // without its token
  bool confirmed_now = false;     // false: it was confirmed before
};

class RecallService {
 public:
  RecallService(Store& store, const Clock& clock, RecallSettings settings);

  // Opens a recall. InvalidArgument with field violations ("lots", "lots[i]",
  // "reason", "reason_text", "reference", "window_days"); PermissionDenied
  // for a lot outside the caller's scope; FailedPrecondition
  // "error.recall.too_large" when the affected graph passes max_nodes.
  Result<Recall> Open(const Principal& who, const OpenRecallRequest& request);
  // Opens a proposed recall on its lot, reason and reference with the
  // request's reason text and rule (its lots and reason are ignored).
  // FailedPrecondition "error.recall.not_proposed" when it is not a proposal.
  Result<Recall> OpenProposal(const Principal& who, std::int64_t id,
                              const OpenRecallRequest& request);

  // The recalls the caller may see, newest first; `status` filters.
  Result<std::vector<Recall>> List(const Principal& who,
                                   std::optional<RecallStatus> status = std::nullopt) const;
  // NotFound "error.recall.not_found" also for a recall the caller may not see.
  Result<RecallDetail> Get(const Principal& who, std::int64_t id) const;
  Result<RecallDetail> GetByNumber(const Principal& who, const std::string& number) const;

  // Marks a destination's removal confirmed by an officer on its behalf.
  // FailedPrecondition "error.recall.not_open"; NotFound for an unknown
  // destination; Ok (nothing changes) when it was confirmed already.
  Status Confirm(const Principal& who, std::int64_t recall_id, std::int64_t destination_id,
                 const std::string& note);
  // The destination a confirmation link names (NotFound for an unknown token).
  Result<DestinationConfirmation> Destination(const std::string& token) const;
  // Confirms through the link.
  Result<DestinationConfirmation> ConfirmByToken(const std::string& token, const std::string& note);

  // Closes an open recall with a report. FailedPrecondition
  // "error.recall.unconfirmed" (with the field "justification") when a
  // destination has not confirmed and no officer's justification is given.
  Result<Recall> Close(const Principal& who, std::int64_t id, const std::string& report,
                       const std::string& justification);

  // The producer's recall notices (empty for other roles).
  Result<std::vector<RecallNotice>> Notices(const Principal& who) const;

 private:
  Result<Recall> OpenIn(Repositories& r, const Principal& who, Recall recall,
                        const std::vector<Lot>& named);
  Result<RecallDetail> Detail(Repositories& r, const Principal& who,
                              std::optional<Recall> recall) const;

  Store& store_;
  const Clock& clock_;
  RecallSettings settings_;
};

// Whether `who` may open a recall on a product of `province_code` made by
// `producer_id`.
bool MayRecall(const Principal& who, const std::string& province_code, std::int64_t producer_id);

}  // namespace ocop::domain

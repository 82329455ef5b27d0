// Recall value names and the proposal entry point.
#include "domain/traceability/recall.h"

#include "domain/store.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/recall_repository.h"

namespace ocop::domain {

std::string_view RecallStatusId(RecallStatus s) {
  switch (s) {
    case RecallStatus::kProposed:
      return "proposed";
    case RecallStatus::kOpen:
      return "open";
    case RecallStatus::kClosed:
      return "closed";
  }
  return "proposed";
}

std::optional<RecallStatus> ParseRecallStatus(std::string_view id) {
  for (RecallStatus s : {RecallStatus::kProposed, RecallStatus::kOpen, RecallStatus::kClosed}) {
    if (RecallStatusId(s) == id) return s;
  }
  return std::nullopt;
}

std::string_view RecallReasonId(RecallReason r) {
  switch (r) {
    case RecallReason::kFailedTest:
      return "failed_test";
    case RecallReason::kComplaint:
      return "complaint";
    case RecallReason::kInspection:
      return "inspection";
  }
  return "failed_test";
}

std::optional<RecallReason> ParseRecallReason(std::string_view id) {
  for (RecallReason r :
       {RecallReason::kFailedTest, RecallReason::kComplaint, RecallReason::kInspection}) {
    if (RecallReasonId(r) == id) return r;
  }
  return std::nullopt;
}

std::string_view RecallReachId(RecallReach r) {
  switch (r) {
    case RecallReach::kNamed:
      return "named";
    case RecallReach::kForward:
      return "forward";
    case RecallReach::kSameArea:
      return "same_area";
  }
  return "forward";
}

std::optional<RecallReach> ParseRecallReach(std::string_view id) {
  for (RecallReach r : {RecallReach::kNamed, RecallReach::kForward, RecallReach::kSameArea}) {
    if (RecallReachId(r) == id) return r;
  }
  return std::nullopt;
}

Status ProposeRecall(Repositories& r, const RecallProposal& p) {
  std::vector<FieldViolation> fields;
  const auto reason = ParseRecallReason(p.reason_kind);
  if (!reason) fields.push_back({"reason_kind", {"error.recall.reason_invalid", {}}});
  if (p.reference.empty() || p.reference.size() > 200) {
    fields.push_back({"reference", {"error.recall.reference_invalid", {}}});
  }
  if (!fields.empty()) return InvalidArgument("error.invalid_input", std::move(fields));
  OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot, r.lots().Get(p.lot_id));
  if (!lot) return NotFound("error.lot.not_found");
  OCOP_ASSIGN_OR_RETURN(std::optional<Product> product, r.products().Get(lot->product_id));
  if (!product) return NotFound("error.lot.not_found");
  Recall recall;
  recall.status = RecallStatus::kProposed;
  recall.reason = *reason;
  recall.reference = p.reference;
  recall.lot_ids = {lot->id};
  recall.province_code = product->province_code;
  recall.producer_id = product->fields.producer_id;
  recall.proposed_at_ms = p.proposed_at_ms;
  auto inserted = r.recalls().InsertProposal(recall);
  return inserted ? Status::Ok() : inserted.error();
}

}  // namespace ocop::domain

#include "domain/traceability/recall_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/crypto.h"
#include "core/text.h"
#include "domain/identity/audit.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/recall_events.h"
#include "domain/traceability/recall_records.h"
#include "domain/traceability/trace_service.h"
#include "gs1/digital_link.h"

namespace ocop::domain {
namespace {

constexpr std::size_t kMaxText = 4000;
constexpr std::size_t kMaxReference = 200;
constexpr int kMaxWindowDays = 90;

bool IsOfficer(Role role) {
  return role == Role::kNationalAdmin || role == Role::kInspector ||
         role == Role::kProvincialOfficer;
}

// Officers who may manage the recall (confirm, close, open a proposal).
bool MayManage(const Principal& who, const Recall& rc) {
  if (who.role == Role::kNationalAdmin || who.role == Role::kInspector) return true;
  return who.role == Role::kProvincialOfficer && rc.province_code == who.province_code;
}

bool MaySee(const Principal& who, const Recall& rc, bool noticed) {
  if (MayManage(who, rc)) return true;
  return who.role == Role::kProducer && rc.status != RecallStatus::kProposed &&
         (rc.producer_id == who.producer_id || noticed);
}

// A lot named by its registry id (digits, within an int64) rather than by an identifier.
bool IsLotNumberId(std::string_view s) { return text::IsDigits(s) && s.size() <= 18; }

// `s` without surrounding white space, as stored.
std::string Trimmed(std::string_view s) { return std::string(text::Trim(s)); }

Status AuditRecall(Repositories& r, std::int64_t now_ms, const Principal& who,
                   const std::string& action, const Recall& rc, std::string detail) {
  AuditEntry e;
  e.at = now_ms / 1000;
  e.actor = who.username.empty() ? "system" : who.username;
  e.action = action;
  e.subject = "recall:" + rc.number;
  e.detail = std::move(detail);
  return AppendAudit(r.audit(), std::move(e));
}

Status ValidateText(const OpenRecallRequest& q, bool text_required, FieldErrors& errors) {
  const std::string text = Trimmed(q.reason_text);
  if (text_required && text.empty()) errors.Add("reason_text", "error.recall.text_required");
  if (text.size() > kMaxText) errors.Add("reason_text", "error.recall.text_too_long");
  if (Trimmed(q.reference).size() > kMaxReference) {
    errors.Add("reference", "error.recall.reference_invalid");
  }
  if (q.rule.window_days < 0 || q.rule.window_days > kMaxWindowDays) {
    errors.Add("window_days", "error.recall.window_invalid");
  }
  return Status::Ok();
}

}  // namespace

bool MayRecall(const Principal& who, const std::string& province_code, std::int64_t producer_id) {
  switch (who.role) {
    case Role::kNationalAdmin:
    case Role::kInspector:
      return true;
    case Role::kProvincialOfficer:
      return !who.province_code.empty() && who.province_code == province_code;
    case Role::kProducer:
      return who.producer_id != 0 && who.producer_id == producer_id;
    default:
      return false;
  }
}

RecallService::RecallService(Store& store, const Clock& clock, RecallSettings settings)
    : store_(store), clock_(clock), settings_(std::move(settings)) {
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/') {
    settings_.base_url.pop_back();
  }
}

Result<Recall> RecallService::Open(const Principal& who, const OpenRecallRequest& q) {
  if (!IsOfficer(who.role) && who.role != Role::kProducer) {
    return Err(PermissionDenied("error.forbidden"));
  }
  FieldErrors errors;
  const auto reason = ParseRecallReason(q.reason);
  if (!reason) errors.Add("reason", "error.recall.reason_invalid");
  OCOP_RETURN_IF_ERROR(ValidateText(q, /*text_required=*/true, errors));
  std::vector<std::string> refs;
  for (const std::string& s : q.lots) {
    std::string t = Trimmed(s);
    if (!t.empty()) refs.push_back(std::move(t));
  }
  if (refs.empty()) errors.Add("lots", "error.recall.lots_required");
  if (refs.size() > settings_.max_named_lots) {
    errors.Add("lots", "error.recall.too_many_lots",
               {{"max", std::to_string(settings_.max_named_lots)}});
  }
  if (!errors.empty()) return Err(errors.ToStatus());

  Recall result;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    FieldErrors lot_errors;
    std::vector<Lot> named;
    for (std::size_t i = 0; i < refs.size(); ++i) {
      const std::string& ref = refs[i];
      std::optional<Lot> lot;
      if (IsLotNumberId(ref)) {
        OCOP_ASSIGN_OR_RETURN(lot, r.lots().Get(std::stoll(ref)));
      } else {
        const std::string id = ref.rfind("/p/", 0) == 0 ? settings_.base_url + ref : ref;
        OCOP_ASSIGN_OR_RETURN(lot, r.lots().FindByKey(gs1::CanonicalEpc(id).key));
      }
      if (!lot) {
        lot_errors.Add("lots[" + std::to_string(i) + "]", "error.recall.lot_unknown",
                       {{"lot", ref}});
        continue;
      }
      if (std::none_of(named.begin(), named.end(), [&](const Lot& l) { return l.id == lot->id; })) {
        named.push_back(std::move(*lot));
      }
    }
    if (!lot_errors.empty()) return lot_errors.ToStatus();
    Recall rc;
    rc.status = RecallStatus::kOpen;
    rc.reason = *reason;
    rc.reason_text = Trimmed(q.reason_text);
    rc.reference = Trimmed(q.reference);
    rc.rule = q.rule;
    rc.voluntary = who.role == Role::kProducer;
    for (const Lot& l : named) rc.lot_ids.push_back(l.id);
    OCOP_ASSIGN_OR_RETURN(result, OpenIn(r, who, std::move(rc), named));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return result;
}

Result<Recall> RecallService::OpenProposal(const Principal& who, std::int64_t id,
                                           const OpenRecallRequest& q) {
  if (!IsOfficer(who.role)) return Err(PermissionDenied("error.forbidden"));
  FieldErrors errors;
  OCOP_RETURN_IF_ERROR(ValidateText(q, /*text_required=*/false, errors));
  if (!errors.empty()) return Err(errors.ToStatus());
  Recall result;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().Get(id));
    if (!rc || !MayManage(who, *rc)) return NotFound("error.recall.not_found");
    if (rc->status != RecallStatus::kProposed)
      return FailedPrecondition("error.recall.not_proposed");
    std::vector<Lot> named;
    for (std::int64_t lot_id : rc->lot_ids) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot, r.lots().Get(lot_id));
      if (!lot) return NotFound("error.lot.not_found");
      named.push_back(std::move(*lot));
    }
    rc->status = RecallStatus::kOpen;
    if (!Trimmed(q.reason_text).empty()) rc->reason_text = Trimmed(q.reason_text);
    if (!Trimmed(q.reference).empty()) rc->reference = Trimmed(q.reference);
    rc->rule = q.rule;
    OCOP_ASSIGN_OR_RETURN(result, OpenIn(r, who, std::move(*rc), named));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return result;
}

// The affected set and everything opening writes, in the caller's transaction.
Result<Recall> RecallService::OpenIn(Repositories& r, const Principal& who, Recall rc,
                                     const std::vector<Lot>& named) {
  const std::int64_t now_ms = clock_.NowUnixSeconds() * 1000;
  // Scope: every named lot's product must be the caller's to recall.
  for (const Lot& l : named) {
    OCOP_ASSIGN_OR_RETURN(std::optional<Product> p, r.products().Get(l.product_id));
    if (!p) return Err(NotFound("error.lot.not_found"));
    if (!MayRecall(who, p->province_code, p->fields.producer_id)) {
      return Err(PermissionDenied("error.recall.lot_not_in_scope"));
    }
    if (rc.province_code.empty()) {
      rc.province_code = p->province_code;
      rc.producer_id = p->fields.producer_id;
    }
  }
  rc.opened_at_ms = now_ms;
  rc.opened_by = who.user_id;

  // Start keys: the named lots, then the lots of the same areas and window.
  std::unordered_map<std::string, Lot> lots;  // by key, every registered lot met
  std::unordered_map<std::string, RecallReach> reach;
  std::vector<std::string> starts;
  for (const Lot& l : named) {
    if (reach.emplace(l.key, RecallReach::kNamed).second) starts.push_back(l.key);
    lots.emplace(l.key, l);
  }
  if (rc.rule.enabled) {
    for (const Lot& l : named) {
      if (!l.harvest_from) continue;
      const CivilDate from = l.harvest_from->AddDays(-rc.rule.window_days);
      const CivilDate to = l.harvest_to.value_or(*l.harvest_from).AddDays(rc.rule.window_days);
      for (std::int64_t area : l.growing_area_ids) {
        OCOP_ASSIGN_OR_RETURN(std::vector<Lot> same, r.lots().ListByGrowingArea(area, from, to));
        for (Lot& s : same) {
          if (reach.emplace(s.key, RecallReach::kSameArea).second) starts.push_back(s.key);
          lots.emplace(s.key, std::move(s));
        }
      }
    }
  }
  OCOP_ASSIGN_OR_RETURN(TraceGraph graph,
                        TraceFrom(r, starts, TraceDirection::kForward, settings_.max_nodes));
  if (graph.truncated) {
    return Err(FailedPrecondition("error.recall.too_large")
                   .WithDetail(std::to_string(settings_.max_nodes)));
  }

  OCOP_ASSIGN_OR_RETURN(AffectedRecords affected, CollectAffected(r, graph, starts, reach, lots));
  const std::vector<RecallRecord>& records = affected.records;

  // The recall row first: its number names the events, notices and reasons.
  if (rc.id == 0) {
    OCOP_ASSIGN_OR_RETURN(rc.id, r.recalls().Insert(rc));
  } else {
    OCOP_RETURN_IF_ERROR(r.recalls().Update(rc));
  }
  OCOP_ASSIGN_OR_RETURN(std::optional<Recall> stored, r.recalls().Get(rc.id));
  if (!stored) return Err(Internal("recall vanished while opening"));
  rc.number = stored->number;
  rc.version = stored->version;

  OCOP_RETURN_IF_ERROR(r.recalls().InsertRecords(rc.id, records));
  std::vector<RecallDestination> destinations;
  for (auto& [key, description] : affected.destinations) {
    RecallDestination d;
    d.location_id = key;
    d.description = std::move(description);
    d.token = crypto::RandomToken(18);
    d.notified_at_ms = now_ms;
    destinations.push_back(std::move(d));
  }
  {
    auto ids = r.recalls().InsertDestinations(rc.id, destinations);
    if (!ids) return Err(ids.error());
  }
  std::vector<RecallNotice> notices;
  for (std::int64_t producer_id : affected.producers) {
    if (producer_id == 0) continue;
    notices.push_back({0, rc.id, producer_id, rc.number, now_ms, std::nullopt});
    OCOP_ASSIGN_OR_RETURN(std::optional<Producer> producer, r.producers().Get(producer_id));
    if (producer && !producer->fields.email.empty()) {
      OutboxMail m;
      m.dedupe_key = "recall:" + rc.number + ":" + std::to_string(producer_id);
      m.to_address = producer->fields.email;
      m.subject = "[OCOP] Thông báo thu hồi " + rc.number;
      m.body = "Sản phẩm của cơ sở có lô hàng thuộc diện thu hồi " + rc.number + " (ngày " +
               CivilDate::FromUnixInVietnam(now_ms / 1000).ToDisplay() +
               "). Vui lòng ngừng phân phối các lô hàng bị ảnh hưởng và xem chi tiết tại " +
               settings_.base_url + "/recalls/" + std::to_string(rc.id) + ".";
      m.created_at = now_ms / 1000;
      auto queued = r.notifications().Enqueue(m);  // false: sent for this recall already
      if (!queued) return Err(queued.error());
    }
  }
  OCOP_RETURN_IF_ERROR(r.recalls().InsertNotices(notices));
  for (const auto& [key, lot] : lots) {
    if (!reach.count(key)) continue;
    OCOP_RETURN_IF_ERROR(r.lots().SetStatus(lot.id, LotStatus::kRecalled, "recall " + rc.number));
  }
  const std::string document = RecallEventDocument(rc.number, affected.recalled, now_ms);
  OCOP_ASSIGN_OR_RETURN(rc.event_id, StoreRecallEvents(r, who, document, now_ms));
  OCOP_RETURN_IF_ERROR(r.recalls().Update(rc));
  rc.version += 1;
  std::string lots_named;
  for (const Lot& l : named) lots_named += (lots_named.empty() ? "" : ", ") + l.code;
  OCOP_RETURN_IF_ERROR(AuditRecall(r, now_ms, who, "recall.open", rc,
                                   std::string(RecallReasonId(rc.reason)) + "; lots " + lots_named +
                                       "; " + std::to_string(records.size()) + " records, " +
                                       std::to_string(destinations.size()) + " destinations"));
  return rc;
}

Result<RecallDetail> RecallService::Detail(Repositories& r, const Principal& who,
                                           std::optional<Recall> recall) const {
  if (!recall) return Err(NotFound("error.recall.not_found"));
  bool noticed = false;
  if (who.role == Role::kProducer && recall->producer_id != who.producer_id) {
    OCOP_ASSIGN_OR_RETURN(std::vector<RecallNotice> notices,
                          r.recalls().NoticesFor(who.producer_id, 1000));
    noticed = std::any_of(notices.begin(), notices.end(),
                          [&](const RecallNotice& n) { return n.recall_id == recall->id; });
  }
  if (!MaySee(who, *recall, noticed)) return Err(NotFound("error.recall.not_found"));
  RecallDetail d;
  d.recall = std::move(*recall);
  d.may_manage = MayManage(who, d.recall);
  for (std::int64_t id : d.recall.lot_ids) {
    OCOP_ASSIGN_OR_RETURN(std::optional<Lot> lot, r.lots().Get(id));
    if (lot) d.lots.push_back(std::move(*lot));
  }
  OCOP_ASSIGN_OR_RETURN(d.records, r.recalls().ListRecords(d.recall.id));
  OCOP_ASSIGN_OR_RETURN(d.destinations, r.recalls().ListDestinations(d.recall.id));
  for (RecallDestination& dest : d.destinations) {
    if (dest.confirmed_at_ms) ++d.confirmed;
    if (!d.may_manage) dest.token.clear();
  }
  return d;
}

Result<std::vector<Recall>> RecallService::List(const Principal& who,
                                                std::optional<RecallStatus> status) const {
  RecallFilter f;
  if (status) f.statuses = {*status};
  switch (who.role) {
    case Role::kNationalAdmin:
    case Role::kInspector:
      break;
    case Role::kProvincialOfficer:
      if (who.province_code.empty()) return std::vector<Recall>();
      f.province_code = who.province_code;
      break;
    case Role::kProducer:
      if (who.producer_id == 0) return std::vector<Recall>();
      break;
    default:
      return Err(PermissionDenied("error.forbidden"));
  }
  std::vector<Recall> out;
  Status s = store_.Read([&](Repositories& r) -> Status {
    out.clear();
    if (who.role != Role::kProducer) {
      OCOP_ASSIGN_OR_RETURN(out, r.recalls().List(f));
      return Status::Ok();
    }
    // A producer's own recalls and those that sent it a notice.
    f.producer_id = who.producer_id;
    OCOP_ASSIGN_OR_RETURN(std::vector<Recall> own, r.recalls().List(f));
    std::set<std::int64_t> ids;
    for (Recall& rc : own) {
      if (rc.status == RecallStatus::kProposed) continue;
      ids.insert(rc.id);
      out.push_back(std::move(rc));
    }
    OCOP_ASSIGN_OR_RETURN(std::vector<RecallNotice> notices,
                          r.recalls().NoticesFor(who.producer_id, 200));
    for (const RecallNotice& n : notices) {
      if (ids.count(n.recall_id)) continue;
      OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().Get(n.recall_id));
      if (!rc || (status && rc->status != *status)) continue;
      ids.insert(rc->id);
      out.push_back(std::move(*rc));
    }
    std::sort(out.begin(), out.end(), [](const Recall& a, const Recall& b) { return a.id > b.id; });
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

Result<RecallDetail> RecallService::Get(const Principal& who, std::int64_t id) const {
  RecallDetail d;
  Status s = store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().Get(id));
    OCOP_ASSIGN_OR_RETURN(d, Detail(r, who, std::move(rc)));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return d;
}

Result<RecallDetail> RecallService::GetByNumber(const Principal& who,
                                                const std::string& number) const {
  RecallDetail d;
  Status s = store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().FindByNumber(number));
    OCOP_ASSIGN_OR_RETURN(d, Detail(r, who, std::move(rc)));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return d;
}

Status RecallService::Confirm(const Principal& who, std::int64_t recall_id,
                              std::int64_t destination_id, const std::string& note) {
  const std::string text = Trimmed(note);
  if (text.size() > kMaxText) {
    return InvalidArgument("error.invalid_input", {{"note", {"error.recall.text_too_long", {}}}});
  }
  const std::int64_t now_ms = clock_.NowUnixSeconds() * 1000;
  return store_.Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().Get(recall_id));
    if (!rc || !MaySee(who, *rc, false)) return NotFound("error.recall.not_found");
    if (!MayManage(who, *rc)) return PermissionDenied("error.forbidden");
    if (rc->status != RecallStatus::kOpen) return FailedPrecondition("error.recall.not_open");
    OCOP_ASSIGN_OR_RETURN(bool changed, r.recalls().ConfirmDestination(recall_id, destination_id,
                                                                       now_ms, who.user_id, text));
    if (!changed) return Status::Ok();
    return AuditRecall(r, now_ms, who, "recall.confirm", *rc,
                       "destination " + std::to_string(destination_id));
  });
}

Result<DestinationConfirmation> RecallService::Destination(const std::string& token) const {
  DestinationConfirmation out;
  Status s = store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(auto ids, r.recalls().FindDestinationByToken(token));
    if (!ids) return NotFound("error.recall.unknown_link");
    OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().Get(ids->first));
    if (!rc) return NotFound("error.recall.unknown_link");
    OCOP_ASSIGN_OR_RETURN(std::vector<RecallDestination> all, r.recalls().ListDestinations(rc->id));
    for (RecallDestination& d : all) {
      if (d.id == ids->second) out.destination = std::move(d);
    }
    out.destination.token.clear();
    out.recall_number = rc->number;
    out.status = rc->status;
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

Result<DestinationConfirmation> RecallService::ConfirmByToken(const std::string& token,
                                                              const std::string& note) {
  const std::string text = Trimmed(note);
  if (text.size() > kMaxText) {
    return Err(
        InvalidArgument("error.invalid_input", {{"note", {"error.recall.text_too_long", {}}}}));
  }
  const std::int64_t now_ms = clock_.NowUnixSeconds() * 1000;
  bool changed = false;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(auto ids, r.recalls().FindDestinationByToken(token));
    if (!ids) return NotFound("error.recall.unknown_link");
    OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().Get(ids->first));
    if (!rc) return NotFound("error.recall.unknown_link");
    if (rc->status != RecallStatus::kOpen) return FailedPrecondition("error.recall.not_open");
    OCOP_ASSIGN_OR_RETURN(changed,
                          r.recalls().ConfirmDestination(ids->first, ids->second, now_ms, 0, text));
    if (!changed) return Status::Ok();
    Principal link;
    link.username = "link";
    return AuditRecall(r, now_ms, link, "recall.confirm", *rc,
                       "destination " + std::to_string(ids->second) + " through its link");
  });
  if (!s.ok()) return Err(s);
  OCOP_ASSIGN_OR_RETURN(DestinationConfirmation out, Destination(token));
  out.confirmed_now = changed;
  return out;
}

Result<Recall> RecallService::Close(const Principal& who, std::int64_t id,
                                    const std::string& report, const std::string& justification) {
  FieldErrors errors;
  const std::string text = Trimmed(report), why = Trimmed(justification);
  if (text.empty()) errors.Add("report", "error.recall.report_required");
  if (text.size() > kMaxText) errors.Add("report", "error.recall.text_too_long");
  if (why.size() > kMaxText) errors.Add("justification", "error.recall.text_too_long");
  if (!errors.empty()) return Err(errors.ToStatus());
  const std::int64_t now_ms = clock_.NowUnixSeconds() * 1000;
  Recall out;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Recall> rc, r.recalls().Get(id));
    if (!rc || !MaySee(who, *rc, false)) return NotFound("error.recall.not_found");
    const bool own_voluntary =
        who.role == Role::kProducer && rc->voluntary && rc->producer_id == who.producer_id;
    if (!MayManage(who, *rc) && !own_voluntary) return PermissionDenied("error.forbidden");
    if (rc->status != RecallStatus::kOpen) return FailedPrecondition("error.recall.not_open");
    OCOP_ASSIGN_OR_RETURN(std::vector<RecallDestination> dests,
                          r.recalls().ListDestinations(rc->id));
    const auto open = std::count_if(dests.begin(), dests.end(), [](const RecallDestination& d) {
      return !d.confirmed_at_ms.has_value();
    });
    if (open > 0) {
      // Only an officer may close over unconfirmed destinations, and says why.
      if (why.empty() || !MayManage(who, *rc)) {
        return Status(Code::kFailedPrecondition,
                      {"error.recall.unconfirmed", {{"count", std::to_string(open)}}},
                      {{"justification", {"error.recall.justification_required", {}}}});
      }
    }
    rc->status = RecallStatus::kClosed;
    rc->closed_at_ms = now_ms;
    rc->closed_by = who.user_id;
    rc->close_report = text;
    rc->close_justification = open > 0 ? why : "";
    OCOP_RETURN_IF_ERROR(r.recalls().Update(*rc));
    rc->version += 1;
    out = *rc;
    return AuditRecall(r, now_ms, who, "recall.close", *rc,
                       std::to_string(dests.size() - static_cast<std::size_t>(open)) + "/" +
                           std::to_string(dests.size()) + " destinations confirmed" +
                           (open > 0 ? "; justification: " + why : std::string()));
  });
  if (!s.ok()) return Err(s);
  return out;
}

Result<std::vector<RecallNotice>> RecallService::Notices(const Principal& who) const {
  std::vector<RecallNotice> out;
  if (who.role != Role::kProducer || who.producer_id == 0) return out;
  Status s = store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(out, r.recalls().NoticesFor(who.producer_id, 100));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return out;
}

}  // namespace ocop::domain

#include "domain/traceability/epcis_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/crypto.h"
#include "domain/traceability/capture_hooks.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/json_binding.h"

namespace ocop::domain {
namespace {

std::string ErrorField(const CaptureError& e) {
  std::string field = "eventList[" + std::to_string(e.index) + "]";
  if (!e.field.empty()) field += "." + e.field;
  return field;
}

Status DuplicateEvent(const std::string& event_id) {
  return AlreadyExists("error.epcis.duplicate_event").WithDetail(event_id);
}

// The document index of each of `events`, a subsequence of `parsed` (the
// valid events, whose document indexes are `index_of`).
std::vector<std::int64_t> DocumentIndexes(std::span<const gs1::epcis::Event> parsed,
                                          std::span<const gs1::epcis::Event> events,
                                          const std::vector<std::int64_t>& index_of) {
  std::vector<std::int64_t> out;
  std::size_t j = 0;
  for (const auto& e : events) {
    while (j < parsed.size() && parsed[j].event_id != e.event_id) ++j;
    out.push_back(j < parsed.size() ? index_of[j] : -1);
  }
  return out;
}

}  // namespace

bool MayCaptureEpcis(Role role) {
  return std::find(kEpcisCaptureRoles.begin(), kEpcisCaptureRoles.end(), role) !=
         kEpcisCaptureRoles.end();
}

EpcisService::EpcisService(Store& store, const Clock& clock, EpcisSettings settings)
    : store_(store), clock_(clock), settings_(settings) {}

Result<CaptureJob> EpcisService::CaptureDocument(const Principal& who, std::string document,
                                                 CaptureErrorBehaviour behaviour) {
  return Capture(who, std::move(document), behaviour, /*single_event_id=*/nullptr);
}

Result<std::string> EpcisService::CaptureEvent(const Principal& who, std::string body) {
  std::string event_id;
  auto job = Capture(who, std::move(body), CaptureErrorBehaviour::kRollback, &event_id);
  if (!job) return Err(job.error());
  return event_id;
}

// Parsing and validation happen before the transaction; the transaction body
// only reads the parsed events, so SqlStore may run it again.
Result<CaptureJob> EpcisService::Capture(const Principal& who, std::string document,
                                         CaptureErrorBehaviour behaviour,
                                         std::string* single_event_id) {
  const bool single_event = single_event_id != nullptr;
  if (!MayCaptureEpcis(who.role)) return Err(PermissionDenied("error.forbidden"));
  gs1::epcis::ParseLimits limits;
  limits.max_events = settings_.max_events_per_document;
  OCOP_ASSIGN_OR_RETURN(gs1::epcis::ParsedDocument parsed,
                        single_event ? gs1::epcis::ParseSingleEvent(document, limits)
                                     : gs1::epcis::ParseDocument(document, limits));

  // The document index of every valid event: the indexes no error names.
  std::set<std::size_t> invalid;
  std::vector<CaptureError> errors;
  for (const auto& e : parsed.errors) {
    invalid.insert(e.index);
    errors.push_back({static_cast<std::int64_t>(e.index), e.field, e.message});
  }
  std::vector<std::int64_t> index_of;
  for (std::size_t i = 0; index_of.size() < parsed.events.size(); ++i) {
    if (!invalid.count(i)) index_of.push_back(static_cast<std::int64_t>(i));
  }
  const std::int64_t event_count = static_cast<std::int64_t>(parsed.events.size() + invalid.size());

  // An id repeated inside the document is a duplicate like a stored one.
  std::vector<bool> keep(parsed.events.size(), true);
  std::unordered_map<std::string_view, std::size_t> first;
  for (std::size_t i = 0; i < parsed.events.size(); ++i) {
    if (first.emplace(parsed.events[i].event_id, i).second) continue;
    if (behaviour == CaptureErrorBehaviour::kRollback) {
      return Err(DuplicateEvent(parsed.events[i].event_id));
    }
    keep[i] = false;
    errors.push_back({index_of[i], "eventID", {"error.epcis.duplicate_event", {}}});
  }
  if (behaviour == CaptureErrorBehaviour::kRollback && !errors.empty()) {
    std::vector<FieldViolation> fields;
    for (const auto& e : errors) fields.push_back({ErrorField(e), e.message});
    return Err(InvalidArgument("error.epcis.invalid_events", std::move(fields)));
  }

  CaptureJob job;
  job.id = crypto::RandomToken(12);
  job.user_id = who.user_id;
  job.username = who.username;
  job.behaviour = behaviour;
  job.created_at_ms = clock_.NowUnixSeconds() * 1000;
  job.finished_at_ms = job.created_at_ms;
  job.event_count = event_count;
  job.document = std::move(document);
  const std::string context_digest =
      parsed.context_json.empty() ? "" : crypto::Sha256Hex(parsed.context_json);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < parsed.events.size(); ++i) {
    if (keep[i]) ids.push_back(parsed.events[i].event_id);
    // Locations are matched like EPCs: an SGLN URN and its Digital Link meet.
    gs1::epcis::Event& e = parsed.events[i];
    if (!e.read_point.empty()) e.read_point = gs1::CanonicalEpc(e.read_point).key;
    if (!e.biz_location.empty()) e.biz_location = gs1::CanonicalEpc(e.biz_location).key;
  }
  const bool keep_all = std::find(keep.begin(), keep.end(), false) == keep.end();

  CaptureJob stored;
  Status s = store_.Transact([&](Repositories& r) -> Status {
    stored = job;
    stored.errors = errors;
    OCOP_RETURN_IF_ERROR(r.epcis().LockForCapture());
    // On rollback, InsertEvents refuses a stored id itself (AlreadyExists, the
    // id as detail); only "proceed" needs to know which to leave out.
    std::vector<std::string> existing;
    if (behaviour != CaptureErrorBehaviour::kRollback) {
      OCOP_ASSIGN_OR_RETURN(existing, r.epcis().ExistingEventIds(ids));
    }
    // The parsed events themselves when all are stored, else a filtered copy.
    std::span<const gs1::epcis::Event> events = parsed.events;
    std::vector<gs1::epcis::Event> some;
    if (!keep_all || !existing.empty()) {
      const std::set<std::string_view> taken(existing.begin(), existing.end());
      for (std::size_t i = 0; i < parsed.events.size(); ++i) {
        if (!keep[i]) continue;
        if (taken.count(parsed.events[i].event_id)) {
          stored.errors.push_back({index_of[i], "eventID", {"error.epcis.duplicate_event", {}}});
          continue;
        }
        some.push_back(parsed.events[i]);
      }
      events = some;
    }
    // The trace rules judge the events against what is stored: a refusal
    // fails the capture under rollback and leaves that event out under proceed.
    OCOP_ASSIGN_OR_RETURN(std::vector<EventRefusal> refusals, CheckCapturedEvents(r, who, events));
    std::vector<gs1::epcis::Event> judged;
    if (!refusals.empty()) {
      const std::vector<std::int64_t> positions = DocumentIndexes(parsed.events, events, index_of);
      std::vector<bool> refused(events.size(), false);
      for (const auto& f : refusals) {
        refused[f.position] = true;
        stored.errors.push_back({positions[f.position], f.field, f.message});
      }
      if (behaviour == CaptureErrorBehaviour::kRollback) {
        std::vector<FieldViolation> fields;
        for (const auto& e : stored.errors) fields.push_back({ErrorField(e), e.message});
        return InvalidArgument("error.epcis.invalid_events", std::move(fields));
      }
      for (std::size_t i = 0; i < events.size(); ++i) {
        if (!refused[i]) judged.push_back(events[i]);
      }
      events = judged;
    }
    std::int64_t context_id = 0;
    if (!events.empty() && !context_digest.empty()) {
      OCOP_ASSIGN_OR_RETURN(context_id, r.epcis().PutContext(context_digest, parsed.context_json));
    }
    OCOP_ASSIGN_OR_RETURN(
        const std::int64_t first_seq,
        r.epcis().InsertEvents(events, stored.created_at_ms, stored.id, context_id));
    if (!events.empty()) OCOP_RETURN_IF_ERROR(OnEventsStored(r, who, events, first_seq));
    std::sort(stored.errors.begin(), stored.errors.end(),
              [](const CaptureError& a, const CaptureError& b) { return a.index < b.index; });
    stored.captured_count = static_cast<std::int64_t>(events.size());
    stored.success = stored.errors.empty();
    return r.epcis().InsertJob(stored);
  });
  if (!s.ok()) return Err(s);
  if (single_event) *single_event_id = parsed.events.front().event_id;
  return stored;
}

Result<CaptureJob> EpcisService::GetJob(const Principal& who, const std::string& id) const {
  std::optional<CaptureJob> job;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(job, r.epcis().GetJob(id));
    return Status::Ok();
  }));
  // Another user's job is as unknown as a missing one.
  if (!job || (job->user_id != who.user_id && who.role != Role::kNationalAdmin)) {
    return Err(NotFound("error.epcis.unknown_capture"));
  }
  return std::move(*job);
}

Result<std::vector<CaptureJob>> EpcisService::ListJobs(const Principal& who, std::int64_t offset,
                                                       std::int64_t limit) const {
  std::vector<CaptureJob> jobs;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(
        jobs,
        r.epcis().ListJobs(who.role == Role::kNationalAdmin ? 0 : who.user_id, offset, limit));
    return Status::Ok();
  }));
  return jobs;
}

Result<EventPage> EpcisService::Query(EventQuery query, std::string_view page_token) const {
  if (!page_token.empty()) {
    auto after = DecodePageToken(page_token);
    if (!after) {
      return Err(InvalidArgument("error.epcis.query_parameter",
                                 {{"nextPageToken", {"error.epcis.bad_page_token", {}}}}));
    }
    query.after_seq = *after;
  }
  query.limit = std::clamp<std::int64_t>(query.limit, 1, kMaxPerPage);
  const std::int64_t per_page = query.limit;
  query.limit = per_page + 1;  // one more tells whether a next page exists
  EventPage page;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(page.events, r.epcis().Query(query));
    return Status::Ok();
  }));
  if (static_cast<std::int64_t>(page.events.size()) > per_page) {
    page.events.resize(static_cast<std::size_t>(per_page));
    page.next_token = EncodePageToken(page.events.back().seq);
  }
  return page;
}

Result<StoredEvent> EpcisService::GetEvent(const std::string& event_id) const {
  std::optional<StoredEvent> event;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(event, r.epcis().GetEvent(event_id));
    return Status::Ok();
  }));
  if (!event) return Err(NotFound("error.epcis.unknown_event"));
  return std::move(*event);
}

Result<std::vector<StoredEvent>> EpcisService::EventsForId(std::string_view id,
                                                           std::size_t limit) const {
  gs1::CanonicalId key = gs1::CanonicalEpc(id);
  std::vector<StoredEvent> events;
  if (key.key.empty() || limit == 0) return events;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(
        events, r.epcis().EventsForKey(key.key, key.is_prefix, static_cast<std::int64_t>(limit)));
    return Status::Ok();
  }));
  return events;
}

Result<std::int64_t> EpcisService::CountEvents() const {
  std::int64_t n = 0;
  OCOP_RETURN_IF_ERROR(store_.Read([&](Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(n, r.epcis().CountEvents());
    return Status::Ok();
  }));
  return n;
}

}  // namespace ocop::domain

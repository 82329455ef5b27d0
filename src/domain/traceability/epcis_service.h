// Use cases of the EPCIS 2.0 repository (GS1 EPCIS 2.0, REST binding): the
// capture of documents and single events with the rollback|proceed error
// behaviours, capture jobs, simple event queries with stable paging, events by
// id and by EPC. Capture runs to its end before returning. Thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/store.h"
#include "domain/traceability/event_query.h"
#include "domain/traceability/repositories.h"

namespace ocop::domain {

// The capture right: producers (their own events), laboratories (test
// results) and the national programme office.
bool MayCaptureEpcis(Role role);
inline constexpr std::array<Role, 3> kEpcisCaptureRoles = {Role::kProducer, Role::kLaboratory,
                                                           Role::kNationalAdmin};

struct EpcisSettings {
  std::size_t max_events_per_document = 10000;  // more: ResourceExhausted
};

// One page of a query: `next_token` is "" on the last page.
struct EventPage {
  std::vector<StoredEvent> events;
  std::string next_token;
};

class EpcisService {
 public:
  EpcisService(Store& store, const Clock& clock, EpcisSettings settings = {});

  // Captures an EPCISDocument. Errors (nothing stored, no job kept):
  // InvalidArgument when the body is not an EPCIS document, or under
  // rollback when an event is invalid (field violations "eventList[i].<field>");
  // ResourceExhausted over the event limit; AlreadyExists
  // ("error.epcis.duplicate_event", detail the event id) under rollback when
  // an event id is stored already or repeated. Under proceed, invalid and
  // duplicate events are reported in the returned job and the rest stored.
  Result<CaptureJob> CaptureDocument(const Principal& who, std::string document,
                                     CaptureErrorBehaviour behaviour);
  // Captures one event object; returns its event id (given or computed).
  // InvalidArgument with field violations, or AlreadyExists as above.
  Result<std::string> CaptureEvent(const Principal& who, std::string body);

  // A job its capturer (or the national office) may see; NotFound else.
  Result<CaptureJob> GetJob(const Principal& who, const std::string& id) const;
  // The caller's jobs (all for the national office), newest first, without documents.
  Result<std::vector<CaptureJob>> ListJobs(const Principal& who, std::int64_t offset,
                                           std::int64_t limit) const;

  // Runs a query (see event_query.h): results in capture order, `limit` per
  // page, resuming after `page_token`. InvalidArgument for a bad token.
  Result<EventPage> Query(EventQuery query, std::string_view page_token) const;
  // NotFound ("error.epcis.unknown_event") when no event has this id.
  Result<StoredEvent> GetEvent(const std::string& event_id) const;
  // Events in which `id` (an EPC or class in any form; canonicalised with
  // gs1::CanonicalEpc) appears in any role, oldest event time first, at most `limit`.
  Result<std::vector<StoredEvent>> EventsForId(std::string_view id, std::size_t limit) const;
  Result<std::int64_t> CountEvents() const;

 private:
  Result<CaptureJob> Capture(const Principal& who, std::string document,
                             CaptureErrorBehaviour behaviour, std::string* single_event_id);

  Store& store_;
  const Clock& clock_;
  EpcisSettings settings_;
};

}  // namespace ocop::domain

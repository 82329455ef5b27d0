// The records a recall keeps of what it affects (FSMA 204 key data
// elements: traceability lot code, product, quantity and unit, location,
// date, reference document): from the forward trace of the lots it starts
// from, one record per critical tracking event of each affected object
// (harvest and packing from the lot registry, transformations, aggregations
// and shipments from the stored events), the objects its EPCIS event names,
// the places shipped to and the producers to notify.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/store.h"
#include "domain/traceability/lot.h"
#include "domain/traceability/recall.h"
#include "domain/traceability/recall_events.h"
#include "domain/traceability/trace_service.h"

namespace ocop::domain {

struct AffectedRecords {
  std::vector<RecallRecord> records;
  std::vector<RecalledObject> recalled;  // what the recall's EPCIS event names
  // Each place the affected objects were shipped to, once, in trace order:
  // its canonical key and a description ("name (code)" of a site, else the id).
  std::vector<std::pair<std::string, std::string>> destinations;
  std::set<std::int64_t> producers;  // of the affected registered lots
};

// The records of `graph`, the forward trace from `starts`. `reach` holds how
// each start was reached and gains kForward for every object the trace
// adds; `lots` holds the registered lots known by key and gains those found.
// Reads in the caller's transaction, events in batches.
Result<AffectedRecords> CollectAffected(Repositories& r, const TraceGraph& graph,
                                        const std::vector<std::string>& starts,
                                        std::unordered_map<std::string, RecallReach>& reach,
                                        std::unordered_map<std::string, Lot>& lots);

}  // namespace ocop::domain

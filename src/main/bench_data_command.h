// `ocop bench-data`: fills a store with a synthetic national supply chain for
// the trace and recall benchmarks (issue 6, docs/benchmarks.md).
//
// At --scale 1.0: 20,000 products of ~5,700 producers, each producer with 1–4
// growing areas and a packing house, ~4,000 partners (distributors,
// supermarkets, exporters), 1,000,000 lots and exactly 10,000,000 EPCIS 2.0
// events over one year: harvests (ObjectEvent ADD with ILMD at a growing
// area), transformations (fan-in 2–5 input lots, fan-out 1–20 output lots,
// partial use of bulk lots shared across the producers of a province),
// pallets (AggregationEvent ADD/DELETE), shipments with sourceList and
// destinationList and their receipts, and observations (storing, inspecting,
// …) that bring the count to ten events a lot. Every count scales with
// --scale. Everything is drawn from --seed: the same seed gives the same
// products, lots, event ids and event contents on any freshly migrated store
// (product codes come from each commune's sequence, so products already in a
// commune shift them).
//
// Events are written as a capture writes them, in documents of --batch
// events, each in one transaction: parsed with gs1::epcis::ParseDocument,
// stored with EpcisRepository::InsertEvents, then OnEventsStored derives the
// trace links and lot rows exactly as for a real capture, and the capture
// job is recorded with its document. Products and producers are written
// through the registry repositories, sites through the site repository.
#pragma once

#include <map>
#include <string>

namespace ocop::app {

class Application;

// Runs `ocop bench-data` with the command's own flags (--scale, --seed,
// --batch, --manifest, --check). Returns the process exit code.
int BenchDataCommand(Application& app, const std::map<std::string, std::string>& flags);

}  // namespace ocop::app

#include "domain/traceability/trace_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/date.h"
#include "domain/traceability/trace_links.h"
#include "domain/traceability/trace_repository.h"
#include "gs1/epcis/event_facts.h"

namespace ocop::domain {
namespace {

using gs1::epcis::ClassRole;
using gs1::epcis::EpcRole;
using gs1::epcis::Event;
using gs1::epcis::EventType;

// "31/12/2025 14:05", in Asia/Ho_Chi_Minh as the pages show times.
std::string DisplayTime(std::int64_t ms) {
  const std::int64_t seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
  const std::int64_t local = seconds + 7 * 3600;
  std::int64_t of_day = local % 86400;
  if (of_day < 0) of_day += 86400;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(of_day / 3600),
                static_cast<int>(of_day / 60 % 60));
  return CivilDate::FromUnixInVietnam(seconds).ToDisplay() + " " + hm;
}

bool IsShipping(const Event& e) { return e.biz_step == "shipping" || e.biz_step == "departing"; }

std::vector<std::string> Keys(const Event& e, EpcRole epc, ClassRole cls) {
  std::vector<std::string> out;
  for (const auto& id : e.epcs) {
    if (id.role == static_cast<std::uint8_t>(epc)) out.push_back(id.key);
  }
  for (const auto& id : e.classes) {
    if (id.role == static_cast<std::uint8_t>(cls)) out.push_back(id.key);
  }
  return out;
}

bool HasClassRole(const Event& e, ClassRole role) {
  return std::any_of(e.classes.begin(), e.classes.end(),
                     [&](const auto& id) { return id.role == static_cast<std::uint8_t>(role); });
}

std::string Amount(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Output quantities above input quantities in one unit: the refusal, or nullopt.
std::optional<EventRefusal> CheckQuantities(const Event& e, std::size_t position) {
  if (!HasClassRole(e, ClassRole::kInput) || !HasClassRole(e, ClassRole::kOutput)) {
    return std::nullopt;
  }
  std::map<std::string, double> in, out;
  for (const auto& q : gs1::epcis::ReadEventFacts(e.json).quantities) {
    if (!q.has_quantity || q.uom.empty()) continue;
    if (q.role == static_cast<std::uint8_t>(ClassRole::kInput)) in[q.uom] += q.quantity;
    if (q.role == static_cast<std::uint8_t>(ClassRole::kOutput)) out[q.uom] += q.quantity;
  }
  for (const auto& [uom, produced] : out) {
    auto it = in.find(uom);
    if (it == in.end()) continue;
    // A relative tolerance for amounts written with decimals.
    if (produced > it->second * (1 + 1e-9) + 1e-9) {
      return EventRefusal{
          position,
          "outputQuantityList",
          {"error.trace.quantity_exceeds",
           {{"uom", uom}, {"input", Amount(it->second)}, {"output", Amount(produced)}}}};
    }
  }
  return std::nullopt;
}

// What the capture so far adds to the stored graph.
struct Pending {
  std::unordered_map<std::string, std::vector<std::string>> next;  // object links out of a key
};

// Whether a stored or pending object link leads from one of `from` to one of
// `targets` (the first such target), searching at most kMaxCycleSearchNodes.
Result<std::optional<std::pair<std::string, std::string>>> Reaches(
    Repositories& r, const Pending& pending, const std::vector<std::string>& from,
    const std::unordered_set<std::string>& targets) {
  using Found = std::optional<std::pair<std::string, std::string>>;
  // Each key reached remembers the output it was reached from.
  std::unordered_map<std::string, std::string> origin;
  std::vector<std::string> frontier;
  for (const auto& k : from) {
    if (origin.emplace(k, k).second) frontier.push_back(k);
  }
  while (!frontier.empty() && origin.size() < kMaxCycleSearchNodes) {
    std::vector<std::string> next;
    auto visit = [&](const std::string& from_key, const std::string& to_key) -> Found {
      const std::string& root = origin.at(from_key);
      if (targets.count(to_key)) return std::make_pair(root, to_key);
      if (origin.emplace(to_key, root).second) next.push_back(to_key);
      return std::nullopt;
    };
    for (const auto& k : frontier) {
      auto it = pending.next.find(k);
      if (it == pending.next.end()) continue;
      for (const auto& to : it->second) {
        if (Found f = visit(k, to)) return f;
      }
    }
    OCOP_ASSIGN_OR_RETURN(std::vector<TraceNodeRow> nodes, r.trace().FindNodes(frontier));
    std::unordered_map<std::int64_t, std::string> key_of;
    std::vector<std::int64_t> ids;
    for (auto& n : nodes) {
      if (n.kind != TraceNodeKind::kObject) continue;
      ids.push_back(n.id);
      key_of.emplace(n.id, std::move(n.key));
    }
    if (!ids.empty()) {
      OCOP_ASSIGN_OR_RETURN(std::vector<TraceEdgeRow> edges, r.trace().Edges(ids, true));
      for (const auto& e : edges) {
        if (e.kind != TraceLinkKind::kTransformation && e.kind != TraceLinkKind::kAggregation) {
          continue;
        }
        if (Found f = visit(key_of.at(e.near_id), e.far_key)) return f;
      }
    }
    frontier = std::move(next);
  }
  return Found{};
}

}  // namespace

Status CheckTraceRules(Repositories& r, std::span<const Event> events,
                       std::vector<EventRefusal>& refusals) {
  // The creation times of every object a shipment names, in one lookup.
  std::vector<std::string> shipped;
  for (const auto& e : events) {
    if (!IsShipping(e)) continue;
    for (auto& k : ObjectsNamed(e)) shipped.push_back(std::move(k));
  }
  std::unordered_map<std::string, std::int64_t> stored_created;
  if (!shipped.empty()) {
    std::sort(shipped.begin(), shipped.end());
    shipped.erase(std::unique(shipped.begin(), shipped.end()), shipped.end());
    OCOP_ASSIGN_OR_RETURN(std::vector<TraceNodeRow> nodes, r.trace().FindNodes(shipped));
    for (const auto& n : nodes) {
      if (n.created_ms) stored_created.emplace(n.key, *n.created_ms);
    }
  }

  // Every creation the document states, wherever it stands in the list: a
  // shipment listed before the event that makes its goods is still too early.
  std::unordered_map<std::string, std::int64_t> document_created;
  if (!shipped.empty()) {
    DerivedLinks derived;
    for (const auto& e : events) DeriveLinks(e, 0, derived);
    for (const auto& c : derived.creations) {
      auto [it, added] = document_created.emplace(c.key, c.time_ms);
      if (!added) it->second = std::min(it->second, c.time_ms);
    }
  }

  // Transformations stated in parts: the sides stored under the ids this
  // capture names, then those of its accepted events (numbered after every
  // stored seq, so LinkTransformationSides takes them as the later ones).
  std::vector<TransformationSide> sides;
  {
    std::vector<TransformationSide> named;
    for (std::size_t i = 0; i < events.size(); ++i) TransformationSidesOf(events[i], 0, named);
    std::vector<std::string> ids;
    for (const auto& side : named) {
      if (std::find(ids.begin(), ids.end(), side.transformation_id) == ids.end()) {
        ids.push_back(side.transformation_id);
      }
    }
    if (!ids.empty()) {
      OCOP_ASSIGN_OR_RETURN(sides, r.trace().TransformationSides(ids));
    }
  }
  constexpr std::int64_t kCaptureSeq = std::int64_t{1} << 62;

  Pending pending;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    std::optional<EventRefusal> refusal;
    std::vector<TransformationSide> own_sides;
    TransformationSidesOf(e, kCaptureSeq + static_cast<std::int64_t>(i), own_sides);
    if (e.type == EventType::kTransformation) {
      refusal = CheckQuantities(e, i);
      auto inputs = Keys(e, EpcRole::kInput, ClassRole::kInput);
      auto all_outputs = Keys(e, EpcRole::kOutput, ClassRole::kOutput);
      // The whole transformation when this event states only part of it.
      if (!own_sides.empty()) {
        for (const auto& side : sides) {
          if (side.transformation_id != own_sides.front().transformation_id) continue;
          auto& to = side.output ? all_outputs : inputs;
          if (std::find(to.begin(), to.end(), side.key) == to.end()) to.push_back(side.key);
        }
      }
      std::vector<std::string> outputs;
      for (auto& o : all_outputs) {
        if (std::find(inputs.begin(), inputs.end(), o) == inputs.end()) outputs.push_back(o);
      }
      if (!refusal && !inputs.empty() && !outputs.empty()) {
        const std::unordered_set<std::string> targets(inputs.begin(), inputs.end());
        OCOP_ASSIGN_OR_RETURN(auto cycle, Reaches(r, pending, outputs, targets));
        if (cycle) {
          refusal = EventRefusal{
              i,
              "outputEPCList",
              {"error.trace.cycle", {{"output", cycle->first}, {"input", cycle->second}}}};
          if (std::none_of(e.epcs.begin(), e.epcs.end(), [&](const auto& id) {
                return id.role == static_cast<std::uint8_t>(EpcRole::kOutput) &&
                       id.key == cycle->first;
              })) {
            refusal->field = "outputQuantityList";
          }
          // The output another part states: the id that joins them is at fault.
          const auto own = Keys(e, EpcRole::kOutput, ClassRole::kOutput);
          if (std::find(own.begin(), own.end(), cycle->first) == own.end()) {
            refusal->field = "transformationID";
          }
        }
      }
    }
    if (!refusal && IsShipping(e)) {
      for (const auto& k : ObjectsNamed(e)) {
        std::optional<std::int64_t> made;
        if (auto it = stored_created.find(k); it != stored_created.end()) made = it->second;
        if (auto it = document_created.find(k); it != document_created.end()) {
          made = made ? std::min(*made, it->second) : it->second;
        }
        if (made && *made > e.event_time_ms) {
          refusal = EventRefusal{i,
                                 "eventTime",
                                 {"error.trace.shipped_before_made",
                                  {{"id", k},
                                   {"shipped", DisplayTime(e.event_time_ms)},
                                   {"made", DisplayTime(*made)}}}};
          break;
        }
      }
    }
    if (refusal) {
      refusals.push_back(std::move(*refusal));
      continue;
    }
    // An accepted event counts for the ones after it.
    DerivedLinks derived;
    DeriveLinks(e, 0, derived);
    if (!own_sides.empty()) {
      sides.insert(sides.end(), own_sides.begin(), own_sides.end());
      LinkTransformationSides(own_sides, sides, derived);
    }
    for (const auto& l : derived.links) {
      if (l.kind == TraceLinkKind::kTransformation || l.kind == TraceLinkKind::kAggregation) {
        pending.next[l.from_key].push_back(l.to_key);
      }
    }
  }
  return Status::Ok();
}

}  // namespace ocop::domain

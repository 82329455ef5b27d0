#include "domain/traceability/recall_records.h"

#include <algorithm>
#include <tuple>

#include "domain/traceability/lot_repository.h"
#include "domain/traceability/recall_repository.h"
#include "domain/traceability/site_repository.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/event_facts.h"
#include "gs1/epcis/json_binding.h"

namespace ocop::domain {
namespace {

// Whether a canonical key names a class of objects (a lot) rather than one.
bool IsClassKey(std::string_view key) {
  if (key.find("/p/") != std::string_view::npos && key.find("/l/") != std::string_view::npos) {
    return true;
  }
  return key.find("/01/") != std::string_view::npos && key.find("/10/") != std::string_view::npos &&
         key.find("/21/") == std::string_view::npos;
}

CivilDate DateOfMs(std::int64_t ms) {
  return CivilDate::FromUnixInVietnam(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
}

// The stored event object with its document's "@context" put back, as a
// single event must carry one to be read.
std::string WithContext(const EventReference& ref) {
  if (ref.context_json.empty() || ref.json.size() < 2 || ref.json.front() != '{') return ref.json;
  std::string out = "{\"@context\":" + ref.context_json;
  if (ref.json != "{}") out += ",";
  out.append(ref.json, 1, std::string::npos);
  return out;
}

// Looks things up once per opening: products, sites, stored events.
class Lookups {
 public:
  explicit Lookups(Repositories& r) : r_(r) {}

  Result<const Product*> ProductOf(std::int64_t id) {
    auto it = products_.find(id);
    if (it == products_.end()) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Product> p, r_.products().Get(id));
      it = products_.emplace(id, std::move(p)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // "name (code)" of a site, else the location id itself.
  Result<std::string> Describe(const std::string& location_id) {
    auto it = places_.find(location_id);
    if (it != places_.end()) return it->second;
    OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, r_.sites().FindByLocationId(location_id));
    std::string d = site ? site->fields.name + " (" + site->fields.code + ")" : location_id;
    places_.emplace(location_id, d);
    return d;
  }

  Result<std::optional<Site>> SiteById(std::int64_t id) { return r_.sites().Get(id); }

  // Fetches the stored events of `seqs` in batches and parses them once.
  Status LoadEvents(std::vector<std::int64_t> seqs) {
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    OCOP_ASSIGN_OR_RETURN(std::vector<EventReference> refs, r_.recalls().EventReferences(seqs));
    for (EventReference& ref : refs) {
      Event e;
      e.event_id = ref.event_id;
      e.time_ms = ref.event_time_ms;
      e.facts = gs1::epcis::ReadEventFacts(ref.json);
      // The parse gives the business transactions and locations; an event
      // whose extensions need its document's context is cited by id alone.
      auto parsed = gs1::epcis::ParseSingleEvent(WithContext(ref));
      if (parsed && !parsed->events.empty()) {
        const gs1::epcis::Event& pe = parsed->events.front();
        if (!pe.biz_transactions.empty()) {
          e.bt_type = pe.biz_transactions.front().type;
          e.bt_id = pe.biz_transactions.front().id;
        }
        e.location = !pe.biz_location.empty() ? pe.biz_location : pe.read_point;
        if (!e.location.empty()) e.location = gs1::CanonicalEpc(e.location).key;
      }
      events_.emplace(ref.seq, std::move(e));
    }
    return Status::Ok();
  }

  struct Event {
    std::string event_id;
    std::int64_t time_ms = 0;
    gs1::epcis::EventFacts facts;
    std::string bt_type, bt_id, location;
  };
  const Event* EventAt(std::int64_t seq) const {
    auto it = events_.find(seq);
    return it == events_.end() ? nullptr : &it->second;
  }

 private:
  Repositories& r_;
  std::unordered_map<std::int64_t, std::optional<Product>> products_;
  std::unordered_map<std::string, std::string> places_;
  std::unordered_map<std::int64_t, Event> events_;
};

void Cite(RecallRecord& rec, const Lookups::Event* e, const std::string& fallback_event_id) {
  if (e != nullptr && !e->bt_id.empty()) {
    rec.reference_type = e->bt_type.empty() ? "document" : e->bt_type;
    rec.reference_number = e->bt_id;
    return;
  }
  rec.reference_type = "epcis_event";
  rec.reference_number = e != nullptr ? e->event_id : fallback_event_id;
}

}  // namespace

Result<AffectedRecords> CollectAffected(Repositories& r, const TraceGraph& graph,
                                        const std::vector<std::string>& starts,
                                        std::unordered_map<std::string, RecallReach>& reach,
                                        std::unordered_map<std::string, Lot>& lots) {
  // The affected objects in trace order, and the edges that make records.
  std::vector<std::string> objects;
  for (const TraceNode& n : graph.nodes) {
    if (n.kind != TraceNodeKind::kObject) continue;
    objects.push_back(n.key);
    reach.emplace(n.key, RecallReach::kForward);
  }
  for (const std::string& k : starts) {
    if (std::find(objects.begin(), objects.end(), k) == objects.end()) objects.push_back(k);
  }
  std::unordered_map<std::string, std::vector<const TraceEdge*>> edges_of;
  std::vector<std::int64_t> seqs;
  for (const TraceEdge& e : graph.edges) {
    // Shipments are the shipped object's; transformations and aggregations
    // the output's (parent's), which they made.
    const std::string& owner = e.kind == TraceLinkKind::kShipment ? e.from_key : e.to_key;
    if (e.kind == TraceLinkKind::kOrigin) continue;
    edges_of[owner].push_back(&e);
    seqs.push_back(e.event_seq);
  }
  Lookups look(r);
  OCOP_RETURN_IF_ERROR(look.LoadEvents(std::move(seqs)));

  AffectedRecords out;
  std::vector<RecallRecord>& records = out.records;
  std::vector<RecalledObject>& recalled = out.recalled;
  std::vector<std::string> destination_keys;
  std::set<std::int64_t>& producers = out.producers;
  for (const std::string& key : objects) {
    auto lit = lots.find(key);
    if (lit == lots.end()) {
      OCOP_ASSIGN_OR_RETURN(std::optional<Lot> found, r.lots().FindByKey(key));
      if (found) lit = lots.emplace(key, std::move(*found)).first;
    }
    const Lot* lot = lit == lots.end() ? nullptr : &lit->second;
    RecallRecord base;
    base.lot_key = key;
    base.reach = reach.at(key);
    const Product* product = nullptr;
    if (lot != nullptr) {
      base.lot_code = lot->code;
      base.lot_id = lot->id;
      base.product_id = lot->product_id;
      base.quantity = lot->quantity;
      base.unit = lot->unit;
      OCOP_ASSIGN_OR_RETURN(product, look.ProductOf(lot->product_id));
      if (product != nullptr) {
        base.product_description = product->fields.name + " (" + product->code + ")";
        producers.insert(product->fields.producer_id);
      }
      recalled.push_back({lot->epc_id, true, lot->quantity, lot->unit});
      // Harvest and initial packing, from the lot itself.
      std::vector<std::pair<std::int64_t, const char*>> origins;
      for (std::int64_t a : lot->growing_area_ids) origins.emplace_back(a, "harvesting");
      if (lot->packing_house_id != 0)
        origins.emplace_back(lot->packing_house_id, "initial_packing");
      for (const auto& [site_id, cte] : origins) {
        OCOP_ASSIGN_OR_RETURN(std::optional<Site> site, look.SiteById(site_id));
        RecallRecord rec = base;
        rec.event_type = cte;
        rec.date = lot->harvest_from;
        if (site) {
          rec.location_id = site->location_id;
          rec.location_description = site->fields.name + " (" + site->fields.code + ")";
        }
        rec.reference_type = "epcis_event";
        rec.reference_number = lot->event_id;
        records.push_back(std::move(rec));
      }
      if (origins.empty()) {
        RecallRecord rec = base;
        rec.event_type = "creation";
        rec.date = lot->harvest_from;
        rec.reference_type = "epcis_event";
        rec.reference_number = lot->event_id;
        records.push_back(std::move(rec));
      }
    } else {
      recalled.push_back({key, IsClassKey(key), 0, ""});
    }
    // One record per event, kind and place (a shipment to two places is two).
    std::set<std::tuple<std::int64_t, int, std::string>> cited;
    auto eit = edges_of.find(key);
    if (eit == edges_of.end()) {
      if (lot == nullptr) {
        RecallRecord rec = base;
        rec.event_type = "observation";
        records.push_back(std::move(rec));
      }
      continue;
    }
    for (const TraceEdge* e : eit->second) {
      const std::string place = e->kind == TraceLinkKind::kShipment ? e->to_key : "";
      if (!cited.emplace(e->event_seq, static_cast<int>(e->kind), place).second) continue;
      const Lookups::Event* ev = look.EventAt(e->event_seq);
      RecallRecord rec = base;
      rec.date = DateOfMs(e->event_time_ms);
      if (ev != nullptr) {
        for (const auto& qe : ev->facts.quantities) {
          if (qe.key == key && qe.has_quantity) {
            rec.quantity = qe.quantity;
            rec.unit = qe.uom;
            break;
          }
        }
      }
      if (e->kind == TraceLinkKind::kShipment) {
        rec.event_type = "shipping";
        rec.location_id = e->to_key;
        if (std::find(destination_keys.begin(), destination_keys.end(), e->to_key) ==
            destination_keys.end()) {
          destination_keys.push_back(e->to_key);
        }
      } else {
        rec.event_type =
            e->kind == TraceLinkKind::kTransformation ? "transformation" : "aggregation";
        rec.location_id = ev != nullptr ? ev->location : "";
      }
      if (!rec.location_id.empty()) {
        OCOP_ASSIGN_OR_RETURN(rec.location_description, look.Describe(rec.location_id));
      }
      Cite(rec, ev, "");
      records.push_back(std::move(rec));
    }
  }

  for (const std::string& key : destination_keys) {
    OCOP_ASSIGN_OR_RETURN(std::string description, look.Describe(key));
    out.destinations.emplace_back(key, std::move(description));
  }
  return out;
}

}  // namespace ocop::domain

#include "domain/traceability/recall_events.h"

#include <set>

#include "core/crypto.h"
#include "domain/traceability/capture_hooks.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/json_binding.h"
#include "gs1/epcis/value_formats.h"

namespace ocop::domain {
namespace {

// A JSON string literal of UTF-8 `s` (the domain has no JSON library; the
// parser checks the result).
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string RecallBizTransactionId(const std::string& recall_number) {
  return "urn:ocop:recall:" + recall_number;
}

std::string RecallEventDocument(const std::string& recall_number,
                                const std::vector<RecalledObject>& objects, std::int64_t at_ms,
                                std::size_t per_event) {
  const std::string time = gs1::epcis::FormatUtcMs(at_ms);
  std::vector<const RecalledObject*> unique;
  std::set<std::string_view> seen;
  for (const RecalledObject& o : objects) {
    if (seen.insert(o.epc).second) unique.push_back(&o);
  }
  std::string doc =
      "{\"@context\":[\"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld\"],"
      "\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":" +
      Quote(time) + ",\"epcisBody\":{\"eventList\":[";
  if (per_event == 0) per_event = 1;
  for (std::size_t first = 0; first < unique.size(); first += per_event) {
    const std::size_t end = std::min(unique.size(), first + per_event);
    std::string epcs, classes;
    for (std::size_t i = first; i < end; ++i) {
      const RecalledObject& o = *unique[i];
      if (!o.is_class) {
        epcs += (epcs.empty() ? "" : ",") + Quote(o.epc);
        continue;
      }
      classes += (classes.empty() ? "{" : ",{") + std::string("\"epcClass\":") + Quote(o.epc);
      if (o.quantity > 0) {
        classes += ",\"quantity\":" + gs1::epcis::FormatNumber(o.quantity);
        if (!o.unit.empty()) classes += ",\"uom\":" + Quote(o.unit);
      }
      classes += "}";
    }
    if (first > 0) doc += ",";
    doc += "{\"type\":\"ObjectEvent\",\"eventTime\":" + Quote(time) +
           ",\"eventTimeZoneOffset\":\"+07:00\",\"epcList\":[" + epcs + "]";
    if (!classes.empty()) doc += ",\"quantityList\":[" + classes + "]";
    doc +=
        ",\"action\":\"OBSERVE\",\"bizStep\":\"holding\",\"disposition\":\"recalled\","
        "\"bizTransactionList\":[{\"type\":" +
        Quote(kRecallBizTransactionType) +
        ",\"bizTransaction\":" + Quote(RecallBizTransactionId(recall_number)) + "}]}";
  }
  return doc + "]}}";
}

Result<std::string> StoreRecallEvents(Repositories& r, const Principal& who,
                                      const std::string& document, std::int64_t at_ms) {
  auto parsed = gs1::epcis::ParseDocument(document);
  if (!parsed) return Err(Internal("recall event document: " + parsed.error().ToString()));
  if (!parsed->errors.empty()) {
    const auto& e = parsed->errors.front();
    return Err(Internal("recall event invalid at " + e.field + ": " + e.message.key));
  }
  if (parsed->events.empty()) return std::string();
  for (gs1::epcis::Event& e : parsed->events) {
    if (!e.read_point.empty()) e.read_point = gs1::CanonicalEpc(e.read_point).key;
    if (!e.biz_location.empty()) e.biz_location = gs1::CanonicalEpc(e.biz_location).key;
  }
  OCOP_RETURN_IF_ERROR(r.epcis().LockForCapture());
  CaptureJob job;
  job.id = crypto::RandomToken(12);
  job.user_id = who.user_id;
  job.username = who.username;
  job.behaviour = CaptureErrorBehaviour::kRollback;
  job.created_at_ms = at_ms;
  job.finished_at_ms = at_ms;
  job.event_count = static_cast<std::int64_t>(parsed->events.size());
  job.captured_count = job.event_count;
  job.success = true;
  job.document = document;
  std::int64_t context_id = 0;
  if (!parsed->context_json.empty()) {
    OCOP_ASSIGN_OR_RETURN(context_id, r.epcis().PutContext(crypto::Sha256Hex(parsed->context_json),
                                                           parsed->context_json));
  }
  OCOP_ASSIGN_OR_RETURN(const std::int64_t first_seq,
                        r.epcis().InsertEvents(parsed->events, at_ms, job.id, context_id));
  OCOP_RETURN_IF_ERROR(OnEventsStored(r, who, parsed->events, first_seq));
  OCOP_RETURN_IF_ERROR(r.epcis().InsertJob(job));
  return parsed->events.front().event_id;
}

}  // namespace ocop::domain

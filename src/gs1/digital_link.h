// GS1 Digital Link URIs (GS1 Digital Link standard 1.x, URI syntax) and their
// conversion to and from EPC URNs (GS1 EPC Tag Data Standard), validated
// against the Application Identifier table of the GS1 Barcode Syntax
// Dictionary (ai_dictionary.h). Pure code.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace ocop::gs1 {

// One AI and its value, decoded (no percent-encoding).
struct AiValue {
  std::string ai;     // "01", "10", "7007"
  std::string value;  // "09506000134352", "LOT-1"
};

// A parsed Digital Link: the primary key, its key qualifiers in path order and
// the data attributes of the query string. Values are decoded; GTINs are kept
// as written (8, 12, 13 or 14 digits are only valid padded to 14 in a URI).
struct DigitalLink {
  std::string prefix;  // scheme, host and custom path prefix: "https://id.example.vn/ocop"
  AiValue primary;     // {"01", "09506000134352"}
  std::vector<AiValue> qualifiers;  // {"22",…}, {"10","LOT-1"}, {"21","S1"} in the order written
  std::vector<AiValue>
      attributes;  // query AIs that the dictionary allows as data attributes ("17", "7007", "15")
  std::vector<std::pair<std::string, std::string>>
      other_query;  // non-AI parameters ("linkType", …)
};

// Parses an absolute Digital Link URI ("https://host[/prefix]/01/…") or, with
// an empty prefix, a path ("/01/…"). Rejections are InvalidArgument with a
// catalogue key that says why (check digit of AI 01, lot over 20 characters,
// character outside CSET 82, qualifier out of order, month 13, …) and the AI
// as an argument.
Result<DigitalLink> ParseDigitalLink(std::string_view uri);

// The URI for `link` under `link.prefix` (or "https://id.gs1.org" when empty):
// path segments and query values percent-encoded, qualifiers in the order
// given. Call only with a link that ParseDigitalLink would accept.
std::string BuildDigitalLink(const DigitalLink& link);

// The canonical key of any EPC or class identifier used by the EPCIS
// repository, so that an EPC URN and the Digital Link of the same thing match:
//   urn:epc:id:sgtin:0614141.107346.2018     -> https://id.gs1.org/01/10614141073464/21/2018
//   urn:epc:class:lgtin:4012345.012345.998877 -> https://id.gs1.org/01/04012345123456/10/998877
//   urn:epc:id:sscc:…, sgln, grai, giai, gsrn, … -> the Digital Link of the same key
//   any Digital Link (any host or prefix)      -> https://id.gs1.org/<path>, GTIN padded to 14,
//                                                 query dropped
//   urn:epc:idpat:sgtin:4012345.066666.*      -> "https://id.gs1.org/01/04012345666663/21/" with
//                                                 `is_prefix` set (matches every serial)
//   anything else (a platform URL, a private URN) -> unchanged
struct CanonicalId {
  std::string key;
  bool is_prefix = false;
};
CanonicalId CanonicalEpc(std::string_view id);

// EPC URN of a Digital Link that carries a serialised or lot-level key
// (sgtin, lgtin class, sscc, sgln, grai, giai, gsrn, …). The GS1 company
// prefix length is not in a Digital Link, so the caller gives it (6–12).
Result<std::string> DigitalLinkToEpcUrn(const DigitalLink& link, int company_prefix_length);

// The Digital Link (under https://id.gs1.org) of an EPC URN.
Result<std::string> EpcUrnToDigitalLink(std::string_view urn);

}  // namespace ocop::gs1

// The simple event query language of EPCIS 2.0 (§8.2.7.1) as the REST
// binding carries it in query parameters, read into an EventQuery: CBV values
// in any form normalised, EPCs and classes in any form canonicalised
// (gs1::CanonicalEpc, patterns as prefixes), times as RFC 3339. Pure code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "domain/traceability/repositories.h"

namespace ocop::domain {

inline constexpr std::int64_t kDefaultPerPage = 30;
inline constexpr std::int64_t kMaxPerPage = 1000;
// Values in one query, all parameters together: each is a statement
// parameter, and the engines cap those (a longer list is InvalidArgument).
inline constexpr std::size_t kMaxQueryValues = 500;

// Reads `params` (name, value; a parameter may repeat, and a value may list
// several values separated by "|", the binding's pipeDelimited style, or by
// commas in eventType, EQ_action, EQ_bizStep and EQ_disposition only: ids,
// EPCs and URIs may hold commas). Unknown parameters and bad values are
// InvalidArgument ("error.epcis.query_parameter") naming the parameter as
// the field. "nextPageToken" is returned in `page_token`.
Result<EventQuery> ParseEventQuery(const std::vector<std::pair<std::string, std::string>>& params,
                                   std::string& page_token);

// The CBV short name of a bizStep, disposition or biz transaction type given
// as a bare name, a URN (urn:epcglobal:cbv:bizstep:shipping) or a Web URI
// (https://ref.gs1.org/cbv/BizStep-shipping); other URIs unchanged.
std::string NormaliseCbvValue(std::string_view value);

// RFC 3339 date-time ("2019-10-21T11:00:30.123+01:00" or "...Z") to UTC
// milliseconds since the epoch; nullopt if malformed.
std::optional<std::int64_t> ParseRfc3339Ms(std::string_view text);
// UTC milliseconds to "2019-10-21T10:00:30.123Z".
std::string FormatRfc3339Ms(std::int64_t ms);

// Opaque page tokens over the insertion sequence.
std::string EncodePageToken(std::int64_t after_seq);
std::optional<std::int64_t> DecodePageToken(std::string_view token);

}  // namespace ocop::domain

// The value formats of GS1's EPCIS 2.0 JSON Schema that JSON itself does not
// check: "date-time" (RFC 3339 with a mandatory offset), "uri" (RFC 3986, as
// ajv-formats reads it), the eventTimeZoneOffset pattern, units of measure and
// hexBinary. Pure functions on strings, shared by validation and the hash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocop::gs1::epcis {

// "2005-04-03T20:33:31.116000-06:00" → milliseconds since the epoch in UTC,
// the fraction rounded half up to the millisecond (CBV 2.0 hash rule 9).
// nullopt when not an RFC 3339 date-time with "Z" or an offset, or when the
// date does not exist (month 13, 30 February).
std::optional<std::int64_t> ParseDateTimeMs(std::string_view text);

// "2005-04-04T02:33:31.116Z": UTC with exactly three fraction digits.
std::string FormatUtcMs(std::int64_t ms);

// "+07:00", "-06:00", "+14:00": ^[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)$.
bool IsTimeZoneOffset(std::string_view text);

// An absolute URI: a scheme, ':', then only characters RFC 3986 allows
// (percent-escapes well formed, at most one '#'). "example:myField" and
// "urn:epc:id:sgtin:…" are URIs; "myField" and "a b:c" are not.
bool IsUri(std::string_view text);

// ^[A-Z0-9]{2,3}$ (UN/ECE Recommendation 20 codes).
bool IsUom(std::string_view text);

// ^[A-Fa-f0-9]+$.
bool IsHexBinary(std::string_view text);

// ^\d+(\.\d+)*$ (schemaVersion).
bool IsVersion(std::string_view text);

// A JSON number as the event hash writes it: integers without a fraction,
// other values in their shortest round-trip form without trailing zeros
// ("1", "0.3434", "26.2"), as JavaScript's Number#toString prints them.
std::string FormatNumber(double value);

}  // namespace ocop::gs1::epcis

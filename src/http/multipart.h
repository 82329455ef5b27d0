// multipart/form-data bodies (RFC 7578 over RFC 2046): the form uploads of
// evidence files arrive this way. Pure code over the whole buffered body; the
// HTTP adapter bounds the body size before it gets here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ocop::http {

// One part of a multipart/form-data body.
struct MultipartPart {
  std::string name;          // form field name from Content-Disposition
  std::string filename;      // empty for plain fields; only the base name, path parts stripped
  std::string content_type;  // as declared by the client (informational only)
  std::string data;          // raw bytes
};

// Parses a multipart/form-data body (RFC 7578). `content_type` is the request's
// Content-Type header: its media type must be multipart/form-data and its
// `boundary` parameter (token or quoted string, 1–70 characters of RFC 2046's
// bchars, not ending in a space) delimits the parts.
//
// Delimiters are recognised only as "--boundary" at the very start of the body
// or as CRLF "--boundary", followed by optional spaces or tabs and CRLF (or
// "--" for the closing delimiter, then optional spaces or tabs and CRLF or the
// end of the body). Anything else that contains the boundary string is part
// data, so binary content (NUL bytes, "--" runs, a bare LF before the
// boundary) passes through unchanged. The preamble before the first delimiter
// and the epilogue after the closing one are ignored.
//
// Each part needs a header block ended by an empty line (a part whose headers
// end with CRLF right before the next delimiter has empty data, as RFC 2046
// allows) with exactly one `Content-Disposition: form-data; name="…"` (name not
// empty). Header names are case-insensitive; unknown headers are ignored;
// `filename*=` is accepted and ignored (RFC 7578 §4.2 forbids it). `filename`
// keeps only what follows the last '/' or '\', without control characters, and
// "." or ".." become empty: never use it as a path.
//
// Errors (InvalidArgument with message key):
//   "error.multipart.boundary"       not multipart/form-data, boundary missing,
//                                    duplicated, empty, > 70 chars or with bad characters;
//   "error.multipart.malformed"      no delimiter, no closing delimiter, a header block
//                                    not terminated, a header line without ':', a part
//                                    without a form-data Content-Disposition with a name;
//   "error.multipart.too_many_parts" more than `max_parts` parts.
//
// Reads only within `body`; time is linear in its size (times the boundary
// length, at most 74). Thread-safe (no shared state).
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view content_type,
                                                  std::string_view body,
                                                  std::size_t max_parts = 64);

}  // namespace ocop::http

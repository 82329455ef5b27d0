// The kind of an uploaded evidence file (hồ sơ minh chứng), decided from its
// bytes and never from its name or the client's declared Content-Type, so that
// what we store and serve back is what we say it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace ocop {

enum class FileKind { kPdf, kJpeg, kPng };

// "application/pdf", "image/jpeg", "image/png".
std::string_view FileKindMime(FileKind k);
// "pdf", "jpg", "png" (without the dot).
std::string_view FileKindExtension(FileKind k);

// The most bytes allowed after a file's end marker (PDF "%%EOF", JPEG EOI, PNG
// IEND): room for padding and small writer trailers, not for a second file
// appended to the first (a JPEG+ZIP polyglot, a phone's "motion photo" video).
inline constexpr std::size_t kMaxTrailingBytes = 1024;

// The kind of `bytes` by signature and minimal structure, or nullopt (HTML,
// scripts, SVG, ZIP, empty, truncated, anything else):
//   PDF:  starts with "%PDF-" and a version "d.d"; "%%EOF" lies wholly within the
//         last kMaxTrailingBytes bytes. The body between is not parsed.
//   JPEG: starts FF D8 FF; the marker segments are walked (lengths in bounds, an
//         SOF before the first SOS, entropy-coded data skipped with its stuffed
//         and RST bytes) up to the EOI marker FF D9, after which at most
//         kMaxTrailingBytes bytes may follow. An EXIF thumbnail inside APP1 is
//         skipped with its segment.
//   PNG:  the 8-byte signature, then an IHDR chunk of length 13 with valid
//         fields and CRC; the chunks are walked (lengths in bounds) to IEND with
//         at least one IDAT before it, after which at most kMaxTrailingBytes
//         bytes may follow. Only IHDR's CRC is checked.
// This is not a validator of the whole file: a decoder may still reject it.
// Linear time, reads only within `bytes`, thread-safe.
std::optional<FileKind> SniffFileKind(std::string_view bytes);

}  // namespace ocop

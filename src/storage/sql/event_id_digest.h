// The 64-bit digest that epcis_events.event_digest holds (migration 0003).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/crypto.h"

namespace ocop::storage {

// The first 8 bytes of the SHA-256 of an EPCIS event id, as a signed 64-bit
// integer. Events are found by their id through an index on this digest, an
// integer instead of the ~90-byte id text: the index is about a fifth of the
// size, so that at a million events it still fits the writer's page cache. Two
// ids may share a digest: every lookup also compares the id itself.
inline std::int64_t EventIdDigest(std::string_view event_id) {
  const std::string hex = crypto::Sha256Hex(event_id);
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    const char c = hex[i];
    v = (v << 4) | static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  return static_cast<std::int64_t>(v);
}

}  // namespace ocop::storage

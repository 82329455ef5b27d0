// Port of the the trace graph derived from epcis events store: The trace graph derived from EPCIS
// events: links between lots, pallets and locations. Used inside one Store transaction; not
// thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

class TraceRepository {
 public:
  virtual ~TraceRepository() = default;
};

}  // namespace ocop::domain

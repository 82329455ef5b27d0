// Port of the recalls store: Recalls: affected records, notices, confirmations, closure. Used
// inside one Store transaction; not thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

class RecallRepository {
 public:
  virtual ~RecallRepository() = default;
};

}  // namespace ocop::domain

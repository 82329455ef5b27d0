// Port of the lots of products store: Lots of products: harvest, quantity, origin and status. Used
// inside one Store transaction; not thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

class LotRepository {
 public:
  virtual ~LotRepository() = default;
};

}  // namespace ocop::domain

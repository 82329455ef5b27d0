// Port of the growing areas (mã số vùng trồng) and packing houses (mã số cơ sở đóng gói) store:
// Growing areas (mã số vùng trồng) and packing houses (mã số cơ sở đóng gói). Used inside one Store
// transaction; not thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

class SiteRepository {
 public:
  virtual ~SiteRepository() = default;
};

}  // namespace ocop::domain

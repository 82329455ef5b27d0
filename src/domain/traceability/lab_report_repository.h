// Port of the laboratory test reports on lots store: Laboratory test reports on lots. Used inside
// one Store transaction; not thread-safe on its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

class LabReportRepository {
 public:
  virtual ~LabReportRepository() = default;
};

}  // namespace ocop::domain

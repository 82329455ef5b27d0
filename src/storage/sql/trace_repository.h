// domain::TraceRepository in portable SQL (migrations 0004 and 0009).
#pragma once

#include "domain/traceability/trace_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlTraceRepository final : public domain::TraceRepository {
 public:
  explicit SqlTraceRepository(Connection& c) : c_(c) {}
  Result<std::vector<domain::TraceNodeRow>> FindNodes(std::span<const std::string> keys) override;
  Status AddLinks(std::span<const domain::TraceLinkRow> links,
                  std::span<const domain::TraceCreation> creations) override;
  Result<std::vector<domain::TraceEdgeRow>> Edges(std::span<const std::int64_t> node_ids,
                                                  bool outgoing) override;
  Result<std::vector<std::pair<std::int64_t, std::string>>> EventIds(
      std::span<const std::int64_t> seqs) override;
  Status AddTransformationSides(std::span<const domain::TransformationSide> sides) override;
  Result<std::vector<domain::TransformationSide>> TransformationSides(
      std::span<const std::string> ids) override;
  Result<std::int64_t> CountEdges() override;

 private:
  Connection& c_;
};

}  // namespace ocop::storage

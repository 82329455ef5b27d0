// domain::RecallRepository in portable SQL (tables of migration 0008_recalls).
#pragma once

#include "domain/traceability/recall_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlRecallRepository final : public domain::RecallRepository {
 public:
  explicit SqlRecallRepository(Connection& c) : c_(c) {}

  Result<std::int64_t> Insert(const domain::Recall& recall) override;
  Result<std::int64_t> InsertProposal(const domain::Recall& recall) override;
  Result<std::optional<domain::Recall>> Get(std::int64_t id) override;
  Result<std::optional<domain::Recall>> FindByNumber(const std::string& number) override;
  Result<std::vector<domain::Recall>> List(const domain::RecallFilter& filter) override;
  Status Update(const domain::Recall& recall) override;
  Status InsertRecords(std::int64_t recall_id,
                       std::span<const domain::RecallRecord> records) override;
  Result<std::vector<domain::RecallRecord>> ListRecords(std::int64_t recall_id) override;
  Result<std::vector<std::int64_t>> InsertDestinations(
      std::int64_t recall_id, std::span<const domain::RecallDestination> destinations) override;
  Result<std::vector<domain::RecallDestination>> ListDestinations(std::int64_t recall_id) override;
  Result<std::optional<std::pair<std::int64_t, std::int64_t>>> FindDestinationByToken(
      const std::string& token) override;
  Result<bool> ConfirmDestination(std::int64_t recall_id, std::int64_t destination_id,
                                  std::int64_t at_ms, std::int64_t by_user,
                                  const std::string& note) override;
  Status InsertNotices(std::span<const domain::RecallNotice> notices) override;
  Result<std::vector<domain::RecallNotice>> NoticesFor(std::int64_t producer_id,
                                                       std::int64_t limit) override;
  Result<std::vector<domain::LotRecallMark>> RecallsOfKey(const std::string& lot_key) override;
  Result<std::vector<domain::LotRecallMark>> RecallsOfProduct(std::int64_t product_id) override;
  Result<std::vector<domain::EventReference>> EventReferences(
      std::span<const std::int64_t> seqs) override;

 private:
  Result<std::optional<domain::Recall>> GetWhere(const char* column, Param value);
  Result<std::int64_t> InsertRow(const domain::Recall& recall, Param proposal_key);
  Status WriteLots(std::int64_t recall_id, const std::vector<std::int64_t>& lot_ids);
  Result<std::vector<std::int64_t>> LotsOf(std::int64_t recall_id);

  Connection& c_;
};

}  // namespace ocop::storage

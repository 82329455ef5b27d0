// domain::SiteRepository in portable SQL (tables of migration 0005_sites).
#pragma once

#include "domain/traceability/site_repository.h"
#include "storage/sql/connection.h"

namespace ocop::storage {

class SqlSiteRepository final : public domain::SiteRepository {
 public:
  explicit SqlSiteRepository(Connection& c) : c_(c) {}

  Result<std::int64_t> Insert(const domain::Site& site) override;
  Result<std::optional<domain::Site>> Get(std::int64_t id) override;
  Result<std::optional<domain::Site>> FindByCode(const std::string& code) override;
  Result<std::optional<domain::Site>> FindByLocationId(const std::string& location_id) override;
  Result<domain::Page<domain::Site>> List(const domain::SiteFilter& filter) override;
  Result<domain::UpdateOutcome> Update(const domain::Site& site,
                                       std::int64_t expected_version) override;
  Result<domain::UpdateOutcome> AddStatusChange(std::int64_t site_id,
                                                const domain::SiteStatusChange& change,
                                                std::int64_t expected_version) override;
  Result<domain::UpdateOutcome> AddCertificate(std::int64_t site_id,
                                               const domain::SiteCertificate& cert,
                                               std::int64_t expected_version) override;
  Result<domain::UpdateOutcome> AddDiaryEntry(std::int64_t site_id, const domain::DiaryEntry& entry,
                                              std::int64_t expected_version) override;

 private:
  // One site by a unique column, with its households, history, certificates
  // and diary.
  Result<std::optional<domain::Site>> GetWhere(const char* column, Param value);
  // Loads the child rows of `site`.
  Status LoadChildren(domain::Site& site);
  Status InsertStatusChange(std::int64_t site_id, const domain::SiteStatusChange& change);
  Status InsertCertificate(std::int64_t site_id, const domain::SiteCertificate& cert);
  Status InsertDiaryEntry(std::int64_t site_id, const domain::DiaryEntry& entry);
  Status WriteHouseholds(std::int64_t site_id,
                         const std::vector<domain::SiteHousehold>& households);
  // version+1 where it is `expected_version`: kUpdated, else kStale/kMissing.
  Result<domain::UpdateOutcome> BumpVersion(std::int64_t site_id, std::int64_t expected_version,
                                            std::int64_t now_ms);

  Connection& c_;
};

}  // namespace ocop::storage

// Port of the growing areas (mã số vùng trồng) and packing houses (mã số cơ
// sở đóng gói) store. Used inside one Store transaction; not thread-safe on
// its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/registry/repositories.h"
#include "domain/traceability/site.h"

namespace ocop::domain {

struct SiteFilter {
  std::int64_t producer_id = 0;  // 0: any
  std::string province_code;     // "": any
  std::string commune_code;      // "": any
  std::optional<SiteKind> kind;
  int offset = 0;
  int limit = 50;
};

class SiteRepository {
 public:
  virtual ~SiteRepository() = default;
  // Inserts the site with its status history, certificates and diary, with
  // version 1, and returns its id; AlreadyExists when the code is taken.
  virtual Result<std::int64_t> Insert(const Site& site) = 0;
  // Whole sites: fields, certificates, diary and status history.
  virtual Result<std::optional<Site>> Get(std::int64_t id) = 0;
  virtual Result<std::optional<Site>> FindByCode(const std::string& code) = 0;
  // By `urn:ocop:site:{code}`, the id events name it by.
  virtual Result<std::optional<Site>> FindByLocationId(const std::string& location_id) = 0;
  // In code order.
  virtual Result<Page<Site>> List(const SiteFilter& filter) = 0;
  // Writes fields, province and boundary area (version+1) only if the stored
  // version is `expected_version`. The code never changes.
  virtual Result<UpdateOutcome> Update(const Site& site, std::int64_t expected_version) = 0;
  // Appends to the status history, the certificates or the diary; each bumps
  // the site's version when the stored one is `expected_version`.
  virtual Result<UpdateOutcome> AddStatusChange(std::int64_t site_id,
                                                const SiteStatusChange& change,
                                                std::int64_t expected_version) = 0;
  virtual Result<UpdateOutcome> AddCertificate(std::int64_t site_id, const SiteCertificate& cert,
                                               std::int64_t expected_version) = 0;
  virtual Result<UpdateOutcome> AddDiaryEntry(std::int64_t site_id, const DiaryEntry& entry,
                                              std::int64_t expected_version) = 0;
};

}  // namespace ocop::domain

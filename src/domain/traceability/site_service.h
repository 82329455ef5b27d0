// Use cases of growing areas and packing houses: register, read with the
// flags of the day, list by producer, commune or province, update, change
// status, add certificates and diary entries. Thread-safe (no mutable state).
//
// Who may do what:
//   - a producer: create, read, update its own sites, add their
//     certificates and diary entries;
//   - a provincial (commune) officer: read the sites of its province
//     (commune) and change their status;
//   - an inspector: read every site;
//   - the national admin: everything, everywhere.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/status.h"
#include "domain/identity/role.h"
#include "domain/registry/geography.h"
#include "domain/store.h"
#include "domain/traceability/site.h"
#include "domain/traceability/site_repository.h"
#include "domain/traceability/site_rules.h"

namespace ocop::domain {

// Raw input from a form or a JSON body, validated here so both edges give the
// same field errors. Numbers are decimal text ("12.5" or "12,5").
struct SiteHouseholdInput {
  std::string name, area_ha;
};
struct SiteInput {
  std::string kind, code, name;
  std::vector<std::string> target_markets;
  std::string crop, variety, declared_area_ha, capacity_tonnes_per_day, yield_estimate_tonnes;
  std::string commune_code, address, boundary_geojson, representative;
  std::vector<SiteHouseholdInput> households;
  std::string producer_id;  // "" for a producer's own
  std::string granted_on;   // the day the code was granted (create only; "" = today)
};

struct SiteStatusInput {
  std::string status, on, reason;
};

struct SiteCertificateInput {
  std::string kind, number, issuer, issued_on, expires_on;
};

struct DiaryEntryInput {
  std::string on, kind, product, dose, pre_harvest_interval_days, planned_harvest, note;
};

// A site as read: with its status today and its flags.
struct SiteView {
  Site site;
  SiteStatus status = SiteStatus::kActive;
  std::vector<SiteFlag> flags;
};

// Readers and the roles that change statuses; the routes declare these.
inline constexpr std::array<Role, 5> kSiteReaderRoles = {
    Role::kNationalAdmin, Role::kProvincialOfficer, Role::kCommuneOfficer, Role::kProducer,
    Role::kInspector};
inline constexpr std::array<Role, 2> kSiteEditorRoles = {Role::kNationalAdmin, Role::kProducer};
inline constexpr std::array<Role, 3> kSiteStatusRoles = {
    Role::kNationalAdmin, Role::kProvincialOfficer, Role::kCommuneOfficer};

// Validations, shared with the edges that must list every field.
Result<SiteFields> ValidateSite(const SiteInput& in, const Geography& geo);
Result<SiteCertificate> ValidateCertificate(const SiteCertificateInput& in);
Result<DiaryEntry> ValidateDiaryEntry(const DiaryEntryInput& in, CivilDate today);
Result<SiteStatusChange> ValidateStatusChange(const SiteStatusInput& in, CivilDate today);

class SiteService {
 public:
  SiteService(Store& store, const Geography& geo, const Clock& clock)
      : store_(store), geo_(geo), clock_(clock) {}

  // PermissionDenied outside the principal's scope; AlreadyExists for a code
  // already registered.
  Result<SiteView> Create(const Principal& who, const SiteInput& in);
  Result<SiteView> Get(const Principal& who, std::int64_t id);
  // The filter is narrowed to the principal's scope (a producer sees its own,
  // an officer its area).
  Result<Page<SiteView>> List(const Principal& who, SiteFilter filter);
  // Code, kind and producer never change. Aborted (current version in detail)
  // when `expected_version` is stale.
  Result<SiteView> Update(const Principal& who, std::int64_t id, const SiteInput& in,
                          std::int64_t expected_version);
  // Suspends, reinstates or revokes from a day, with a reason. A revoked code
  // is final (FailedPrecondition afterwards), and a change must change the
  // status in force on its day.
  Result<SiteView> ChangeStatus(const Principal& who, std::int64_t id, const SiteStatusInput& in,
                                std::int64_t expected_version);
  Result<SiteView> AddCertificate(const Principal& who, std::int64_t id,
                                  const SiteCertificateInput& in, std::int64_t expected_version);
  // Growing areas only.
  Result<SiteView> AddDiaryEntry(const Principal& who, std::int64_t id, const DiaryEntryInput& in,
                                 std::int64_t expected_version);

  // Validation alone, for edges that found other problems first.
  Status CheckSite(const SiteInput& in) const;

  static bool MayRead(const Principal& who, const Site& site);
  static bool MayEdit(const Principal& who, const Site& site);
  static bool MayChangeStatus(const Principal& who, const Site& site);

  const Geography& geography() const { return geo_; }
  CivilDate Today() const { return CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds()); }

 private:
  // The view of `site` today, reading the harvests of its lots in `r`.
  Result<SiteView> ViewOf(Repositories& r, Site site) const;
  // Loads `id` for `who` within a transaction: NotFound, PermissionDenied.
  Result<Site> Load(Repositories& r, const Principal& who, std::int64_t id) const;

  // What a change answers: the site as `save` left it (version bumped), or as
  // stored afterwards (for additions the repository places).
  enum class Answer { kAsSaved, kAsStored };
  // One versioned change of `id` in one transaction: Load for `who`, `check`
  // the site (its refusal returned as is), refuse a stale `expected_version`
  // (Aborted with the current one), `save` (a stale or missing outcome
  // refused likewise), then the view `answer` names.
  Result<SiteView> ChangeSite(
      const Principal& who, std::int64_t id, std::int64_t expected_version,
      const std::function<Status(const Site&)>& check,
      const std::function<Result<UpdateOutcome>(Repositories&, Site&)>& save, Answer answer);

  Store& store_;
  const Geography& geo_;
  const Clock& clock_;
};

}  // namespace ocop::domain

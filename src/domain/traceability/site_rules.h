// Rules on growing areas and packing houses: the form of their codes, the
// warnings a site's page shows (computed when it is read, so nothing needs a
// scheduled job), and the capture rule that refuses a harvest in an area
// whose code was not in force on the day.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/store.h"
#include "domain/traceability/capture_hooks.h"
#include "domain/traceability/site.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {

// A site code as an opaque identifier: "VN-" then upper-case letters and
// digits in groups separated by single hyphens, 6 to 40 characters in all.
// It admits the export codes of the Plant Protection Department (the
// province's letters and OR for an orchard or PH for a packing house, then a
// number: VN-DTOR-0017, VN-DTPH-0003) and domestic codes that put a province
// number first (VN-52-GA-0001), without betting on one issuer's layout.
bool IsValidSiteCode(std::string_view code);

// How long before a certificate's expiry its site is flagged.
inline constexpr int kCertificateWarningDays = 60;

enum class SiteFlagKind {
  kCertificateExpiring,
  kCertificateExpired,
  kSprayingBeforeHarvest,
  kAreaMismatch
};
std::string_view SiteFlagKindId(SiteFlagKind k);  // "certificate_expiring", …

// One warning; `message` is a catalogue key with its arguments.
struct SiteFlag {
  SiteFlagKind kind;
  Message message;
};

// A harvest the site's produce was (or is planned to be) gathered in:
// a lot's harvest window, or a diary entry's planned harvest (from == to).
struct HarvestWindow {
  CivilDate from, to;
  std::string label;  // the lot code, or "" for a planned harvest
};

// The flags of `site` on `today`:
//   - each certificate expired (expires_on < today) or expiring within
//     kCertificateWarningDays (expires_on <= today + 60);
//   - each spraying whose pre-harvest interval reaches past a harvest: a
//     harvest window overlapping [spraying day, day + interval − 1], from
//     `harvests` or from the diary's planned harvests on or after the
//     spraying;
//   - a boundary whose area differs from the declared area by more than 10 %.
std::vector<SiteFlag> ComputeSiteFlags(const Site& site, CivilDate today,
                                       std::span<const HarvestWindow> harvests);

// The capture rule: an ObjectEvent ADD or a TransformationEvent whose
// bizLocation, or one of whose ILMD farms (cbvmda:farmList, by location id
// or by bare code), is a site suspended or revoked on a day of the harvest
// (the first and last day of the ILMD's cbvmda:harvestStartDate/EndDate, or
// the event's day in Vietnam when it states none) is refused, naming the site,
// its status and the day. Appends to `refusals`; reads only.
Status CheckSiteRules(Repositories& r, std::span<const gs1::epcis::Event> events,
                      std::vector<EventRefusal>& refusals);

}  // namespace ocop::domain

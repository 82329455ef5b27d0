#include "main/demo_recall_seed.h"

#include "domain/traceability/epcis_service.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/recall_service.h"
#include "main/demo_lab_seed.h"

namespace ocop::app {
namespace {

// The producer ships the failing lot to two shops the day before the recall
// opens (before its lab report came back), so that the recall has
// destinations to notify and confirm.
Status ShipFailingLot(Application& app, const domain::Principal& producer,
                      const std::string& lot_id) {
  // Yesterday at 09:00 and 09:30 in Vietnam: the same history on every seed.
  const CivilDate yesterday =
      CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds()).AddDays(-1);
  const std::string time = yesterday.ToIso() + "T09:00:00+07:00";
  std::string events;
  const std::pair<const char*, int> shops[] = {{"coopmart-pleiku", 120},
                                               {"cua-hang-ocop-gia-lai", 80}};
  for (const auto& [shop, pieces] : shops) {
    if (!events.empty()) events += ",";
    events += R"({"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping",)"
              R"("disposition":"in_transit","eventTime":")" +
              time +
              R"(","eventTimeZoneOffset":"+07:00","epcList":[],"quantityList":[)"
              R"({"epcClass":")" +
              lot_id + R"(","quantity":)" + std::to_string(pieces) +
              R"(,"uom":"H87"}],"bizTransactionList":[{"type":"desadv","bizTransaction":)"
              R"("urn:ocop:desadv:PX-)" +
              shop +
              R"("}],"destinationList":[{"type":"location","destination":)"
              R"("urn:ocop:party:)" +
              shop + R"("}]})";
  }
  const std::string doc =
      R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],)"
      R"("type":"EPCISDocument","schemaVersion":"2.0","creationDate":")" +
      time + R"(","epcisBody":{"eventList":[)" + events + "]}}";
  auto job = app.epcis().CaptureDocument(producer, doc, domain::CaptureErrorBehaviour::kRollback);
  return job ? Status::Ok() : job.error();
}

}  // namespace

Status SeedRecallDemo(Application& app, const std::map<std::string, domain::User>& accounts) {
  const domain::Principal officer = accounts.at("tinh.52").ToPrincipal();
  const std::string& base = app.certification().settings().public_base_url;
  domain::RecallService recalls(app.store(), app.clock(), domain::RecallSettings{base});
  const int year = CivilDate::FromUnixInVietnam(app.clock().NowUnixSeconds()).year;
  OCOP_ASSIGN_OR_RETURN(auto proposed, recalls.List(officer, domain::RecallStatus::kProposed));
  for (const auto& rc : proposed) {
    if (rc.reference != DemoFailingLabReport(year) || rc.lot_ids.empty()) continue;
    std::optional<domain::Lot> lot;
    OCOP_RETURN_IF_ERROR(app.store().Read([&](domain::Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(lot, r.lots().Get(rc.lot_ids.front()));
      return Status::Ok();
    }));
    if (!lot) return NotFound("demo recall: the proposed lot is missing");
    OCOP_RETURN_IF_ERROR(ShipFailingLot(app, accounts.at("chuthe").ToPrincipal(), lot->epc_id));
    domain::OpenRecallRequest q;
    q.reason_text =
        "HMF 52,8 mg/kg, vượt giới hạn 40 mg/kg (TCVN 5266:1990); mật ong đã bị gia nhiệt "
        "hoặc bảo quản quá lâu.";
    auto opened = recalls.OpenProposal(officer, rc.id, q);
    return opened ? Status::Ok() : opened.error();
  }
  return NotFound("demo recall: the failed lab report proposed no recall");
}

}  // namespace ocop::app

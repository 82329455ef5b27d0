// Lab test reports: verdicts and limits, the EPCIS event built and read back
// (and a partner's event in other spellings), and the service on the
// in-memory store: the form/API path and a laboratory's own capture make the
// same report, a failure holds the lot, bad input stores nothing, and who
// reads what.
#include "domain/traceability/lab_report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "domain/traceability/epcis_service.h"
#include "domain/traceability/lab_report_events.h"
#include "domain/traceability/lab_report_repository.h"
#include "domain/traceability/lab_report_service.h"
#include "domain/traceability/lot_repository.h"
#include "domain/traceability/recall_repository.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/json_binding.h"
#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

constexpr const char* kGtin = "08934567000017";

std::string LotId(const std::string& code) {
  return std::string("https://id.gs1.org/01/") + kGtin + "/10/" + code;
}

StatedParameter Param(const char* name, double value, std::optional<double> min,
                      std::optional<double> max, std::optional<LabVerdict> stated = {}) {
  StatedParameter p;
  p.parameter.name = name;
  p.parameter.value = value;
  p.parameter.unit = "NA";
  p.parameter.limit_min = min;
  p.parameter.limit_max = max;
  p.stated = stated;
  return p;
}

LabReport Fields() {
  LabReport r;
  r.number = "KN-1";
  r.sample_id = "M-1";
  r.method = "TCVN 5270:2008";
  r.tested_on = *CivilDate::Parse("2026-11-20");
  return r;
}

std::vector<std::string> FieldsOf(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field + ":" + f.message.key);
  return out;
}

TEST(LabVerdictTest, LimitsAreInclusive) {
  EXPECT_EQ(VerdictOf(40, std::nullopt, 40.0), LabVerdict::kPass);
  EXPECT_EQ(VerdictOf(40.0001, std::nullopt, 40.0), LabVerdict::kFail);
  EXPECT_EQ(VerdictOf(2, 2.0, std::nullopt), LabVerdict::kPass);
  EXPECT_EQ(VerdictOf(1.99, 2.0, std::nullopt), LabVerdict::kFail);
  EXPECT_EQ(VerdictOf(5, 2.0, 8.0), LabVerdict::kPass);
  EXPECT_EQ(VerdictOf(9, 2.0, 8.0), LabVerdict::kFail);
  EXPECT_EQ(VerdictOf(1, 2.0, 8.0), LabVerdict::kFail);
}

TEST(LabVerdictTest, JudgeComputesEveryVerdictAndTheReports) {
  LabReport r = Fields();
  ASSERT_TRUE(JudgeLabReport(r, {Param("HMF", 52.8, std::nullopt, 40.0),
                                 Param("Chlorpyrifos", 0.004, std::nullopt, 0.01),
                                 Param("Moisture", 18, 10.0, 20.0, LabVerdict::kPass)})
                  .ok());
  ASSERT_EQ(r.parameters.size(), 3u);
  EXPECT_EQ(r.parameters[0].verdict, LabVerdict::kFail);
  EXPECT_EQ(r.parameters[1].verdict, LabVerdict::kPass);
  EXPECT_EQ(r.parameters[2].verdict, LabVerdict::kPass);
  EXPECT_EQ(r.parameters[0].measurement_type, "Dimensionless");
  EXPECT_EQ(r.verdict, LabVerdict::kFail);

  LabReport ok = Fields();
  ASSERT_TRUE(JudgeLabReport(ok, {Param("HMF", 12, std::nullopt, 40.0)}).ok());
  EXPECT_EQ(ok.verdict, LabVerdict::kPass);
}

TEST(LabVerdictTest, ContradictionsAndBadLimitsAreRefusedByField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  LabReport r = Fields();
  Status s = JudgeLabReport(
      r, {Param("HMF", 52.8, std::nullopt, 40.0, LabVerdict::kPass),
          Param("Lead", 0.01, std::nullopt, std::nullopt), Param("Moisture", 18, 20.0, 10.0),
          Param("Ash", nan, std::nullopt, 1.0), Param("", 1, std::nullopt, 1.0),
          Param("Zinc", 1, std::nullopt, 1.0, LabVerdict::kFail)});
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(FieldsOf(s),
            (std::vector<std::string>{"parameters[0].verdict:error.lab.verdict_contradiction",
                                      "parameters[1].limit_max:error.lab.no_limit",
                                      "parameters[2].limit_min:error.lab.limits_reversed",
                                      "parameters[3].value:error.lab.number",
                                      "parameters[4].name:error.field.required",
                                      "parameters[5].verdict:error.lab.verdict_contradiction"}));

  LabReport empty;
  Status none = JudgeLabReport(empty, {});
  EXPECT_EQ(FieldsOf(none),
            (std::vector<std::string>{
                "number:error.field.required", "sample_id:error.field.required",
                "method:error.field.required", "parameters:error.lab.no_parameters"}));
  LabReport unit = Fields();
  StatedParameter bad = Param("HMF", 1, std::nullopt, 40.0);
  bad.parameter.unit = "mg/kg";
  bad.parameter.measurement_type = "Weight";
  Status units = JudgeLabReport(unit, {bad});
  EXPECT_EQ(FieldsOf(units),
            (std::vector<std::string>{"parameters[0].type:error.lab.measurement_type",
                                      "parameters[0].unit:error.lab.unit"}));
}

// The event the form builds, parsed as a capture would, reads back to the
// same report.
TEST(LabReportEventTest, TheBuiltEventReadsBackToTheSameReport) {
  LabReport r = Fields();
  StatedParameter hmf = Param("HMF", 52.8, std::nullopt, 40.0);
  hmf.parameter.chemical_substance = "https://identifiers.org/inchikey:NOEGNKMFWQHSLB-UHFFFAOYSA-N";
  StatedParameter moisture = Param("Moisture", 18.5, 10.0, 20.0);
  moisture.parameter.unit = "P1";
  ASSERT_TRUE(JudgeLabReport(r, {hmf, moisture}).ok());
  const std::string doc = LabReportDocument(r, LotId("L-1"), testing::kNow * 1000);
  auto parsed = gs1::epcis::ParseDocument(doc);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_TRUE(parsed->errors.empty()) << parsed->errors[0].field;
  ASSERT_EQ(parsed->events.size(), 1u);
  const gs1::epcis::Event& e = parsed->events[0];
  EXPECT_TRUE(HasLabReportShape(e));
  EXPECT_EQ(e.disposition, "non_conformant");
  auto back = ReadLabReportEvent(e);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->class_keys, std::vector<std::string>{gs1::CanonicalEpc(LotId("L-1")).key});
  LabReport again = back->report;
  ASSERT_TRUE(JudgeLabReport(again, back->parameters).ok());
  EXPECT_EQ(again.number, "KN-1");
  EXPECT_EQ(again.sample_id, "M-1");
  EXPECT_EQ(again.method, "TCVN 5270:2008");
  EXPECT_EQ(again.tested_on.ToIso(), "2026-11-20");
  EXPECT_EQ(again.verdict, LabVerdict::kFail);
  ASSERT_EQ(again.parameters.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(again.parameters[i].name, r.parameters[i].name);
    EXPECT_EQ(again.parameters[i].value, r.parameters[i].value);
    EXPECT_EQ(again.parameters[i].unit, r.parameters[i].unit);
    EXPECT_EQ(again.parameters[i].limit_min, r.parameters[i].limit_min);
    EXPECT_EQ(again.parameters[i].limit_max, r.parameters[i].limit_max);
    EXPECT_EQ(again.parameters[i].verdict, r.parameters[i].verdict);
    ASSERT_TRUE(back->parameters[i].stated);  // the built event states each verdict
  }
  EXPECT_EQ(again.parameters[0].chemical_substance, hmf.parameter.chemical_substance);
}

// A partner writes the vocabulary in full or under a prefix of its own, and
// its minValue/maxValue (observed statistics in EPCIS) are no limits.
TEST(LabReportEventTest, APartnersSpellingsReadTheSame) {
  const std::string event =
      R"({"@context":[{"lab":"https://ocop.gov.vn/epcis/"}],"type":"ObjectEvent",)"
      R"("eventTime":"2026-11-19T23:30:00Z","eventTimeZoneOffset":"+07:00","action":"OBSERVE",)"
      R"("bizStep":"urn:epcglobal:cbv:bizstep:inspecting","quantityList":[{"epcClass":)"
      R"("urn:epc:class:lgtin:8934567.000001.L-1"}],"sensorElementList":[{"sensorMetadata":{)"
      R"("https://ocop.gov.vn/epcis/reportNumber":"P-7","lab:sampleID":"S-7","lab:method":"AOAC"},)"
      R"("sensorReport":[{"type":"gs1:MassConcentration","microorganism":)"
      R"("https://www.ncbi.nlm.nih.gov/taxonomy/28901","value":3,"minValue":1,"maxValue":5,)"
      R"("uom":"23","lab:parameter":"Salmonella","lab:maxLimit":0}]}]})";
  auto parsed = gs1::epcis::ParseSingleEvent(event);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  const gs1::epcis::Event& e = parsed->events.at(0);
  ASSERT_TRUE(HasLabReportShape(e));
  auto back = ReadLabReportEvent(e);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->report.number, "P-7");
  EXPECT_EQ(back->report.sample_id, "S-7");
  EXPECT_EQ(back->report.method, "AOAC");
  EXPECT_EQ(back->report.tested_on.ToIso(), "2026-11-20");  // 06:30 in Vietnam
  ASSERT_EQ(back->parameters.size(), 1u);
  const LabParameter& p = back->parameters[0].parameter;
  EXPECT_EQ(p.name, "Salmonella");
  EXPECT_EQ(p.measurement_type, "MassConcentration");
  EXPECT_EQ(p.microorganism, "https://www.ncbi.nlm.nih.gov/taxonomy/28901");
  EXPECT_EQ(p.limit_max, 0.0);
  EXPECT_FALSE(p.limit_min);
  EXPECT_FALSE(back->parameters[0].stated);
  EXPECT_EQ(back->class_keys.at(0), gs1::CanonicalEpc(LotId("L-1")).key);
}

class LabReportServiceTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    epcis_ = std::make_unique<EpcisService>(*store_, clock_);
    service_ = std::make_unique<LabReportService>(*store_, *epcis_, clock_);
    auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
    ASSERT_TRUE(producer) << producer.error().ToString();
    producer_id_ = producer->id;
    ASSERT_TRUE(store_
                    ->Transact([&](Repositories& r) -> Status {
                      Product p;
                      p.code = "52-23764-1-2026";
                      p.fields = {"Mật ong hoa cà phê", 4, producer_id_, "", kGtin};
                      p.province_code = "52";
                      p.commune_code = "23764";
                      OCOP_ASSIGN_OR_RETURN(product_id_, r.products().Insert(p));
                      OCOP_ASSIGN_OR_RETURN(lab_,
                                            AddUser(r, "phongthinghiem", Role::kLaboratory, ""));
                      OCOP_ASSIGN_OR_RETURN(other_lab_, AddUser(r, "lab2", Role::kLaboratory, ""));
                      OCOP_ASSIGN_OR_RETURN(producer_, AddUser(r, "chuthe", Role::kProducer, ""));
                      OCOP_ASSIGN_OR_RETURN(officer_,
                                            AddUser(r, "tinh.52", Role::kProvincialOfficer, "52"));
                      OCOP_ASSIGN_OR_RETURN(other_officer_,
                                            AddUser(r, "tinh.01", Role::kProvincialOfficer, "01"));
                      return Status::Ok();
                    })
                    .ok());
    lot_ = AddLot("L-1");
    other_lot_ = AddLot("L-2");
  }

  Result<Principal> AddUser(Repositories& r, const std::string& name, Role role,
                            const std::string& province) {
    User u;
    u.username = name;
    u.password_hash = "$argon2id$x";
    u.role = role;
    u.province_code = province;
    if (role == Role::kProducer) u.producer_id = producer_id_;
    u.created_at = testing::kNow;
    OCOP_ASSIGN_OR_RETURN(u.id, r.users().Insert(u));
    return u.ToPrincipal();
  }

  std::int64_t AddLot(const std::string& code) {
    Lot l;
    l.product_id = product_id_;
    l.code = code;
    l.epc_id = LotId(code);
    l.key = gs1::CanonicalEpc(l.epc_id).key;
    l.quantity = 100;
    l.unit = "KGM";
    l.event_id = "ni:///lot-" + code;
    std::int64_t id = 0;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(id, r.lots().Insert(l));
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return id;
  }

  LabReportInput Input(const std::string& number, double hmf) {
    LabReportInput in;
    in.lot = LotId("L-1");
    in.number = number;
    in.tested_on = "20/11/2026";
    in.sample_id = "M-" + number;
    in.method = "TCVN 5270:2008";
    in.parameters = {Param("HMF", hmf, std::nullopt, 40.0)};
    return in;
  }

  Lot LotNamed(std::int64_t id) {
    std::optional<Lot> lot;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(lot, r.lots().Get(id));
                      return Status::Ok();
                    })
                    .ok());
    return lot.value_or(Lot{});
  }

  std::vector<Recall> Proposals() {
    std::vector<Recall> out;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      RecallFilter f;
                      f.statuses = {RecallStatus::kProposed};
                      OCOP_ASSIGN_OR_RETURN(out, r.recalls().List(f));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  std::pair<std::int64_t, std::int64_t> Counts() {
    std::int64_t reports = 0, events = 0;
    EXPECT_TRUE(store_
                    ->Read([&](Repositories& r) -> Status {
                      OCOP_ASSIGN_OR_RETURN(reports, r.lab_reports().Count());
                      OCOP_ASSIGN_OR_RETURN(events, r.epcis().CountEvents());
                      return Status::Ok();
                    })
                    .ok());
    return {reports, events};
  }

  std::unique_ptr<EpcisService> epcis_;
  std::unique_ptr<LabReportService> service_;
  std::int64_t producer_id_ = 0, product_id_ = 0, lot_ = 0, other_lot_ = 0;
  Principal lab_, other_lab_, producer_, officer_, other_officer_;
};

TEST_F(LabReportServiceTest, APassingReportIsRecordedFromItsEvent) {
  auto report = service_->Submit(lab_, Input("KN-1", 12.4));
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->verdict, LabVerdict::kPass);
  EXPECT_EQ(report->lot_id, lot_);
  EXPECT_EQ(report->laboratory, "phongthinghiem");
  EXPECT_EQ(report->province_code, "52");
  EXPECT_EQ(report->tested_on.ToIso(), "2026-11-20");
  auto event = epcis_->GetEvent(report->event_id);
  ASSERT_TRUE(event) << event.error().ToString();
  EXPECT_EQ(event->event.biz_step, "inspecting");
  EXPECT_EQ(LotNamed(lot_).status, LotStatus::kActive);
  EXPECT_TRUE(Proposals().empty());
}

TEST_F(LabReportServiceTest, AFailedParameterHoldsTheLot) {
  auto report = service_->Submit(lab_, Input("KN-2", 52.8));
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->verdict, LabVerdict::kFail);
  const Lot lot = LotNamed(lot_);
  EXPECT_EQ(lot.status, LotStatus::kOnHold);
  EXPECT_EQ(lot.status_reason, "lab_report:KN-2");
  EXPECT_EQ(LotNamed(other_lot_).status, LotStatus::kActive);
  const std::vector<Recall> proposed = Proposals();
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(proposed[0].status, RecallStatus::kProposed);
  EXPECT_EQ(proposed[0].reason, RecallReason::kFailedTest);
  EXPECT_EQ(proposed[0].reference, "KN-2");
  EXPECT_EQ(proposed[0].lot_ids, std::vector<std::int64_t>{lot_});
}

// A laboratory capturing the event itself makes the same report; a producer
// capturing an event of the same shape makes none.
TEST_F(LabReportServiceTest, ALaboratorysOwnCaptureMakesTheSameReport) {
  LabReport fields = Fields();
  fields.number = "KN-3";
  ASSERT_TRUE(JudgeLabReport(fields, {Param("HMF", 52.8, std::nullopt, 40.0)}).ok());
  const std::string doc = LabReportDocument(fields, LotId("L-1"), testing::kNow * 1000);
  auto by_producer = epcis_->CaptureDocument(producer_, doc, CaptureErrorBehaviour::kRollback);
  ASSERT_TRUE(by_producer) << by_producer.error().ToString();
  EXPECT_EQ(Counts().first, 0);
  EXPECT_EQ(LotNamed(lot_).status, LotStatus::kActive);

  LabReport second = fields;
  second.sample_id = "M-other";  // another event id than the producer's
  auto job =
      epcis_->CaptureDocument(lab_, LabReportDocument(second, LotId("L-1"), testing::kNow * 1000),
                              CaptureErrorBehaviour::kRollback);
  ASSERT_TRUE(job) << job.error().ToString();
  auto list = service_->List(lab_, 0);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  const LabReport& r = list->front().report;
  EXPECT_EQ(r.number, "KN-3");
  EXPECT_EQ(r.sample_id, "M-other");
  EXPECT_EQ(r.verdict, LabVerdict::kFail);
  EXPECT_EQ(r.parameters.at(0).value, 52.8);
  EXPECT_EQ(LotNamed(lot_).status, LotStatus::kOnHold);
}

TEST_F(LabReportServiceTest, BadInputStoresNothing) {
  const auto before = Counts();
  LabReportInput contradiction = Input("KN-4", 52.8);
  contradiction.parameters[0].stated = LabVerdict::kPass;
  auto refused = service_->Submit(lab_, contradiction);
  ASSERT_FALSE(refused);
  EXPECT_EQ(FieldsOf(refused.error()),
            std::vector<std::string>{"parameters[0].verdict:error.lab.verdict_contradiction"});

  LabReportInput unknown = Input("KN-5", 1);
  unknown.lot = LotId("NO-SUCH-LOT");
  unknown.tested_on = "01/12/2026";  // after today (2026-11-22)
  auto nowhere = service_->Submit(lab_, unknown);
  ASSERT_FALSE(nowhere);
  EXPECT_EQ(
      FieldsOf(nowhere.error()),
      (std::vector<std::string>{"lot:error.lab.lot_unknown", "tested_on:error.field.date_future"}));
  EXPECT_EQ(service_->Submit(producer_, Input("KN-6", 1)).error().code(), Code::kPermissionDenied);

  // The same contradiction captured directly is refused under rollback.
  LabReport fields = Fields();
  fields.number = "KN-7";
  ASSERT_TRUE(JudgeLabReport(fields, {Param("HMF", 52.8, std::nullopt, 40.0)}).ok());
  std::string doc = LabReportDocument(fields, LotId("L-1"), testing::kNow * 1000);
  const std::string stated = R"("ocop:verdict":"fail")";
  doc.replace(doc.find(stated), stated.size(), R"("ocop:verdict":"pass")");
  auto job = epcis_->CaptureDocument(lab_, doc, CaptureErrorBehaviour::kRollback);
  ASSERT_FALSE(job);
  ASSERT_EQ(job.error().fields().size(), 1u);
  EXPECT_EQ(job.error().fields()[0].field,
            "eventList[0].sensorElementList[0].sensorReport[0].ocop:verdict");
  EXPECT_EQ(Counts(), before);
  EXPECT_EQ(LotNamed(lot_).status, LotStatus::kActive);

  ASSERT_TRUE(service_->Submit(lab_, Input("KN-8", 1)));
  auto again = service_->Submit(lab_, Input("KN-8", 2));
  ASSERT_FALSE(again);
  EXPECT_EQ(FieldsOf(again.error()), std::vector<std::string>{"number:error.lab.duplicate_number"});
  // Another laboratory may use the same number.
  EXPECT_TRUE(service_->Submit(other_lab_, Input("KN-8", 2)));
}

TEST_F(LabReportServiceTest, ReadersAndThePdf) {
  auto report = service_->Submit(lab_, Input("KN-9", 1));
  ASSERT_TRUE(report);
  for (const Principal& p : {lab_, producer_, officer_, Admin()}) {
    EXPECT_TRUE(service_->Get(p, report->id)) << p.username;
    EXPECT_EQ(service_->List(p, lot_)->size(), 1u) << p.username;
  }
  for (const Principal& p : {other_lab_, other_officer_}) {
    EXPECT_EQ(service_->Get(p, report->id).error().code(), Code::kNotFound) << p.username;
    EXPECT_TRUE(service_->List(p, 0)->empty()) << p.username;
  }
  EXPECT_TRUE(service_->List(lab_, other_lot_)->empty());

  EXPECT_EQ(service_->Pdf(producer_, report->id).error().code(), Code::kNotFound);
  auto html = service_->AttachPdf(lab_, report->id, "x.pdf", "<html>%PDF-1.4</html>");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().message().key, "error.lab.pdf_type");
  const std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
  EXPECT_EQ(service_->AttachPdf(other_lab_, report->id, "x.pdf", pdf).error().code(),
            Code::kNotFound);
  LabReportService small(*store_, *epcis_, clock_, LabReportSettings{16});
  EXPECT_EQ(small.AttachPdf(lab_, report->id, "x.pdf", pdf).error().message().key,
            "error.lab.pdf_size");
  auto attached = service_->AttachPdf(lab_, report->id, "../phieu KN-9.pdf", pdf);
  ASSERT_TRUE(attached) << attached.error().ToString();
  auto back = service_->Pdf(producer_, report->id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->second, pdf);
  EXPECT_EQ(back->first.pdf_size, static_cast<std::int64_t>(pdf.size()));
}

}  // namespace
}  // namespace ocop::domain

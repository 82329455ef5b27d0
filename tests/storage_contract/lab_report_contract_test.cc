// The lab report repository on every engine: a report and its parameters
// read back exactly (values and limits as the same doubles, absent limits
// absent), the number unique per laboratory and the event id unique, the
// list filters and order, the PDF recorded, and the count.
#include <gtest/gtest.h>

#include "domain/traceability/lab_report_repository.h"
#include "domain/traceability/lot_repository.h"
#include "storage/sql/sql_repositories.h"
#include "storage_contract/engine_fixture.h"
#include "storage_contract/traceability_rows.h"

namespace ocop::storage {
namespace {

using contract::EngineName;
using domain::LabParameter;
using domain::LabReport;
using domain::LabVerdict;
using domain::Repositories;

class LabReportContractTest : public contract::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (HasFatalFailure()) return;
    Status s = store_->Transact([&](Repositories& r) -> Status {
      OCOP_ASSIGN_OR_RETURN(
          producer_id_,
          contract::InsertProducer(r, "52", "23764", "Hợp tác xã Mật ong Ia Grai", "5907144323"));
      OCOP_ASSIGN_OR_RETURN(product_id_,
                            contract::InsertProduct(r, producer_id_, "52-23764-1-2026",
                                                    "Mật ong hoa cà phê", "52", "23764"));
      for (const char* name : {"lab1", "lab2"}) {
        OCOP_ASSIGN_OR_RETURN(std::int64_t id,
                              contract::InsertUser(r, name, domain::Role::kLaboratory));
        labs_.push_back(id);
      }
      for (const char* code : {"L-1", "L-2"}) {
        OCOP_ASSIGN_OR_RETURN(std::int64_t id, contract::InsertLot(r, product_id_, code));
        lots_.push_back(id);
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  LabReport Report(const std::string& number, std::int64_t lab, std::int64_t lot,
                   const std::string& province = "52") {
    LabReport r;
    r.number = number;
    r.laboratory_user_id = lab;
    r.laboratory = lab == labs_[0] ? "lab1" : "lab2";
    r.lot_id = lot;
    r.lot_key = "key-" + std::to_string(lot);
    r.product_id = product_id_;
    r.producer_id = producer_id_;
    r.province_code = province;
    r.commune_code = "23764";
    r.tested_on = *CivilDate::Parse("2026-11-20");
    r.sample_id = "M-" + number;
    r.method = "TCVN 5270:2008";
    r.verdict = LabVerdict::kFail;
    r.event_id = "ni:///event-" + number;
    r.event_seq = 7;
    r.created_at_ms = 1795316400123;
    LabParameter hmf;
    hmf.name = "HMF";
    hmf.measurement_type = "Dimensionless";
    hmf.chemical_substance = "https://identifiers.org/inchikey:NOEGNKMFWQHSLB-UHFFFAOYSA-N";
    hmf.value = 52.8;
    hmf.unit = "NA";
    hmf.limit_max = 40;
    hmf.verdict = LabVerdict::kFail;
    LabParameter moisture;
    moisture.name = "Độ ẩm";
    moisture.measurement_type = "Dimensionless";
    moisture.value = 0.1 + 0.2;  // not a short decimal: must come back bit for bit
    moisture.unit = "P1";
    moisture.limit_min = 1e-7;
    moisture.limit_max = 20;
    moisture.verdict = LabVerdict::kPass;
    r.parameters = {hmf, moisture};
    return r;
  }

  Result<std::int64_t> Insert(const LabReport& report) {
    return TransactValue<std::int64_t>(
        [&](Repositories& r) { return r.lab_reports().Insert(report); });
  }

  template <typename T, typename F>
  T ReadWith(F f) {
    return ReadValue<T>([&](Repositories& r) { return f(r.lab_reports()); });
  }

  std::vector<std::string> Numbers(const domain::LabReportFilter& f) {
    auto list =
        ReadWith<std::vector<LabReport>>([&](domain::LabReportRepository& r) { return r.List(f); });
    std::vector<std::string> out;
    for (const auto& x : list) out.push_back(x.number);
    return out;
  }

  std::int64_t producer_id_ = 0, product_id_ = 0;
  std::vector<std::int64_t> labs_, lots_;
};

TEST_P(LabReportContractTest, AReportReadsBackExactly) {
  const LabReport in = Report("KN-1", labs_[0], lots_[0]);
  auto id = Insert(in);
  ASSERT_TRUE(id) << id.error().ToString();
  auto got = ReadWith<std::optional<LabReport>>(
      [&](domain::LabReportRepository& r) { return r.Get(*id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->number, "KN-1");
  EXPECT_EQ(got->laboratory_user_id, labs_[0]);
  EXPECT_EQ(got->laboratory, "lab1");
  EXPECT_EQ(got->lot_id, lots_[0]);
  EXPECT_EQ(got->lot_key, in.lot_key);
  EXPECT_EQ(got->producer_id, producer_id_);
  EXPECT_EQ(got->province_code, "52");
  EXPECT_EQ(got->commune_code, "23764");
  EXPECT_EQ(got->tested_on, in.tested_on);
  EXPECT_EQ(got->sample_id, "M-KN-1");
  EXPECT_EQ(got->verdict, LabVerdict::kFail);
  EXPECT_EQ(got->event_id, in.event_id);
  EXPECT_EQ(got->event_seq, 7);
  EXPECT_EQ(got->created_at_ms, 1795316400123);
  EXPECT_TRUE(got->pdf_sha256.empty());
  ASSERT_EQ(got->parameters.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const LabParameter& a = got->parameters[i];
    const LabParameter& b = in.parameters[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.measurement_type, b.measurement_type);
    EXPECT_EQ(a.chemical_substance, b.chemical_substance);
    EXPECT_EQ(a.value, b.value);  // exact
    EXPECT_EQ(a.unit, b.unit);
    EXPECT_EQ(a.limit_min, b.limit_min);
    EXPECT_EQ(a.limit_max, b.limit_max);
    EXPECT_EQ(a.verdict, b.verdict);
  }
  EXPECT_FALSE(got->parameters[0].limit_min);
  auto by_event = ReadWith<std::optional<LabReport>>(
      [&](domain::LabReportRepository& r) { return r.FindByEventId(in.event_id); });
  ASSERT_TRUE(by_event);
  EXPECT_EQ(by_event->id, *id);
  auto by_number = ReadWith<std::optional<LabReport>>(
      [&](domain::LabReportRepository& r) { return r.FindByNumber(labs_[0], "KN-1"); });
  ASSERT_TRUE(by_number);
  EXPECT_FALSE((ReadWith<std::optional<LabReport>>(
      [&](domain::LabReportRepository& r) { return r.FindByNumber(labs_[1], "KN-1"); })));
  EXPECT_FALSE((ReadWith<std::optional<LabReport>>(
      [&](domain::LabReportRepository& r) { return r.Get(*id + 100); })));
}

TEST_P(LabReportContractTest, NumbersAreUniquePerLaboratoryAndEventsOnce) {
  ASSERT_TRUE(Insert(Report("KN-1", labs_[0], lots_[0])));
  LabReport again = Report("KN-1", labs_[0], lots_[1]);
  again.event_id = "ni:///another";
  auto dup = Insert(again);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(dup.error().message().key, "error.lab.duplicate_number");
  LabReport same_event = Report("KN-2", labs_[0], lots_[1]);
  same_event.event_id = "ni:///event-KN-1";
  auto twice = Insert(same_event);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message().key, "error.lab.duplicate_event");
  // Another laboratory's number may repeat; nothing of the refused rows stayed.
  LabReport other_lab = Report("KN-1", labs_[1], lots_[1]);
  other_lab.event_id = "ni:///event-of-lab2";
  ASSERT_TRUE(Insert(other_lab));
  EXPECT_EQ(ReadWith<std::int64_t>([](domain::LabReportRepository& r) { return r.Count(); }), 2);
}

TEST_P(LabReportContractTest, ListsFilterAndPutTheNewestFirst) {
  ASSERT_TRUE(Insert(Report("A", labs_[0], lots_[0])));
  ASSERT_TRUE(Insert(Report("B", labs_[1], lots_[0])));
  ASSERT_TRUE(Insert(Report("C", labs_[0], lots_[1], "01")));
  domain::LabReportFilter all;
  EXPECT_EQ(Numbers(all), (std::vector<std::string>{"C", "B", "A"}));
  domain::LabReportFilter lab;
  lab.laboratory_user_id = labs_[0];
  EXPECT_EQ(Numbers(lab), (std::vector<std::string>{"C", "A"}));
  domain::LabReportFilter lot;
  lot.lot_id = lots_[0];
  EXPECT_EQ(Numbers(lot), (std::vector<std::string>{"B", "A"}));
  domain::LabReportFilter province;
  province.province_code = "52";
  province.laboratory_user_id = labs_[0];
  EXPECT_EQ(Numbers(province), std::vector<std::string>{"A"});
  domain::LabReportFilter producer;
  producer.producer_id = producer_id_;
  producer.commune_code = "23764";
  producer.limit = 2;
  EXPECT_EQ(Numbers(producer), (std::vector<std::string>{"C", "B"}));
  producer.producer_id = producer_id_ + 1;
  EXPECT_TRUE(Numbers(producer).empty());
}

TEST_P(LabReportContractTest, ThePdfIsRecorded) {
  auto id = Insert(Report("KN-1", labs_[0], lots_[0]));
  ASSERT_TRUE(id);
  const std::string sha(64, 'a');
  ASSERT_TRUE(store_
                  ->Transact([&](Repositories& r) {
                    return r.lab_reports().SetPdf(*id, sha, "phiếu KN-1.pdf", 629);
                  })
                  .ok());
  auto got = ReadWith<std::optional<LabReport>>(
      [&](domain::LabReportRepository& r) { return r.Get(*id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->pdf_sha256, sha);
  EXPECT_EQ(got->pdf_name, "phiếu KN-1.pdf");
  EXPECT_EQ(got->pdf_size, 629);
  Status missing = store_->Transact(
      [&](Repositories& r) { return r.lab_reports().SetPdf(*id + 100, sha, "x.pdf", 1); });
  EXPECT_EQ(missing.code(), Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, LabReportContractTest,
                         ::testing::Values("sqlite-file", "sqlite-memory", "postgres"), EngineName);

}  // namespace
}  // namespace ocop::storage

// The EPCIS use cases on the in-memory store: the query language, capture
// under rollback and proceed, duplicates, jobs and their visibility, paging,
// and EventsForId (the resolver's history of a lot).
#include "domain/traceability/epcis_service.h"

#include <gtest/gtest.h>

#include "domain/traceability/event_query.h"
#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(EventQueryTest, ReadsTheBindingsParameters) {
  std::string token;
  auto q = ParseEventQuery({{"eventType", "ObjectEvent|AggregationEvent"},
                            {"EQ_bizStep", "urn:epcglobal:cbv:bizstep:shipping"},
                            {"EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-receiving,packing"},
                            {"EQ_disposition", "https://ref.gs1.org/cbv/Disp-in_transit"},
                            {"EQ_readPoint", "geo:42.698334,23.319941"},
                            {"GE_eventTime", "2019-10-21T11:00:30.000 01:00"},
                            {"MATCH_epc", "urn:epc:idpat:sgtin:4012345.066666.*"},
                            {"MATCH_epc", "urn:epc:id:sgtin:0614141.107346.2018"},
                            {"MATCH_anyEPCClass", "urn:epc:class:lgtin:4012345.012345.998877"},
                            {"EQ_bizTransaction_urn:epcglobal:cbv:btt:po", "PO-1"},
                            {"perPage", "50"}},
                           token);
  ASSERT_TRUE(q) << q.error().ToString();
  EXPECT_EQ(q->types.size(), 2u);
  EXPECT_EQ(q->biz_steps, (std::vector<std::string>{"shipping", "receiving", "packing"}));
  EXPECT_EQ(q->dispositions, std::vector<std::string>{"in_transit"});
  EXPECT_EQ(q->read_points, std::vector<std::string>{"geo:42.698334,23.319941"});  // one value
  // "+01:00" arrives as " 01:00" when a client leaves '+' unencoded.
  EXPECT_EQ(q->ge_event_time_ms, 1571652030000);
  ASSERT_EQ(q->ids.size(), 2u);  // MATCH_epc once, with both values
  EXPECT_EQ(q->ids[0].keys,
            (std::vector<std::string>{"https://id.gs1.org/01/04012345666663/21/",
                                      "https://id.gs1.org/01/10614141073464/21/2018"}));
  EXPECT_EQ(q->ids[0].is_prefix, (std::vector<bool>{true, false}));
  EXPECT_EQ(q->ids[1].keys,
            std::vector<std::string>{"https://id.gs1.org/01/04012345123456/10/998877"});
  EXPECT_EQ(q->ids[1].roles.size(), 3u);
  ASSERT_EQ(q->biz_transactions.size(), 1u);
  EXPECT_EQ(q->biz_transactions[0].type, "po");
  EXPECT_EQ(q->limit, 50);
  EXPECT_TRUE(token.empty());
}

TEST(EventQueryTest, RefusesUnknownParametersAndBadValues) {
  for (const auto& [name, value] : Params{{"orderBy", "eventTime"},
                                          {"EQ_quantity", "3"},
                                          {"perPage", "0"},
                                          {"perPage", "1001"},
                                          {"perPage", "x"},
                                          {"nextPageToken", "garbage"},
                                          {"GE_eventTime", "2019-13-01T00:00:00Z"},
                                          {"GE_eventTime", "2019-10-21T11:00:30"},
                                          {"eventType", "TeleportEvent"},
                                          {"EQ_action", "MOVE"},
                                          {"MATCH_epc", ""},
                                          {"MATCH_epc", "a||b"},
                                          {"EQ_action", "ADD,,OBSERVE"}}) {
    std::string token;
    auto q = ParseEventQuery({{name, value}}, token);
    ASSERT_FALSE(q) << name << "=" << value;
    EXPECT_EQ(q.error().code(), Code::kInvalidArgument);
    ASSERT_EQ(q.error().fields().size(), 1u);
    EXPECT_EQ(q.error().fields()[0].field, name);
  }
}

// A serial or lot may hold a comma (CSET 82), and so may an event id (a
// URI): in MATCH_* and EQ_eventID only "|" separates values, as the binding's
// pipeDelimited style says, or "A,B" would silently query serials "A" and "B".
TEST(EventQueryTest, KeepsCommasInsideEpcsAndEventIds) {
  std::string token;
  auto q = ParseEventQuery({{"MATCH_epc", "urn:epc:id:sgtin:0614141.107346.A,B"},
                            {"MATCH_epcClass",
                             "urn:epc:class:lgtin:4012345.012345.L,1|"
                             "urn:epc:class:lgtin:4012345.012345.L2"},
                            {"EQ_eventID", "urn:example:event:1,2"},
                            {"EQ_action", "ADD,OBSERVE"}},
                           token);
  ASSERT_TRUE(q) << q.error().ToString();
  ASSERT_EQ(q->ids.size(), 2u);
  EXPECT_EQ(q->ids[0].keys,
            std::vector<std::string>{"https://id.gs1.org/01/10614141073464/21/A%2CB"});
  EXPECT_EQ(q->ids[1].keys,
            (std::vector<std::string>{"https://id.gs1.org/01/04012345123456/10/L%2C1",
                                      "https://id.gs1.org/01/04012345123456/10/L2"}));
  EXPECT_EQ(q->event_ids, std::vector<std::string>{"urn:example:event:1,2"});
  EXPECT_EQ(q->actions, (std::vector<std::string>{"ADD", "OBSERVE"}));
}

TEST(EventQueryTest, BoundsTheValuesOfOneQuery) {
  std::string many, token;
  for (std::size_t i = 0; i <= kMaxQueryValues; ++i) {
    many += (i ? "|" : "") + std::string("urn:epc:id:sgtin:0614141.107346.") + std::to_string(i);
  }
  auto q = ParseEventQuery({{"MATCH_epc", many}}, token);
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().fields()[0].message.key, "error.epcis.too_many_values");
  many.resize(many.rfind('|'));
  EXPECT_TRUE(ParseEventQuery({{"MATCH_epc", many}}, token));
}

TEST(EventQueryTest, TimesAndPageTokensRoundTrip) {
  EXPECT_EQ(ParseRfc3339Ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339Ms("2005-04-03T20:33:31.116000-06:00"), 1112582011116);
  EXPECT_EQ(FormatRfc3339Ms(1112582011116), "2005-04-04T02:33:31.116Z");
  EXPECT_EQ(FormatRfc3339Ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(DecodePageToken(EncodePageToken(1234567)), 1234567);
  EXPECT_FALSE(DecodePageToken("1234"));
  EXPECT_EQ(NormaliseCbvValue("https://example.com/steps/x"), "https://example.com/steps/x");
}

class EpcisServiceTest : public testing::DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    epcis_ = std::make_unique<EpcisService>(*store_, clock_);
    for (const char* name : {"chuthe", "phongthinghiem"}) {
      User u;
      u.username = name;
      u.password_hash = "$argon2id$x";
      u.role = name[0] == 'c' ? Role::kProducer : Role::kLaboratory;
      u.created_at = testing::kNow;
      ASSERT_TRUE(store_
                      ->Transact([&](Repositories& r) -> Status {
                        OCOP_ASSIGN_OR_RETURN(auto id, r.users().Insert(u));
                        (name[0] == 'c' ? producer_ : lab_) = u.ToPrincipal();
                        (name[0] == 'c' ? producer_ : lab_).user_id = id;
                        return Status::Ok();
                      })
                      .ok());
    }
  }

  // An ObjectEvent about serial `serial` of lot L1's GTIN at `time`.
  static std::string Event(const std::string& serial, const std::string& time,
                           const std::string& extra = "") {
    return R"({"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping","eventTime":")" + time +
           R"(","eventTimeZoneOffset":"+07:00","epcList":["urn:epc:id:sgtin:8934567.012345.)" +
           serial + R"("])" + extra + "}";
  }
  static std::string Document(const std::vector<std::string>& events) {
    std::string list;
    for (const auto& e : events) list += (list.empty() ? "" : ",") + e;
    return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],)"
           R"("type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-11-22T00:00:00Z",)"
           R"("epcisBody":{"eventList":[)" +
           list + "]}}";
  }
  std::int64_t Count() { return *epcis_->CountEvents(); }

  std::unique_ptr<EpcisService> epcis_;
  Principal producer_, lab_;
};

TEST_F(EpcisServiceTest, RollbackRefusesTheWholeDocumentAndNamesTheField) {
  auto job = epcis_->CaptureDocument(
      producer_,
      Document({Event("1", "2026-01-01T08:00:00+07:00"),
                Event("2", "2026-01-01T09:00:00+07:00", R"(,"action2":1)")}),
      CaptureErrorBehaviour::kRollback);
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code(), Code::kInvalidArgument);
  ASSERT_FALSE(job.error().fields().empty());
  EXPECT_EQ(job.error().fields()[0].field.rfind("eventList[1]", 0), 0u)
      << job.error().fields()[0].field;
  EXPECT_EQ(Count(), 0);
}

TEST_F(EpcisServiceTest, ProceedStoresTheValidEventsAndReportsTheOthers) {
  auto job =
      epcis_->CaptureDocument(producer_,
                              Document({Event("1", "2026-01-01T08:00:00+07:00"),
                                        Event("2", "2026-01-01T09:00:00+07:00", R"(,"action2":1)"),
                                        Event("3", "2026-01-01T10:00:00+07:00")}),
                              CaptureErrorBehaviour::kProceed);
  ASSERT_TRUE(job) << job.error().ToString();
  EXPECT_FALSE(job->success);
  EXPECT_EQ(job->event_count, 3);
  EXPECT_EQ(job->captured_count, 2);
  ASSERT_EQ(job->errors.size(), 1u);
  EXPECT_EQ(job->errors[0].index, 1);
  EXPECT_EQ(Count(), 2);
  // The job keeps the document byte for byte, and only its capturer and the
  // national office see it.
  auto again = epcis_->GetJob(producer_, job->id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->document.size(),
            Document({Event("1", "2026-01-01T08:00:00+07:00"),
                      Event("2", "2026-01-01T09:00:00+07:00", R"(,"action2":1)"),
                      Event("3", "2026-01-01T10:00:00+07:00")})
                .size());
  EXPECT_EQ(epcis_->GetJob(lab_, job->id).error().code(), Code::kNotFound);
  EXPECT_TRUE(epcis_->GetJob(Admin(), job->id));
  EXPECT_EQ(epcis_->ListJobs(producer_, 0, 10)->size(), 1u);
  EXPECT_TRUE(epcis_->ListJobs(lab_, 0, 10)->empty());
}

TEST_F(EpcisServiceTest, DuplicatesAreRefusedAndChangeNothing) {
  const std::string e = Event("1", "2026-01-01T08:00:00+07:00");
  ASSERT_TRUE(epcis_->CaptureDocument(producer_, Document({e}), CaptureErrorBehaviour::kRollback));
  for (const auto& doc : {Document({Event("2", "2026-01-01T08:00:00+07:00"), e}),
                          Document({Event("3", "2026-01-01T08:00:00+07:00"),
                                    Event("3", "2026-01-01T08:00:00+07:00")})}) {
    auto job = epcis_->CaptureDocument(producer_, doc, CaptureErrorBehaviour::kRollback);
    ASSERT_FALSE(job);
    EXPECT_EQ(job.error().code(), Code::kAlreadyExists);
  }
  EXPECT_EQ(Count(), 1);
  // The same event sent alone has the same computed id.
  auto single = epcis_->CaptureEvent(
      lab_, R"({"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)" +
                e.substr(1));
  ASSERT_FALSE(single);
  EXPECT_EQ(single.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(Count(), 1);
}

TEST_F(EpcisServiceTest, OnlyCapturersCapture) {
  EXPECT_TRUE(MayCaptureEpcis(Role::kProducer));
  EXPECT_TRUE(MayCaptureEpcis(Role::kLaboratory));
  EXPECT_TRUE(MayCaptureEpcis(Role::kNationalAdmin));
  EXPECT_FALSE(MayCaptureEpcis(Role::kInspector));
  Principal inspector{99, "thanhtra", Role::kInspector, "", "", 0};
  auto job = epcis_->CaptureDocument(inspector, Document({Event("1", "2026-01-01T08:00:00Z")}),
                                     CaptureErrorBehaviour::kRollback);
  ASSERT_FALSE(job);
  EXPECT_EQ(job.error().code(), Code::kPermissionDenied);
}

TEST_F(EpcisServiceTest, PagesResumeAfterTheirToken) {
  std::vector<std::string> events;
  for (int i = 0; i < 7; ++i) events.push_back(Event(std::to_string(i), "2026-01-01T08:00:00Z"));
  ASSERT_TRUE(
      epcis_->CaptureDocument(producer_, Document(events), CaptureErrorBehaviour::kRollback));
  EventQuery q;
  q.limit = 3;
  std::vector<std::int64_t> seqs;
  std::string token;
  int pages = 0;
  do {
    auto page = epcis_->Query(q, token);
    ASSERT_TRUE(page) << page.error().ToString();
    for (const auto& e : page->events) seqs.push_back(e.seq);
    token = page->next_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seqs.size(), 7u);
  EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
  EXPECT_EQ(epcis_->Query(q, "nonsense").error().code(), Code::kInvalidArgument);
}

TEST_F(EpcisServiceTest, EventsForIdFindsAnyFormOldestFirst) {
  // Serial 5 shipped in the second document but observed earlier.
  ASSERT_TRUE(epcis_->CaptureDocument(
      producer_,
      Document({Event("5", "2026-03-01T08:00:00+07:00"), Event("6", "2026-01-01T08:00:00+07:00")}),
      CaptureErrorBehaviour::kRollback));
  ASSERT_TRUE(epcis_->CaptureDocument(
      lab_, Document({Event("5", "2026-02-01T08:00:00+07:00", R"(,"bizStep":"inspecting")")}),
      CaptureErrorBehaviour::kRollback));
  auto by_urn = epcis_->EventsForId("urn:epc:id:sgtin:8934567.012345.5", 10);
  ASSERT_TRUE(by_urn) << by_urn.error().ToString();
  ASSERT_EQ(by_urn->size(), 2u);
  EXPECT_LT((*by_urn)[0].event.event_time_ms, (*by_urn)[1].event.event_time_ms);
  EXPECT_EQ((*by_urn)[0].event.biz_step, "inspecting");
  auto by_link = epcis_->EventsForId("https://example.vn/01/08934567123457/21/5?x=1", 10);
  ASSERT_TRUE(by_link);
  ASSERT_EQ(by_link->size(), 2u);
  EXPECT_EQ((*by_link)[0].event.event_id, (*by_urn)[0].event.event_id);
  EXPECT_EQ(epcis_->EventsForId("urn:epc:idpat:sgtin:8934567.012345.*", 10)->size(), 3u);
  EXPECT_EQ(epcis_->EventsForId("urn:epc:idpat:sgtin:8934567.012345.*", 1)->size(), 1u);
  EXPECT_TRUE(epcis_->EventsForId("urn:epc:id:sgtin:8934567.012345.404", 10)->empty());
}

}  // namespace
}  // namespace ocop::domain

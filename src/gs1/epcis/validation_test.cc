// Invalid events: each rule of the schema and of the standard yields an
// error naming the event index, the field path and the catalogue key.
#include <gtest/gtest.h>

#include <string>

#include "gs1/epcis/json_binding.h"
#include "gs1/epcis/value_formats.h"

namespace ocop::gs1::epcis {
namespace {

// A document around the given events (JSON objects, comma-separated).
std::string Document(const std::string& events) {
  return R"({"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",)"
         R"({"example":"https://ns.example.com/epcis/"}],"type":"EPCISDocument",)"
         R"("schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z",)"
         R"("epcisBody":{"eventList":[)" +
         events + "]}}";
}

constexpr const char* kValidObject =
    R"({"type":"ObjectEvent","eventTime":"2024-03-01T08:00:00+07:00","eventTimeZoneOffset":"+07:00",)"
    R"("epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"action":"OBSERVE","bizStep":"shipping"})";

// Replaces `from` in the valid ObjectEvent by `to`.
std::string Object(const std::string& from, const std::string& to) {
  std::string event = kValidObject;
  std::size_t at = event.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) event.replace(at, from.size(), to);
  return event;
}

// The errors of a one-event document whose event is `event`.
std::vector<EventError> ErrorsOf(const std::string& event) {
  auto parsed = ParseDocument(Document(event));
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().ToString());
  if (!parsed) return {};
  return parsed->errors;
}

::testing::AssertionResult HasError(const std::vector<EventError>& errors, std::size_t index,
                                    const std::string& field, const std::string& key) {
  std::string seen;
  for (const EventError& e : errors) {
    if (e.index == index && e.field == field && e.message.key == key) {
      return ::testing::AssertionSuccess();
    }
    seen += " [" + std::to_string(e.index) + " " + e.field + " " + e.message.key + "]";
  }
  return ::testing::AssertionFailure() << "no " << field << " " << key << "; got" << seen;
}

TEST(EpcisValidation, TheBaseEventIsValid) {
  auto parsed = ParseDocument(Document(kValidObject));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(parsed->errors.empty());
  ASSERT_EQ(parsed->events.size(), 1u);
  const Event& e = parsed->events[0];
  EXPECT_TRUE(e.event_id_computed);
  EXPECT_EQ(e.event_time_ms, 1709254800000);  // 2024-03-01T01:00:00Z
  EXPECT_TRUE(e.json.ends_with(",\"eventID\":\"" + e.event_id + "\"}")) << e.json;
}

TEST(EpcisValidation, ErrorsNameTheEventIndex) {
  auto errors = ErrorsOf(std::string(kValidObject) + "," + Object("\"OBSERVE\"", "\"WATCH\""));
  EXPECT_TRUE(HasError(errors, 1, "action", "error.epcis.invalid_action"));
  EXPECT_EQ(errors.size(), 1u);
}

TEST(EpcisValidation, RequiredCommonFields) {
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"eventTime\":\"2024-03-01T08:00:00+07:00\",", "")), 0,
                       "eventTime", "error.epcis.required"));
  EXPECT_TRUE(HasError(ErrorsOf(Object(",\"eventTimeZoneOffset\":\"+07:00\"", "")), 0,
                       "eventTimeZoneOffset", "error.epcis.required"));
  EXPECT_TRUE(HasError(ErrorsOf(Object(",\"action\":\"OBSERVE\"", "")), 0, "action",
                       "error.epcis.required"));
}

TEST(EpcisValidation, DateTimesNeedAnOffsetAndARealDate) {
  EXPECT_TRUE(HasError(ErrorsOf(Object("2024-03-01T08:00:00+07:00", "2024-03-01T08:00:00")), 0,
                       "eventTime", "error.epcis.invalid_date_time"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("2024-03-01T08:00:00+07:00", "2024-13-01T08:00:00Z")), 0,
                       "eventTime", "error.epcis.invalid_date_time"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("2024-03-01T08:00:00+07:00", "2023-02-29T08:00:00Z")), 0,
                       "eventTime", "error.epcis.invalid_date_time"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"recordTime\":\"yesterday\"")),
                       0, "recordTime", "error.epcis.invalid_date_time"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"+07:00\"", "\"+7:00\"")), 0, "eventTimeZoneOffset",
                       "error.epcis.invalid_time_zone_offset"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"+07:00\"", "\"+14:30\"")), 0, "eventTimeZoneOffset",
                       "error.epcis.invalid_time_zone_offset"));
}

TEST(EpcisValidation, WrongJsonTypes) {
  EXPECT_TRUE(HasError(ErrorsOf(Object("[\"urn:epc:id:sgtin:0614141.107346.2017\"]",
                                       "\"urn:epc:id:sgtin:0614141.107346.2017\"")),
                       0, "epcList", "error.epcis.wrong_type"));
  EXPECT_TRUE(
      HasError(ErrorsOf(Object("\"OBSERVE\"", "7")), 0, "action", "error.epcis.wrong_type"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"readPoint\":\"urn:x:y\"")), 0,
                       "readPoint", "error.epcis.wrong_type"));
  EXPECT_TRUE(HasError(ErrorsOf("[1]"), 0, "", "error.epcis.event_not_object"));
}

TEST(EpcisValidation, UrisAndDuplicates) {
  EXPECT_TRUE(HasError(ErrorsOf(Object("urn:epc:id:sgtin:0614141.107346.2017", "not a uri")), 0,
                       "epcList[0]", "error.epcis.invalid_uri"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("[\"urn:epc:id:sgtin:0614141.107346.2017\"]",
                                       "[\"urn:epc:id:sgtin:0614141.107346.2017\","
                                       "\"urn:epc:id:sgtin:0614141.107346.2017\"]")),
                       0, "epcList[1]", "error.epcis.duplicate_item"));
}

TEST(EpcisValidation, UnknownTypesAndFields) {
  EXPECT_TRUE(HasError(ErrorsOf(Object("ObjectEvent", "ThingEvent")), 0, "type",
                       "error.epcis.unknown_event_type"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"myField\":1")), 0, "myField",
                       "error.epcis.unknown_field"));
  // An extension named by a compact URI is allowed.
  EXPECT_TRUE(ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"example:myField\":1")).empty());
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"childEPCs\":[]")), 0,
                       "childEPCs", "error.epcis.field_not_allowed"));
}

TEST(EpcisValidation, VocabularyValues) {
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"shipping\"", "\"shiping\"")), 0, "bizStep",
                       "error.epcis.invalid_vocabulary"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"shipping\"", "\"urn:epcglobal:cbv:bizstep:nothing\"")), 0,
                       "bizStep", "error.epcis.invalid_vocabulary"));
  // Every written form of a CBV term is the same short name.
  for (const char* form : {"shipping", "urn:epcglobal:cbv:bizstep:shipping",
                           "https://ref.gs1.org/cbv/BizStep-shipping", "cbv:BizStep-shipping"}) {
    auto parsed = ParseDocument(Document(Object("\"shipping\"", std::string("\"") + form + "\"")));
    ASSERT_TRUE(parsed.has_value());
    ASSERT_EQ(parsed->events.size(), 1u) << form;
    EXPECT_EQ(parsed->events[0].biz_step, "shipping") << form;
  }
  // A URN is stored as the bare term, which the schema accepts.
  auto urn =
      ParseDocument(Document(Object("\"shipping\"", "\"urn:epcglobal:cbv:bizstep:shipping\"")));
  ASSERT_TRUE(urn.has_value());
  ASSERT_EQ(urn->events.size(), 1u);
  EXPECT_NE(urn->events[0].json.find("\"bizStep\":\"shipping\""), std::string::npos);
  // A private vocabulary is kept as its URI.
  auto own = ParseDocument(Document(Object("\"shipping\"", "\"https://example.vn/steps/drying\"")));
  ASSERT_TRUE(own.has_value());
  ASSERT_EQ(own->events.size(), 1u);
  EXPECT_EQ(own->events[0].biz_step, "https://example.vn/steps/drying");
}

TEST(EpcisValidation, ObjectEventNeedsWhat) {
  EXPECT_TRUE(
      HasError(ErrorsOf(Object("\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2017\"],", "")), 0,
               "epcList", "error.epcis.object_missing_what"));
}

TEST(EpcisValidation, IlmdOnlyWithAdd) {
  EXPECT_TRUE(HasError(
      ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"ilmd\":{\"example:bestBefore\":\"2025\"}")), 0,
      "ilmd", "error.epcis.ilmd_requires_add"));
  EXPECT_TRUE(ErrorsOf(Object("\"OBSERVE\"", "\"ADD\",\"ilmd\":{\"example:bestBefore\":\"2025\"}"))
                  .empty());
}

TEST(EpcisValidation, PersistentDispositionOnlyOnObjectAndTransformation) {
  std::string aggregation =
      R"({"type":"AggregationEvent","eventTime":"2024-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00",)"
      R"("parentID":"urn:epc:id:sscc:0614141.1234567890","childEPCs":["urn:epc:id:sgtin:0614141.107346.2017"],)"
      R"("action":"ADD","persistentDisposition":{"set":["recalled"]}})";
  EXPECT_TRUE(
      HasError(ErrorsOf(aggregation), 0, "persistentDisposition", "error.epcis.field_not_allowed"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"persistentDisposition\":{}")),
                       0, "persistentDisposition", "error.epcis.persistent_disposition_empty"));
  EXPECT_TRUE(ErrorsOf(Object("\"OBSERVE\"",
                              "\"OBSERVE\",\"persistentDisposition\":{\"set\":[\"recalled\"]}"))
                  .empty());
}

TEST(EpcisValidation, AggregationAndAssociationNeedParent) {
  std::string aggregation =
      R"({"type":"AggregationEvent","eventTime":"2024-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00",)"
      R"("childEPCs":["urn:epc:id:sgtin:0614141.107346.2017"],"action":"ADD"})";
  EXPECT_TRUE(HasError(ErrorsOf(aggregation), 0, "parentID", "error.epcis.parent_required"));
  std::string observe = aggregation;
  observe.replace(observe.find("\"ADD\""), 5, "\"OBSERVE\"");
  EXPECT_TRUE(ErrorsOf(observe).empty());
  std::string association = aggregation;
  association.replace(association.find("AggregationEvent"), 16, "AssociationEvent");
  association.replace(association.find("\"ADD\""), 5, "\"OBSERVE\"");
  EXPECT_TRUE(HasError(ErrorsOf(association), 0, "parentID", "error.epcis.parent_required"));
  std::string childless =
      R"({"type":"AggregationEvent","eventTime":"2024-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00",)"
      R"("parentID":"urn:epc:id:sscc:0614141.1234567890","action":"ADD"})";
  EXPECT_TRUE(HasError(ErrorsOf(childless), 0, "childEPCs", "error.epcis.missing_children"));
}

TEST(EpcisValidation, TransactionEventNeedsBizTransactions) {
  std::string transaction =
      R"({"type":"TransactionEvent","eventTime":"2024-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00",)"
      R"("epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"action":"ADD"})";
  EXPECT_TRUE(HasError(ErrorsOf(transaction), 0, "bizTransactionList", "error.epcis.required"));
}

TEST(EpcisValidation, TransformationEventNeedsInputsAndOutputs) {
  std::string nothing =
      R"({"type":"TransformationEvent","eventTime":"2024-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00"})";
  EXPECT_TRUE(
      HasError(ErrorsOf(nothing), 0, "inputEPCList", "error.epcis.transformation_missing_io"));
  std::string inputs_only =
      R"({"type":"TransformationEvent","eventTime":"2024-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00",)"
      R"("inputEPCList":["urn:epc:id:sgtin:0614141.107346.2017"]})";
  EXPECT_TRUE(HasError(ErrorsOf(inputs_only), 0, "transformationID",
                       "error.epcis.transformation_needs_id"));
  std::string with_action =
      R"({"type":"TransformationEvent","eventTime":"2024-03-01T08:00:00Z","eventTimeZoneOffset":"+07:00",)"
      R"("inputEPCList":["urn:epc:id:sgtin:0614141.107346.2017"],"transformationID":"urn:x:t1","action":"ADD"})";
  EXPECT_TRUE(HasError(ErrorsOf(with_action), 0, "action", "error.epcis.field_not_allowed"));
}

TEST(EpcisValidation, QuantityElements) {
  auto with_quantity = [](const std::string& element) {
    return Object("\"epcList\":[\"urn:epc:id:sgtin:0614141.107346.2017\"]",
                  "\"quantityList\":[" + element + "]");
  };
  EXPECT_TRUE(HasError(ErrorsOf(with_quantity(
                           R"({"epcClass":"urn:epc:id:sgtin:0614141.107346.2017","quantity":2})")),
                       0, "quantityList[0].epcClass", "error.epcis.class_not_instance"));
  EXPECT_TRUE(HasError(ErrorsOf(with_quantity(R"({"quantity":2})")), 0, "quantityList[0].epcClass",
                       "error.epcis.required"));
  EXPECT_TRUE(
      HasError(ErrorsOf(with_quantity(
                   R"({"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":"2"})")),
               0, "quantityList[0].quantity", "error.epcis.wrong_type"));
  EXPECT_TRUE(HasError(
      ErrorsOf(with_quantity(
          R"({"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2,"uom":"kg"})")),
      0, "quantityList[0].uom", "error.epcis.invalid_uom"));
  EXPECT_TRUE(HasError(
      ErrorsOf(
          with_quantity(R"({"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","uom":"KGM"})")),
      0, "quantityList[0].uom", "error.epcis.uom_without_quantity"));
  EXPECT_TRUE(HasError(
      ErrorsOf(
          with_quantity(R"({"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","extra":1})")),
      0, "quantityList[0].extra", "error.epcis.unknown_field"));
  EXPECT_TRUE(
      ErrorsOf(
          with_quantity(
              R"({"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2.5,"uom":"KGM"})"))
          .empty());
}

TEST(EpcisValidation, SensorElementsCertificationAndErrorDeclaration) {
  EXPECT_TRUE(HasError(
      ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"sensorElementList\":[{\"sensorReport\":[]}]")),
      0, "sensorElementList[0].sensorReport", "error.epcis.empty_list"));
  EXPECT_TRUE(
      HasError(ErrorsOf(Object("\"OBSERVE\"",
                               "\"OBSERVE\",\"sensorElementList\":[{\"sensorReport\":[{\"type\":"
                               "\"Temperature\",\"value\":\"hot\"}]}]")),
               0, "sensorElementList[0].sensorReport[0].value", "error.epcis.wrong_type"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"",
                                       "\"OBSERVE\",\"sensorElementList\":[{\"sensorReport\":[{"
                                       "\"type\":\"Warmth\"}]}]")),
                       0, "sensorElementList[0].sensorReport[0].type",
                       "error.epcis.invalid_vocabulary"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"",
                                       "\"OBSERVE\",\"sensorElementList\":[{\"sensorReport\":[{"
                                       "\"type\":\"Temperature\",\"hexBinaryValue\":\"xyz\"}]}]")),
                       0, "sensorElementList[0].sensorReport[0].hexBinaryValue",
                       "error.epcis.invalid_hex"));
  EXPECT_TRUE(
      HasError(ErrorsOf(Object("\"OBSERVE\"", "\"OBSERVE\",\"certificationInfo\":[\"not a uri\"]")),
               0, "certificationInfo[0]", "error.epcis.invalid_uri"));
  EXPECT_TRUE(HasError(ErrorsOf(Object("\"OBSERVE\"",
                                       "\"OBSERVE\",\"errorDeclaration\":{\"reason\":"
                                       "\"incorrect_data\"}")),
                       0, "errorDeclaration.declarationTime", "error.epcis.required"));
}

TEST(EpcisDocument, MalformedAndNonDocuments) {
  auto malformed = ParseDocument("{\"type\":");
  ASSERT_FALSE(malformed.has_value());
  EXPECT_EQ(malformed.error().message().key, "error.epcis.malformed_json");
  auto overflow = ParseDocument(R"({"type":"EPCISDocument","n":2e999})");
  ASSERT_FALSE(overflow.has_value());
  EXPECT_EQ(overflow.error().message().key, "error.epcis.malformed_json");
  auto not_doc = ParseDocument(R"({"type":"ObjectEvent"})");
  ASSERT_FALSE(not_doc.has_value());
  EXPECT_EQ(not_doc.error().message().key, "error.epcis.not_a_document");
  auto no_body = ParseDocument(
      R"({"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2024-01-01T00:00:00Z"})");
  ASSERT_FALSE(no_body.has_value());
  EXPECT_EQ(no_body.error().message().key, "error.epcis.invalid_document");
  ASSERT_FALSE(no_body.error().fields().empty());
  EXPECT_EQ(no_body.error().fields()[0].field, "epcisBody");
}

TEST(EpcisDocument, DeepNestingIsRefusedWithoutRecursion) {
  std::string deep = std::string(10000, '[') + std::string(10000, ']');
  auto parsed = ParseDocument(deep);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message().key, "error.epcis.too_deep");
  auto single = ParseSingleEvent(deep);
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error().message().key, "error.epcis.too_deep");
  // Brackets inside strings do not count.
  std::string in_string =
      Object("\"OBSERVE\"", "\"OBSERVE\",\"example:x\":\"" + std::string(100, '[') + "\"");
  EXPECT_TRUE(ErrorsOf(in_string).empty());
}

TEST(EpcisDocument, EventCountLimit) {
  std::string events;
  for (int i = 0; i < 3; ++i) events += (i ? "," : "") + std::string(kValidObject);
  auto parsed = ParseDocument(Document(events), ParseLimits{.max_events = 2});
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), Code::kResourceExhausted);
  EXPECT_EQ(parsed.error().message().key, "error.epcis.too_many_events");
}

TEST(EpcisSingleEvent, ValidAndInvalid) {
  std::string event = Object(
      "{\"type\"",
      R"({"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld","type")");
  auto parsed = ParseSingleEvent(event);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_EQ(parsed->events.size(), 1u);
  EXPECT_TRUE(parsed->events[0].event_id_computed);
  auto bad = ParseSingleEvent(Object("\"OBSERVE\"", "\"SEE\""));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message().key, "error.epcis.invalid_event");
  bool context = false, action = false;
  for (const FieldViolation& f : bad.error().fields()) {
    context = context || (f.field == "@context" && f.message.key == "error.epcis.required");
    action = action || (f.field == "action" && f.message.key == "error.epcis.invalid_action");
  }
  EXPECT_TRUE(context);
  EXPECT_TRUE(action);
}

TEST(EpcisValueFormats, DateTimesUrisAndNumbers) {
  EXPECT_EQ(ParseDateTimeMs("2005-04-03T20:33:31.116000-06:00"), 1112582011116);
  EXPECT_EQ(ParseDateTimeMs("2023-01-18T11:04:03.1415Z"),
            ParseDateTimeMs("2023-01-18T11:04:03.142Z"));
  EXPECT_EQ(ParseDateTimeMs("2023-01-18T11:04:03.1414Z"),
            ParseDateTimeMs("2023-01-18T11:04:03.141Z"));
  EXPECT_EQ(FormatUtcMs(1112582011116), "2005-04-04T02:33:31.116Z");
  EXPECT_EQ(FormatUtcMs(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_FALSE(ParseDateTimeMs("2024-02-30T00:00:00Z"));
  EXPECT_TRUE(ParseDateTimeMs("2024-02-29T00:00:00Z"));
  EXPECT_TRUE(IsUri("example:myField"));
  EXPECT_TRUE(IsUri("https://id.gs1.org/01/09506000134352?17=201225"));
  EXPECT_FALSE(IsUri("myField"));
  EXPECT_FALSE(IsUri("https://a b"));
  EXPECT_FALSE(IsUri("https://a/%zz"));
  EXPECT_EQ(FormatNumber(1.0), "1");
  EXPECT_EQ(FormatNumber(200.5), "200.5");
  EXPECT_EQ(FormatNumber(0.3434), "0.3434");
  EXPECT_EQ(FormatNumber(-26.2), "-26.2");
  EXPECT_EQ(FormatNumber(1e-7), "1e-7");
}

}  // namespace
}  // namespace ocop::gs1::epcis

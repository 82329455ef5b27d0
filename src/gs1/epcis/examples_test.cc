// Every official EPCIS 2.0 JSON-LD example of GS1 (the reference copy beside
// the repository) parses without errors, with the indexed fields spot-checked.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gs1/epcis/json_binding.h"

namespace ocop::gs1::epcis {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

fs::path ExamplesDir() { return fs::path(OCOP_EPCIS_EXAMPLES_DIR); }

ParsedDocument MustParse(const std::string& relative) {
  auto parsed = ParseDocument(ReadFile(ExamplesDir() / relative));
  EXPECT_TRUE(parsed.has_value()) << relative << ": " << (parsed ? "" : parsed.error().ToString());
  if (!parsed) return {};
  for (const EventError& e : parsed->errors) {
    ADD_FAILURE() << relative << " event " << e.index << " " << e.field << ": " << e.message.key;
  }
  return *parsed;
}

TEST(EpcisExamples, EveryOfficialExampleParsesWithoutErrors) {
  ASSERT_TRUE(fs::is_directory(ExamplesDir())) << ExamplesDir();
  int documents = 0;
  for (const auto& entry : fs::recursive_directory_iterator(ExamplesDir())) {
    if (entry.path().extension() != ".jsonld") continue;
    std::string text = ReadFile(entry.path());
    if (text.find("\"EPCISQueryDocument\"") != std::string::npos) continue;  // not captured
    SCOPED_TRACE(entry.path().string());
    auto parsed = ParseDocument(text);
    ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
    for (const EventError& e : parsed->errors) {
      ADD_FAILURE() << "event " << e.index << " " << e.field << ": " << e.message.key;
    }
    EXPECT_FALSE(parsed->events.empty());
    for (const Event& event : parsed->events) {
      EXPECT_FALSE(event.event_id.empty());
      EXPECT_FALSE(event.json.empty());
    }
    ++documents;
  }
  EXPECT_GE(documents, 45);
}

TEST(EpcisExamples, ObjectEventFieldsAreIndexed) {
  ParsedDocument doc = MustParse("Example_9.6.1-ObjectEvent.jsonld");
  ASSERT_EQ(doc.events.size(), 2u);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.type, EventType::kObject);
  EXPECT_EQ(e.action, "OBSERVE");
  EXPECT_EQ(e.biz_step, "shipping");
  EXPECT_EQ(e.disposition, "in_transit");
  EXPECT_EQ(e.read_point, "urn:epc:id:sgln:0614141.07346.1234");
  // 2005-04-03T20:33:31.116000-06:00 is 2005-04-04T02:33:31.116Z.
  EXPECT_EQ(e.event_time_ms, 1112582011116);
  EXPECT_EQ(e.event_time_zone_offset, "-06:00");
  ASSERT_EQ(e.epcs.size(), 2u);
  EXPECT_EQ(e.epcs[0].role, static_cast<std::uint8_t>(EpcRole::kEpc));
  // Indicator digit 1, company prefix 0614141, item 07346, check digit 4.
  EXPECT_EQ(e.epcs[0].key, "https://id.gs1.org/01/10614141073464/21/2017");
  ASSERT_EQ(e.biz_transactions.size(), 1u);
  EXPECT_EQ(e.biz_transactions[0].type, "po");
  EXPECT_EQ(e.biz_transactions[0].id, "http://transaction.acme.com/po/12345678");
  EXPECT_FALSE(e.event_id_computed);
  // The stored JSON is the event as written, member order kept.
  EXPECT_TRUE(e.json.starts_with("{\"eventID\":\"ni:///sha-256;df7bb3c3")) << e.json;
  EXPECT_NE(doc.context_json.find("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"),
            std::string::npos);
}

TEST(EpcisExamples, AggregationEventParentChildrenAndClasses) {
  ParsedDocument doc = MustParse("Example_9.6.3-AggregationEvent.jsonld");
  ASSERT_EQ(doc.events.size(), 1u);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.type, EventType::kAggregation);
  EXPECT_EQ(e.biz_step, "receiving");
  EXPECT_EQ(e.disposition, "in_progress");
  EXPECT_EQ(e.event_time_ms, 1370703536591);
  bool parent = false;
  int children = 0;
  for (const IdRef& ref : e.epcs) {
    if (ref.role == static_cast<std::uint8_t>(EpcRole::kParent)) {
      parent = true;
      EXPECT_EQ(ref.key, "https://id.gs1.org/00/106141412345678908");
    }
    if (ref.role == static_cast<std::uint8_t>(EpcRole::kEpc)) ++children;
  }
  EXPECT_TRUE(parent);
  EXPECT_EQ(children, 2);
  ASSERT_EQ(e.classes.size(), 2u);
  EXPECT_EQ(e.classes[1].role, static_cast<std::uint8_t>(ClassRole::kQuantity));
  EXPECT_EQ(e.classes[1].key, "https://id.gs1.org/01/04012345123456/10/998877");
}

TEST(EpcisExamples, TransformationEventInputsAndOutputs) {
  ParsedDocument doc = MustParse("Example_9.6.4-TransformationEvent.jsonld");
  ASSERT_EQ(doc.events.size(), 1u);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.type, EventType::kTransformation);
  EXPECT_EQ(e.action, "");
  EXPECT_EQ(e.biz_step, "commissioning");
  int inputs = 0, outputs = 0;
  for (const IdRef& ref : e.epcs) {
    inputs += ref.role == static_cast<std::uint8_t>(EpcRole::kInput);
    outputs += ref.role == static_cast<std::uint8_t>(EpcRole::kOutput);
  }
  EXPECT_GT(inputs, 0);
  EXPECT_GT(outputs, 0);
}

TEST(EpcisExamples, DigitalLinkAndUrnOfTheSameThingShareAKey) {
  ParsedDocument urn = MustParse("Example_9.6.1-ObjectEvent.jsonld");
  ParsedDocument dl =
      MustParse("WithDigitalLinkID/Example_9.6.1-ObjectEventWithDigitalLink.jsonld");
  ASSERT_FALSE(urn.events.empty());
  ASSERT_FALSE(dl.events.empty());
  // The Digital Link example names other objects, so only the form is
  // compared: both are keyed by canonical Digital Links under id.gs1.org.
  for (const IdRef& ref : dl.events[0].epcs) {
    EXPECT_TRUE(ref.key.starts_with("https://id.gs1.org/01/")) << ref.key;
  }
  EXPECT_EQ(dl.events[0].epcs[0].key, "https://id.gs1.org/01/70614141123451/21/2017");
}

TEST(EpcisExamples, SourcesDestinationsAndSensorEvents) {
  ParsedDocument doc =
      MustParse("WithFullCombinationOfFields/object_event_all_possible_fields.jsonld");
  ASSERT_EQ(doc.events.size(), 1u);
  const Event& e = doc.events[0];
  EXPECT_EQ(e.action, "ADD");
  EXPECT_EQ(e.biz_step, "receiving");
  EXPECT_EQ(e.event_time_ms, 1112668411116);
  bool owning_source = false;
  for (const SourceDestination& sd : e.sources_destinations) {
    owning_source = owning_source || (sd.is_source && sd.type == "owning_party");
  }
  EXPECT_TRUE(owning_source);
  ParsedDocument sensors = MustParse("WithSensorData/SensorDataExample1.jsonld");
  ASSERT_EQ(sensors.events.size(), 1u);
  EXPECT_EQ(sensors.events[0].biz_step, "inspecting");
  // 2019-04-02T15:00:00.000+01:00
  EXPECT_EQ(sensors.events[0].event_time_ms, 1554213600000);
}

TEST(EpcisExamples, EventsWithoutAnIdGetTheirHash) {
  ParsedDocument doc = MustParse("WithSensorData/SensorDataExample1.jsonld");
  ASSERT_EQ(doc.events.size(), 1u);
  const Event& e = doc.events[0];
  if (e.event_id_computed) {
    EXPECT_TRUE(e.event_id.starts_with("ni:///sha-256;"));
    EXPECT_NE(e.json.find("\"eventID\":\"" + e.event_id + "\""), std::string::npos);
  }
}

}  // namespace
}  // namespace ocop::gs1::epcis

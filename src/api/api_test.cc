#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/json_writer.h"

namespace ocop::api {
namespace {

TEST(JsonWriter, WritesNestedDocumentsThatParseBack) {
  const std::string tricky = "Quote \" back\\slash\nnew\tline \x01 Đắk Lắk “ngoặc”";
  JsonWriter w;
  w.BeginObject()
      .Member("name", tricky)
      .Member("n", std::int64_t{-42})
      .Key("empty")
      .BeginArray()
      .EndArray()
      .Key("list")
      .BeginArray()
      .Int(1)
      .String("a")
      .Null()
      .Bool(true)
      .BeginObject()
      .EndObject()
      .EndArray()
      .Key("gtin")
      .StringOrNull("")
      .EndObject();
  const std::string doc = w.Take();
  auto parsed = nlohmann::json::parse(doc);
  EXPECT_EQ(parsed["name"], tricky);
  EXPECT_EQ(parsed["n"], -42);
  EXPECT_TRUE(parsed["empty"].empty());
  EXPECT_EQ(parsed["list"].size(), 5u);
  EXPECT_TRUE(parsed["list"][2].is_null());
  EXPECT_TRUE(parsed["gtin"].is_null());
  EXPECT_NE(doc.find("\\u0001"), std::string::npos);
}

}  // namespace
}  // namespace ocop::api

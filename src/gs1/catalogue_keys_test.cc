// Every refusal of src/gs1 is a catalogue key in both languages (a missing
// key would show users the bare key). The keys are read from the sources: the
// literal "error.gs1.…" keys and the reasons of the linters, which become
// "error.gs1.lint.<reason>".
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> KeysInSources() {
  const std::string dir = std::string(OCOP_DATA_DIR) + "/../src/gs1/";
  std::set<std::string> keys;
  for (const char* file : {"ai_dictionary.cc", "ai_linters.cc", "digital_link.cc"}) {
    std::string text = Read(dir + file);
    EXPECT_FALSE(text.empty()) << file;
    static const std::regex kLiteral(R"re("(error\.gs1\.[a-z_.]*[a-z_])")re");
    for (std::sregex_iterator it(text.begin(), text.end(), kLiteral), end; it != end; ++it) {
      keys.insert((*it)[1]);
    }
    // Linter failures: Fail("reason"…) and the reason arguments of
    // LintRange(…, "reason").
    static const std::regex kReason(R"re((?:Fail\(|, )"([a-z_]+)")re");
    if (std::string(file) == "ai_linters.cc") {
      for (std::sregex_iterator it(text.begin(), text.end(), kReason), end; it != end; ++it) {
        keys.insert("error.gs1.lint." + std::string((*it)[1]));
      }
    }
  }
  keys.erase("error.gs1.lint.");  // the prefix the dictionary code appends to
  return keys;
}

TEST(CatalogueKeys, EveryGs1RefusalIsInBothCatalogues) {
  auto keys = KeysInSources();
  EXPECT_GT(keys.size(), 50u);
  EXPECT_TRUE(keys.count("error.gs1.lint.month"));
  EXPECT_TRUE(keys.count("error.gs1.dl.qualifier_order"));
  for (const char* language : {"vi", "en"}) {
    std::string catalogue = Read(std::string(OCOP_DATA_DIR) + "/i18n/" + language + ".json");
    ASSERT_FALSE(catalogue.empty());
    for (const auto& key : keys) {
      EXPECT_NE(catalogue.find("\"" + key + "\":"), std::string::npos) << language << ": " << key;
    }
  }
}

}  // namespace

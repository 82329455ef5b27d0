#include "web/templates.h"

#include <gtest/gtest.h>

namespace ocop::web {
namespace {

const std::map<std::string, std::string> kTexts = {
    {"page.verify.title", "Tem OCOP <thật>"},
    {"app.name", "Nền tảng OCOP"},
    {"page.verify.unknown_title", "Không phải \"OCOP\""},
};

TEST(Localize, FillsTextTagsEscapedOrAsIs) {
  EXPECT_EQ(Localize("<h1>{{t.page_verify_title}}</h1>", kTexts), "<h1>Tem OCOP &lt;thật&gt;</h1>");
  EXPECT_EQ(Localize("{{{t.page_verify_title}}}|{{& t.app_name }}", kTexts),
            "Tem OCOP <thật>|Nền tảng OCOP");
  EXPECT_EQ(Localize("{{ t.page_verify_unknown_title }}", kTexts), "Không phải &quot;OCOP&quot;");
}

TEST(Localize, LeavesEveryOtherTagToTheRenderer) {
  const std::string source =
      "{{#user}}{{username}}{{/user}} {{{content}}} {{t.no_such_key}} "
      "{{^t.app_name}}x{{/t.app_name}}";
  EXPECT_EQ(Localize(source, kTexts), source);
  EXPECT_EQ(Localize("unclosed {{t.app_name", kTexts), "unclosed {{t.app_name");
}

TEST(Templates, RenderTheSameAsWithTheCatalogueInTheData) {
  auto templates = Templates::Load(OCOP_DATA_DIR "/templates");
  ASSERT_TRUE(templates) << templates.error().ToString();
  const std::map<std::string, std::string> en = {{"app.name", "OCOP & co"}};
  Data d;
  d.set("lang", "en");
  const std::string page = templates->Render("verify", d, Texts{"en", &en});
  EXPECT_NE(page.find("OCOP &amp; co"), std::string::npos);
  EXPECT_EQ(page.find("{{"), std::string::npos);
  // Another language is another compiled copy, not the first one reused.
  const std::map<std::string, std::string> vi = {{"app.name", "Nền tảng"}};
  EXPECT_NE(templates->Render("verify", d, Texts{"vi", &vi}).find("Nền tảng"), std::string::npos);
}

}  // namespace
}  // namespace ocop::web

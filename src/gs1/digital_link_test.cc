#include "gs1/digital_link.h"

#include <gtest/gtest.h>

namespace ocop::gs1 {
namespace {

// The catalogue key of the refusal of `uri`, or "ok".
std::string Verdict(std::string_view uri) {
  auto link = ParseDigitalLink(uri);
  return link ? "ok" : link.error().message().key;
}

std::string Arg(const Status& s, std::string_view name) {
  for (const auto& [k, v] : s.message().args) {
    if (k == name) return v;
  }
  return "<none>";
}

TEST(DigitalLink, ParsesKeyQualifiersAttributesAndOtherQuery) {
  auto link = ParseDigitalLink(
      "https://id.example.vn/ocop/01/09506000134352/10/LOT%2F1/21/S1?17=261231&linkType=gs1:pip");
  ASSERT_TRUE(link) << link.error().ToString();
  EXPECT_EQ(link->prefix, "https://id.example.vn/ocop");
  EXPECT_EQ(link->primary.ai, "01");
  EXPECT_EQ(link->primary.value, "09506000134352");
  ASSERT_EQ(link->qualifiers.size(), 2u);
  EXPECT_EQ(link->qualifiers[0].ai, "10");
  EXPECT_EQ(link->qualifiers[0].value, "LOT/1");
  EXPECT_EQ(link->qualifiers[1].ai, "21");
  ASSERT_EQ(link->attributes.size(), 1u);
  EXPECT_EQ(link->attributes[0].ai, "17");
  EXPECT_EQ(link->attributes[0].value, "261231");
  ASSERT_EQ(link->other_query.size(), 1u);
  EXPECT_EQ(link->other_query[0].first, "linkType");
  EXPECT_EQ(link->other_query[0].second, "gs1:pip");
}

TEST(DigitalLink, AcceptsPathsAndOtherPrimaryKeys) {
  EXPECT_EQ(Verdict("/01/09506000134352"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/00/106141412345678908"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/414/9506000134376/254/1"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/414/9506000134376/7040/1A2B"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/8004/0614141ABC123"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/235/TPX1"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/22/CPV/10/L/21/S"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?7007=260115260120"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352#frag"), "ok");
}

TEST(DigitalLink, RefusesWithTheReason) {
  auto check_digit = ParseDigitalLink("https://id.gs1.org/01/09506000134353");
  ASSERT_FALSE(check_digit);
  EXPECT_EQ(check_digit.error().message().key, "error.gs1.lint.check_digit");
  EXPECT_EQ(Arg(check_digit.error(), "ai"), "01");
  EXPECT_EQ(Arg(check_digit.error(), "position"), "14");

  auto gtin13 = ParseDigitalLink("https://id.gs1.org/01/8939777100106");
  ASSERT_FALSE(gtin13);
  EXPECT_EQ(gtin13.error().message().key, "error.gs1.wrong_length");
  EXPECT_EQ(Arg(gtin13.error(), "min"), "14");

  auto lot = ParseDigitalLink("https://id.gs1.org/01/09506000134352/10/ABCDEFGHIJKLMNOPQRSTU");
  ASSERT_FALSE(lot);
  EXPECT_EQ(lot.error().message().key, "error.gs1.too_long");
  EXPECT_EQ(Arg(lot.error(), "ai"), "10");
  EXPECT_EQ(Arg(lot.error(), "max"), "20");

  auto cset = ParseDigitalLink("https://id.gs1.org/01/09506000134352/21/A%20B");
  ASSERT_FALSE(cset);
  EXPECT_EQ(cset.error().message().key, "error.gs1.bad_character");
  EXPECT_EQ(Arg(cset.error(), "character"), " ");
  EXPECT_EQ(Arg(cset.error(), "position"), "2");

  auto order = ParseDigitalLink("https://id.gs1.org/01/09506000134352/21/S/10/L");
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().message().key, "error.gs1.dl.qualifier_order");
  EXPECT_EQ(Arg(order.error(), "ai"), "10");
  EXPECT_EQ(Arg(order.error(), "after"), "21");

  auto month = ParseDigitalLink("https://id.gs1.org/01/09506000134352?17=261301");
  ASSERT_FALSE(month);
  EXPECT_EQ(month.error().message().key, "error.gs1.lint.month");
  EXPECT_EQ(Arg(month.error(), "ai"), "17");

  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?17=260230"), "error.gs1.lint.day");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?17=240229"), "ok");  // leap year
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?17=260200"), "ok");  // day 00
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?7006=260200"), "error.gs1.lint.day");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/99999/X"), "error.gs1.unknown_ai");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?21=S1"),
            "error.gs1.dl.not_data_attribute");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/L?10=L"),
            "error.gs1.dl.path_ai_in_query");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?17=261231&17=261231"),
            "error.gs1.dl.repeated_ai");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/A/10/B"), "error.gs1.dl.repeated_ai");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/254/X"),
            "error.gs1.dl.qualifier_not_allowed");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/L/235/T"),
            "error.gs1.dl.qualifier_order");  // the two paths do not mix
  EXPECT_EQ(Verdict("https://id.gs1.org/414/9506000134376/254/1/7040/1A2B"),
            "error.gs1.dl.qualifier_order");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/L%2"),
            "error.gs1.dl.bad_percent_escape");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/L%G1"),
            "error.gs1.dl.bad_percent_escape");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/L 1"),
            "error.gs1.dl.bad_uri_character");
  EXPECT_EQ(Verdict("https://id.gs1.org/10/LOT"), "error.gs1.dl.no_primary_key");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/21/A!B"),
            "error.gs1.dl.unencoded_character");  // the DL grammar wants %21
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?17=2612%2B1"), "error.gs1.not_numeric");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/L/"), "ok");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352//10/L"), "error.gs1.dl.empty_segment");
  // The key is found from the right: "/01/x" before it is a custom prefix.
  auto prefixed = ParseDigitalLink("https://example.vn/01/x/01/09506000134352/10/L");
  ASSERT_TRUE(prefixed) << prefixed.error().ToString();
  EXPECT_EQ(prefixed->prefix, "https://example.vn/01/x");
  EXPECT_EQ(Verdict("https://id.gs1.org/01"), "error.gs1.dl.missing_value");
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352/10/"), "error.gs1.dl.missing_value");
  EXPECT_EQ(Verdict("ftp://id.gs1.org/01/09506000134352"), "error.gs1.dl.not_a_uri");
  EXPECT_EQ(Verdict("https:///01/09506000134352"), "error.gs1.dl.no_host");
  EXPECT_EQ(Verdict("https://id.gs1.org@evil.example/01/09506000134352"), "error.gs1.dl.userinfo");
  EXPECT_EQ(Verdict(""), "error.gs1.dl.empty");
  EXPECT_EQ(Verdict("//example.vn/01/09506000134352"), "error.gs1.dl.not_a_uri");
  // req=: 4300 (ship-to company) requires an SSCC.
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?4300=ACME"), "error.gs1.dl.requires");
  EXPECT_EQ(Verdict("https://id.gs1.org/00/106141412345678908?4300=ACME"), "ok");
  // ex=: GTIN (01) excludes 37 (count of trade items).
  EXPECT_EQ(Verdict("https://id.gs1.org/01/09506000134352?37=5"), "error.gs1.dl.excludes");
}

TEST(DigitalLink, BuildsWhatItParses) {
  for (std::string_view uri : {
           "https://id.example.vn/ocop/01/09506000134352/10/LOT%2F1/21/S1?17=261231&linkType=all",
           "https://id.gs1.org/414/9506000134376/254/A%25B",
           "/01/09506000134352/22/C%2BV/10/L%21",
           "https://id.gs1.org/8004/0614141ABC%22123",
       }) {
    auto link = ParseDigitalLink(uri);
    ASSERT_TRUE(link) << uri << ": " << link.error().ToString();
    std::string built = BuildDigitalLink(*link);
    auto again = ParseDigitalLink(built);
    ASSERT_TRUE(again) << built;
    EXPECT_EQ(BuildDigitalLink(*again), built);
    EXPECT_EQ(again->primary.value, link->primary.value);
    ASSERT_EQ(again->qualifiers.size(), link->qualifiers.size());
    for (size_t i = 0; i < link->qualifiers.size(); ++i) {
      EXPECT_EQ(again->qualifiers[i].value, link->qualifiers[i].value);
    }
    EXPECT_EQ(again->other_query, link->other_query);
  }
  DigitalLink short_gtin;
  short_gtin.primary = {"01", "8939777100106"};
  short_gtin.qualifiers = {{"10", "L 1"}};
  EXPECT_EQ(BuildDigitalLink(short_gtin), "https://id.gs1.org/01/08939777100106/10/L%201");
}

TEST(DigitalLink, CanonicalEpcMatchesUrnsAndLinks) {
  EXPECT_EQ(CanonicalEpc("urn:epc:id:sgtin:0614141.107346.2018").key,
            "https://id.gs1.org/01/10614141073464/21/2018");
  EXPECT_EQ(CanonicalEpc("urn:epc:class:lgtin:4012345.012345.998877").key,
            "https://id.gs1.org/01/04012345123456/10/998877");
  EXPECT_EQ(CanonicalEpc("https://example.vn/ocop/01/00614141073467/21/2018?17=261231").key,
            "https://id.gs1.org/01/00614141073467/21/2018");
  EXPECT_EQ(CanonicalEpc("https://example.vn/01/614141073467/21/2018").key,
            "https://id.gs1.org/01/00614141073467/21/2018");
  auto pattern = CanonicalEpc("urn:epc:idpat:sgtin:4012345.066666.*");
  EXPECT_EQ(pattern.key, "https://id.gs1.org/01/04012345666663/21/");
  EXPECT_TRUE(pattern.is_prefix);
  EXPECT_FALSE(CanonicalEpc("urn:epc:id:sgtin:0614141.107346.2018").is_prefix);
  EXPECT_EQ(CanonicalEpc("https://ocop.gov.vn/p/P-1/l/L1").key, "https://ocop.gov.vn/p/P-1/l/L1");
  EXPECT_EQ(CanonicalEpc("urn:example:thing:1").key, "urn:example:thing:1");
  EXPECT_EQ(CanonicalEpc("urn:epc:id:sgtin:bad").key, "urn:epc:id:sgtin:bad");
}

TEST(DigitalLink, EpcUrnsOfEveryKey) {
  struct Case {
    const char* urn;
    const char* link;
    int cp_length;
  };
  const Case cases[] = {
      {"urn:epc:id:sgtin:0614141.112345.400", "https://id.gs1.org/01/10614141123459/21/400", 7},
      {"urn:epc:id:sgtin:0614141.112345.A%2FB%25C",
       "https://id.gs1.org/01/10614141123459/21/A%2FB%25C", 7},
      {"urn:epc:class:lgtin:4012345.012345.998877",
       "https://id.gs1.org/01/04012345123456/10/998877", 7},
      {"urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908", 7},
      {"urn:epc:id:sgln:0614141.12345.400", "https://id.gs1.org/414/0614141123452/254/400", 7},
      {"urn:epc:id:sgln:0614141.12345.0", "https://id.gs1.org/414/0614141123452", 7},
      {"urn:epc:id:pgln:0614141.12345", "https://id.gs1.org/417/0614141123452", 7},
      {"urn:epc:id:grai:0614141.12345.400", "https://id.gs1.org/8003/00614141123452400", 7},
      {"urn:epc:id:giai:0614141.12345400", "https://id.gs1.org/8004/061414112345400", 7},
      {"urn:epc:id:gsrn:0614141.1234567890", "https://id.gs1.org/8018/061414112345678902", 7},
      {"urn:epc:id:gsrnp:0614141.1234567890", "https://id.gs1.org/8017/061414112345678902", 7},
      {"urn:epc:id:gdti:0614141.12345.400", "https://id.gs1.org/253/0614141123452400", 7},
      {"urn:epc:id:sgcn:4012345.67890.04711", "https://id.gs1.org/255/401234567890104711", 7},
      {"urn:epc:id:gsin:0614141.123456789", "https://id.gs1.org/402/06141411234567890", 7},
      {"urn:epc:id:ginc:0614141.xyz47%2F11", "https://id.gs1.org/401/0614141xyz47%2F11", 7},
      {"urn:epc:id:cpi:0614141.123ABC.123456789",
       "https://id.gs1.org/8010/0614141123ABC/8011/123456789", 7},
      {"urn:epc:id:itip:4012345.012345.01.02.987",
       "https://id.gs1.org/8006/040123451234560102/21/987", 7},
  };
  for (const auto& c : cases) {
    auto link = EpcUrnToDigitalLink(c.urn);
    ASSERT_TRUE(link) << c.urn << ": " << link.error().ToString();
    EXPECT_EQ(*link, c.link) << c.urn;
    auto parsed = ParseDigitalLink(*link);
    ASSERT_TRUE(parsed) << *link << ": " << parsed.error().ToString();
    auto urn = DigitalLinkToEpcUrn(*parsed, c.cp_length);
    ASSERT_TRUE(urn) << *link << ": " << urn.error().ToString();
    EXPECT_EQ(*urn, c.urn);
  }
  EXPECT_FALSE(EpcUrnToDigitalLink("urn:epc:id:sgtin:0614141.1123.400"));  // short item ref
  EXPECT_FALSE(EpcUrnToDigitalLink("urn:epc:id:sgtin:0614141.112345.A%2"));
  EXPECT_FALSE(EpcUrnToDigitalLink("urn:epc:id:sgtin:0614141.112345.ABCDEFGHIJKLMNOPQRSTU"));
  auto unknown = EpcUrnToDigitalLink("urn:epc:id:usdod:CAGEY.5678");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message().key, "error.gs1.epc.unsupported");
  auto gtin_only = ParseDigitalLink("https://id.gs1.org/01/10614141123459");
  ASSERT_TRUE(gtin_only);
  EXPECT_EQ(DigitalLinkToEpcUrn(*gtin_only, 7).error().message().key, "error.gs1.epc.not_an_epc");
  EXPECT_EQ(DigitalLinkToEpcUrn(*gtin_only, 13).error().message().key,
            "error.gs1.epc.company_prefix_length");
  DigitalLink hand_made;  // not from the parser: checked all the same
  hand_made.primary = {"00", "123"};
  EXPECT_EQ(DigitalLinkToEpcUrn(hand_made, 7).error().message().key, "error.gs1.wrong_length");
  hand_made.primary = {"01", "8939777100106"};  // a GTIN-13 is padded
  hand_made.qualifiers = {{"21", "A/1"}};
  EXPECT_EQ(*DigitalLinkToEpcUrn(hand_made, 9), "urn:epc:id:sgtin:893977710.0010.A%2F1");
}

}  // namespace
}  // namespace ocop::gs1

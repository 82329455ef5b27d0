#include "gs1/ai_dictionary.h"

#include <gtest/gtest.h>

#include "gs1/ai_linters.h"
#include "gs1/check_digit.h"

namespace ocop::gs1 {
namespace {

// "ok" or the catalogue key of the refusal.
std::string Check(std::string_view ai, std::string_view value) {
  Status s = ValidateAiValue(ai, value);
  return s.ok() ? "ok" : s.message().key;
}

// "ok" or "<reason>@<position>".
std::string LintResult(std::string_view linter, std::string_view data) {
  auto failure = Lint(linter, data);
  return failure ? failure->reason + "@" + std::to_string(failure->position) : "ok";
}

TEST(AiDictionary, ReadsTheEmbeddedSyntaxDictionary) {
  const auto& dictionary = AiDictionary::Default();
  EXPECT_GT(dictionary.entries().size(), 500u);  // ranges expanded

  const AiEntry* gtin = dictionary.Find("01");
  ASSERT_NE(gtin, nullptr);
  EXPECT_TRUE(gtin->fixed_length);
  EXPECT_TRUE(gtin->dl_data_attribute);
  EXPECT_TRUE(gtin->dl_primary_key);
  EXPECT_EQ(gtin->title, "GTIN");
  ASSERT_EQ(gtin->components.size(), 1u);
  EXPECT_EQ(gtin->components[0].charset, CharSet::kNumeric);
  EXPECT_EQ(gtin->components[0].min_length, 14);
  EXPECT_EQ(gtin->components[0].max_length, 14);
  EXPECT_EQ(gtin->components[0].linters, (std::vector<std::string>{"csum", "gcppos2"}));
  ASSERT_EQ(gtin->dl_qualifier_paths.size(), 2u);
  EXPECT_EQ(gtin->dl_qualifier_paths[0], (std::vector<std::string>{"22", "10", "21"}));
  EXPECT_EQ(gtin->dl_qualifier_paths[1], (std::vector<std::string>{"235"}));
  EXPECT_EQ(gtin->excludes, (std::vector<std::string>{"255", "37"}));

  const AiEntry* gln = dictionary.Find("414");
  ASSERT_NE(gln, nullptr);
  ASSERT_EQ(gln->dl_qualifier_paths.size(), 2u);
  EXPECT_EQ(gln->dl_qualifier_paths[0], (std::vector<std::string>{"254"}));
  EXPECT_EQ(gln->dl_qualifier_paths[1], (std::vector<std::string>{"7040"}));

  const AiEntry* lot = dictionary.Find("10");
  ASSERT_NE(lot, nullptr);
  EXPECT_FALSE(lot->fixed_length);
  EXPECT_EQ(lot->components[0].charset, CharSet::kCset82);
  EXPECT_EQ(lot->components[0].max_length, 20);
  ASSERT_EQ(lot->requires_any.size(), 1u);
  EXPECT_EQ(lot->requires_any[0].size(), 5u);

  const AiEntry* serial = dictionary.Find("21");
  ASSERT_NE(serial, nullptr);
  EXPECT_FALSE(serial->dl_data_attribute);

  const AiEntry* net_weight = dictionary.Find("3103");  // from the range 3100-3105
  ASSERT_NE(net_weight, nullptr);
  EXPECT_EQ(net_weight->excludes, (std::vector<std::string>{"310n"}));
  EXPECT_EQ(dictionary.Find("3106"), nullptr);
  EXPECT_NE(dictionary.Find("95"), nullptr);

  const AiEntry* gdti = dictionary.Find("253");
  ASSERT_NE(gdti, nullptr);
  ASSERT_EQ(gdti->components.size(), 2u);
  EXPECT_TRUE(gdti->components[1].optional);
  EXPECT_EQ(gdti->MinLength(), 13);
  EXPECT_EQ(gdti->MaxLength(), 30);

  const AiEntry* valid_from = dictionary.Find("423");
  ASSERT_NE(valid_from, nullptr);
  EXPECT_EQ(valid_from->components.size(), 5u);
  EXPECT_EQ(valid_from->components[4].linters, (std::vector<std::string>{"iso3166"}));

  const AiEntry* harvest = dictionary.Find("7007");
  ASSERT_NE(harvest, nullptr);
  EXPECT_TRUE(harvest->dl_data_attribute);

  const AiEntry* cpid = dictionary.Find("8010");
  ASSERT_NE(cpid, nullptr);
  EXPECT_EQ(cpid->components[0].charset, CharSet::kCset39);
  const AiEntry* digsig = dictionary.Find("8030");
  ASSERT_NE(digsig, nullptr);
  EXPECT_EQ(digsig->components[0].charset, CharSet::kBase64Url);
  ASSERT_EQ(digsig->requires_any.size(), 1u);
  EXPECT_EQ(digsig->requires_any[0][1], (AiGroup{"01", "21"}));
}

TEST(AiDictionary, RefusesMalformedDictionaries) {
  EXPECT_TRUE(AiDictionary::Parse("01 *? N14,csum dlpkey=22,10,21|235 # GTIN\n"));
  EXPECT_FALSE(AiDictionary::Parse("01 *? N14,nosuchlinter # GTIN\n"));
  EXPECT_FALSE(AiDictionary::Parse("01 *? Q14 # GTIN\n"));
  EXPECT_FALSE(AiDictionary::Parse("01 *? N14 frob=1 # GTIN\n"));
  EXPECT_FALSE(AiDictionary::Parse("01 *? [N3] N3 # optional then mandatory\n"));
  EXPECT_FALSE(AiDictionary::Parse("A1 N3\n"));
  EXPECT_FALSE(AiDictionary::Parse("01 N14\n011 N3\n"));  // 01 would be a prefix of 011
  auto error = AiDictionary::Parse("# comment\n\n10 X..20\n01 *? N14,bogus\n");
  ASSERT_FALSE(error);
  EXPECT_EQ(error.error().message().key, "error.gs1.dictionary");
  EXPECT_EQ(error.error().message().args[0].second, "4");
}

TEST(AiDictionary, MatchesPatterns) {
  EXPECT_TRUE(AiMatches("310n", "3103"));
  EXPECT_TRUE(AiMatches("31nn", "3125"));
  EXPECT_FALSE(AiMatches("310n", "3113"));
  EXPECT_FALSE(AiMatches("01", "010"));
}

TEST(AiDictionary, ValidatesLengthsAndCharacterSets) {
  EXPECT_EQ(Check("01", "09506000134352"), "ok");
  EXPECT_EQ(Check("01", "9506000134352"), "error.gs1.wrong_length");
  EXPECT_EQ(Check("01", "095060001343520"), "error.gs1.wrong_length");
  EXPECT_EQ(Check("01", "0950600013435A"), "error.gs1.not_numeric");
  EXPECT_EQ(Check("10", ""), "error.gs1.too_short");
  EXPECT_EQ(Check("10", "ABCDEFGHIJKLMNOPQRST"), "ok");
  EXPECT_EQ(Check("10", "ABCDEFGHIJKLMNOPQRSTU"), "error.gs1.too_long");
  EXPECT_EQ(Check("10", "a!\"%&'()*+,-./:;<=>?_z"), "error.gs1.too_long");
  EXPECT_EQ(Check("10", "a!\"%&'()*+,-./:;<=>?"), "ok");
  EXPECT_EQ(Check("10", "LÔ"), "error.gs1.bad_character");
  EXPECT_EQ(Check("10", "A#B"), "error.gs1.bad_character");
  EXPECT_EQ(Check("10", "A B"), "error.gs1.bad_character");
  EXPECT_EQ(Check("8010", "0614141AB#-/"), "ok");  // CSET 39
  EXPECT_EQ(Check("8010", "0614141ab"), "error.gs1.bad_character");
  EXPECT_EQ(Check("8030", "AbC-_0=="), "ok");  // base64url with padding
  EXPECT_EQ(Check("8030", "Ab=C"), "error.gs1.bad_character");
  EXPECT_EQ(Check("8030", "Ab+C"), "error.gs1.bad_character");
  EXPECT_EQ(Check("253", "9506000134376"), "ok");  // GDTI without serial
  EXPECT_EQ(Check("253", "9506000134376ABC"), "ok");
  EXPECT_EQ(Check("423", "704"), "ok");
  EXPECT_EQ(Check("423", "704276250"), "ok");
  EXPECT_EQ(Check("423", "70427"), "error.gs1.too_short");
  EXPECT_EQ(Check("423", "704999"), "error.gs1.lint.country");
  EXPECT_EQ(Check("0", "1"), "error.gs1.unknown_ai");
  EXPECT_EQ(Check("3106", "000100"), "error.gs1.unknown_ai");

  Status s = ValidateAiValue("10", "AB CD");
  ASSERT_FALSE(s.ok());
  std::map<std::string, std::string> args(s.message().args.begin(), s.message().args.end());
  EXPECT_EQ(args["ai"], "10");
  EXPECT_EQ(args["value"], "AB CD");
  EXPECT_EQ(args["position"], "3");
  EXPECT_EQ(args["character"], " ");
  EXPECT_EQ(args["charset"], "CSET 82");
}

TEST(AiDictionary, ChecksEveryKeyTypesCheckDigit) {
  // GTIN, SSCC, GLN, GRAI, GDTI, GCN, GSIN, GSRN, ITIP: GS1 mod 10.
  EXPECT_EQ(Check("01", "09506000134352"), "ok");
  EXPECT_EQ(Check("01", "09506000134353"), "error.gs1.lint.check_digit");
  EXPECT_EQ(Check("00", "106141412345678908"), "ok");
  EXPECT_EQ(Check("00", "106141412345678909"), "error.gs1.lint.check_digit");
  EXPECT_EQ(Check("414", "9506000134376"), "ok");
  EXPECT_EQ(Check("414", "9506000134377"), "error.gs1.lint.check_digit");
  EXPECT_EQ(Check("8003", "00614141123452400"), "ok");
  EXPECT_EQ(Check("8003", "00614141123453400"), "error.gs1.lint.check_digit");
  EXPECT_EQ(Check("8003", "10614141123452400"), "error.gs1.lint.zero");
  EXPECT_EQ(Check("255", "4012345678901"), "ok");
  EXPECT_EQ(Check("255", "4012345678902"), "error.gs1.lint.check_digit");
  EXPECT_EQ(Check("402", "06141411234567890"), "ok");
  EXPECT_EQ(Check("402", "06141411234567891"), "error.gs1.lint.check_digit");
  EXPECT_EQ(Check("8018", "061414112345678902"), "ok");
  EXPECT_EQ(Check("8018", "061414112345678903"), "error.gs1.lint.check_digit");
  EXPECT_EQ(Check("8006", "040123451234560102"), "ok");
  EXPECT_EQ(Check("8006", "040123451234570102"), "error.gs1.lint.check_digit");
  // GMN: alphanumeric check character pair.
  EXPECT_EQ(Check("8013", "1987654Ad4X4bL5ttr2310c2K"), "ok");
  EXPECT_EQ(Check("8013", "1987654Ad4X4bL5ttr2310cXK"), "error.gs1.lint.check_pair");
  EXPECT_EQ(ComputeCheckPair("1987654Ad4X4bL5ttr2310c"), "2K");
  EXPECT_EQ(ComputeCheckPair(""), "22");
  EXPECT_EQ(ComputeCheckPair("A B"), std::nullopt);
}

TEST(AiLinters, CheckDigitsAndCompanyPrefixes) {
  EXPECT_EQ(LintResult("csum", "09506000134352"), "ok");
  EXPECT_EQ(LintResult("csum", "09506000134351"), "check_digit@13");
  EXPECT_EQ(LintResult("csumalpha", "12345678901234567890123NT"), "ok");
  EXPECT_EQ(LintResult("csumalpha", "7907665Bm8v2AB"), "ok");
  EXPECT_EQ(LintResult("csumalpha", "7907665Bm8v2AC"), "check_pair@12");
  EXPECT_EQ(LintResult("csumalpha", "2"), "check_pair@0");
  EXPECT_EQ(LintResult("gcppos1", "0614"), "ok");
  EXPECT_EQ(LintResult("gcppos1", "061"), "gcp_prefix@0");
  EXPECT_EQ(LintResult("gcppos1", "06A4567"), "gcp_prefix@2");
  EXPECT_EQ(LintResult("gcppos2", "A0614"), "ok");
  EXPECT_EQ(LintResult("gcppos2", "106A4"), "gcp_prefix@3");
  EXPECT_EQ(Check("8004", "06AB"), "error.gs1.lint.gcp_prefix");
}

TEST(AiLinters, DatesAndTimes) {
  EXPECT_EQ(LintResult("yymmdd", "261231"), "ok");
  EXPECT_EQ(LintResult("yymmdd", "261301"), "month@2");
  EXPECT_EQ(LintResult("yymmdd", "260001"), "month@2");
  EXPECT_EQ(LintResult("yymmdd", "260100"), "day@4");
  EXPECT_EQ(LintResult("yymmdd", "260431"), "day@4");
  EXPECT_EQ(LintResult("yymmdd", "280229"), "ok");
  EXPECT_EQ(LintResult("yymmdd", "000229"), "ok");  // 2000 was a leap year
  EXPECT_EQ(LintResult("yymmdd", "270229"), "day@4");
  EXPECT_EQ(LintResult("yymmd0", "260100"), "ok");
  EXPECT_EQ(LintResult("yymmd0", "261301"), "month@2");
  EXPECT_EQ(LintResult("yymmd0", "260132"), "day@4");
  EXPECT_EQ(LintResult("yyyymmdd", "20000229"), "ok");
  EXPECT_EQ(LintResult("yyyymmdd", "19000229"), "day@6");
  EXPECT_EQ(LintResult("yyyymmdd", "20261301"), "month@4");
  EXPECT_EQ(LintResult("yymmddhh", "26123123"), "ok");
  EXPECT_EQ(LintResult("yymmddhh", "26123124"), "hour@6");
  EXPECT_EQ(LintResult("hhmi", "2359"), "ok");
  EXPECT_EQ(LintResult("hhmi", "2400"), "hour@0");
  EXPECT_EQ(LintResult("hhmi", "2360"), "minute@2");
  EXPECT_EQ(LintResult("hh", "23"), "ok");
  EXPECT_EQ(LintResult("hh", "24"), "hour@0");
  EXPECT_EQ(LintResult("mi", "60"), "minute@0");
  EXPECT_EQ(LintResult("ss", "59"), "ok");
  EXPECT_EQ(LintResult("ss", "60"), "second@0");
  // Through the dictionary: 7003 is N6,yymmdd N4,hhmi; 8008 is N6 N2 [N2] [N2].
  EXPECT_EQ(Check("7003", "2612312359"), "ok");
  EXPECT_EQ(Check("7003", "2612312360"), "error.gs1.lint.minute");
  EXPECT_EQ(Check("8008", "26123123"), "ok");
  EXPECT_EQ(Check("8008", "2612312359"), "ok");
  EXPECT_EQ(Check("8008", "261231235960"), "error.gs1.lint.second");
  EXPECT_EQ(Check("7007", "260115260120"), "ok");
  EXPECT_EQ(Check("7007", "260115261320"), "error.gs1.lint.month");
  EXPECT_EQ(Check("7250", "20000229"), "ok");
}

TEST(AiLinters, CodeLists) {
  EXPECT_EQ(LintResult("iso3166", "704"), "ok");  // Việt Nam
  EXPECT_EQ(LintResult("iso3166", "999"), "country@0");
  EXPECT_EQ(LintResult("iso3166999", "999"), "ok");
  EXPECT_EQ(LintResult("iso3166999", "998"), "country@0");
  EXPECT_EQ(LintResult("iso3166alpha2", "VN"), "ok");
  EXPECT_EQ(LintResult("iso3166alpha2", "XX"), "country@0");
  EXPECT_EQ(LintResult("iso4217", "704"), "ok");  // đồng
  EXPECT_EQ(LintResult("iso4217", "000"), "currency@0");
  EXPECT_EQ(LintResult("packagetype", "BX"), "ok");
  EXPECT_EQ(LintResult("packagetype", "QQQ"), "package_type@0");
  EXPECT_EQ(LintResult("iso5218", "9"), "ok");
  EXPECT_EQ(LintResult("iso5218", "3"), "sex@0");
  EXPECT_EQ(LintResult("mediatype", "01"), "ok");
  EXPECT_EQ(LintResult("mediatype", "10"), "ok");
  EXPECT_EQ(LintResult("mediatype", "11"), "media_type@0");
  EXPECT_EQ(LintResult("mediatype", "80"), "ok");
  EXPECT_EQ(LintResult("mediatype", "00"), "media_type@0");
  EXPECT_EQ(Check("421", "704ABC"), "ok");
  EXPECT_EQ(Check("421", "000ABC"), "error.gs1.lint.country");
  EXPECT_EQ(Check("3912", "704100000"), "ok");
  EXPECT_EQ(Check("3912", "001100000"), "error.gs1.lint.currency");
  EXPECT_EQ(Check("4307", "VN"), "ok");
  EXPECT_EQ(Check("7041", "BX"), "ok");
  EXPECT_EQ(Check("7041", "ZZZZ"), "error.gs1.lint.package_type");
}

TEST(AiLinters, SmallValueRules) {
  EXPECT_EQ(LintResult("zero", "0"), "ok");
  EXPECT_EQ(LintResult("zero", "1"), "zero@0");
  EXPECT_EQ(LintResult("nonzero", "0010"), "ok");
  EXPECT_EQ(LintResult("nonzero", "0000"), "nonzero@0");
  EXPECT_EQ(LintResult("yesno", "1"), "ok");
  EXPECT_EQ(LintResult("yesno", "2"), "yesno@0");
  EXPECT_EQ(LintResult("winding", "9"), "ok");
  EXPECT_EQ(LintResult("winding", "2"), "winding@0");
  EXPECT_EQ(LintResult("hyphen", "-"), "ok");
  EXPECT_EQ(LintResult("hyphen", "-+"), "hyphen@1");
  EXPECT_EQ(LintResult("hasnondigit", "12A"), "ok");
  EXPECT_EQ(LintResult("hasnondigit", "123"), "hasnondigit@0");
  EXPECT_EQ(LintResult("nozeroprefix", "0"), "ok");
  EXPECT_EQ(LintResult("nozeroprefix", "10"), "ok");
  EXPECT_EQ(LintResult("nozeroprefix", "01"), "zero_prefix@0");
  EXPECT_EQ(LintResult("importeridx", "_"), "ok");
  EXPECT_EQ(LintResult("importeridx", "!"), "importer_index@0");
  EXPECT_EQ(LintResult("pieceoftotal", "0102"), "ok");
  EXPECT_EQ(LintResult("pieceoftotal", "0002"), "piece_of_total@0");
  EXPECT_EQ(LintResult("pieceoftotal", "0100"), "piece_of_total@2");
  EXPECT_EQ(LintResult("pieceoftotal", "0302"), "piece_of_total@0");
  EXPECT_EQ(LintResult("posinseqslash", "1/2"), "ok");
  EXPECT_EQ(LintResult("posinseqslash", "3/2"), "position_in_sequence@0");
  EXPECT_EQ(LintResult("posinseqslash", "1-2"), "position_in_sequence@0");
  EXPECT_EQ(LintResult("posinseqslash", "0/2"), "position_in_sequence@0");
  EXPECT_EQ(LintResult("latitude", "1800000000"), "ok");
  EXPECT_EQ(LintResult("latitude", "1800000001"), "latitude@0");
  EXPECT_EQ(LintResult("longitude", "3600000000"), "ok");
  EXPECT_EQ(LintResult("longitude", "3600000001"), "longitude@0");
  EXPECT_EQ(LintResult("pcenc", "A%20B"), "ok");
  EXPECT_EQ(LintResult("pcenc", "A%2"), "percent_encoding@1");
  EXPECT_EQ(LintResult("pcenc", "A%G0"), "percent_encoding@1");
  EXPECT_EQ(LintResult("iban", "GB82WEST12345698765432"), "ok");
  EXPECT_EQ(LintResult("iban", "GB83WEST12345698765432"), "iban@2");
  EXPECT_EQ(LintResult("iban", "XX82WEST12345698765432"), "iban@0");
  EXPECT_EQ(LintResult("nosuchlinter", "1"), "unknown_linter@0");
  EXPECT_EQ(Check("8001", "00120010000111"), "ok");  // winding 1
  EXPECT_EQ(Check("8001", "00000010000111"), "error.gs1.lint.nonzero");
  EXPECT_EQ(Check("4309", "18000000003600000000"), "ok");
}

TEST(AiLinters, Coupons) {
  EXPECT_EQ(LintResult("couponcode", "012345612345611110123"), "ok");
  EXPECT_EQ(LintResult("couponcode", "a12345612345611110123"), "coupon@0");
  EXPECT_EQ(LintResult("couponcode", "71234567890123"), "coupon@1");
  EXPECT_EQ(LintResult("couponcode", "0123456123456"), "coupon@13");
  // Optional field 3 (expiry 261231) and 4 (start 260101), in order.
  EXPECT_EQ(LintResult("couponcode", "0123456123456111101233261231"), "ok");
  EXPECT_EQ(LintResult("couponcode", "01234561234561111012332612314260101"), "ok");
  EXPECT_EQ(LintResult("couponcode", "01234561234561111012332601014261231").substr(0, 6),
            "coupon");  // start after expiry
  EXPECT_EQ(LintResult("couponcode", "0123456123456111101233261331").substr(0, 6), "coupon");
  EXPECT_EQ(LintResult("couponcode", "0123456123456111101237").substr(0, 6), "coupon");
  EXPECT_EQ(LintResult("couponposoffer", "001234561234560123456"), "ok");
  EXPECT_EQ(LintResult("couponposoffer", "0012345612345671234567890123"), "ok");
  EXPECT_EQ(LintResult("couponposoffer", "201234561234560123456"), "coupon@1");
  EXPECT_EQ(LintResult("couponposoffer", "0012345612345601234567").substr(0, 6), "coupon");
}

TEST(CheckDigit, EveryKeyLength) {
  EXPECT_TRUE(IsValidGtin("95060002"));                   // GTIN-8
  EXPECT_TRUE(IsValidGtin("614141000036"));               // GTIN-12
  EXPECT_TRUE(HasValidCheckDigit("106141412345678908"));  // SSCC
  EXPECT_TRUE(HasValidCheckDigit("9506000134376"));       // GLN
  EXPECT_TRUE(HasValidCheckDigit("06141411234567890"));   // GSIN
}

}  // namespace
}  // namespace ocop::gs1

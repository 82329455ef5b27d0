// Tests of the validation of legacy certificate rows against the real 2025 map (data/geo).
#include "domain/certification/legacy_import.h"

#include <gtest/gtest.h>

#include "core/csv.h"
#include "domain/certification/certificate.h"
#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

using testing::Geo;
using Row = std::vector<std::string>;

constexpr CivilDate kToday{2026, 11, 22};

enum Col {
  kNumber,
  kProduct,
  kProducer,
  kProvince,
  kCommune,
  kSet,
  kStars,
  kIssued,
  kExpires,
  kAuthority,
  kDecision,
  kRubric
};

const Row kHeader = {"Số chứng nhận", "Tên sản phẩm", "Chủ thể",       "Mã tỉnh",
                     "Mã xã",         "Bộ sản phẩm",  "Số sao",        "Ngày cấp",
                     "Ngày hết hạn",  "Cơ quan cấp",  "Số quyết định", "Bộ tiêu chí"};

Row Good(std::string number = "125/GCN-UBND") {
  return {number,
          "Cà phê bột Krông Pắc",
          "Hợp tác xã Nông nghiệp Krông Pắc",
          "66",
          "24490",
          "13",
          "3",
          "15/08/2023",
          "",
          "UBND huyện Krông Pắc (cũ)",
          "2156/QĐ-UBND",
          ""};
}

Row With(Row row, Col col, std::string value) {
  row[col] = std::move(value);
  return row;
}

LegacyImportReport Check(std::vector<Row> data, const Row& header = kHeader) {
  data.insert(data.begin(), header);
  return ValidateLegacyRows(data, Geo(), kToday);
}

// "row:column:key" for compact comparisons.
std::vector<std::string> Errors(const LegacyImportReport& report) {
  std::vector<std::string> out;
  for (const auto& e : report.errors) {
    out.push_back(std::to_string(e.row) + ":" + e.column + ":" + e.message_key);
  }
  return out;
}

std::vector<std::string> ErrorsOfCell(Col col, std::string value) {
  return Errors(Check({With(Good(), col, std::move(value))}));
}

TEST(LegacyImport, ReadsAVietnameseHeaderWithDiacritics) {
  auto report = Check({Good()});
  EXPECT_TRUE(report.errors.empty()) << ::testing::PrintToString(Errors(report));
  EXPECT_EQ(report.rows, 1);
  ASSERT_EQ(report.valid.size(), 1u);
  const auto& c = report.valid[0];
  EXPECT_EQ(c.number, "125/GCN-UBND");
  EXPECT_EQ(c.product_name, "Cà phê bột Krông Pắc");
  EXPECT_EQ(c.producer_name, "Hợp tác xã Nông nghiệp Krông Pắc");
  EXPECT_EQ(c.province_code, "66");
  EXPECT_EQ(c.commune_code, "24490");
  EXPECT_EQ(c.product_set, 13);
  EXPECT_EQ(c.stars, 3);
  EXPECT_EQ(c.issued, (CivilDate{2023, 8, 15}));
  EXPECT_EQ(c.expires, (CivilDate{2026, 8, 15}));  // ExpiryOf(issued) when empty
  EXPECT_EQ(c.authority, "UBND huyện Krông Pắc (cũ)");
  EXPECT_EQ(c.decision_number, "2156/QĐ-UBND");
  EXPECT_EQ(c.rubric_version, "qd-148-2023");
}

TEST(LegacyImport, ReadsEnglishAndFoldedHeadersInAnyOrderIgnoringUnknownColumns) {
  Row header = {"STARS",    "Number",  "notes",  "so_quyet_dinh",   "Product",
                "producer", "ma tinh", "ISSUED", "Co quan cap (*)", "rubric"};
  Row row = {"4",           "48/GCN-UBND", "anything",   "1078/QĐ-UBND",      "Mật ong Ia Grai",
             "HTX Ia Grai", "52",          "2023-12-20", "UBND tỉnh Gia Lai", "qd-148-2023-b"};
  auto report = Check({row}, header);
  ASSERT_TRUE(report.errors.empty()) << ::testing::PrintToString(Errors(report));
  ASSERT_EQ(report.valid.size(), 1u);
  EXPECT_EQ(report.valid[0].stars, 4);
  EXPECT_EQ(report.valid[0].province_code, "52");
  EXPECT_EQ(report.valid[0].commune_code, "");
  EXPECT_EQ(report.valid[0].product_set, 0);
  EXPECT_EQ(report.valid[0].rubric_version, "qd-148-2023-b");
}

TEST(LegacyImport, StripsTheByteOrderMarkOfAnExcelCsv) {
  Row header = kHeader;
  header[0] = "\xEF\xBB\xBF" + header[0];
  EXPECT_TRUE(Check({Good()}, header).errors.empty());
}

TEST(LegacyImport, ReportsEachMissingRequiredColumnOnRowOneAndStops) {
  Row header = {"Số chứng nhận", "Tên sản phẩm", "Chủ thể",
                "Mã tỉnh",       "Cơ quan cấp",  "Số quyết định"};
  auto report = Check({{"1", "a", "b", "66", "c", "d"}}, header);
  EXPECT_EQ(Errors(report), (std::vector<std::string>{"1:stars:error.import.missing_column",
                                                      "1:issued:error.import.missing_column"}));
  EXPECT_TRUE(report.valid.empty());
  EXPECT_EQ(report.rows, 0);
}

TEST(LegacyImport, RefusesAColumnNamedTwice) {
  Row header = kHeader;
  header.push_back("So sao");
  auto report = Check({Good()}, header);
  EXPECT_EQ(Errors(report), (std::vector<std::string>{"1:stars:error.import.duplicate_column"}));
}

TEST(LegacyImport, RefusesAnEmptyTable) {
  auto report = ValidateLegacyRows({}, Geo(), kToday);
  EXPECT_EQ(Errors(report), (std::vector<std::string>{"1::error.import.empty"}));
}

TEST(LegacyImport, ReportsEveryBlankRequiredCellOfARow) {
  Row blank(kHeader.size(), " ");
  blank[kCommune] = "24490";  // not blank, so the row is examined
  auto report = Check({blank});
  EXPECT_EQ(Errors(report), (std::vector<std::string>{
                                "2:number:error.import.required",
                                "2:product:error.import.required",
                                "2:producer:error.import.required",
                                "2:province:error.import.required",
                                "2:stars:error.import.required",
                                "2:issued:error.import.required",
                                "2:authority:error.import.required",
                                "2:decision:error.import.required",
                            }));
  EXPECT_TRUE(report.valid.empty());
}

TEST(LegacyImport, ReportsEveryProblemOfARowNotJustTheFirst) {
  Row row = Good();
  row[kStars] = "6";
  row[kProvince] = "99";
  row[kSet] = "27";
  row[kIssued] = "31/02/2024";
  EXPECT_EQ(Errors(Check({row})), (std::vector<std::string>{
                                      "2:province:error.import.province",
                                      "2:product_set:error.import.product_set",
                                      "2:stars:error.import.stars",
                                      "2:issued:error.import.date",
                                  }));
}

TEST(LegacyImport, AcceptsThreeToFiveStars) {
  for (std::string ok : {"3", "4", "5", "4.0", " 5 "}) {
    EXPECT_TRUE(ErrorsOfCell(kStars, ok).empty()) << ok;
  }
  for (std::string bad : {"2", "6", "0", "4.5", "bốn", "-4", "4★"}) {
    EXPECT_EQ(ErrorsOfCell(kStars, bad), (std::vector<std::string>{"2:stars:error.import.stars"}))
        << bad;
  }
}

TEST(LegacyImport, ReadsDatesAsDisplayIsoOrExcelSerial) {
  const CivilDate want{2023, 11, 1};
  for (std::string form :
       {"01/11/2023", "1/11/2023", "2023-11-01", "2023-11-01T00:00:00", "45231", "45231.75"}) {
    auto report = Check({With(Good(), kIssued, form)});
    ASSERT_EQ(report.valid.size(), 1u) << form << ::testing::PrintToString(Errors(report));
    EXPECT_EQ(report.valid[0].issued, want) << form;
    EXPECT_EQ(report.valid[0].expires, ExpiryOf(want)) << form;
  }
  for (std::string bad :
       {"31/02/2024", "2024/01/01", "01-11-2023", "60", "11/2023", "hôm qua", "1e5"}) {
    EXPECT_EQ(ErrorsOfCell(kIssued, bad), (std::vector<std::string>{"2:issued:error.import.date"}))
        << bad;
  }
  EXPECT_EQ(ErrorsOfCell(kExpires, "30/02/2026"),
            (std::vector<std::string>{"2:expires:error.import.date"}));
}

TEST(LegacyImport, RefusesAnIssueDateAfterToday) {
  EXPECT_TRUE(ErrorsOfCell(kIssued, "22/11/2026").empty());
  EXPECT_EQ(ErrorsOfCell(kIssued, "23/11/2026"),
            (std::vector<std::string>{"2:issued:error.import.issued_future"}));
}

TEST(LegacyImport, KeepsAGivenExpiryUpToThirtySixMonths) {
  auto report = Check({With(Good(), kExpires, "15/08/2026")});
  ASSERT_EQ(report.valid.size(), 1u);
  EXPECT_EQ(report.valid[0].expires, (CivilDate{2026, 8, 15}));
  report = Check({With(Good(), kExpires, "2025-08-15")});
  ASSERT_EQ(report.valid.size(), 1u);
  EXPECT_EQ(report.valid[0].expires, (CivilDate{2025, 8, 15}));

  EXPECT_EQ(ErrorsOfCell(kExpires, "16/08/2026"),
            (std::vector<std::string>{"2:expires:error.import.expiry_too_long"}));
  EXPECT_EQ(ErrorsOfCell(kExpires, "15/08/2023"),
            (std::vector<std::string>{"2:expires:error.import.expiry_order"}));
  EXPECT_EQ(ErrorsOfCell(kExpires, "14/08/2023"),
            (std::vector<std::string>{"2:expires:error.import.expiry_order"}));
}

TEST(LegacyImport, ChecksTheProvinceAgainstThe2025Map) {
  EXPECT_EQ(ErrorsOfCell(kProvince, "99"),
            (std::vector<std::string>{"2:province:error.import.province"}));
  EXPECT_EQ(ErrorsOfCell(kProvince, "Đắk Lắk"),
            (std::vector<std::string>{"2:province:error.import.province"}));
  // 67 was Đắk Nông's code before the reform (now part of Lâm Đồng).
  Row old = With(With(Good(), kProvince, "67"), kCommune, "");
  EXPECT_EQ(Errors(Check({old})), (std::vector<std::string>{"2:province:error.import.province"}));
  // Excel drops the leading zero of a numeric code.
  Row hanoi = With(With(Good(), kProvince, "1"), kCommune, "70");
  auto report = Check({hanoi});
  ASSERT_EQ(report.valid.size(), 1u) << ::testing::PrintToString(Errors(report));
  EXPECT_EQ(report.valid[0].province_code, "01");
  EXPECT_EQ(report.valid[0].commune_code, "00070");
}

TEST(LegacyImport, ChecksTheCommuneIsInThatProvince) {
  EXPECT_TRUE(ErrorsOfCell(kCommune, "").empty());
  EXPECT_EQ(ErrorsOfCell(kCommune, "23764"),  // Xã Ia Grai, Gia Lai, not Đắk Lắk
            (std::vector<std::string>{"2:commune:error.import.commune"}));
  EXPECT_EQ(ErrorsOfCell(kCommune, "99999"),
            (std::vector<std::string>{"2:commune:error.import.commune"}));
  EXPECT_EQ(ErrorsOfCell(kCommune, "xã Krông Pắc"),
            (std::vector<std::string>{"2:commune:error.import.commune"}));
}

TEST(LegacyImport, ChecksTheProductSet) {
  EXPECT_TRUE(ErrorsOfCell(kSet, "").empty());
  EXPECT_TRUE(ErrorsOfCell(kSet, "1").empty());
  EXPECT_TRUE(ErrorsOfCell(kSet, "26").empty());
  for (std::string bad : {"0", "27", "x"}) {
    EXPECT_EQ(ErrorsOfCell(kSet, bad),
              (std::vector<std::string>{"2:product_set:error.import.product_set"}))
        << bad;
  }
}

TEST(LegacyImport, ReportsADuplicateNumberOnTheLaterRow) {
  // "Số 1" precomposed and decomposed (o + combining circumflex + combining acute) are the same
  // number once in NFC.
  auto report = Check({Good("Số 1"), Good("S\x6F\xCC\x82\xCC\x81 2"), Good("So\xCC\x82\xCC\x81 1"),
                       Good(" Số 1 ")});
  EXPECT_EQ(Errors(report), (std::vector<std::string>{"4:number:error.import.duplicate",
                                                      "5:number:error.import.duplicate"}));
  ASSERT_EQ(report.valid.size(), 2u);
  EXPECT_EQ(report.valid[1].number, "Số 2");  // in NFC
  EXPECT_EQ(report.rows, 4);
}

TEST(LegacyImport, RefusesThePlatformsOwnNumbersAndTheMessageSeparator) {
  auto report = Check({Good("OCOP-52-2027-00001"), Good("125|GCN"), Good("GL-OCOP-1")});
  EXPECT_EQ(Errors(report), (std::vector<std::string>{"2:number:error.import.reserved_number",
                                                      "3:number:error.import.reserved_number"}));
  ASSERT_EQ(report.valid.size(), 1u);
  EXPECT_EQ(report.valid[0].number, "GL-OCOP-1");
}

TEST(LegacyImport, RefusesBadTextAndControlCharacters) {
  EXPECT_EQ(ErrorsOfCell(kProduct, "Cà ph\xC3"),
            (std::vector<std::string>{"2:product:error.import.text"}));
  EXPECT_EQ(ErrorsOfCell(kProducer, "HTX\tKrông Pắc"),
            (std::vector<std::string>{"2:producer:error.import.text"}));
  EXPECT_EQ(ErrorsOfCell(kAuthority, "UBND\nhuyện"),
            (std::vector<std::string>{"2:authority:error.import.text"}));
  EXPECT_EQ(ErrorsOfCell(kDecision, "12\xC2\x85/QĐ"),  // U+0085, a C1 control
            (std::vector<std::string>{"2:decision:error.import.text"}));
  EXPECT_EQ(ErrorsOfCell(kRubric, std::string("qd\x01"
                                              "48")),
            (std::vector<std::string>{"2:rubric:error.import.text"}));
  // Leading and trailing white space (line breaks included) is trimmed, not refused.
  auto report = Check({With(Good(), kProduct, "  Cà phê\r\n")});
  ASSERT_EQ(report.valid.size(), 1u);
  EXPECT_EQ(report.valid[0].product_name, "Cà phê");
}

TEST(LegacyImport, SkipsBlankRowsButCountsThemInRowNumbers) {
  auto report = Check({Good("1"), Row{}, Row{"", " ", ""}, With(Good("2"), kStars, "9"),
                       Row{"3", "Chè"}});  // a short row: missing cells are blank
  EXPECT_EQ(report.rows, 3);
  EXPECT_EQ(Errors(report), (std::vector<std::string>{
                                "5:stars:error.import.stars",
                                "6:producer:error.import.required",
                                "6:province:error.import.required",
                                "6:stars:error.import.required",
                                "6:issued:error.import.required",
                                "6:authority:error.import.required",
                                "6:decision:error.import.required",
                            }));
  ASSERT_EQ(report.valid.size(), 1u);
  EXPECT_EQ(report.valid[0].number, "1");
}

TEST(LegacyImport, ValidatesTheCheckedInCsvFixture) {
  auto content = csv::ReadFile(OCOP_DATA_DIR "/../tests/fixtures/import/legacy-certificates.csv");
  ASSERT_TRUE(content) << content.error().ToString();
  auto rows = csv::Parse(*content);
  ASSERT_TRUE(rows);
  auto report = ValidateLegacyRows(*rows, Geo(), kToday);
  EXPECT_EQ(report.rows, 8);
  EXPECT_EQ(Errors(report),
            (std::vector<std::string>{"8:stars:error.import.stars", "9:issued:error.import.date"}));
  ASSERT_EQ(report.valid.size(), 6u);
  EXPECT_EQ(report.valid[0].authority, "UBND huyện Krông Pắc (cũ)");
  EXPECT_EQ(report.valid[5].province_code, "01");
  EXPECT_EQ(report.valid[5].stars, 5);
}

}  // namespace
}  // namespace ocop::domain

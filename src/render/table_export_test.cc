// The table exports read back: the XLSX through the platform's own reader
// (datafiles/xlsx_reader.h), cell for cell with dates as serial numbers; the
// CSV byte for byte (BOM, quoting, CRLF, ISO dates, formula-like text kept as
// text, shortest numbers).
#include "render/table_export.h"

#include <gtest/gtest.h>

#include "datafiles/xlsx_reader.h"

namespace ocop::render {
namespace {

Table Sample() {
  Table t;
  t.sheet_name = "TH-2026-000001";
  t.headers = {"Mã lô", "Sản phẩm", "Số lượng", "Ngày"};
  t.rows.push_back({std::string("MO-1"), std::string("Mật ong, \"hoa\" cà phê"), 12.5,
                    *CivilDate::Parse("2026-10-07")});
  t.rows.push_back({std::string("=cmd()"), std::string("dòng 1\ndòng 2"), 200.0, std::monostate{}});
  t.rows.push_back({std::string("@x"), std::monostate{}, 0.1, *CivilDate::Parse("1900-03-01")});
  return t;
}

TEST(TableExportTest, CsvIsRfc4180WithABomForExcel) {
  EXPECT_EQ(WriteCsv(Sample()),
            "\xEF\xBB\xBF"
            "Mã lô,Sản phẩm,Số lượng,Ngày\r\n"
            "MO-1,\"Mật ong, \"\"hoa\"\" cà phê\",12.5,2026-10-07\r\n"
            "'=cmd(),\"dòng 1\ndòng 2\",200,\r\n"
            "'@x,,0.1,1900-03-01\r\n");
}

TEST(TableExportTest, XlsxReadsBackWithRealDates) {
  auto bytes = WriteXlsx(Sample());
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  ASSERT_EQ(bytes->substr(0, 2), "PK");
  auto rows = datafiles::ReadXlsxFirstSheet(*bytes);
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0], (std::vector<std::string>{"Mã lô", "Sản phẩm", "Số lượng", "Ngày"}));
  // 2026-10-07 is day 46302 of Excel's 1900 date system (1899-12-30 is day 0).
  EXPECT_EQ((*rows)[1],
            (std::vector<std::string>{"MO-1", "Mật ong, \"hoa\" cà phê", "12.5", "46302"}));
  EXPECT_EQ((*rows)[2], (std::vector<std::string>{"=cmd()", "dòng 1\ndòng 2", "200", ""}));
  EXPECT_EQ((*rows)[3], (std::vector<std::string>{"@x", "", "0.1", "61"}));
}

TEST(TableExportTest, AnEmptyTableHasItsHeader) {
  Table t;
  t.headers = {"A"};
  EXPECT_EQ(WriteCsv(t),
            "\xEF\xBB\xBF"
            "A\r\n");
  auto rows = datafiles::ReadXlsxFirstSheet(*WriteXlsx(t));
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows, (std::vector<std::vector<std::string>>{{"A"}}));
}

}  // namespace
}  // namespace ocop::render

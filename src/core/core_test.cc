#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/status.h"
#include "core/text.h"

namespace ocop {
namespace {

TEST(Text, FoldsVietnameseWithAndWithoutDiacritics) {
  EXPECT_EQ(text::FoldForSearch("Tỉnh Đắk Lắk"), "tinh dak lak");
  EXPECT_EQ(text::FoldForSearch("  ĐẮK   LẮK "), "dak lak");
  EXPECT_EQ(text::FoldForSearch("dak lak"), "dak lak");
  EXPECT_EQ(text::FoldForSearch("Thành phố Hồ Chí Minh"), "thanh pho ho chi minh");
  EXPECT_EQ(text::FoldForSearch("Nước mắm Phú Quốc"), "nuoc mam phu quoc");
}

TEST(Text, NormalisesToNfc) {
  const std::string decomposed = "Vie\xCC\xA3\xCC\x82t";  // e + dot below + circumflex
  EXPECT_EQ(text::ToNfc(decomposed), "Vi\xE1\xBB\x87t");  // ệ
  EXPECT_EQ(text::ToNfc("plain"), "plain");
  EXPECT_TRUE(text::IsNfc("Vi\xE1\xBB\x87t Nam"));
  EXPECT_FALSE(text::IsNfc(decomposed));
  EXPECT_FALSE(text::IsNfc("\xE2\x84\xAB"));  // U+212B ANGSTROM SIGN, NFC is U+00C5
  EXPECT_TRUE(text::IsNfc("a\xCC\x88\xCC\xA3x") ==
              (text::ToNfc("a\xCC\x88\xCC\xA3x") == "a\xCC\x88\xCC\xA3x"));
}

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(text::IsValidUtf8("Mật ong"));
  EXPECT_FALSE(text::IsValidUtf8("\xC3\x28"));
  EXPECT_FALSE(text::IsValidUtf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(text::IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_EQ(text::CodepointCount("Đắk"), 3u);
}

TEST(Date, ParsesOnlyRealDays) {
  EXPECT_TRUE(CivilDate::Parse("2024-02-29"));
  EXPECT_FALSE(CivilDate::Parse("2025-02-29"));
  EXPECT_FALSE(CivilDate::Parse("2025-13-01"));
  EXPECT_FALSE(CivilDate::Parse("2025-1-01"));
  EXPECT_EQ(CivilDate::Parse("2025-07-01")->ToDisplay(), "01/07/2025");
  EXPECT_EQ(CivilDate::ParseDisplay("15/03/2019")->ToIso(), "2019-03-15");
  EXPECT_FALSE(CivilDate::ParseDisplay("31/02/2019"));
  EXPECT_FALSE(CivilDate::ParseDisplay("2019-03-15"));
}

TEST(Date, UsesVietnamTimeZone) {
  // 2025-06-30T17:30:00Z is 00:30 on 1 July in Hà Nội.
  EXPECT_EQ(CivilDate::FromUnixInVietnam(1751304600).ToIso(), "2025-07-01");
  EXPECT_EQ(CivilDate::FromUnixInVietnam(1751304600 - 3600).ToIso(), "2025-06-30");
}

TEST(Date, AddsDaysMonthsAndKnowsWeekdays) {
  const CivilDate d{2026, 5, 22};
  EXPECT_EQ(d.Weekday(), 5);  // 22 May 2026 is a Friday
  EXPECT_EQ(d.AddDays(10).ToIso(), "2026-06-01");
  EXPECT_EQ(d.AddDays(-180).ToIso(), "2025-11-23");
  EXPECT_EQ(d.AddMonths(36).ToIso(), "2029-05-22");
  EXPECT_EQ((CivilDate{2024, 2, 29}).AddMonths(12).ToIso(), "2025-02-28");
  EXPECT_EQ((CivilDate{2025, 11, 30}).AddMonths(3).ToIso(), "2026-02-28");
  EXPECT_EQ(CivilDate::FromDaysSinceEpoch(0).ToIso(), "1970-01-01");
}

TEST(WorkingCalendar, SkipsWeekendsAndHolidays) {
  // Submitted on Friday 24 April 2026; 30 April and 1 May are public holidays.
  WorkingCalendar calendar({{2026, 4, 30}, {2026, 5, 1}});
  const CivilDate submitted{2026, 4, 24};
  // Working days: 27, 28, 29 April; 4–8, 11–15 May (10); 18, 19 May → the 15th is 19 May.
  EXPECT_EQ(calendar.AddWorkingDays(submitted, 15).ToIso(), "2026-05-19");
  EXPECT_EQ(WorkingCalendar().AddWorkingDays(submitted, 15).ToIso(), "2026-05-15");
  EXPECT_FALSE(calendar.IsWorkingDay({2026, 5, 1}));
  EXPECT_FALSE(calendar.IsWorkingDay({2026, 5, 2}));  // Saturday
  EXPECT_TRUE(calendar.IsWorkingDay({2026, 5, 4}));
}

TEST(Csv, ParsesQuotedFields) {
  auto rows = csv::Parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\nlast,\n");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1][0], "x, y");
  EXPECT_EQ((*rows)[1][1], "say \"hi\"");
  EXPECT_EQ((*rows)[2][1], "");
  EXPECT_FALSE(csv::Parse("\"open"));
}

TEST(Status, ResultMacrosPropagateErrors) {
  auto fails = []() -> Result<int> { return Err(NotFound("x")); };
  auto caller = [&]() -> Status {
    OCOP_ASSIGN_OR_RETURN(int v, fails());
    (void)v;
    return Status::Ok();
  };
  EXPECT_EQ(caller().code(), Code::kNotFound);
  EXPECT_EQ(CodeName(Code::kInvalidArgument), "INVALID_ARGUMENT");
}

TEST(Crypto, HashesAndVerifiesPasswords) {
  ASSERT_TRUE(crypto::Initialize());
  std::string hash = crypto::HashPassword("mật khẩu dài");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(crypto::VerifyPassword(hash, "mật khẩu dài"));
  EXPECT_FALSE(crypto::VerifyPassword(hash, "mat khau dai"));
  EXPECT_NE(crypto::RandomToken(), crypto::RandomToken());
  EXPECT_EQ(crypto::Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace ocop

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/file_kind.h"
#include "core/status.h"
#include "core/text.h"

namespace ocop {
namespace {

using namespace std::string_literals;

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

TEST(Text, SplitsKeepingEmptyParts) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(text::Split("a,,b", ','), (V{"a", "", "b"}));
  EXPECT_EQ(text::Split("", ','), (V{""}));
  EXPECT_EQ(text::Split("a,", ','), (V{"a", ""}));
  EXPECT_EQ(text::Split("01+21", '+'), (V{"01", "21"}));
}

TEST(Text, PercentEncodesAllButUnreserved) {
  EXPECT_EQ(text::PercentEncode("Az09-._~"), "Az09-._~");
  EXPECT_EQ(text::PercentEncode("a b/c?d=e&f%"), "a%20b%2Fc%3Fd%3De%26f%25");
  EXPECT_EQ(text::PercentEncode("Mật"), "M%E1%BA%ADt");
  EXPECT_EQ(text::PercentEncode(std::string("\0\xFF", 2)), "%00%FF");
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

std::string Fixture(const std::string& name) {
  auto bytes = csv::ReadFile(std::string(OCOP_DATA_DIR) + "/../tests/fixtures/files/" + name);
  EXPECT_TRUE(bytes) << name;
  return bytes ? *bytes : std::string();
}

TEST(FileKind, RecognisesRealFilesByContent) {
  // Made by a script (a 2×2 RGB PNG, an 8×8 grey baseline JPEG, a one-page
  // PDF with a correct xref); Chromium decodes both images.
  const std::string png = Fixture("tiny.png");
  const std::string jpeg = Fixture("tiny.jpg");
  const std::string pdf = Fixture("tiny.pdf");
  EXPECT_EQ(SniffFileKind(png), FileKind::kPng);
  EXPECT_EQ(SniffFileKind(jpeg), FileKind::kJpeg);
  EXPECT_EQ(SniffFileKind(pdf), FileKind::kPdf);
  EXPECT_EQ(FileKindMime(FileKind::kPdf), "application/pdf");
  EXPECT_EQ(FileKindMime(FileKind::kJpeg), "image/jpeg");
  EXPECT_EQ(FileKindMime(FileKind::kPng), "image/png");
  EXPECT_EQ(FileKindExtension(FileKind::kPdf), "pdf");
  EXPECT_EQ(FileKindExtension(FileKind::kJpeg), "jpg");
  EXPECT_EQ(FileKindExtension(FileKind::kPng), "png");

  // Small trailers are allowed, a second file appended is not.
  EXPECT_EQ(SniffFileKind(png + std::string(kMaxTrailingBytes, '\0')), FileKind::kPng);
  EXPECT_EQ(SniffFileKind(png + std::string(kMaxTrailingBytes + 1, '\0')), std::nullopt);
  EXPECT_EQ(SniffFileKind(jpeg + std::string(kMaxTrailingBytes, '\0')), FileKind::kJpeg);
  EXPECT_EQ(SniffFileKind(jpeg + "PK\x03\x04" + std::string(kMaxTrailingBytes, 'z')), std::nullopt);
  ASSERT_EQ(pdf.substr(pdf.size() - 6), "%%EOF\n");  // "%%EOF" must lie wholly in the window
  EXPECT_EQ(SniffFileKind(pdf + std::string(kMaxTrailingBytes - 6, '\n')), FileKind::kPdf);
  EXPECT_EQ(SniffFileKind(pdf + std::string(kMaxTrailingBytes - 5, '\n')), std::nullopt);

  // An EXIF thumbnail (its own SOI…EOI inside APP1) is skipped with its
  // segment; stuffed FF 00 bytes in the scan are not markers.
  std::string app1 = "Exif\0\0\xFF\xD8\xFF\xDB\xFF\xD9"s;
  std::string with_exif = jpeg.substr(0, 2) + "\xFF\xE1" +
                          static_cast<char>((app1.size() + 2) >> 8) +
                          static_cast<char>((app1.size() + 2) & 0xFF) + app1 + jpeg.substr(2);
  EXPECT_EQ(SniffFileKind(with_exif), FileKind::kJpeg);
  std::string scan_end = "\x3F\xFF\xD9"s;
  ASSERT_EQ(jpeg.substr(jpeg.size() - 3), scan_end);
  std::string stuffed = jpeg.substr(0, jpeg.size() - 2) + "\xFF\x00\xFF\xD0\x12\xFF\xD9"s;
  EXPECT_EQ(SniffFileKind(stuffed), FileKind::kJpeg);
}

TEST(FileKind, RejectsOtherAndTruncatedContent) {
  const std::string html = Fixture("page-renamed.pdf");  // an HTML page named .pdf
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(SniffFileKind(html), std::nullopt);
  EXPECT_EQ(SniffFileKind(""), std::nullopt);
  EXPECT_EQ(SniffFileKind("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>"),
            std::nullopt);
  EXPECT_EQ(SniffFileKind("#!/bin/sh\nrm -rf /\n"), std::nullopt);
  EXPECT_EQ(SniffFileKind("PK\x03\x04\x14\0\0\0\x08\0"s + std::string(100, 'x')), std::nullopt);
  // A polyglot: PDF magic, HTML inside, no %%EOF.
  EXPECT_EQ(SniffFileKind("%PDF-1.4\n<html><script>alert(1)</script></html>\n"), std::nullopt);
  EXPECT_EQ(SniffFileKind("%PDF-\n%%EOF"), std::nullopt);      // no version
  EXPECT_EQ(SniffFileKind("\xFF\xD8\xFF\xD9"), std::nullopt);  // no frame
  EXPECT_EQ(SniffFileKind("\x89PNG\r\n\x1A\n"), std::nullopt);

  // Every proper prefix of the real files is rejected (truncated uploads),
  // except a PDF cut inside its trailing newline.
  for (const char* name : {"tiny.png", "tiny.jpg", "tiny.pdf"}) {
    const std::string bytes = Fixture(name);
    const std::size_t keep = name == std::string("tiny.pdf") ? 1 : 0;
    for (std::size_t n = 0; n + keep < bytes.size(); ++n) {
      EXPECT_EQ(SniffFileKind(std::string_view(bytes).substr(0, n)), std::nullopt)
          << name << " cut to " << n;
    }
  }

  // A PNG whose IHDR is damaged: bad CRC, zero width, or a chunk before IHDR.
  std::string png = Fixture("tiny.png");
  std::string bad_crc = png;
  bad_crc[29] = static_cast<char>(bad_crc[29] ^ 1);
  EXPECT_EQ(SniffFileKind(bad_crc), std::nullopt);
  std::string zero_width = png;
  zero_width[16] = zero_width[17] = zero_width[18] = zero_width[19] = 0;
  EXPECT_EQ(SniffFileKind(zero_width), std::nullopt);
  std::string huge_chunk = png;  // IDAT length far past the end
  huge_chunk[33] = '\x7F';
  EXPECT_EQ(SniffFileKind(huge_chunk), std::nullopt);
}

}  // namespace
}  // namespace ocop

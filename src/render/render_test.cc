#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/text.h"
#include "render/certificate_pdf.h"
#include "render/qr.h"

namespace ocop::render {
namespace {

// Decodes 8-bit grey pixels with ZXing, as a phone's scanner would.
std::string ScanPixels(const std::uint8_t* pixels, int width, int height) {
  ZXing::ImageView image(pixels, width, height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto result = ZXing::ReadBarcode(image, hints);
  return result.isValid() ? result.text() : std::string("<no code>");
}

// Decodes a bitmap from QrBitmap.
std::string Scan(const QrCode& qr, int scale) {
  const auto pixels = QrBitmap(qr, scale);
  const int side = (qr.size + 8) * scale;
  return ScanPixels(pixels.data(), side, side);
}

TEST(Qr, ACertificateUrlScansBackExactly) {
  const std::string url =
      "https://ocop.example.vn/v/52-2026-000123?sig="
      "Wm9vbV9zaWduYXR1cmVfb2ZfNjRfYnl0ZXNfX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fX19fXw";
  auto qr = EncodeQr(url);
  ASSERT_TRUE(qr);
  EXPECT_EQ(Scan(*qr, 4), url);
  EXPECT_EQ(Scan(*qr, 2), url);
}

TEST(Qr, VietnameseTextSurvivesAsUtf8) {
  const std::string text = "Mật ong hoa cà phê Ia Grai — 4★";
  auto qr = EncodeQr(text, QrErrorCorrection::kHigh);
  ASSERT_TRUE(qr);
  EXPECT_EQ(Scan(*qr, 3), text);
}

TEST(Qr, SvgDrawsEveryDarkModuleWithAQuietZone) {
  auto qr = EncodeQr("OCOP");
  ASSERT_TRUE(qr);
  const std::string svg = QrSvg(*qr, 4);
  std::size_t dark = 0, drawn = 0;
  for (bool m : qr->modules) dark += m;
  for (std::size_t at = svg.find("h1v1h-1z"); at != std::string::npos;
       at = svg.find("h1v1h-1z", at + 1)) {
    ++drawn;
  }
  EXPECT_EQ(drawn, dark);
  const std::string side = std::to_string(qr->size + 8);
  EXPECT_NE(svg.find("viewBox=\"0 0 " + side + " " + side + "\""), std::string::npos);
}

TEST(Qr, RefusesWhatCannotBeEncoded) {
  EXPECT_FALSE(EncodeQr(""));
  EXPECT_FALSE(EncodeQr(std::string(8000, 'x')));
}

// --- The certificate PDF, checked with the poppler tools, ZXing and tesseract
// (Debian's poppler-utils, tesseract-ocr, tesseract-ocr-vie). ---

CertificatePdf SampleCertificate() {
  CertificatePdf c;
  c.number = "OCOP-52-2026-00017";
  c.product_name = "Mật ong hoa cà phê Đắk Đoa";
  c.product_code = "52-23764-1-2026";
  c.producer_name = "Hợp tác xã Nông nghiệp Ê Đê";
  c.province_name = "Tỉnh Gia Lai";
  c.stars = 4;
  c.rubric_version = "QĐ 26/2026/QĐ-TTg";
  c.authority = "Ủy ban nhân dân tỉnh Gia Lai";
  c.decision_number = "1234/QĐ-UBND";
  c.signer = "Nguyễn Thị Ngọc Hương";
  c.issued = "15/03/2026";
  c.expires = "14/03/2029";
  c.qr_url =
      "https://ocop.example.vn/v/OCOP-52-2026-00017?sig="
      "Wm9vbV9zaWduYXR1cmVfb2ZfNjRfYnl0ZXNfX19fX19fX19fX19fX19fX19fX19fX19fXw";
  return c;
}

struct Command {
  int exit_code = -1;
  std::string out;
};

// Runs a shell command (our own fixed paths, no user input) and reads its stdout.
Command Shell(const std::string& command) {
  Command result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

struct Grey {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;
};

// A binary PGM (P5, maxval 255) as pdftoppm -gray writes it.
Grey LoadPgm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int maxval = 0;
  Grey g;
  in >> magic >> g.width >> g.height >> maxval;
  in.get();
  if (magic != "P5" || maxval != 255 || g.width <= 0 || g.height <= 0) return {};
  g.pixels.resize(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height));
  in.read(reinterpret_cast<char*>(g.pixels.data()), static_cast<std::streamsize>(g.pixels.size()));
  return in ? g : Grey{};
}

// The value of `key` in pdfinfo's "Key:   value" lines; empty if absent.
std::string InfoField(const std::string& info, const std::string& key) {
  std::istringstream lines(info);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(key + ":", 0) != 0) continue;
    const std::size_t value = line.find_first_not_of(' ', key.size() + 1);
    return value == std::string::npos ? std::string() : line.substr(value);
  }
  return {};
}

// Words of `text` in NFC, punctuation at their ends dropped.
std::set<std::string> Words(const std::string& text) {
  std::set<std::string> words;
  std::istringstream in(text::ToNfc(text));
  for (std::string w; in >> w;) {
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back()))) w.pop_back();
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.front()))) w.erase(0, 1);
    if (!w.empty()) words.insert(w);
  }
  return words;
}

// Renders the sample once, writes it to a fresh temporary directory and
// rasterises it at 200 dpi; the tests read what they need from there.
class CertificatePdfTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    char dir_template[] = "/tmp/ocop-pdf-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    temp_dir = dir_template;
    auto pdf = RenderCertificatePdf(SampleCertificate());
    ASSERT_TRUE(pdf) << pdf.error().ToString();
    pdf_bytes = new std::string(std::move(*pdf));
    std::ofstream(temp_dir + "/c.pdf", std::ios::binary) << *pdf_bytes;
    const Command raster =
        Shell("pdftoppm -r 200 -gray -singlefile " + temp_dir + "/c.pdf " + temp_dir + "/page");
    ASSERT_EQ(raster.exit_code, 0);
  }
  static void TearDownTestSuite() {
    delete pdf_bytes;
    pdf_bytes = nullptr;
    if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir);
  }
  static std::string Path(const std::string& name) { return temp_dir + "/" + name; }

  static inline std::string temp_dir;
  static inline std::string* pdf_bytes = nullptr;
};

TEST_F(CertificatePdfTest, IsOneA4Page) {
  ASSERT_NE(pdf_bytes, nullptr);
  EXPECT_EQ(pdf_bytes->rfind("%PDF-", 0), 0u);
  const Command info = Shell("pdfinfo " + Path("c.pdf"));
  ASSERT_EQ(info.exit_code, 0);
  EXPECT_EQ(InfoField(info.out, "Pages"), "1") << info.out;
  EXPECT_EQ(InfoField(info.out, "Page size"), "595.276 x 841.89 pts (A4)") << info.out;
  EXPECT_EQ(InfoField(info.out, "Title"), "Giấy chứng nhận sản phẩm OCOP OCOP-52-2026-00017");
}

TEST_F(CertificatePdfTest, QrOnThePrintedPageScansBackExactly) {
  const Grey page = LoadPgm(Path("page.pgm"));
  ASSERT_EQ(page.width, 1654);  // A4 at 200 dpi
  ASSERT_EQ(page.height, 2339);
  EXPECT_EQ(ScanPixels(page.pixels.data(), page.width, page.height), SampleCertificate().qr_url);
}

// The text layer maps each glyph back to its characters: the exact NFC
// strings come back only if every letter with its marks was drawn as a glyph.
TEST_F(CertificatePdfTest, TextLayerHasTheExactVietnameseStrings) {
  const Command text = Shell("pdftotext -enc UTF-8 " + Path("c.pdf") + " -");
  ASSERT_EQ(text.exit_code, 0);
  const CertificatePdf c = SampleCertificate();
  for (const std::string& expected :
       {c.product_name, c.producer_name, c.signer,
        std::string("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string("GIẤY CHỨNG NHẬN"),
        std::string("Quét để kiểm tra"), std::string("★★★★ 4 sao"),
        std::string("Có giá trị đến:")}) {
    EXPECT_NE(text.out.find(expected), std::string::npos) << expected << "\n---\n" << text.out;
  }
}

// Every font is embedded and is the DejaVu we asked for: a font missing a
// Vietnamese letter would make Pango fall back to another family, seen here.
TEST_F(CertificatePdfTest, EmbedsOnlyTheDejaVuFonts) {
  const Command fonts = Shell("pdffonts " + Path("c.pdf"));
  ASSERT_EQ(fonts.exit_code, 0);
  std::istringstream lines(fonts.out);
  std::string line;
  std::getline(lines, line);  // header
  std::getline(lines, line);  // ----
  std::set<std::string> families;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::vector<std::string> cols;
    for (std::string col; in >> col;) cols.push_back(col);
    ASSERT_GE(cols.size(), 7u) << line;
    const std::string& name = cols[0];
    EXPECT_EQ(cols[cols.size() - 5], "yes") << "not embedded: " << line;
    EXPECT_EQ(cols[cols.size() - 3], "yes") << "no ToUnicode: " << line;
    const std::string family = name.substr(name.find('+') + 1);
    EXPECT_TRUE(family.rfind("DejaVuSerif", 0) == 0 || family.rfind("DejaVuSans", 0) == 0)
        << "fallback font: " << line;
    families.insert(family.substr(0, family.find('-')));
  }
  EXPECT_EQ(families, (std::set<std::string>{"DejaVuSans", "DejaVuSerif"})) << fonts.out;
}

// What a reader sees: OCR of the printed page (tesseract, Vietnamese model)
// finds the diacritic-heavy words of the fixed heading, and not one of them
// reads back stripped of its marks (as it would if the marks were not drawn).
TEST_F(CertificatePdfTest, OcrOfThePrintedPageReadsTheDiacritics) {
  const Command ocr = Shell("tesseract " + Path("page.pgm") + " - -l vie 2>/dev/null");
  ASSERT_EQ(ocr.exit_code, 0);
  const std::set<std::string> words = Words(ocr.out);
  const std::pair<const char*, const char*> expected[] = {
      {"CHỨNG", "CHUNG"}, {"NHẬN", "NHAN"}, {"SẢN", "SAN"},   {"PHẨM", "PHAM"}, {"CỘNG", "CONG"},
      {"NGHĨA", "NGHIA"}, {"Độc", "Doc"},   {"Hạnh", "Hanh"}, {"Đắk", "Dak"},   {"Đoa", "Doa"},
  };
  for (const auto& [with_marks, stripped] : expected) {
    EXPECT_TRUE(words.count(with_marks)) << with_marks << " not read\n---\n" << ocr.out;
    EXPECT_FALSE(words.count(stripped)) << stripped << " read without marks\n---\n" << ocr.out;
  }
}

TEST(CertificatePdf, RefusesTextThatIsNotUtf8) {
  CertificatePdf c = SampleCertificate();
  c.product_name = "M\xE1t ong";
  auto pdf = RenderCertificatePdf(c);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code(), Code::kInvalidArgument);
  ASSERT_EQ(pdf.error().fields().size(), 1u);
  EXPECT_EQ(pdf.error().fields()[0].field, "product_name");
  EXPECT_EQ(pdf.error().fields()[0].message.key, "error.field.utf8");
}

TEST(CertificatePdf, RefusesStarsOutOfRangeAndAnUnencodableQr) {
  CertificatePdf c = SampleCertificate();
  c.stars = 6;
  auto pdf = RenderCertificatePdf(c);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(pdf.error().fields().at(0).field, "stars");

  c = SampleCertificate();
  c.qr_url = std::string(8000, 'x');
  pdf = RenderCertificatePdf(c);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(pdf.error().fields().at(0).field, "qr_url");
}

TEST(CertificatePdf, SameInputGivesSameBytes) {
  auto a = RenderCertificatePdf(SampleCertificate());
  auto b = RenderCertificatePdf(SampleCertificate());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

// Not a pass/fail bound (machines differ): prints the cost of one render.
TEST(CertificatePdf, TimesFiftyRenders) {
  const CertificatePdf c = SampleCertificate();
  ASSERT_TRUE(RenderCertificatePdf(c));  // the thread's font map is loaded once
  const auto start = std::chrono::steady_clock::now();
  std::size_t bytes = 0;
  for (int i = 0; i < 50; ++i) bytes += RenderCertificatePdf(c)->size();
  const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  std::printf("certificate PDF: %.2f ms a render, %zu bytes\n", took.count() / 50, bytes / 50);
}

}  // namespace
}  // namespace ocop::render

// Package labels: every format's QR code is read back with ZXing as a phone
// would (the PNG decoded by Cairo, the PDF rasterised by pdftoppm, the SVG's
// path redrawn module by module), and the text is checked where it can be read.
#define ZX_USE_UTF8
#include "render/label.h"

#include <ZXing/ReadBarcode.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace ocop::render {
namespace {

Label SampleLabel() {
  return {"https://ocop.example.vn/01/08939777100106/10/MO-2026-01",
          "Mật ong hoa cà phê Ia Grai",
          {"GTIN 08939777100106", "Lô: MO-2026-01", "HTX Mật ong Ia Grai & Cộng sự"}};
}

std::vector<std::string> ScanAll(const std::uint8_t* pixels, int width, int height) {
  ZXing::ImageView image(pixels, width, height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  std::vector<std::string> out;
  for (const auto& r : ZXing::ReadBarcodes(image, hints)) {
    if (r.isValid()) out.push_back(r.text());
  }
  return out;
}

struct PngReader {
  const std::string* bytes;
  std::size_t at = 0;
};
cairo_status_t ReadPng(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->at + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(r->bytes->data() + r->at, length, data);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

TEST(Label, PngScansBackAtThreeHundredDpi) {
  auto png = RenderLabelPng(SampleLabel());
  ASSERT_TRUE(png) << png.error().ToString();
  ASSERT_EQ(png->rfind("\x89PNG\r\n\x1a\n", 0), 0u);
  PngReader reader{&*png};
  cairo_surface_t* s = cairo_image_surface_create_from_png_stream(ReadPng, &reader);
  ASSERT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  EXPECT_EQ(w, 733);  // 62 mm at 300 dpi
  EXPECT_GT(h, w) << "the text sits under the code";
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  std::vector<std::uint8_t> grey(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
    for (int x = 0; x < w; ++x) {
      const std::uint32_t p = row[x];
      grey[static_cast<std::size_t>(y) * w + x] =
          static_cast<std::uint8_t>((((p >> 16) & 255) + ((p >> 8) & 255) + (p & 255)) / 3);
    }
  }
  cairo_surface_destroy(s);
  EXPECT_EQ(ScanAll(grey.data(), w, h), std::vector<std::string>{SampleLabel().url});
  // Below the code there is ink (the text); the bottom margin is blank.
  int ink_under = 0;
  for (int y = w; y < h - 20; ++y) {
    for (int x = 0; x < w; ++x) ink_under += grey[static_cast<std::size_t>(y) * w + x] < 128;
  }
  EXPECT_GT(ink_under, 2000);
}

// The SVG's path redrawn on a grid of modules: what a browser would fill.
TEST(Label, SvgPathScansBackAndTextIsEscaped) {
  auto svg = RenderLabelSvg(SampleLabel());
  ASSERT_TRUE(svg) << svg.error().ToString();
  EXPECT_EQ(svg->rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_NE(svg->find("<title>Mật ong hoa cà phê Ia Grai</title>"), std::string::npos);
  EXPECT_NE(svg->find("font-weight=\"bold\">Mật ong hoa cà phê"), std::string::npos) << *svg;
  EXPECT_NE(svg->find(">Lô: MO-2026-01</text>"), std::string::npos);
  EXPECT_NE(svg->find("HTX Mật ong Ia Grai &amp; Cộng sự"), std::string::npos);
  EXPECT_EQ(svg->find("& C"), std::string::npos);

  const std::smatch path = [&] {
    std::smatch m;
    std::regex_search(*svg, m, std::regex("<path fill=\"#000\" d=\"([^\"]+)\""));
    return m;
  }();
  ASSERT_FALSE(path.empty());
  const std::string d = path[1];
  constexpr int kGrid = 80, kScale = 4;
  std::vector<std::uint8_t> pixels(kGrid * kScale * kGrid * kScale, 255);
  std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
  int runs = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator();
       ++it) {
    ++runs;
    const int x0 = std::stoi((*it)[1]), y0 = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
    ASSERT_EQ(n, std::stoi((*it)[4]));
    ASSERT_LT(x0 + n, kGrid);
    for (int y = y0 * kScale; y < (y0 + 1) * kScale; ++y) {
      for (int x = x0 * kScale; x < (x0 + n) * kScale; ++x) pixels[y * kGrid * kScale + x] = 0;
    }
  }
  EXPECT_GT(runs, 50);
  EXPECT_EQ(ScanAll(pixels.data(), kGrid * kScale, kGrid * kScale),
            std::vector<std::string>{SampleLabel().url});
}

TEST(Label, SvgCutsALongTitleToTwoLines) {
  Label l = SampleLabel();
  l.title = "Mật ong hoa cà phê nguyên chất thu hoạch vụ xuân trên cao nguyên đất đỏ bazan Ia Grai";
  auto svg = RenderLabelSvg(l);
  ASSERT_TRUE(svg);
  std::regex bold("font-weight=\"bold\">([^<]*)</text>");
  std::vector<std::string> lines;
  for (auto it = std::sregex_iterator(svg->begin(), svg->end(), bold); it != std::sregex_iterator();
       ++it) {
    lines.push_back((*it)[1]);
  }
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("Mật ong hoa", 0), 0u);
  EXPECT_NE(lines[1].find("…"), std::string::npos);
}

std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(Label, PdfSheetHoldsFifteenLabelsThatAllScan) {
  auto pdf = RenderLabelSheetPdf(SampleLabel());
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  char dir_template[] = "/tmp/ocop-label-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  std::ofstream(dir + "/l.pdf", std::ios::binary) << *pdf;
  EXPECT_NE(Output("pdfinfo " + dir + "/l.pdf").find("595.276 x 841.89 pts (A4)"),
            std::string::npos);
  ASSERT_EQ(system(("pdftoppm -r 150 -gray -singlefile " + dir + "/l.pdf " + dir + "/p").c_str()),
            0);
  std::ifstream in(dir + "/p.pgm", std::ios::binary);
  std::string magic;
  int w = 0, h = 0, maxval = 0;
  in >> magic >> w >> h >> maxval;
  in.get();
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w) * h);
  in.read(reinterpret_cast<char*>(pixels.data()), static_cast<std::streamsize>(pixels.size()));
  ASSERT_TRUE(in);
  const auto codes = ScanAll(pixels.data(), w, h);
  EXPECT_EQ(static_cast<int>(codes.size()), LabelsPerSheet());
  for (const auto& c : codes) EXPECT_EQ(c, SampleLabel().url);
  const std::string text = Output("pdftotext " + dir + "/l.pdf -");
  std::size_t titles = 0;
  for (auto at = text.find("Lô: MO-2026-01"); at != std::string::npos;
       at = text.find("Lô: MO-2026-01", at + 1)) {
    ++titles;
  }
  EXPECT_EQ(titles, static_cast<std::size_t>(LabelsPerSheet())) << text;
  std::filesystem::remove_all(dir);
}

TEST(Label, RefusesWhatItCannotDraw) {
  Label bad = SampleLabel();
  bad.title = "\xff\xfe";
  auto r = RenderLabelPng(bad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kInvalidArgument);
  Label many = SampleLabel();
  many.lines = {"1", "2", "3", "4", "5"};
  EXPECT_FALSE(RenderLabelSvg(many));
  Label empty = SampleLabel();
  empty.url.clear();
  EXPECT_FALSE(RenderLabelSheetPdf(empty));
}

}  // namespace
}  // namespace ocop::render

#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>
#include <gtest/gtest.h>

#include "render/qr.h"

namespace ocop::render {
namespace {

// Decodes a bitmap from QrBitmap with ZXing, as a phone's scanner would.
std::string Scan(const QrCode& qr, int scale) {
  const auto pixels = QrBitmap(qr, scale);
  const int side = (qr.size + 8) * scale;
  ZXing::ImageView image(pixels.data(), side, side, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto result = ZXing::ReadBarcode(image, hints);
  return result.isValid() ? result.text() : std::string("<no code>");
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

}  // namespace
}  // namespace ocop::render

#include "render/qr.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace ocop::render {
namespace {

constexpr int kQuietModules = kQrQuietModules;

QRecLevel LevelOf(QrErrorCorrection level) {
  switch (level) {
    case QrErrorCorrection::kLow:
      return QR_ECLEVEL_L;
    case QrErrorCorrection::kMedium:
      return QR_ECLEVEL_M;
    case QrErrorCorrection::kQuartile:
      return QR_ECLEVEL_Q;
    case QrErrorCorrection::kHigh:
      return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

Result<QrCode> EncodeQr(std::string_view text, QrErrorCorrection level) {
  if (text.empty()) return Err(InvalidArgument("error.qr.empty"));
  std::unique_ptr<QRcode, QrFree> code(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, LevelOf(level)));
  if (!code) return Err(InvalidArgument("error.qr.too_long"));
  QrCode out;
  out.size = code->width;
  out.modules.resize(static_cast<std::size_t>(out.size * out.size));
  for (std::size_t i = 0; i < out.modules.size(); ++i) out.modules[i] = code->data[i] & 1;
  return out;
}

std::string QrSvg(const QrCode& qr, int module_px) {
  const int full = qr.size + 2 * kQuietModules;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(full) + " " + std::to_string(full) + "\" width=\"" +
                    std::to_string(full * module_px) + "\" height=\"" +
                    std::to_string(full * module_px) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.Dark(x, y)) continue;
      svg += "M" + std::to_string(x + kQuietModules) + " " + std::to_string(y + kQuietModules) +
             "h1v1h-1z";
    }
  }
  return svg + "\"/></svg>";
}

std::vector<std::uint8_t> QrBitmap(const QrCode& qr, int scale) {
  const int full = (qr.size + 2 * kQuietModules) * scale;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(full * full), 255);
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.Dark(x, y)) continue;
      for (int dy = 0; dy < scale; ++dy) {
        const int row = (y + kQuietModules) * scale + dy;
        for (int dx = 0; dx < scale; ++dx) {
          pixels[static_cast<std::size_t>(row * full + (x + kQuietModules) * scale + dx)] = 0;
        }
      }
    }
  }
  return pixels;
}

}  // namespace ocop::render

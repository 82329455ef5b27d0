// QR codes for certificates and labels: encoding (libqrencode) to a module
// matrix, drawn as SVG for pages or as a grey bitmap for PDFs and tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ocop::render {

// A square matrix of modules; true is dark.
struct QrCode {
  int size = 0;
  std::vector<bool> modules;  // row-major, size × size
  bool Dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)]; }
};

// The light margin around every drawn code, in modules: the 4 that scanners need.
inline constexpr int kQrQuietModules = 4;

// Calls `run(row, start, end)` for each horizontal run [start, end) of dark
// modules, row by row from the top, left to right: what the drawings fill.
template <typename Run>
void ForEachDarkRun(const QrCode& qr, Run run) {
  for (int row = 0; row < qr.size; ++row) {
    for (int col = 0; col < qr.size;) {
      if (!qr.Dark(col, row)) {
        ++col;
        continue;
      }
      const int start = col;
      while (col < qr.size && qr.Dark(col, row)) ++col;
      run(row, start, col);
    }
  }
}

enum class QrErrorCorrection { kLow, kMedium, kQuartile, kHigh };

// Encodes `text` as bytes (UTF-8 kept as is). InvalidArgument if it is empty or
// too long for a QR code at that level.
Result<QrCode> EncodeQr(std::string_view text,
                        QrErrorCorrection level = QrErrorCorrection::kMedium);

// An SVG drawing, `module_px` pixels a module, with the 4-module quiet zone
// that scanners need.
std::string QrSvg(const QrCode& qr, int module_px = 4);

// 8-bit grey pixels (0 dark, 255 light), `scale` pixels a module plus the
// quiet zone; the width and height are (size + 8) × scale.
std::vector<std::uint8_t> QrBitmap(const QrCode& qr, int scale);

}  // namespace ocop::render

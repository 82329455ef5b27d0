// qr_decode FILE.pgm|FILE.png — prints the text of the QR codes in a grey image
// (what `pdftoppm -r 150 -gray` writes), one per line, as a phone's scanner
// reads them with ZXing. Exit status 1 when the file cannot be read, 2 when no
// code is found. A test tool: reads only the file it is given.
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

struct Grey {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;
};

// Skips whitespace and "#" comments between the fields of a PNM header.
void SkipSpace(std::istream& in) {
  for (int c = in.peek(); c != EOF; c = in.peek()) {
    if (c == '#') {
      std::string line;
      std::getline(in, line);
    } else if (std::isspace(c)) {
      in.get();
    } else {
      break;
    }
  }
}

// A binary PGM (P5, maxval 255).
bool LoadPgm(const std::string& path, Grey& g) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int maxval = 0;
  in >> magic;
  SkipSpace(in);
  in >> g.width;
  SkipSpace(in);
  in >> g.height;
  SkipSpace(in);
  in >> maxval;
  in.get();
  if (!in || magic != "P5" || maxval != 255 || g.width <= 0 || g.height <= 0 || g.width > 20000 ||
      g.height > 20000) {
    return false;
  }
  g.pixels.resize(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height));
  in.read(reinterpret_cast<char*>(g.pixels.data()), static_cast<std::streamsize>(g.pixels.size()));
  return static_cast<bool>(in);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: qr_decode FILE.pgm\n");
    return 1;
  }
  Grey g;
  if (!LoadPgm(argv[1], g)) {
    std::fprintf(stderr, "qr_decode: %s is not a binary 8-bit PGM\n", argv[1]);
    return 1;
  }
  ZXing::ImageView image(g.pixels.data(), g.width, g.height, ZXing::ImageFormat::Lum);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto results = ZXing::ReadBarcodes(image, hints);
  int found = 0;
  for (const auto& r : results) {
    if (!r.isValid()) continue;
    std::cout << r.text() << "\n";
    ++found;
  }
  return found > 0 ? 0 : 2;
}

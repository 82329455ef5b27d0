#include "core/file_kind.h"

#include <array>
#include <cstdint>

namespace ocop {
namespace {

std::uint8_t Byte(std::string_view b, std::size_t i) { return static_cast<std::uint8_t>(b[i]); }

std::uint32_t BigEndian32(std::string_view b, std::size_t i) {
  return (std::uint32_t{Byte(b, i)} << 24) | (std::uint32_t{Byte(b, i + 1)} << 16) |
         (std::uint32_t{Byte(b, i + 2)} << 8) | std::uint32_t{Byte(b, i + 3)};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool TrailerFits(std::size_t end, std::size_t size) { return size - end <= kMaxTrailingBytes; }

bool IsPdf(std::string_view b) {
  constexpr std::string_view kMagic = "%PDF-";
  if (b.size() < kMagic.size() + 3 || b.substr(0, kMagic.size()) != kMagic) return false;
  if (!IsDigit(b[5]) || b[6] != '.' || !IsDigit(b[7])) return false;
  std::size_t from = b.size() > kMaxTrailingBytes ? b.size() - kMaxTrailingBytes : 0;
  if (from < 8) from = 8;
  return b.find("%%EOF", from) != std::string_view::npos;
}

bool IsStartOfFrame(std::uint8_t m) {
  // C0–CF less DHT (C4), JPG (C8) and DAC (CC).
  return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

bool IsJpeg(std::string_view b) {
  const std::size_t n = b.size();
  if (n < 4 || Byte(b, 0) != 0xFF || Byte(b, 1) != 0xD8 || Byte(b, 2) != 0xFF) return false;
  bool have_frame = false;
  std::size_t i = 2;
  for (;;) {
    if (i >= n || Byte(b, i) != 0xFF) return false;
    while (i < n && Byte(b, i) == 0xFF) ++i;  // fill bytes before a marker
    if (i >= n) return false;
    const std::uint8_t marker = Byte(b, i++);
    if (marker == 0xD9) return have_frame && TrailerFits(i, n);  // EOI
    if (marker == 0x00 || marker == 0xD8) return false;
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (n - i < 2) return false;
    const std::size_t length = (std::size_t{Byte(b, i)} << 8) | Byte(b, i + 1);
    if (length < 2 || length > n - i) return false;
    i += length;
    if (IsStartOfFrame(marker)) have_frame = true;
    if (marker != 0xDA) continue;  // SOS: entropy-coded data follows
    if (!have_frame) return false;
    for (;;) {
      std::size_t ff = b.find('\xFF', i);
      if (ff == std::string_view::npos || ff + 1 >= n) return false;
      const std::uint8_t next = Byte(b, ff + 1);
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {  // stuffed byte, restart marker
        i = ff + 2;
        continue;
      }
      i = ff;  // a marker: the loop above reads it
      break;
    }
  }
}

std::uint32_t Crc32(std::string_view data) {
  static const std::array<std::uint32_t, 256> kTable = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) c = kTable[(c ^ static_cast<std::uint8_t>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

bool IsValidIhdr(std::string_view d) {  // the 13 data bytes
  const std::uint32_t width = BigEndian32(d, 0);
  const std::uint32_t height = BigEndian32(d, 4);
  if (width == 0 || height == 0 || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu) return false;
  const std::uint8_t depth = Byte(d, 8);
  const std::uint8_t color = Byte(d, 9);
  bool depth_ok = false;
  switch (color) {
    case 0:
      depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
      break;
    case 3:
      depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8;
      break;
    case 2:
    case 4:
    case 6:
      depth_ok = depth == 8 || depth == 16;
      break;
    default:
      return false;
  }
  return depth_ok && Byte(d, 10) == 0 && Byte(d, 11) == 0 && Byte(d, 12) <= 1;
}

bool IsChunkType(std::string_view t) {
  for (char c : t) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

bool IsPng(std::string_view b) {
  constexpr std::string_view kSignature = "\x89PNG\r\n\x1A\n";
  if (b.substr(0, kSignature.size()) != kSignature) return false;
  const std::size_t n = b.size();
  std::size_t i = kSignature.size();
  bool first = true;
  bool have_data = false;
  for (;;) {
    if (n - i < 12) return false;  // length, type, CRC
    const std::uint32_t length = BigEndian32(b, i);
    if (length > 0x7FFFFFFFu || length > n - i - 12) return false;
    const std::string_view type = b.substr(i + 4, 4);
    if (!IsChunkType(type)) return false;
    if (first) {
      if (type != "IHDR" || length != 13 || !IsValidIhdr(b.substr(i + 8, 13)) ||
          Crc32(b.substr(i + 4, 17)) != BigEndian32(b, i + 21)) {
        return false;
      }
      first = false;
    } else if (type == "IHDR") {
      return false;
    }
    i += 12 + std::size_t{length};
    if (type == "IDAT") have_data = true;
    if (type == "IEND") return length == 0 && have_data && TrailerFits(i, n);
  }
}

}  // namespace

std::string_view FileKindMime(FileKind k) {
  switch (k) {
    case FileKind::kPdf:
      return "application/pdf";
    case FileKind::kJpeg:
      return "image/jpeg";
    case FileKind::kPng:
      return "image/png";
  }
  return "application/octet-stream";
}

std::string_view FileKindExtension(FileKind k) {
  switch (k) {
    case FileKind::kPdf:
      return "pdf";
    case FileKind::kJpeg:
      return "jpg";
    case FileKind::kPng:
      return "png";
  }
  return "bin";
}

std::optional<FileKind> SniffFileKind(std::string_view bytes) {
  if (IsPdf(bytes)) return FileKind::kPdf;
  if (IsJpeg(bytes)) return FileKind::kJpeg;
  if (IsPng(bytes)) return FileKind::kPng;
  return std::nullopt;
}

}  // namespace ocop

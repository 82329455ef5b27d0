// The OCOP certificate (Giấy chứng nhận sản phẩm OCOP) as a one-page A4 PDF:
// Vietnamese text laid out by Pango on a Cairo PDF surface, fonts embedded,
// and a vector QR code that leads to the public verification page.
#pragma once

#include <string>

#include "core/status.h"

namespace ocop::render {

// What the certificate shows. Text is UTF-8 (normalised to NFC when drawn);
// dates are already formatted as dd/mm/yyyy by the caller.
struct CertificatePdf {
  std::string number;           // "OCOP-52-2026-00017"
  std::string product_name;     // "Mật ong hoa cà phê Đắk Đoa"
  std::string product_code;     // "52-23764-1-2026"
  std::string producer_name;    // Chủ thể — "Hợp tác xã Nông nghiệp Ê Đê"
  std::string province_name;    // "Tỉnh Gia Lai"
  int stars = 3;                // Hạng: 3..5, drawn as ★ glyphs plus "3 sao"
  std::string rubric_version;   // Bộ tiêu chí — "QĐ 26/2026/QĐ-TTg"
  std::string authority;        // "Ủy ban nhân dân tỉnh Gia Lai"
  std::string decision_number;  // "1234/QĐ-UBND"
  std::string signer;           // who signed the decision
  std::string issued;           // "15/03/2026"
  std::string expires;          // "14/03/2029"
  std::string qr_url;           // encoded in the QR code byte for byte
};

// The PDF bytes of a one-page A4 certificate. The fixed wording is Vietnamese
// only (it is the legal document). Text is set in DejaVu Serif, the stars in
// DejaVu Sans (Debian's fonts-dejavu-core); both are embedded as subsets.
// Errors: InvalidArgument "error.invalid_input" with one field violation per
// problem — "error.field.utf8" for a text field that is not valid UTF-8,
// "error.render.stars" (args min, max) for stars outside 3..5, and the QR
// encoder's key on "qr_url" when it cannot be encoded; Internal if Cairo
// fails. Safe to call from several threads at once (Pango keeps one font map
// a thread; the first call on a thread pays for loading it).
Result<std::string> RenderCertificatePdf(const CertificatePdf& c);

}  // namespace ocop::render

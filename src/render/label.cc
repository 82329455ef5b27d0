#include "render/label.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "core/text.h"
#include "render/cairo_draw.h"
#include "render/qr.h"

namespace ocop::render {
namespace {

using cairo::CairoPtr;
using cairo::CairoStatus;
using cairo::LayoutPtr;
using cairo::SurfacePtr;

// Geometry in points (1/72 inch). One label: 62 mm wide, the QR code filling
// the width inside the margins. A sheet: A4, 3 × 5 cells.
constexpr double kLabelWidth = 176;
constexpr double kLabelMargin = 10;
constexpr double kPngDpi = 300;

constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kSheetMargin = 24;
constexpr int kColumns = 3;
constexpr int kRows = 5;
constexpr double kCellQr = 92;

constexpr std::size_t kMaxLines = 4;
constexpr const char* kFont = "DejaVu Sans";

// Text sizes of one label, scaled with it.
struct Type {
  double title;  // bold, at most two lines
  double line;   // one line each
};
constexpr Type kSingleType{11, 8.5};
constexpr Type kCellType{7.5, 6.5};

Status Validate(const Label& label) {
  FieldErrors errors;
  if (!text::IsValidUtf8(label.title)) errors.Add("title", "error.field.utf8");
  if (!text::IsValidUtf8(label.url)) errors.Add("url", "error.field.utf8");
  for (const auto& line : label.lines) {
    if (!text::IsValidUtf8(line)) {
      errors.Add("lines", "error.field.utf8");
      break;
    }
  }
  if (label.lines.size() > kMaxLines) {
    errors.Add("lines", "error.render.label_lines", {{"max", std::to_string(kMaxLines)}});
  }
  return errors.ToStatus();
}

// The QR code of a label: quartile correction, since labels get scuffed.
Result<QrCode> LabelQr(const Label& label) {
  OCOP_RETURN_IF_ERROR(Validate(label));
  auto qr = EncodeQr(label.url, QrErrorCorrection::kQuartile);
  if (!qr) return Err(InvalidArgument("error.invalid_input", {{"url", qr.error().message()}}));
  return qr;
}

// Pango text on one Cairo context, in points.
class Writer {
 public:
  explicit Writer(cairo_t* cr) : cr_(cr), context_(cairo::PointContext(cr)) {}

  // Centred text `width` wide, at most `lines` lines, cut with "…".
  LayoutPtr Make(std::string_view text, double size, bool bold, double width, int lines) const {
    LayoutPtr layout(pango_layout_new(context_.get()));
    cairo::FontPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), kFont);
    pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(font.get(), static_cast<gint>(size * PANGO_SCALE));
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_height(layout.get(), -lines);
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  void Show(PangoLayout* layout, double x, double y) const {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

 private:
  cairo_t* cr_;
  cairo::ContextPtr context_;
};

// The text under the QR code: laid out once, measured, then drawn.
struct TextBlock {
  std::vector<LayoutPtr> layouts;
  double height = 0;
};
constexpr double kTitleGap = 2;

TextBlock LayOut(const Writer& w, const Label& label, const Type& type, double width) {
  TextBlock block;
  block.layouts.push_back(w.Make(text::ToNfc(label.title), type.title, true, width, 2));
  for (const auto& line : label.lines) {
    block.layouts.push_back(w.Make(text::ToNfc(line), type.line, false, width, 1));
  }
  for (const auto& l : block.layouts) block.height += cairo::Height(l.get());
  block.height += kTitleGap;
  return block;
}

void DrawText(const Writer& w, const TextBlock& block, double x, double y) {
  for (std::size_t i = 0; i < block.layouts.size(); ++i) {
    w.Show(block.layouts[i].get(), x, y);
    y += cairo::Height(block.layouts[i].get()) + (i == 0 ? kTitleGap : 0);
  }
}

// ---------- SVG ----------

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters are not allowed in XML 1.0; a label has no use for them.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out += c;
    }
  }
  return out;
}

// The UTF-8 code points of `s` (valid UTF-8), each as its bytes.
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// `s` broken at spaces into lines of at most `per_line` code points (a word
// longer than that is cut), at most `max_lines` of them, the last ending in
// "…" when text was left over. SVG has no wrapping of its own; DejaVu Sans
// averages a little over half an em a character, which sets `per_line`.
std::vector<std::string> Wrap(std::string_view s, std::size_t per_line, std::size_t max_lines) {
  std::vector<std::string> lines;
  std::vector<std::string_view> cps = CodePoints(s);
  std::size_t i = 0;
  while (i < cps.size() && lines.size() < max_lines) {
    while (i < cps.size() && cps[i] == " ") ++i;
    if (i == cps.size()) break;
    std::size_t end = std::min(cps.size(), i + per_line);
    if (end < cps.size() && cps[end] != " ") {
      std::size_t space = end;
      while (space > i && cps[space] != " ") --space;
      if (space > i) end = space;
    }
    std::string line;
    for (std::size_t k = i; k < end; ++k) line += cps[k];
    lines.push_back(std::move(line));
    i = end;
  }
  while (i < cps.size() && cps[i] == " ") ++i;
  if (i < cps.size() && !lines.empty()) {
    std::vector<std::string_view> last = CodePoints(lines.back());
    if (last.size() >= per_line) last.pop_back();
    std::string cut;
    for (auto cp : last) cut += cp;
    lines.back() = cut + "…";
  }
  return lines;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

int LabelsPerSheet() { return kColumns * kRows; }

Result<std::string> RenderLabelSvg(const Label& label) {
  OCOP_ASSIGN_OR_RETURN(QrCode qr, LabelQr(label));
  const double inner = kLabelWidth - 2 * kLabelMargin;
  const double module = inner / (qr.size + 2 * kQrQuietModules);
  const Type type = kSingleType;
  const auto title_per_line = static_cast<std::size_t>(inner / (type.title * 0.62));
  const auto line_per_line = static_cast<std::size_t>(inner / (type.line * 0.56));
  std::vector<std::string> title = Wrap(text::ToNfc(label.title), title_per_line, 2);

  std::string body;
  double y = kLabelMargin + inner + kTitleGap;
  const std::string centre = Num(kLabelWidth / 2);
  auto text_line = [&](const std::string& s, double size, bool bold) {
    y += size * 1.17;
    body += "<text x=\"" + centre + "\" y=\"" + Num(y) + "\" font-size=\"" + Num(size) + "\"" +
            (bold ? " font-weight=\"bold\"" : "") + ">" + XmlEscape(s) + "</text>";
  };
  for (const auto& t : title) text_line(t, type.title, true);
  y += kTitleGap;
  for (const auto& line : label.lines) {
    for (const auto& l : Wrap(text::ToNfc(line), line_per_line, 1)) text_line(l, type.line, false);
  }
  const double height = y + kLabelMargin;

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Num(kLabelWidth) +
                    " " + Num(height) + "\" width=\"" + Num(kLabelWidth) + "pt\" height=\"" +
                    Num(height) + "pt\"><title>" + XmlEscape(text::ToNfc(label.title)) +
                    "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";
  // The modules in a group scaled to module units, runs as rectangles.
  svg += "<g transform=\"translate(" + Num(kLabelMargin) + " " + Num(kLabelMargin) + ") scale(" +
         Num(module) + ")\" shape-rendering=\"crispEdges\"><path fill=\"#000\" d=\"";
  ForEachDarkRun(qr, [&](int row, int start, int end) {
    svg += "M" + std::to_string(start + kQrQuietModules) + " " +
           std::to_string(row + kQrQuietModules) + "h" + std::to_string(end - start) + "v1h-" +
           std::to_string(end - start) + "z";
  });
  svg +=
      "\"/></g><g font-family=\"DejaVu Sans, Verdana, sans-serif\" text-anchor=\"middle\" "
      "fill=\"#000\">" +
      body + "</g></svg>\n";
  return svg;
}

Result<std::string> RenderLabelPng(const Label& label) {
  OCOP_ASSIGN_OR_RETURN(QrCode qr, LabelQr(label));
  const double inner = kLabelWidth - 2 * kLabelMargin;
  const double scale = kPngDpi / 72;
  // Measured on a scratch surface first: the height depends on the text.
  double text_height = 0;
  {
    SurfacePtr scratch(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1));
    CairoPtr cr(cairo_create(scratch.get()));
    const Writer w(cr.get());
    text_height = LayOut(w, label, kSingleType, inner).height;
  }
  const double height = kLabelMargin + inner + kTitleGap + text_height + kLabelMargin;
  const int px_width = static_cast<int>(kLabelWidth * scale + 0.5);
  const int px_height = static_cast<int>(height * scale + 0.5);
  SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, px_width, px_height));
  {
    CairoPtr cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_scale(cr.get(), scale, scale);
    cairo::FillQr(cr.get(), qr, kLabelMargin, kLabelMargin, inner);
    const Writer w(cr.get());
    TextBlock block = LayOut(w, label, kSingleType, inner);
    DrawText(w, block, kLabelMargin, kLabelMargin + inner + kTitleGap);
    OCOP_RETURN_IF_ERROR(CairoStatus(cairo_status(cr.get())));
  }
  cairo_surface_flush(surface.get());
  std::string png;
  OCOP_RETURN_IF_ERROR(
      CairoStatus(cairo_surface_write_to_png_stream(surface.get(), cairo::AppendToString, &png)));
  return png;
}

Result<std::string> RenderLabelSheetPdf(const Label& label) {
  OCOP_ASSIGN_OR_RETURN(QrCode qr, LabelQr(label));
  std::string pdf;
  SurfacePtr surface(
      cairo_pdf_surface_create_for_stream(cairo::AppendToString, &pdf, kPageWidth, kPageHeight));
  const std::string title = text::ToNfc(label.title);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "OCOP");
  {
    CairoPtr cr(cairo_create(surface.get()));
    const Writer w(cr.get());
    const double cell_w = (kPageWidth - 2 * kSheetMargin) / kColumns;
    const double cell_h = (kPageHeight - 2 * kSheetMargin) / kRows;
    const double text_w = cell_w - 12;
    // Cut lines: thin, light and dashed, so they guide scissors but do not print heavily.
    cairo_set_source_rgb(cr.get(), 0.75, 0.75, 0.75);
    cairo_set_line_width(cr.get(), 0.4);
    const double dash[] = {3, 3};
    cairo_set_dash(cr.get(), dash, 2, 0);
    for (int c = 0; c <= kColumns; ++c) {
      cairo_move_to(cr.get(), kSheetMargin + c * cell_w, kSheetMargin);
      cairo_line_to(cr.get(), kSheetMargin + c * cell_w, kPageHeight - kSheetMargin);
    }
    for (int r = 0; r <= kRows; ++r) {
      cairo_move_to(cr.get(), kSheetMargin, kSheetMargin + r * cell_h);
      cairo_line_to(cr.get(), kPageWidth - kSheetMargin, kSheetMargin + r * cell_h);
    }
    cairo_stroke(cr.get());
    cairo_set_dash(cr.get(), nullptr, 0, 0);
    TextBlock block = LayOut(w, label, kCellType, text_w);
    const double content = kCellQr + kTitleGap + block.height;
    for (int r = 0; r < kRows; ++r) {
      for (int c = 0; c < kColumns; ++c) {
        const double x = kSheetMargin + c * cell_w;
        const double y = kSheetMargin + r * cell_h + std::max(4.0, (cell_h - content) / 2);
        cairo::FillQr(cr.get(), qr, x + (cell_w - kCellQr) / 2, y, kCellQr);
        DrawText(w, block, x + 6, y + kCellQr + kTitleGap);
      }
    }
    OCOP_RETURN_IF_ERROR(CairoStatus(cairo_status(cr.get())));
  }
  cairo_surface_finish(surface.get());
  OCOP_RETURN_IF_ERROR(CairoStatus(cairo_surface_status(surface.get())));
  return pdf;
}

}  // namespace ocop::render

#include "render/certificate_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/text.h"
#include "render/cairo_draw.h"
#include "render/qr.h"

namespace ocop::render {
namespace {

// A4 in points (the PDF unit); the Pango context is set to 72 dpi so that a
// font size in points is a size in page units.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kLeft = 66;
constexpr double kWidth = kPageWidth - 2 * kLeft;
constexpr double kLabelWidth = 118;
constexpr double kRowGap = 12;
constexpr double kQrSide = 124;

// The fonts are asked for by family so that fontconfig picks Debian's
// fonts-dejavu-core: DejaVu Serif covers Vietnamese, DejaVu Sans also has ★.
constexpr const char* kSerif = "DejaVu Serif";
constexpr const char* kSans = "DejaVu Sans";

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.08, 0.08, 0.10};
constexpr Rgb kGrey{0.30, 0.30, 0.32};
constexpr Rgb kRed{0.62, 0.08, 0.08};
constexpr Rgb kGold{0.85, 0.60, 0.05};

struct Style {
  double size = 12.5;  // points
  PangoWeight weight = PANGO_WEIGHT_NORMAL;
  PangoStyle slant = PANGO_STYLE_NORMAL;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  Rgb colour = kInk;
  bool justify = false;
};

struct AttrsFree {
  void operator()(PangoAttrList* a) const { pango_attr_list_unref(a); }
};
using cairo::LayoutPtr;
using AttrsPtr = std::unique_ptr<PangoAttrList, AttrsFree>;

// Adds `attr` to `list` over bytes [start, end) of the text.
void Add(PangoAttrList* list, PangoAttribute* attr, std::size_t start, std::size_t end) {
  attr->start_index = static_cast<guint>(start);
  attr->end_index = static_cast<guint>(end);
  pango_attr_list_insert(list, attr);
}

// Pango layouts on one Cairo context, measured and placed in points.
class Canvas {
 public:
  explicit Canvas(cairo_t* cr) : cr_(cr), context_(cairo::PointContext(cr)) {}

  // `text` in a column `width` wide, wrapped at words; `attrs` may be null.
  LayoutPtr Make(std::string_view text, const Style& style, double width,
                 PangoAttrList* attrs = nullptr) const {
    LayoutPtr layout(pango_layout_new(context_.get()));
    cairo::FontPtr font(pango_font_description_new());
    pango_font_description_set_family(font.get(), kSerif);
    pango_font_description_set_weight(font.get(), style.weight);
    pango_font_description_set_style(font.get(), style.slant);
    pango_font_description_set_size(font.get(), static_cast<gint>(style.size * PANGO_SCALE));
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), style.align);
    pango_layout_set_justify(layout.get(), style.justify);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    if (attrs != nullptr) pango_layout_set_attributes(layout.get(), attrs);
    return layout;
  }

  // Draws `layout` with its top-left corner at (x, y) in `colour`.
  void Show(PangoLayout* layout, double x, double y, Rgb colour) const {
    cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  // Draws `text` from the top y; returns the y below it.
  double Text(std::string_view text, const Style& style, double x, double y, double width,
              PangoAttrList* attrs = nullptr) const {
    LayoutPtr layout = Make(text, style, width, attrs);
    Show(layout.get(), x, y, style.colour);
    return y + cairo::Height(layout.get());
  }

  static double Baseline(PangoLayout* layout) {
    return static_cast<double>(pango_layout_get_baseline(layout)) / PANGO_SCALE;
  }

  // One "Label: value" row, first baselines aligned; returns the y below it.
  double Row(std::string_view label, std::string_view value, const Style& value_style, double y,
             PangoAttrList* value_attrs = nullptr) const {
    LayoutPtr left = Make(label, Style{.colour = kGrey}, kLabelWidth);
    LayoutPtr right = Make(value, value_style, kWidth - kLabelWidth, value_attrs);
    const double baseline = std::max(Baseline(left.get()), Baseline(right.get()));
    const double left_top = y + baseline - Baseline(left.get());
    const double right_top = y + baseline - Baseline(right.get());
    Show(left.get(), kLeft, left_top, Style{}.colour);
    Show(right.get(), kLeft + kLabelWidth, right_top, value_style.colour);
    return std::max(left_top + cairo::Height(left.get()), right_top + cairo::Height(right.get()));
  }

  void Line(double x0, double y0, double x1, double y1, double width, Rgb colour) const {
    cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, x0, y0);
    cairo_line_to(cr_, x1, y1);
    cairo_stroke(cr_);
  }

  void Frame(double inset, double width, Rgb colour) const {
    cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
    cairo_set_line_width(cr_, width);
    cairo_rectangle(cr_, inset, inset, kPageWidth - 2 * inset, kPageHeight - 2 * inset);
    cairo_stroke(cr_);
  }

 private:
  cairo_t* cr_;
  cairo::ContextPtr context_;
};

// "dd/mm/yyyy" as the PDF date "yyyy-mm-ddT00:00:00", so that equal input
// gives equal bytes; empty if `date` is not in that form.
std::string PdfDate(std::string_view date) {
  if (date.size() != 10 || date[2] != '/' || date[5] != '/') return {};
  if (!text::IsDigits(date.substr(0, 2)) || !text::IsDigits(date.substr(3, 2)) ||
      !text::IsDigits(date.substr(6, 4))) {
    return {};
  }
  return std::string(date.substr(6, 4)) + "-" + std::string(date.substr(3, 2)) + "-" +
         std::string(date.substr(0, 2)) + "T00:00:00";
}

Status Validate(const CertificatePdf& c) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"number", &c.number},
      {"product_name", &c.product_name},
      {"product_code", &c.product_code},
      {"producer_name", &c.producer_name},
      {"province_name", &c.province_name},
      {"rubric_version", &c.rubric_version},
      {"authority", &c.authority},
      {"decision_number", &c.decision_number},
      {"signer", &c.signer},
      {"issued", &c.issued},
      {"expires", &c.expires},
      {"qr_url", &c.qr_url},
  };
  FieldErrors errors;
  for (const auto& [name, value] : fields) {
    if (!text::IsValidUtf8(*value)) errors.Add(name, "error.field.utf8");
  }
  if (c.stars < 3 || c.stars > 5) {
    errors.Add("stars", "error.render.stars", {{"min", "3"}, {"max", "5"}});
  }
  return errors.ToStatus();
}

void Draw(const CertificatePdf& c, const QrCode& qr, cairo_t* cr) {
  const Canvas page(cr);
  const auto nfc = [](const std::string& s) { return text::ToNfc(s); };

  page.Frame(24, 2.4, kRed);
  page.Frame(30, 0.8, kRed);

  // Quốc hiệu, tiêu ngữ — the national heading, its motto underlined.
  double y = 58;
  y = page.Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                {.size = 13, .weight = PANGO_WEIGHT_BOLD, .align = PANGO_ALIGN_CENTER}, kLeft, y,
                kWidth);
  LayoutPtr motto = page.Make("Độc lập - Tự do - Hạnh phúc",
                              {.weight = PANGO_WEIGHT_BOLD, .align = PANGO_ALIGN_CENTER}, kWidth);
  page.Show(motto.get(), kLeft, y + 2, kInk);
  y += 2 + cairo::Height(motto.get()) + 2;
  const double motto_half = cairo::Width(motto.get()) / 2;
  page.Line(kPageWidth / 2 - motto_half, y, kPageWidth / 2 + motto_half, y, 0.8, kInk);

  y += 34;
  const Style title{
      .size = 30, .weight = PANGO_WEIGHT_BOLD, .align = PANGO_ALIGN_CENTER, .colour = kRed};
  y = page.Text("GIẤY CHỨNG NHẬN", title, kLeft, y, kWidth);
  y = page.Text(
      "SẢN PHẨM OCOP",
      {.size = 22, .weight = PANGO_WEIGHT_BOLD, .align = PANGO_ALIGN_CENTER, .colour = kRed}, kLeft,
      y + 2, kWidth);
  y = page.Text("Số: " + nfc(c.number), {.slant = PANGO_STYLE_ITALIC, .align = PANGO_ALIGN_CENTER},
                kLeft, y + 6, kWidth);

  y += 22;
  y = page.Text("Căn cứ Quyết định số " + nfc(c.decision_number) + " ngày " + nfc(c.issued) +
                    " về việc công nhận sản phẩm đạt chuẩn OCOP theo Bộ tiêu chí " +
                    nfc(c.rubric_version) + ", " + nfc(c.authority) + " chứng nhận:",
                {.size = 12, .slant = PANGO_STYLE_ITALIC, .justify = true}, kLeft, y, kWidth);

  y += 16;
  const Style bold{.weight = PANGO_WEIGHT_BOLD};
  const Style product{.size = 16, .weight = PANGO_WEIGHT_BOLD, .colour = kRed};
  y = page.Row("Sản phẩm:", nfc(c.product_name), product, y) + kRowGap;
  y = page.Row("Mã sản phẩm:", nfc(c.product_code), Style{}, y) + kRowGap;
  y = page.Row("Chủ thể:", nfc(c.producer_name), bold, y) + kRowGap;
  y = page.Row("Địa phương:", nfc(c.province_name), Style{}, y) + kRowGap;

  // Hạng — the rating: ★ glyphs from DejaVu Sans (DejaVu Serif has none).
  std::string stars;
  for (int i = 0; i < c.stars; ++i) stars += "★";
  const std::size_t stars_end = stars.size();
  stars += "  " + std::to_string(c.stars) + " sao";
  AttrsPtr star_attrs(pango_attr_list_new());
  Add(star_attrs.get(), pango_attr_family_new(kSans), 0, stars_end);
  Add(star_attrs.get(), pango_attr_size_new(20 * PANGO_SCALE), 0, stars_end);
  Add(star_attrs.get(),
      pango_attr_foreground_new(static_cast<guint16>(kGold.r * 65535),
                                static_cast<guint16>(kGold.g * 65535),
                                static_cast<guint16>(kGold.b * 65535)),
      0, stars_end);
  y = page.Row("Hạng:", stars, bold, y, star_attrs.get()) + kRowGap;
  y = page.Row("Ngày cấp:", nfc(c.issued), Style{}, y) + kRowGap;
  y = page.Row("Có giá trị đến:", nfc(c.expires), bold, y);

  // Bottom: who signed on the left, the QR code on the right; pushed down
  // (into the spare space) rather than overlapping when names run long.
  const double bottom = std::max(612.0, y + 28);
  const double sign_width = 280;
  AttrsPtr upper(pango_attr_list_new());
  Add(upper.get(), pango_attr_text_transform_new(PANGO_TEXT_TRANSFORM_UPPERCASE), 0,
      PANGO_ATTR_INDEX_TO_TEXT_END);
  double sy =
      page.Text(nfc(c.authority), {.weight = PANGO_WEIGHT_BOLD, .align = PANGO_ALIGN_CENTER}, kLeft,
                bottom + 8, sign_width, upper.get());
  sy = page.Text(
      "(Đã ký)",
      {.size = 11, .slant = PANGO_STYLE_ITALIC, .align = PANGO_ALIGN_CENTER, .colour = kGrey},
      kLeft, sy + 4, sign_width);
  page.Text(nfc(c.signer), {.size = 13, .weight = PANGO_WEIGHT_BOLD, .align = PANGO_ALIGN_CENTER},
            kLeft, sy + 44, sign_width);

  const double qr_x = kLeft + kWidth - kQrSide;
  cairo::FillQr(cr, qr, qr_x, bottom, kQrSide);
  page.Text("Quét để kiểm tra",
            {.size = 10, .slant = PANGO_STYLE_ITALIC, .align = PANGO_ALIGN_CENTER, .colour = kGrey},
            qr_x - 20, bottom + kQrSide + 2, kQrSide + 40);
}

}  // namespace

Result<std::string> RenderCertificatePdf(const CertificatePdf& c) {
  if (Status s = Validate(c); !s.ok()) return Err(std::move(s));
  // Quartile correction: a printed certificate gets handled and scuffed.
  auto qr = EncodeQr(c.qr_url, QrErrorCorrection::kQuartile);
  if (!qr) {
    return Err(InvalidArgument("error.invalid_input", {{"qr_url", qr.error().message()}}));
  }

  std::string pdf;
  cairo::SurfacePtr surface(
      cairo_pdf_surface_create_for_stream(cairo::AppendToString, &pdf, kPageWidth, kPageHeight));
  const std::string title = "Giấy chứng nhận sản phẩm OCOP " + text::ToNfc(c.number);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_AUTHOR,
                                 text::ToNfc(c.authority).c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "OCOP");
  if (const std::string date = PdfDate(c.issued); !date.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  }
  {
    cairo::CairoPtr cr(cairo_create(surface.get()));
    Draw(c, *qr, cr.get());
    OCOP_RETURN_IF_ERROR(cairo::CairoStatus(cairo_status(cr.get())));
  }
  cairo_surface_finish(surface.get());
  OCOP_RETURN_IF_ERROR(cairo::CairoStatus(cairo_surface_status(surface.get())));
  return pdf;
}

}  // namespace ocop::render

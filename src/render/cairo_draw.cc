#include "render/cairo_draw.h"

namespace ocop::render::cairo {

ContextPtr PointContext(cairo_t* cr) {
  ContextPtr context(pango_cairo_create_context(cr));
  pango_cairo_context_set_resolution(context.get(), 72);
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context.get(), options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context.get(), FALSE);
  return context;
}

double Height(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.height) / PANGO_SCALE;
}

double Width(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return static_cast<double>(logical.width) / PANGO_SCALE;
}

void FillQr(cairo_t* cr, const QrCode& qr, double x, double y, double side) {
  const double module = side / (qr.size + 2 * kQrQuietModules);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  ForEachDarkRun(qr, [&](int row, int start, int end) {
    cairo_rectangle(cr, x + (start + kQrQuietModules) * module,
                    y + (row + kQrQuietModules) * module, (end - start) * module, module);
  });
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Status CairoStatus(cairo_status_t s) {
  if (s == CAIRO_STATUS_SUCCESS) return Status::Ok();
  return Internal(std::string("cairo: ") + cairo_status_to_string(s));
}

}  // namespace ocop::render::cairo

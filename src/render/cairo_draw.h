// Internal to src/render: the Cairo and Pango pieces the certificate PDF and
// the labels both draw with. Not part of the render interface.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>

#include "core/status.h"
#include "render/qr.h"

namespace ocop::render::cairo {

struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};
struct GObjectFree {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontFree {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFree>;
using ContextPtr = std::unique_ptr<PangoContext, GObjectFree>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectFree>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontFree>;

// A Pango context on `cr` at 72 dpi, so that a font size in points is a size
// in page units, with unhinted metrics: positions need not snap to pixels, and
// a layout measures the same on a scratch surface as on the page.
ContextPtr PointContext(cairo_t* cr);

// The logical height and width of `layout`, in points.
double Height(PangoLayout* layout);
double Width(PangoLayout* layout);

// The dark modules as filled rectangles, one per horizontal run, on white
// with the quiet zone; `side` points square, top-left corner at (x, y).
void FillQr(cairo_t* cr, const QrCode& qr, double x, double y, double side);

// A cairo_write_func_t appending to the std::string `closure` points to.
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length);

// Internal("cairo: …") unless `s` is CAIRO_STATUS_SUCCESS.
Status CairoStatus(cairo_status_t s);

}  // namespace ocop::render::cairo

// Package labels (nhãn truy xuất): a QR code that leads to the public page of
// a product or lot, with the human-readable text under it, as SVG (for
// designers), PNG (for label printers and word processors) and an A4 PDF
// sheet of identical labels for a lot (for office printers). The QR code
// carries the URL byte for byte; the text is whatever the caller gives (already
// in the label's language), drawn in DejaVu Sans.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::render {

struct Label {
  std::string url;                 // encoded in the QR code: "https://…/01/0893…/10/MO-01"
  std::string title;               // the product's name, first and bold
  std::vector<std::string> lines;  // then one line each: "GTIN 08939777100106", "Lô: MO-01"
};

// Every format refuses what it cannot draw with InvalidArgument
// "error.invalid_input" and field violations: "error.field.utf8" on "title" or
// "lines" for text that is not valid UTF-8, "error.render.label_lines" (arg
// max) for more than four lines, and the QR encoder's key on "url". Titles
// longer than two lines and lines longer than one are cut with "…". Safe to
// call from several threads at once.

// One label as a standalone SVG document (text as <text>, XML-escaped).
Result<std::string> RenderLabelSvg(const Label& label);

// One label as a PNG at 300 dpi (about 62 mm wide), white background.
Result<std::string> RenderLabelPng(const Label& label);

// An A4 PDF page of identical labels in a grid (3 × 5), with light cut lines
// between them; fonts embedded. `LabelsPerSheet()` of them.
Result<std::string> RenderLabelSheetPdf(const Label& label);
int LabelsPerSheet();

}  // namespace ocop::render

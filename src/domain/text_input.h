// Cleaning of free text typed by users (names, notes, reasons), shared by
// every context so that each form reports the same field errors.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace ocop::domain {

enum class Lines { kOne, kMany };

// True when `s` holds no control character (NUL, escape, …); a multi-line
// field may hold line breaks and tabs.
bool HasOnlyPrintable(std::string_view s, Lines lines);

// Trims, checks UTF-8, control characters and length, and returns the NFC
// text (line breaks as \n). `required` adds an error for empty input.
std::string CleanText(FieldErrors& errors, const char* field, const std::string& raw,
                      std::size_t max_chars, bool required, Lines lines = Lines::kOne);

}  // namespace ocop::domain

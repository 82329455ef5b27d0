#include "domain/text_input.h"

#include "core/text.h"

namespace ocop::domain {

bool HasOnlyPrintable(std::string_view s, Lines lines) {
  for (unsigned char c : s) {
    if (c == 0x7f || (c < 0x20 && !(lines == Lines::kMany && (c == '\n' || c == '\t')))) {
      return false;
    }
  }
  return true;
}

std::string CleanText(FieldErrors& errors, const char* field, const std::string& raw,
                      std::size_t max_chars, bool required, Lines lines) {
  std::string unix_lines;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;  // forms send CRLF
    unix_lines += raw[i];
  }
  std::string_view trimmed = text::Trim(unix_lines);
  if (!text::IsValidUtf8(trimmed)) {
    errors.Add(field, "error.field.utf8");
    return {};
  }
  if (!HasOnlyPrintable(trimmed, lines)) {
    errors.Add(field, "error.field.control");
    return {};
  }
  std::string value = text::ToNfc(trimmed);
  if (required && value.empty()) {
    errors.Add(field, "error.field.required");
  } else if (text::CodepointCount(value) > max_chars) {
    errors.Add(field, "error.field.too_long", {{"max", std::to_string(max_chars)}});
  }
  return value;
}

}  // namespace ocop::domain

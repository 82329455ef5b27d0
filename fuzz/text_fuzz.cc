// libFuzzer target: UTF-8 validation, NFC and the search fold on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  if (ocop::text::IsValidUtf8(s)) {
    std::string nfc = ocop::text::ToNfc(s);
    if (!ocop::text::IsValidUtf8(nfc)) __builtin_trap();
    std::string folded = ocop::text::FoldForSearch(nfc);
    if (!ocop::text::IsValidUtf8(folded)) __builtin_trap();
  } else if (ocop::text::ToNfc(s) != s) {
    __builtin_trap();  // invalid input is returned unchanged
  }
  return 0;
}

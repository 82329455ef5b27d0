// libFuzzer target: ParseDocument on arbitrary bytes must return a value or
// an error — never crash, hang or recurse without bound — and every event it
// accepts must hash again to the id it was given.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gs1/epcis/json_binding.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = ocop::gs1::epcis::ParseDocument(input, {.max_events = 100, .max_depth = 32});
  if (parsed) {
    for (const auto& event : parsed->events) {
      auto hash = ocop::gs1::epcis::ComputeEventHash(event.json, parsed->context_json);
      if (!hash) __builtin_trap();
      if (event.event_id_computed && *hash != event.event_id) __builtin_trap();
    }
  }
  (void)ocop::gs1::epcis::ParseSingleEvent(input);
  return 0;
}

// libFuzzer target: ParseDigitalLink on arbitrary bytes returns a link or a
// refusal, never crashes; a link it accepts builds into a URI that parses
// back to the same link, and whose canonical key is the same. EPC URNs are
// fuzzed too: one that converts must give a Digital Link that parses.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "gs1/digital_link.h"

namespace {

std::string_view TrimSlashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

bool SameValues(const std::vector<ocop::gs1::AiValue>& a,
                const std::vector<ocop::gs1::AiValue>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].ai != b[i].ai || a[i].value != b[i].value) return false;
  }
  return true;
}

[[noreturn]] void Fail(const char* what, std::string_view input, const std::string& built) {
  std::fprintf(stderr, "%s\n  input: %.*s\n  built: %s\n", what, static_cast<int>(input.size()),
               input.data(), built.c_str());
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ocop::gs1;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto link = ParseDigitalLink(input);
  (void)CanonicalEpc(input);
  if (link) {
    std::string built = BuildDigitalLink(*link);
    auto again = ParseDigitalLink(built);
    if (!again) Fail("a built link does not parse", input, built);
    // An empty prefix (a path) is built under https://id.gs1.org.
    if (!link->prefix.empty() && TrimSlashes(again->prefix) != TrimSlashes(link->prefix)) {
      Fail("prefix changed", input, built);
    }
    if (again->primary.ai != link->primary.ai) Fail("primary AI changed", input, built);
    // Build pads a GTIN to 14 digits; the parser only accepts 14.
    if (again->primary.value != link->primary.value) Fail("primary value changed", input, built);
    if (!SameValues(again->qualifiers, link->qualifiers)) Fail("qualifiers changed", input, built);
    if (!SameValues(again->attributes, link->attributes)) Fail("attributes changed", input, built);
    if (again->other_query != link->other_query) Fail("other query changed", input, built);
    if (BuildDigitalLink(*again) != built) Fail("building is not stable", input, built);
    // CanonicalEpc reads absolute links only; a path stays as written.
    if (!link->prefix.empty() && link->prefix.front() != '/' &&
        CanonicalEpc(built).key != CanonicalEpc(input).key) {
      Fail("canonical key changed", input, built);
    }
    for (int length = 6; length <= 12; ++length) {
      auto urn = DigitalLinkToEpcUrn(*link, length);
      if (!urn) continue;
      auto back = EpcUrnToDigitalLink(*urn);
      // A company prefix length that does not fit the key may still give a
      // URN; when it converts back it must name the same key.
      if (back && CanonicalEpc(*back).key != CanonicalEpc(*urn).key)
        Fail("URN round trip", input, *urn);
    }
  }
  if (auto dl = EpcUrnToDigitalLink(input)) {
    if (!ParseDigitalLink(*dl)) Fail("the link of a URN does not parse", input, *dl);
  }
  return 0;
}

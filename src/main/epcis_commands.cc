#include "main/epcis_commands.h"

#include <iostream>
#include <iterator>
#include <map>

#include "gs1/epcis/json_binding.h"

namespace ocop::app {

int HashEpcisDocument(std::istream& in, std::ostream& out, std::ostream& err) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parsed = gs1::epcis::ParseDocument(text);
  if (!parsed) {
    err << "ocop epcis hash: " << parsed.error().ToString() << "\n";
    return 1;
  }
  // Valid events come back in document order, invalid ones as errors by
  // index: merge the two so that line i is event i.
  std::map<std::size_t, std::string> invalid;
  for (const gs1::epcis::EventError& e : parsed->errors) {
    invalid.emplace(e.index, "invalid " + (e.field.empty() ? "-" : e.field) + " " + e.message.key);
  }
  std::size_t next_valid = 0;
  std::size_t total = parsed->events.size() + invalid.size();
  for (std::size_t i = 0; i < total; ++i) {
    if (auto it = invalid.find(i); it != invalid.end()) {
      out << it->second << "\n";
      continue;
    }
    const gs1::epcis::Event& event = parsed->events[next_valid++];
    auto hash = gs1::epcis::ComputeEventHash(event.json, parsed->context_json);
    out << (hash ? *hash : "invalid - " + hash.error().message().key) << "\n";
  }
  return 0;
}

int EpcisCommand(const std::string& subcommand) {
  if (subcommand == "hash") return HashEpcisDocument(std::cin, std::cout, std::cerr);
  std::cerr << "usage: ocop epcis hash < document.jsonld\n";
  return 2;
}

}  // namespace ocop::app

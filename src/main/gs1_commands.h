// `ocop gs1 …`: commands on GS1 identifiers that need no store.
#pragma once

#include <istream>
#include <ostream>
#include <string>

namespace ocop::app {

// `ocop gs1 check-links`: reads one Digital Link URI a line from `in` and
// writes one JSON object a line to `out`, in the same order:
//   {"uri":"…","valid":true}
//   {"uri":"…","valid":false,"error":"error.gs1.lint.check_digit","args":{"ai":"01",…}}
// The error is the catalogue key of ParseDigitalLink's refusal. A trailing
// "\r" is dropped from each line. Returns the exit status (0).
int CheckDigitalLinks(std::istream& in, std::ostream& out);

// Runs `ocop gs1 <subcommand>`; 2 with a usage line on stderr for an unknown
// subcommand.
int Gs1Command(const std::string& subcommand);

}  // namespace ocop::app

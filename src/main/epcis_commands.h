// `ocop epcis …`: commands on EPCIS 2.0 documents that need no store.
#pragma once

#include <istream>
#include <ostream>
#include <string>

namespace ocop::app {

// `ocop epcis hash`: reads one EPCIS document (JSON-LD) from `in` and writes,
// for each event in document order, one line: its CBV 2.0 event hash
// ("ni:///sha-256;…?ver=CBV2.0", computed from the event's content even when
// it carries an eventID), or "invalid <field> <catalogue key>" for an event
// that fails validation. Returns 0, or 1 with the error's key on `err` when
// the document itself is refused.
int HashEpcisDocument(std::istream& in, std::ostream& out, std::ostream& err);

// Runs `ocop epcis <subcommand>`; 2 with a usage line on stderr for an
// unknown subcommand.
int EpcisCommand(const std::string& subcommand);

}  // namespace ocop::app

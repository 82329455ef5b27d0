// The GS1 Application Identifier table, read from the GS1 Barcode Syntax
// Dictionary (data/gs1/gs1-syntax-dictionary.txt, embedded into the binary at
// build time): for each AI its flags, the components of its value (character
// set, length, linters), the AIs it requires or excludes, and its GS1 Digital
// Link role (primary key with its qualifier paths, data attribute). Pure code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ocop::gs1 {

// Character sets of AI values (GS1 General Specifications 7.11).
enum class CharSet {
  kNumeric,    // N: digits
  kCset82,     // X: the 82 characters of GS1 AI encodable character set 82
  kCset39,     // Y: CSET 39 (digits, A-Z, # - /)
  kBase64Url,  // Z: the 64 characters of base64url (RFC 4648 §5), "=" padding
};

// One component of an AI's value, e.g. "N13,csum,gcppos1" or "[X..17]".
struct AiComponent {
  CharSet charset = CharSet::kNumeric;
  int min_length = 1;  // fixed length: min_length == max_length
  int max_length = 1;
  bool optional = false;  // "[…]": may be absent once the data is exhausted
  std::vector<std::string> linters;
};

// A pattern of AIs that must appear together ("01+21"); "n" in an AI
// matches any digit ("31nn").
using AiGroup = std::vector<std::string>;

struct AiEntry {
  std::string ai;                  // one AI ("3103"): ranges are expanded
  bool fixed_length = false;       // flag "*": predefined length, no FNC1
  bool dl_data_attribute = false;  // flag "?": allowed in a Digital Link query
  std::vector<AiComponent> components;
  // Each "req=" attribute: at least one of its groups must be present.
  std::vector<std::vector<AiGroup>> requires_any;
  // Every "ex=" pattern: none may be present (an AI never excludes itself).
  std::vector<std::string> excludes;
  // "dlpkey": a Digital Link primary key; `dl_qualifier_paths` holds its
  // alternative ordered qualifier sequences ("22,10,21|235" gives two).
  bool dl_primary_key = false;
  std::vector<std::vector<std::string>> dl_qualifier_paths;
  std::string title;  // "GTIN", "BATCH/LOT"

  int MinLength() const;  // sum over the mandatory components
  int MaxLength() const;  // sum over all components
};

// True when `ai` matches `pattern` ("310n" matches "3103").
bool AiMatches(std::string_view pattern, std::string_view ai);

class AiDictionary {
 public:
  // Parses the text of a syntax dictionary. InvalidArgument
  // "error.gs1.dictionary" with the line number on a malformed line or a
  // linter this build does not implement.
  static Result<AiDictionary> Parse(std::string_view text);

  // The embedded dictionary, parsed once on first use (thread-safe). Aborts
  // if the embedded text does not parse: that is a build defect.
  static const AiDictionary& Default();

  // The entry of `ai`, or nullptr if the dictionary does not define it.
  const AiEntry* Find(std::string_view ai) const;
  const std::vector<AiEntry>& entries() const { return entries_; }

  // Checks `value` against the entry of `ai`: length, character set and
  // every linter of every component. InvalidArgument with a key saying why:
  //   error.gs1.unknown_ai            {ai}
  //   error.gs1.too_short / too_long  {ai, value, min, max}
  //   error.gs1.not_numeric           {ai, value, position}  (1-based)
  //   error.gs1.bad_character         {ai, value, position, character, charset}
  //   error.gs1.lint.<reason>         {ai, value, position}  (check_digit,
  //       check_pair, month, day, hour, minute, second, country, currency,
  //       gcp_prefix, percent_encoding, …: see ai_linters.h)
  Status ValidateValue(std::string_view ai, std::string_view value) const;

 private:
  std::vector<AiEntry> entries_;  // sorted by AI
};

// AiDictionary::Default().ValidateValue(ai, value).
Status ValidateAiValue(std::string_view ai, std::string_view value);

}  // namespace ocop::gs1

// The linters of the GS1 Barcode Syntax Dictionary: content checks applied to
// one component of an AI's value (check digits, dates, country codes, …),
// with the semantics of GS1's reference linters (gs1-syntax-engine) and the
// GS1 General Specifications. Pure code; the code lists come from
// data/gs1/linter-code-lists.txt, embedded into the binary.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ocop::gs1 {

// Why a linter refused a component: `reason` completes the catalogue key
// "error.gs1.lint.<reason>" ("check_digit", "month", "day", "country", …) and
// `position` is the 0-based offset of the first bad character in the
// component.
struct LintFailure {
  std::string reason;
  size_t position = 0;
};

// True when `name` is a linter this file implements.
bool IsKnownLinter(std::string_view name);

// Applies linter `name` to `data`. nullopt when the data passes; the failure
// otherwise. An unknown name is a programming error (the dictionary parser
// refuses such entries first) and fails with reason "unknown_linter".
// Thread-safe.
std::optional<LintFailure> Lint(std::string_view name, std::string_view data);

// The GS1 alphanumeric check character pair (General Specifications 7.9.5)
// for `data` (CSET 82 characters), or nullopt if a character is outside it.
std::optional<std::string> ComputeCheckPair(std::string_view data);

}  // namespace ocop::gs1

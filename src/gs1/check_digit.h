// GS1 mod-10 check digits for GTIN-8/12/13/14, GLN and SSCC.
#pragma once

#include <optional>
#include <string_view>

namespace ocop::gs1 {

// The check digit for `digits_without_check` (weights 3,1,3,… from the right),
// or nullopt if the input is empty or not all digits.
std::optional<char> ComputeCheckDigit(std::string_view digits_without_check);

// True when `code` is all digits and its last digit is the right check digit.
bool HasValidCheckDigit(std::string_view code);

// A GTIN-8, -12, -13 or -14 with a valid check digit.
bool IsValidGtin(std::string_view gtin);

}  // namespace ocop::gs1

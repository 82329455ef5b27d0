#include "gs1/check_digit.h"

namespace ocop::gs1 {

std::optional<char> ComputeCheckDigit(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return std::nullopt;
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool HasValidCheckDigit(std::string_view code) {
  if (code.size() < 2) return false;
  auto check = ComputeCheckDigit(code.substr(0, code.size() - 1));
  return check && *check == code.back();
}

bool IsValidGtin(std::string_view gtin) {
  auto n = gtin.size();
  return (n == 8 || n == 12 || n == 13 || n == 14) && HasValidCheckDigit(gtin);
}

}  // namespace ocop::gs1

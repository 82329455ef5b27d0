#include <gtest/gtest.h>

#include "gs1/check_digit.h"

namespace ocop::gs1 {
namespace {

TEST(CheckDigit, ComputesGs1Mod10) {
  EXPECT_EQ(ComputeCheckDigit("893977710010"), '6');   // GTIN-13 8939777100106
  EXPECT_EQ(ComputeCheckDigit("0950600013435"), '2');  // GS1 example GTIN-14 09506000134352
  EXPECT_EQ(ComputeCheckDigit("9506000"), '2');
  EXPECT_FALSE(ComputeCheckDigit("89a"));
}

TEST(CheckDigit, ValidatesGtinLengths) {
  EXPECT_TRUE(IsValidGtin("8939777100106"));
  EXPECT_FALSE(IsValidGtin("8939777100107"));
  EXPECT_TRUE(IsValidGtin("09506000134352"));
  EXPECT_FALSE(IsValidGtin("939777100106"));  // 12 digits, wrong check
  EXPECT_FALSE(IsValidGtin("123"));
}

}  // namespace
}  // namespace ocop::gs1

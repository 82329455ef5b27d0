#include "domain/certification/certificate.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace ocop::domain {
namespace {

const CivilDate kIssued{2026, 6, 15};

CertificateFacts Facts() { return {kIssued, ExpiryOf(kIssued), false, false, std::nullopt, false}; }

CertificateStatus On(const CertificateFacts& f, CivilDate d) { return StateOn(f, d).status; }

TEST(Certificate, IsValidThirtySixMonths) {
  EXPECT_EQ(ExpiryOf(kIssued).ToIso(), "2029-06-15");
  auto window = ReevaluationWindow(ExpiryOf(kIssued));
  // 180 and 120 days before 15 June 2029.
  EXPECT_EQ(window.opens.ToIso(), "2028-12-17");
  EXPECT_EQ(window.closes.ToIso(), "2029-02-15");
}

TEST(Certificate, StatusFollowsTheCalendar) {
  auto f = Facts();
  EXPECT_EQ(On(f, kIssued), CertificateStatus::kValid);
  EXPECT_EQ(On(f, {2028, 12, 16}), CertificateStatus::kValid);
  EXPECT_EQ(On(f, {2028, 12, 17}), CertificateStatus::kRenewalWindow);
  EXPECT_EQ(On(f, {2029, 2, 15}), CertificateStatus::kRenewalWindow);
  EXPECT_EQ(On(f, {2029, 2, 16}), CertificateStatus::kValid);
  EXPECT_EQ(On(f, {2029, 6, 15}), CertificateStatus::kValid);  // the expiry day itself
  EXPECT_EQ(On(f, {2029, 6, 16}), CertificateStatus::kExpired);
  EXPECT_FALSE(StateOn(f, {2029, 6, 16}).mark_allowed);
  EXPECT_TRUE(StateOn(f, {2029, 1, 1}).mark_allowed);
}

TEST(Certificate, GraceOnlyForARenewalFiledInTimeAndUndecided) {
  auto f = Facts();
  f.reevaluation_filed = CivilDate{2029, 1, 10};  // inside the window
  EXPECT_EQ(On(f, {2029, 7, 1}), CertificateStatus::kGrace);
  EXPECT_TRUE(StateOn(f, {2029, 7, 1}).mark_allowed);
  EXPECT_EQ(On(f, {2029, 12, 12}), CertificateStatus::kGrace);    // expiry + 180
  EXPECT_EQ(On(f, {2029, 12, 13}), CertificateStatus::kExpired);  // expiry + 181
  f.reevaluation_decided = true;
  EXPECT_EQ(On(f, {2029, 7, 1}), CertificateStatus::kExpired);
  f.reevaluation_decided = false;
  f.reevaluation_filed = CivilDate{2029, 3, 1};  // after the window closed
  EXPECT_EQ(On(f, {2029, 7, 1}), CertificateStatus::kExpired);
}

TEST(Certificate, RevocationAndSuspensionWinOverDates) {
  auto f = Facts();
  f.suspended = true;
  EXPECT_EQ(On(f, {2027, 1, 1}), CertificateStatus::kSuspended);
  f.revoked = true;
  EXPECT_EQ(On(f, {2027, 1, 1}), CertificateStatus::kRevoked);
  EXPECT_FALSE(StateOn(f, {2027, 1, 1}).mark_allowed);
  EXPECT_EQ(CertificateStatusId(CertificateStatus::kRenewalWindow), "renewal_window");
}

TEST(Certificate, SignatureCoversTheSpecifiedMessage) {
  ASSERT_TRUE(crypto::Initialize());
  const std::string message =
      SignedMessage("52-2026-000123", "52-23764-1-2026", 4, kIssued, ExpiryOf(kIssued));
  EXPECT_EQ(message, "OCOP1|52-2026-000123|52-23764-1-2026|4|2026-06-15|2029-06-15");
  auto key = crypto::GenerateSigningKey();
  const std::string sig = crypto::Sign(message, key.secret_key);
  const std::string text = crypto::Base64UrlEncode(sig);
  EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
  auto decoded = crypto::Base64UrlDecode(text);
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(crypto::VerifySignature(message, *decoded, key.public_key));
  // Any change to what the QR claims breaks the signature.
  EXPECT_FALSE(crypto::VerifySignature(
      SignedMessage("52-2026-000123", "52-23764-1-2026", 5, kIssued, ExpiryOf(kIssued)), *decoded,
      key.public_key));
  EXPECT_FALSE(crypto::VerifySignature(message, *decoded, crypto::GenerateSigningKey().public_key));
  EXPECT_FALSE(crypto::Base64UrlDecode("not base64!"));
  EXPECT_EQ(crypto::KeyId(key.public_key).size(), 11u);
}

}  // namespace
}  // namespace ocop::domain

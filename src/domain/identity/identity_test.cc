#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

class IdentityTest : public testing::DomainTest {
 protected:
  void AddOfficer() {
    auto user =
        identity_->CreateUser({"tinh.52", "provincial-officer", "52", "", 0, "mat-khau-dai-du"});
    ASSERT_TRUE(user) << user.error().ToString();
  }
};

TEST_F(IdentityTest, LogsInAndResolvesTheSession) {
  AddOfficer();
  auto login = identity_->Login("tinh.52", "mat-khau-dai-du");
  ASSERT_TRUE(login) << login.error().ToString();
  auto session = identity_->Authenticate(login->token);
  ASSERT_TRUE(session && *session);
  EXPECT_EQ((*session)->principal.role, Role::kProvincialOfficer);
  EXPECT_EQ((*session)->principal.province_code, "52");
  EXPECT_EQ((*session)->csrf_token, login->csrf_token);
  ASSERT_TRUE(identity_->Logout(login->token).ok());
  EXPECT_FALSE(*identity_->Authenticate(login->token));
}

TEST_F(IdentityTest, SessionsExpire) {
  AddOfficer();
  auto login = identity_->Login("tinh.52", "mat-khau-dai-du");
  ASSERT_TRUE(login);
  clock_.Advance(12 * 3600 + 1);
  EXPECT_FALSE(*identity_->Authenticate(login->token));
}

TEST_F(IdentityTest, ThrottlesRepeatedFailures) {
  AddOfficer();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(identity_->Login("tinh.52", "wrong-password").error().code(), Code::kUnauthenticated);
  }
  auto locked = identity_->Login("tinh.52", "mat-khau-dai-du");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code(), Code::kResourceExhausted);
  EXPECT_EQ(locked.error().detail(), "900");
  clock_.Advance(901);
  EXPECT_TRUE(identity_->Login("tinh.52", "mat-khau-dai-du"));
}

TEST_F(IdentityTest, ConcurrentGuessesCannotSlipUnderTheLimit) {
  AddOfficer();
  std::atomic<int> refused{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = identity_->Login("tinh.52", "wrong-password");
      if (r.error().code() == Code::kResourceExhausted) ++refused;
      if (r.error().code() == Code::kUnauthenticated) ++wrong;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 5);
  EXPECT_EQ(refused.load(), 3);
}

TEST_F(IdentityTest, ComparesPasswordsInNfc) {
  ASSERT_TRUE(identity_->CreateUser({"thu.nfc", "inspector", "", "", 0,
                                     "m\xE1\xBA\xADt kh\xE1\xBA\xA9u b\xC3\xAD m\xE1\xBA\xADt"}));
  // The same words typed in decomposed form (as some keyboards send them).
  EXPECT_TRUE(identity_->Login(
      "thu.nfc", "ma\xCC\xA3\xCC\x82t kha\xCC\x82\xCC\x89u bi\xCC\x81 ma\xCC\xA3\xCC\x82t"));
}

TEST_F(IdentityTest, RefusesImplausibleNamesWithTheSameAnswer) {
  EXPECT_EQ(identity_->Login(std::string(100000, 'a'), "whatever-it-is").error().message().key,
            "error.login.invalid");
  EXPECT_EQ(identity_->Login("Robert'); DROP TABLE users;--", "x").error().message().key,
            "error.login.invalid");
}

TEST_F(IdentityTest, UnknownUsersGetTheSameAnswer) {
  EXPECT_EQ(identity_->Login("nobody", "whatever-it-is").error().message().key,
            "error.login.invalid");
}

TEST_F(IdentityTest, ValidatesScopesOfNewAccounts) {
  auto bad = identity_->CreateUser({"Bad Name", "provincial-officer", "99", "", 0, "short"});
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& f : bad.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"username", "province", "password"}));
  EXPECT_FALSE(identity_->CreateUser({"ghost", "producer", "", "", 42, "mat-khau-dai-du"}));
  auto commune =
      identity_->CreateUser({"xa.1", "commune-officer", "", "23764", 0, "mat-khau-dai-du"});
  ASSERT_TRUE(commune);
  EXPECT_EQ(commune->province_code, "52");
  AddOfficer();
  EXPECT_EQ(
      identity_->CreateUser({"tinh.52", "inspector", "", "", 0, "mat-khau-dai-du"}).error().code(),
      Code::kAlreadyExists);
}

}  // namespace
}  // namespace ocop::domain

#include <gtest/gtest.h>

#include "support/domain_fixture.h"

namespace ocop::domain {
namespace {

using testing::DomainTest;
using testing::Geo;
using testing::Sets;

std::vector<std::string> FieldsOf(const Status& s) {
  std::vector<std::string> out;
  for (const auto& f : s.fields()) out.push_back(f.field);
  return out;
}

TEST(Geography, HoldsTheWholeMap) {
  EXPECT_EQ(Geo().provinces().size(), 34u);
  EXPECT_EQ(Geo().commune_count(), 3321u);
  EXPECT_EQ(Geo().FindProvince("52")->name, "Tỉnh Gia Lai");
  EXPECT_EQ(Geo().FindCommune("00070")->name, "Phường Hoàn Kiếm");
  EXPECT_EQ(Geo().FindCommune("26740")->name, "Phường Sài Gòn");
  EXPECT_EQ(Geo().FindCommune("20333")->province_code, "48");  // Đặc khu Hoàng Sa
  EXPECT_EQ(Geo().CommunesOf("01").size(), 126u);
  EXPECT_EQ(Geo().CommunesOf("79").size(), 168u);
  EXPECT_EQ(Geo().FindCommune("99999"), nullptr);
}

TEST(Geography, FindsNamesWithoutDiacritics) {
  auto found = Geo().SearchProvinces("dak lak", 10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->code, "66");
  auto communes = Geo().SearchCommunes("hoan kiem", "01", 10);
  ASSERT_FALSE(communes.empty());
  EXPECT_EQ(communes[0]->code, "00070");
}

TEST(ProductSets, AreThe26SetsOfAnnexOne) {
  ASSERT_EQ(Sets().sets().size(), 26u);
  EXPECT_EQ(Sets().Find(4)->name_vi, "Mật ong, mật khác và nông sản thực phẩm khác");
  EXPECT_EQ(Sets().Find(26)->group_code, "VI");
  EXPECT_EQ(Sets().Find(0), nullptr);
  EXPECT_EQ(Sets().Find(27), nullptr);
}

TEST(Validation, AcceptsRealTaxCodes) {
  EXPECT_TRUE(IsValidRegistrationNo("0100233488"));
  EXPECT_TRUE(IsValidRegistrationNo("0314409058-002"));
  EXPECT_TRUE(IsValidRegistrationNo("001085012345"));  // 12-digit personal id
  EXPECT_FALSE(IsValidRegistrationNo("0100233480"));   // wrong check digit
  EXPECT_FALSE(IsValidRegistrationNo("0314409058-000"));
  EXPECT_FALSE(IsValidRegistrationNo("01002334"));
  EXPECT_FALSE(IsValidRegistrationNo("010023348A"));
}

TEST(Validation, ListsEveryBadProducerField) {
  ProducerInput in{"bank", "", "123", "", "robot", "", "99999", "", "12ab", "no-at", "2099-01-01"};
  auto result = ValidateProducer(in, Geo(), CivilDate{2026, 11, 22});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), Code::kInvalidArgument);
  std::vector<std::string> expected = {"legal_type",
                                       "name",
                                       "registration_no",
                                       "representative_name",
                                       "representative_gender",
                                       "representative_ethnicity",
                                       "commune_code",
                                       "phone",
                                       "email",
                                       "founded_on"};
  EXPECT_EQ(FieldsOf(result.error()), expected);
}

TEST(Validation, NormalisesTextAndRejectsOverlongAndBadUtf8) {
  ProducerInput in{
      "farm", "  Trang trại  ", "0100233488", "Lò Văn A", "male", "Thái", "00070", "", "", "", ""};
  auto ok = ValidateProducer(in, Geo(), CivilDate{2026, 1, 1});
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->name, "Trang trại");
  in.name = std::string(201, 'a');
  in.street_address = "\xC3\x28";
  auto bad = ValidateProducer(in, Geo(), CivilDate{2026, 1, 1});
  ASSERT_FALSE(bad);
  EXPECT_EQ(FieldsOf(bad.error()), (std::vector<std::string>{"name", "street_address"}));
}

TEST(Validation, RefusesControlCharactersButKeepsLinesInStories) {
  ProductInput in{std::string("M\0t", 3), "4", "1", "D\xC3\xB2ng 1\r\nD\xC3\xB2ng 2\tx", ""};
  auto bad = ValidateProduct(in, Sets());
  ASSERT_FALSE(bad);
  EXPECT_EQ(FieldsOf(bad.error()), std::vector<std::string>{"name"});
  EXPECT_EQ(bad.error().fields()[0].message.key, "error.field.control");
  in.name = "\x1b[31m";
  EXPECT_FALSE(ValidateProduct(in, Sets()));
  in.name = "Mật ong";
  auto ok = ValidateProduct(in, Sets());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->description, "Dòng 1\nDòng 2\tx");
}

TEST(Validation, ChecksProductSetAndGtin) {
  ProductInput in{"Mật ong", "27", "x", "", "8939777100107"};
  auto bad = ValidateProduct(in, Sets());
  ASSERT_FALSE(bad);
  EXPECT_EQ(FieldsOf(bad.error()),
            (std::vector<std::string>{"product_set", "producer_id", "gtin"}));
  EXPECT_EQ(bad.error().fields()[2].message.key, "error.product.gtin_check_digit");
  in = {"Mật ong", "4", "1", "", "8939777100106"};
  auto ok = ValidateProduct(in, Sets());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->gtin, "08939777100106");  // one GTIN, however many leading zeros
  in.gtin = "00008939777100106";
  EXPECT_FALSE(ValidateProduct(in, Sets()));
}

class RegistryServiceTest : public DomainTest {};

TEST_F(RegistryServiceTest, AssignsProductCodesPerCommune) {
  auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
  ASSERT_TRUE(producer) << producer.error().ToString();
  EXPECT_EQ(producer->province_code, "52");
  ProductInput honey{"Mật ong hoa cà phê", "4", std::to_string(producer->id), "", ""};
  auto first = registry_->CreateProduct(Admin(), honey);
  auto second = registry_->CreateProduct(Admin(), honey);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->code, "52-23764-1-2026");
  EXPECT_EQ(second->code, "52-23764-2-2026");
}

TEST_F(RegistryServiceTest, KeepsOfficersInTheirArea) {
  Principal gia_lai{2, "tinh.52", Role::kProvincialOfficer, "52", "", 0};
  Principal ha_noi{3, "tinh.01", Role::kProvincialOfficer, "01", "", 0};
  auto producer = registry_->CreateProducer(gia_lai, HoneyCooperative());
  ASSERT_TRUE(producer);
  EXPECT_EQ(registry_->CreateProducer(ha_noi, HoneyCooperative()).error().code(),
            Code::kPermissionDenied);
  auto edit = HoneyCooperative();
  edit.name = "Đổi tên";
  EXPECT_EQ(registry_->UpdateProducer(ha_noi, producer->id, edit, 1).error().code(),
            Code::kPermissionDenied);
  // Moving the producer out of the officer's province is refused too.
  edit.commune_code = "00070";
  EXPECT_EQ(registry_->UpdateProducer(gia_lai, producer->id, edit, 1).error().code(),
            Code::kPermissionDenied);
  Principal own{4, "chuthe", Role::kProducer, "52", "23764", producer->id};
  Principal other{5, "khac", Role::kProducer, "52", "23764", producer->id + 1};
  ProductInput p{"Mật ong", "4", std::to_string(producer->id), "", ""};
  EXPECT_TRUE(registry_->CreateProduct(own, p));
  EXPECT_EQ(registry_->CreateProduct(other, p).error().code(), Code::kPermissionDenied);
}

TEST_F(RegistryServiceTest, RefusesStaleEditsWithTheCurrentVersion) {
  auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
  ASSERT_TRUE(producer);
  auto edit = HoneyCooperative();
  edit.name = "Tên mới";
  ASSERT_TRUE(registry_->UpdateProducer(Admin(), producer->id, edit, 1));
  auto stale = registry_->UpdateProducer(Admin(), producer->id, edit, 1);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kAborted);
  EXPECT_EQ(stale.error().detail(), "2");
  EXPECT_EQ(registry_->GetProducer(producer->id)->fields.name, "Tên mới");
}

TEST_F(RegistryServiceTest, OfficersMoveProducersAndTheirProductsFollow) {
  auto producer = registry_->CreateProducer(Admin(), HoneyCooperative());
  ASSERT_TRUE(producer);
  auto product =
      registry_->CreateProduct(Admin(), {"Mật ong", "4", std::to_string(producer->id), "", ""});
  ASSERT_TRUE(product);
  Principal own{4, "chuthe", Role::kProducer, "52", "23764", producer->id};
  auto moved = HoneyCooperative();
  moved.commune_code = "23938";  // Xã Ia Mơ, also in Gia Lai
  auto refused = registry_->UpdateProducer(own, producer->id, moved, 1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields().at(0).message.key, "error.producer.move_by_officer");
  moved.commune_code = "00070";
  ASSERT_TRUE(registry_->UpdateProducer(Admin(), producer->id, moved, 1));
  auto after = registry_->GetProduct(product->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->province_code, "01");
  EXPECT_EQ(after->commune_code, "00070");
  EXPECT_EQ(after->code, product->code);
  // The producer itself may still edit everything else.
  moved.name = "Tên mới của hợp tác xã";
  EXPECT_TRUE(registry_->UpdateProducer({4, "chuthe", Role::kProducer, "01", "00070", producer->id},
                                        producer->id, moved, 2));
}

TEST_F(RegistryServiceTest, RejectsDuplicateRegistrationNumbers) {
  ASSERT_TRUE(registry_->CreateProducer(Admin(), HoneyCooperative()));
  auto again = registry_->CreateProducer(Admin(), HoneyCooperative());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(again.error().fields().at(0).field, "registration_no");
  EXPECT_EQ(registry_->ListProducers({})->total, 1);
}

}  // namespace
}  // namespace ocop::domain

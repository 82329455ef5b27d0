// Field validation of producers and products (the rules behind every form).
#include <string>

#include "core/text.h"
#include "domain/registry/registry_service.h"
#include "domain/text_input.h"
#include "gs1/check_digit.h"

namespace ocop::domain {
namespace {

bool IsValidEmail(std::string_view s) {
  auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
    return false;
  auto domain = s.substr(at + 1);
  auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= ' ') return false;
  }
  return true;
}

bool IsValidPhone(std::string_view s) {
  int digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == ' ' || c == '.' || c == '-' || (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 8 && digits <= 15;
}

}  // namespace

bool IsValidRegistrationNo(std::string_view s) {
  if (s.size() == 12) return text::IsDigits(s);  // căn cước công dân as tax code
  std::string_view main = s.substr(0, 10);
  if (s.size() == 14) {
    if (s[10] != '-' || !text::IsDigits(s.substr(11)) || s.substr(11) == "000") return false;
  } else if (s.size() != 10) {
    return false;
  }
  if (!text::IsDigits(main) || main.substr(2, 7) == "0000000") return false;
  static constexpr int kWeights[] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
  int total = 0;
  for (int i = 0; i < 9; ++i) total += kWeights[i] * (main[static_cast<std::size_t>(i)] - '0');
  int check = 10 - total % 11;
  return check <= 9 && main[9] - '0' == check;
}

Result<ProducerFields> ValidateProducer(const ProducerInput& in, const Geography& geo,
                                        const CivilDate& today) {
  FieldErrors errors;
  ProducerFields f;
  auto legal_type = ParseLegalType(text::Trim(in.legal_type));
  if (!legal_type)
    errors.Add("legal_type", "error.producer.legal_type");
  else
    f.legal_type = *legal_type;
  f.name = CleanText(errors, "name", in.name, 200, true);
  f.registration_no = CleanText(errors, "registration_no", in.registration_no, 20, true);
  if (!f.registration_no.empty() && !IsValidRegistrationNo(f.registration_no)) {
    errors.Add("registration_no", "error.producer.registration_no");
  }
  f.representative.name =
      CleanText(errors, "representative_name", in.representative_name, 100, true);
  auto gender = ParseGender(text::Trim(in.representative_gender));
  if (!gender)
    errors.Add("representative_gender", "error.producer.gender");
  else
    f.representative.gender = *gender;
  f.representative.ethnicity =
      CleanText(errors, "representative_ethnicity", in.representative_ethnicity, 50, true);
  f.commune_code = std::string(text::Trim(in.commune_code));
  if (f.commune_code.empty())
    errors.Add("commune_code", "error.field.required");
  else if (!geo.FindCommune(f.commune_code))
    errors.Add("commune_code", "error.geo.unknown_commune");
  f.street_address = CleanText(errors, "street_address", in.street_address, 200, false);
  f.phone = CleanText(errors, "phone", in.phone, 20, false);
  if (!f.phone.empty() && !IsValidPhone(f.phone)) errors.Add("phone", "error.producer.phone");
  f.email = CleanText(errors, "email", in.email, 254, false);
  if (!f.email.empty() && !IsValidEmail(f.email)) errors.Add("email", "error.producer.email");
  f.founded_on = std::string(text::Trim(in.founded_on));
  if (!f.founded_on.empty()) {
    auto date = CivilDate::Parse(f.founded_on);
    if (!date)
      errors.Add("founded_on", "error.field.date");
    else if (*date > today)
      errors.Add("founded_on", "error.field.date_future");
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  return f;
}

Result<ProductFields> ValidateProduct(const ProductInput& in, const ProductSetCatalog& sets) {
  FieldErrors errors;
  ProductFields f;
  f.name = CleanText(errors, "name", in.name, 200, true);
  std::string_view set = text::Trim(in.product_set);
  if (set.empty()) {
    errors.Add("product_set", "error.field.required");
  } else if (!text::IsDigits(set) || set.size() > 3 || !sets.Find(std::stoi(std::string(set)))) {
    errors.Add("product_set", "error.product.product_set",
               {{"max", std::to_string(sets.sets().size())}});
  } else {
    f.product_set = std::stoi(std::string(set));
  }
  std::string_view producer = text::Trim(in.producer_id);
  if (producer.empty())
    errors.Add("producer_id", "error.field.required");
  else if (!text::IsDigits(producer) || producer.size() > 18)
    errors.Add("producer_id", "error.product.producer");
  else
    f.producer_id = std::stoll(std::string(producer));
  f.description = CleanText(errors, "description", in.description, 5000, false, Lines::kMany);
  f.gtin = std::string(text::Trim(in.gtin));
  if (!f.gtin.empty()) {
    auto n = f.gtin.size();
    if (!text::IsDigits(f.gtin) || !(n == 8 || n == 12 || n == 13 || n == 14)) {
      errors.Add("gtin", "error.product.gtin_format");
    } else if (!gs1::IsValidGtin(f.gtin)) {
      errors.Add("gtin", "error.product.gtin_check_digit");
    } else {
      // GS1 compares GTINs as 14 digits: 8939777100106 and 08939777100106 are one.
      f.gtin.insert(0, 14 - n, '0');
    }
  }
  if (!errors.empty()) return Err(errors.ToStatus());
  return f;
}

}  // namespace ocop::domain

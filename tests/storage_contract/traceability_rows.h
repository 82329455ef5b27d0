// The rows the traceability contract tests (sites, lots, lab reports,
// recalls) stand on, inserted inside the caller's transaction: a producer, a
// product, a user and a lot with only what their tables require.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "domain/store.h"
#include "domain/traceability/lot_repository.h"

namespace ocop::storage::contract {

// A cooperative of `province` in `commune`, version 1.
inline Result<std::int64_t> InsertProducer(domain::Repositories& r, const std::string& province,
                                           const std::string& commune, const std::string& name,
                                           const std::string& registration_no) {
  domain::Producer producer;
  producer.version = 1;
  producer.fields.legal_type = domain::LegalType::kCooperative;
  producer.fields.name = name;
  producer.fields.registration_no = registration_no;
  producer.fields.representative = {"Trần Thị Hoa", domain::Gender::kFemale, "Gia Rai"};
  producer.fields.commune_code = commune;
  producer.province_code = province;
  return r.producers().Insert(producer);
}

// A 4-star product `code` named `name` of `producer_id`.
inline Result<std::int64_t> InsertProduct(domain::Repositories& r, std::int64_t producer_id,
                                          const std::string& code, const std::string& name,
                                          const std::string& province, const std::string& commune) {
  domain::Product p;
  p.code = code;
  p.fields = {name, 4, producer_id, "", ""};
  p.province_code = province;
  p.commune_code = commune;
  return r.products().Insert(p);
}

// A user `username` with `role` (and `province`, for an officer).
inline Result<std::int64_t> InsertUser(domain::Repositories& r, const std::string& username,
                                       domain::Role role, const std::string& province = "") {
  domain::User u;
  u.username = username;
  u.password_hash = "$argon2id$x";
  u.role = role;
  u.province_code = province;
  u.created_at = 1795316400;
  return r.users().Insert(u);
}

// A 10 kg lot `code` of `product_id`, its EPC under the platform address of
// product 52-23764-1-2026.
inline Result<std::int64_t> InsertLot(domain::Repositories& r, std::int64_t product_id,
                                      const std::string& code) {
  domain::Lot l;
  l.product_id = product_id;
  l.code = code;
  l.epc_id = "https://ocop.example.vn/p/52-23764-1-2026/l/" + code;
  l.key = l.epc_id;
  l.quantity = 10;
  l.unit = "KGM";
  l.event_id = "ni:///lot-" + code;
  return r.lots().Insert(l);
}

}  // namespace ocop::storage::contract

#include "domain/registry/registry_service.h"

#include <cstdio>

namespace ocop::domain {
namespace {

Status StaleVersion(std::int64_t current) {
  return Aborted("error.version.stale").WithDetail(std::to_string(current));
}

}  // namespace

std::string FormatProductCode(const std::string& province_code, const std::string& commune_code,
                              std::int64_t sequence, int year) {
  return province_code + "-" + commune_code + "-" + std::to_string(sequence) + "-" +
         std::to_string(year);
}

bool RegistryService::MayEdit(const Principal& who, const std::string& province_code,
                              const std::string& commune_code, std::int64_t producer_id) {
  switch (who.role) {
    case Role::kNationalAdmin:
      return true;
    case Role::kProvincialOfficer:
      return who.province_code == province_code;
    case Role::kCommuneOfficer:
      return who.commune_code == commune_code;
    case Role::kProducer:
      return producer_id != 0 && who.producer_id == producer_id;
    default:
      return false;
  }
}

Status RegistryService::CheckProducer(const ProducerInput& in) const {
  auto v = ValidateProducer(in, geo_, CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds()));
  return v ? Status::Ok() : v.error();
}

Status RegistryService::CheckProduct(const ProductInput& in) const {
  auto v = ValidateProduct(in, sets_);
  return v ? Status::Ok() : v.error();
}

Result<Producer> RegistryService::CreateProducer(const Principal& who, const ProducerInput& in) {
  auto today = CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds());
  OCOP_ASSIGN_OR_RETURN(ProducerFields fields, ValidateProducer(in, geo_, today));
  Producer p;
  p.fields = std::move(fields);
  p.province_code = geo_.FindCommune(p.fields.commune_code)->province_code;
  if (!MayEdit(who, p.province_code, p.fields.commune_code, 0)) {
    return Err(PermissionDenied("error.scope"));
  }
  p.created_at = p.updated_at = clock_.NowUnixSeconds();
  p.version = 1;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(p.id, repos.producers().Insert(p));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return p;
}

Result<Producer> RegistryService::UpdateProducer(const Principal& who, std::int64_t id,
                                                 const ProducerInput& in,
                                                 std::int64_t expected_version) {
  auto today = CivilDate::FromUnixInVietnam(clock_.NowUnixSeconds());
  OCOP_ASSIGN_OR_RETURN(ProducerFields fields, ValidateProducer(in, geo_, today));
  Producer updated;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Producer> current, repos.producers().Get(id));
    if (!current) return NotFound("error.producer.not_found");
    // Both the old and the new place must be in scope: an officer can neither
    // edit another province's producer nor move one out of their province.
    std::string new_province = geo_.FindCommune(fields.commune_code)->province_code;
    if (!MayEdit(who, current->province_code, current->fields.commune_code, id) ||
        !MayEdit(who, new_province, fields.commune_code, id)) {
      return PermissionDenied("error.scope");
    }
    const bool moves = fields.commune_code != current->fields.commune_code;
    if (moves && who.role == Role::kProducer) {
      return InvalidArgument("error.invalid_input",
                             {{"commune_code", {"error.producer.move_by_officer", {}}}});
    }
    if (current->version != expected_version) return StaleVersion(current->version);
    updated = *current;
    updated.fields = fields;
    updated.province_code = new_province;
    updated.updated_at = clock_.NowUnixSeconds();
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome,
                          repos.producers().Update(updated, expected_version));
    if (outcome == UpdateOutcome::kStale) return StaleVersion(current->version + 1);
    if (outcome == UpdateOutcome::kMissing) return NotFound("error.producer.not_found");
    if (moves) {
      OCOP_RETURN_IF_ERROR(repos.products().MoveProducer(id, new_province, fields.commune_code));
    }
    updated.version = expected_version + 1;
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return updated;
}

Result<Producer> RegistryService::GetProducer(std::int64_t id) {
  std::optional<Producer> found;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(found, repos.producers().Get(id));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  if (!found) return Err(NotFound("error.producer.not_found"));
  return *found;
}

Result<Page<Producer>> RegistryService::ListProducers(const ProducerFilter& filter) {
  Page<Producer> page;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(page, repos.producers().List(filter));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return page;
}

Result<Product> RegistryService::CreateProduct(const Principal& who, const ProductInput& in) {
  OCOP_ASSIGN_OR_RETURN(ProductFields fields, ValidateProduct(in, sets_));
  Product p;
  p.fields = std::move(fields);
  p.created_at = p.updated_at = clock_.NowUnixSeconds();
  p.version = 1;
  const int year = CivilDate::FromUnixInVietnam(p.created_at).year;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Producer> producer,
                          repos.producers().Get(p.fields.producer_id));
    if (!producer) {
      return InvalidArgument("error.invalid_input",
                             {{"producer_id", {"error.product.producer", {}}}});
    }
    if (!MayEdit(who, producer->province_code, producer->fields.commune_code, producer->id)) {
      return PermissionDenied("error.scope");
    }
    p.province_code = producer->province_code;
    p.commune_code = producer->fields.commune_code;
    OCOP_ASSIGN_OR_RETURN(std::int64_t seq, repos.products().NextSequence(p.commune_code));
    p.code = FormatProductCode(p.province_code, p.commune_code, seq, year);
    OCOP_ASSIGN_OR_RETURN(p.id, repos.products().Insert(p));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return p;
}

Result<Product> RegistryService::UpdateProduct(const Principal& who, std::int64_t id,
                                               const ProductInput& in,
                                               std::int64_t expected_version) {
  OCOP_ASSIGN_OR_RETURN(ProductFields fields, ValidateProduct(in, sets_));
  Product updated;
  Status s = store_.Transact([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(std::optional<Product> current, repos.products().Get(id));
    if (!current) return NotFound("error.product.not_found");
    if (!MayEdit(who, current->province_code, current->commune_code, current->fields.producer_id)) {
      return PermissionDenied("error.scope");
    }
    // The code carries the producer's commune, so a product stays with its producer.
    if (fields.producer_id != current->fields.producer_id) {
      return InvalidArgument("error.invalid_input",
                             {{"producer_id", {"error.product.producer_fixed", {}}}});
    }
    if (current->version != expected_version) return StaleVersion(current->version);
    updated = *current;
    updated.fields = fields;
    updated.updated_at = clock_.NowUnixSeconds();
    OCOP_ASSIGN_OR_RETURN(UpdateOutcome outcome,
                          repos.products().Update(updated, expected_version));
    if (outcome == UpdateOutcome::kStale) return StaleVersion(current->version + 1);
    if (outcome == UpdateOutcome::kMissing) return NotFound("error.product.not_found");
    updated.version = expected_version + 1;
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return updated;
}

Result<Product> RegistryService::GetProduct(std::int64_t id) {
  std::optional<Product> found;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(found, repos.products().Get(id));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  if (!found) return Err(NotFound("error.product.not_found"));
  return *found;
}

Result<Page<Product>> RegistryService::ListProducts(const ProductFilter& filter) {
  Page<Product> page;
  Status s = store_.Read([&](Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(page, repos.products().List(filter));
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  return page;
}

}  // namespace ocop::domain

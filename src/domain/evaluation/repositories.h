// Ports the evaluation context needs from storage: dossiers with their
// history and evidence, rounds with their members, conflicts and sheets.
// Used inside one Store transaction; not thread-safe on their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/evaluation/dossier.h"
#include "domain/evaluation/round.h"
#include "domain/registry/repositories.h"

namespace ocop::domain {

struct DossierFilter {
  std::string province_code;
  std::string commune_code;
  std::int64_t producer_id = 0;
  std::int64_t product_id = 0;
  std::int64_t round_id = 0;  // provincial or central
  std::optional<DossierState> state;
  std::vector<DossierState> hidden_states;  // left out (before counting and paging)
  int offset = 0;
  int limit = 50;
};

// An uploaded file attached to a dossier; the bytes are kept once per digest.
struct Evidence {
  std::int64_t id = 0, dossier_id = 0;
  std::string sha256, file_name, mime;
  std::int64_t size = 0;
  std::vector<std::string> criteria;  // ids of the criteria it supports
  std::int64_t uploaded_by = 0, uploaded_at = 0;
};

class DossierRepository {
 public:
  virtual ~DossierRepository() = default;
  // Inserts with version 1; returns the id.
  virtual Result<std::int64_t> Insert(const Dossier& d) = 0;
  virtual Result<std::optional<Dossier>> Get(std::int64_t id) = 0;
  virtual Result<std::optional<Dossier>> GetByToken(const std::string& token) = 0;
  // Writes `d` (version+1) only if the stored version is `expected_version`.
  virtual Result<UpdateOutcome> Update(const Dossier& d, std::int64_t expected_version) = 0;
  virtual Result<Page<Dossier>> List(const DossierFilter& filter) = 0;
  // The most recent dossier of the product other than `except_id`, if any.
  virtual Result<std::optional<Dossier>> LatestOfProduct(std::int64_t product_id,
                                                         std::int64_t except_id) = 0;
  virtual Status AddEvent(std::int64_t dossier_id, const DossierEvent& e) = 0;
  virtual Result<std::vector<DossierEvent>> Events(std::int64_t dossier_id) = 0;

  // Stores the bytes under their digest unless already there.
  virtual Status PutBlob(const std::string& sha256, const std::string& mime,
                         const std::string& bytes, std::int64_t now) = 0;
  virtual Result<std::optional<std::string>> GetBlob(const std::string& sha256) = 0;
  virtual Result<std::int64_t> AddEvidence(const Evidence& e) = 0;
  virtual Result<std::vector<Evidence>> ListEvidence(std::int64_t dossier_id) = 0;
  virtual Status CopyEvidence(std::int64_t from_dossier, std::int64_t to_dossier) = 0;
};

class RoundRepository {
 public:
  virtual ~RoundRepository() = default;
  virtual Result<std::int64_t> Insert(const Round& r) = 0;  // with its members
  virtual Result<std::optional<Round>> Get(std::int64_t id) = 0;
  virtual Result<std::vector<Round>> List(const std::string& province_code,
                                          bool include_central) = 0;
  // Rounds where `user_id` sits (any role), newest first.
  virtual Result<std::vector<Round>> OfMember(std::int64_t user_id) = 0;
  virtual Status SetOpen(std::int64_t id, bool open) = 0;

  virtual Result<std::optional<CouncilPolicy>> PolicyOf(const std::string& province_code) = 0;
  virtual Status SetPolicy(const std::string& province_code, const CouncilPolicy& p,
                           std::int64_t now) = 0;

  // AlreadyExists when the member already declared one for this dossier.
  virtual Status AddConflict(const Conflict& c) = 0;
  virtual Result<std::vector<Conflict>> Conflicts(std::int64_t dossier_id) = 0;

  // Inserts or replaces an unsigned sheet; a signed one is never replaced
  // (the service checks, and the statement only touches unsigned rows).
  virtual Status SaveSheet(const StoredSheet& s) = 0;
  virtual Result<std::vector<StoredSheet>> Sheets(std::int64_t dossier_id, CouncilLevel level,
                                                  int attempt) = 0;
};

}  // namespace ocop::domain

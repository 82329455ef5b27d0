// The store as the domain sees it: repositories reached through a transaction
// (DESIGN.md §2). Implemented in src/storage for SQLite and PostgreSQL.
#pragma once

#include <functional>

#include "core/status.h"
#include "domain/certification/repositories.h"
#include "domain/evaluation/repositories.h"
#include "domain/identity/audit.h"
#include "domain/identity/repositories.h"
#include "domain/registry/repositories.h"
#include "domain/traceability/repositories.h"

namespace ocop::domain {

// Traceability ports beyond EPCIS, declared in domain/traceability/*_repository.h.
class SiteRepository;
class LotRepository;
class LabReportRepository;
class TraceRepository;
class RecallRepository;

class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual LoginThrottleRepository& login_throttle() = 0;
  virtual ProducerRepository& producers() = 0;
  virtual ProductRepository& products() = 0;
  virtual DossierRepository& dossiers() = 0;
  virtual RoundRepository& rounds() = 0;
  virtual CertificateRepository& certificates() = 0;
  virtual NotificationRepository& notifications() = 0;
  virtual AuditRepository& audit() = 0;
  virtual EpcisRepository& epcis() = 0;
  virtual SiteRepository& sites() = 0;
  virtual LotRepository& lots() = 0;
  virtual LabReportRepository& lab_reports() = 0;
  virtual TraceRepository& trace() = 0;
  virtual RecallRepository& recalls() = 0;
};

// Thread-safe. `Transact` runs `fn` in one serialisable write transaction and
// commits if it returns ok, else rolls back (nothing is half-written). `Read`
// runs `fn` on a consistent snapshot; writing in it is a programming error.
// Both return Unavailable when the database cannot be reached.
class Store {
 public:
  virtual ~Store() = default;
  virtual Status Transact(const std::function<Status(Repositories&)>& fn) = 0;
  virtual Status Read(const std::function<Status(Repositories&)>& fn) = 0;
  // Checks that the database answers (for /healthz).
  virtual Status Ping() = 0;
};

}  // namespace ocop::domain

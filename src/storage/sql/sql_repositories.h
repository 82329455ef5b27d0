// The repositories of every bounded context, written once in portable SQL
// over one Connection inside one transaction.
#pragma once

#include "domain/store.h"
#include "storage/sql/connection.h"
#include "storage/sql/lab_report_repository.h"
#include "storage/sql/lot_repository.h"
#include "storage/sql/recall_repository.h"
#include "storage/sql/site_repository.h"
#include "storage/sql/trace_repository.h"

namespace ocop::storage {

class SqlUserRepository final : public domain::UserRepository {
 public:
  explicit SqlUserRepository(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const domain::User& user) override;
  Result<std::optional<domain::User>> FindByUsername(const std::string& username) override;
  Result<std::optional<domain::User>> Get(std::int64_t id) override;

 private:
  Connection& c_;
};

class SqlSessionRepository final : public domain::SessionRepository {
 public:
  explicit SqlSessionRepository(Connection& c) : c_(c) {}
  Status Insert(const domain::SessionRecord& session) override;
  Result<std::optional<domain::SessionRecord>> Find(const std::string& token_hash) override;
  Status Delete(const std::string& token_hash) override;
  Result<std::int64_t> DeleteExpired(std::int64_t now) override;

 private:
  Connection& c_;
};

class SqlLoginThrottleRepository final : public domain::LoginThrottleRepository {
 public:
  explicit SqlLoginThrottleRepository(Connection& c) : c_(c) {}
  Result<domain::LoginFailures> RecordAttempt(const std::string& key, std::int64_t now,
                                              std::int64_t window_seconds) override;
  Status Clear(const std::string& key) override;
  Status DeleteStale(std::int64_t now, std::int64_t window_seconds) override;

 private:
  Connection& c_;
};

class SqlProducerRepository final : public domain::ProducerRepository {
 public:
  explicit SqlProducerRepository(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const domain::Producer& producer) override;
  Result<std::optional<domain::Producer>> Get(std::int64_t id) override;
  Result<domain::UpdateOutcome> Update(const domain::Producer& producer,
                                       std::int64_t expected_version) override;
  Result<domain::Page<domain::Producer>> List(const domain::ProducerFilter& filter) override;

 private:
  Connection& c_;
};

class SqlProductRepository final : public domain::ProductRepository {
 public:
  explicit SqlProductRepository(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const domain::Product& product) override;
  Result<std::optional<domain::Product>> Get(std::int64_t id) override;
  Result<std::optional<domain::Product>> GetByCode(const std::string& code) override;
  Result<std::optional<domain::Product>> GetByGtin(const std::string& gtin14) override;
  Result<std::string> PageStamp(
      std::int64_t product_id,
      const std::vector<std::string>& event_keys) override;  // page_stamp.cc
  Result<domain::UpdateOutcome> Update(const domain::Product& product,
                                       std::int64_t expected_version) override;
  Result<domain::Page<domain::Product>> List(const domain::ProductFilter& filter) override;
  Status MoveProducer(std::int64_t producer_id, const std::string& province_code,
                      const std::string& commune_code) override;
  Result<std::int64_t> NextSequence(const std::string& commune_code) override;

 private:
  Result<std::optional<domain::Product>> GetWhere(const char* column, Param value);
  Connection& c_;
};

class SqlDossierRepository final : public domain::DossierRepository {
 public:
  explicit SqlDossierRepository(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const domain::Dossier& d) override;
  Result<std::optional<domain::Dossier>> Get(std::int64_t id) override;
  Result<std::optional<domain::Dossier>> GetByToken(const std::string& token) override;
  Result<domain::UpdateOutcome> Update(const domain::Dossier& d,
                                       std::int64_t expected_version) override;
  Result<domain::Page<domain::Dossier>> List(const domain::DossierFilter& filter) override;
  Result<std::optional<domain::Dossier>> LatestOfProduct(std::int64_t product_id,
                                                         std::int64_t except_id) override;
  Status AddEvent(std::int64_t dossier_id, const domain::DossierEvent& e) override;
  Result<std::vector<domain::DossierEvent>> Events(std::int64_t dossier_id) override;
  Status PutBlob(const std::string& sha256, const std::string& mime, const std::string& bytes,
                 std::int64_t now) override;
  Result<std::optional<std::string>> GetBlob(const std::string& sha256) override;
  Result<std::int64_t> AddEvidence(const domain::Evidence& e) override;
  Result<std::vector<domain::Evidence>> ListEvidence(std::int64_t dossier_id) override;
  Status CopyEvidence(std::int64_t from_dossier, std::int64_t to_dossier) override;

 private:
  Connection& c_;
};

class SqlRoundRepository final : public domain::RoundRepository {
 public:
  explicit SqlRoundRepository(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const domain::Round& r) override;
  Result<std::optional<domain::Round>> Get(std::int64_t id) override;
  Result<std::vector<domain::Round>> List(const std::string& province_code,
                                          bool include_central) override;
  Result<std::vector<domain::Round>> OfMember(std::int64_t user_id) override;
  Status SetOpen(std::int64_t id, bool open) override;
  Result<std::optional<domain::CouncilPolicy>> PolicyOf(const std::string& province_code) override;
  Status SetPolicy(const std::string& province_code, const domain::CouncilPolicy& p,
                   std::int64_t now) override;
  Status AddConflict(const domain::Conflict& c) override;
  Result<std::vector<domain::Conflict>> Conflicts(std::int64_t dossier_id) override;
  Status SaveSheet(const domain::StoredSheet& s) override;
  Result<std::vector<domain::StoredSheet>> Sheets(std::int64_t dossier_id,
                                                  domain::CouncilLevel level, int attempt) override;

 private:
  Connection& c_;
};

class SqlCertificateRepository final : public domain::CertificateRepository {
 public:
  explicit SqlCertificateRepository(Connection& c) : c_(c) {}
  Result<std::int64_t> Insert(const domain::Certificate& c) override;
  Result<std::optional<domain::Certificate>> GetByNumber(const std::string& number) override;
  Result<std::optional<domain::Certificate>> Get(std::int64_t id) override;
  Result<std::optional<domain::Certificate>> NewestOfProduct(std::int64_t product_id) override;
  Result<domain::Page<domain::Certificate>> List(const domain::CertificateFilter& filter) override;
  Status UpdateStatus(const domain::Certificate& c) override;
  Result<std::int64_t> NextSequence(const std::string& scope, int year) override;
  Status InsertKey(const domain::SigningKey& k) override;
  Result<std::optional<domain::SigningKey>> ActiveKey() override;
  Result<std::vector<domain::SigningKey>> Keys() override;
  Status RetireKeys(std::int64_t now) override;
  Result<std::int64_t> AddInspection(const domain::Inspection& i) override;
  Result<std::vector<domain::Inspection>> Inspections(std::int64_t certificate_id) override;

 private:
  Connection& c_;
};

class SqlNotificationRepository final : public domain::NotificationRepository {
 public:
  explicit SqlNotificationRepository(Connection& c) : c_(c) {}
  Result<bool> TakeLease(const std::string& name, const std::string& holder, std::int64_t now,
                         std::int64_t expires_at) override;
  Result<std::string> LastRunOn(const std::string& name) override;
  Status SetLastRunOn(const std::string& name, const std::string& iso_date) override;
  Result<bool> Notify(const domain::Notification& n) override;
  Result<bool> Enqueue(const domain::OutboxMail& m) override;
  Result<std::vector<domain::Notification>> Inbox(std::int64_t producer_id,
                                                  const std::string& province_code,
                                                  int limit) override;
  Result<std::vector<domain::OutboxMail>> Unsent(int limit, int max_attempts) override;
  Status MarkSent(std::int64_t id, std::int64_t now) override;
  Status MarkFailed(std::int64_t id, const std::string& error) override;

 private:
  Connection& c_;
};

class SqlAuditRepository final : public domain::AuditRepository {
 public:
  explicit SqlAuditRepository(Connection& c) : c_(c) {}
  Result<std::optional<domain::AuditEntry>> Last() override;
  Status Append(const domain::AuditEntry& entry) override;
  Result<std::vector<domain::AuditEntry>> Range(std::int64_t from_seq, int limit) override;

 private:
  Connection& c_;
};

class SqlEpcisRepository final : public domain::EpcisRepository {
 public:
  explicit SqlEpcisRepository(Connection& c) : c_(c) {}
  Status LockForCapture() override;
  Result<std::int64_t> PutContext(const std::string& sha256_hex,
                                  const std::string& context_json) override;
  Result<std::vector<std::string>> ExistingEventIds(
      std::span<const std::string> event_ids) override;
  Result<std::int64_t> InsertEvents(std::span<const gs1::epcis::Event> events,
                                    std::int64_t record_time_ms, const std::string& job_id,
                                    std::int64_t context_id) override;
  Status InsertJob(const domain::CaptureJob& job) override;
  Result<std::optional<domain::CaptureJob>> GetJob(const std::string& id) override;
  Result<std::vector<domain::CaptureJob>> ListJobs(std::int64_t user_id, std::int64_t offset,
                                                   std::int64_t limit) override;
  Result<std::vector<domain::StoredEvent>> Query(const domain::EventQuery& query) override;
  Result<std::optional<domain::StoredEvent>> GetEvent(const std::string& event_id) override;
  Result<std::vector<domain::StoredEvent>> EventsForKey(const std::string& key, bool is_prefix,
                                                        std::int64_t limit) override;
  Result<std::int64_t> CountEvents() override;

 private:
  Connection& c_;
};

class SqlRepositories final : public domain::Repositories {
 public:
  explicit SqlRepositories(Connection& c)
      : users_(c),
        sessions_(c),
        throttle_(c),
        producers_(c),
        products_(c),
        dossiers_(c),
        rounds_(c),
        certificates_(c),
        notifications_(c),
        audit_(c),
        epcis_(c),
        sites_(c),
        lots_(c),
        lab_reports_(c),
        trace_(c),
        recalls_(c) {}
  domain::UserRepository& users() override { return users_; }
  domain::SessionRepository& sessions() override { return sessions_; }
  domain::LoginThrottleRepository& login_throttle() override { return throttle_; }
  domain::ProducerRepository& producers() override { return producers_; }
  domain::ProductRepository& products() override { return products_; }
  domain::DossierRepository& dossiers() override { return dossiers_; }
  domain::RoundRepository& rounds() override { return rounds_; }
  domain::CertificateRepository& certificates() override { return certificates_; }
  domain::NotificationRepository& notifications() override { return notifications_; }
  domain::AuditRepository& audit() override { return audit_; }
  domain::EpcisRepository& epcis() override { return epcis_; }
  domain::SiteRepository& sites() override { return sites_; }
  domain::LotRepository& lots() override { return lots_; }
  domain::LabReportRepository& lab_reports() override { return lab_reports_; }
  domain::TraceRepository& trace() override { return trace_; }
  domain::RecallRepository& recalls() override { return recalls_; }

 private:
  SqlUserRepository users_;
  SqlSessionRepository sessions_;
  SqlLoginThrottleRepository throttle_;
  SqlProducerRepository producers_;
  SqlProductRepository products_;
  SqlDossierRepository dossiers_;
  SqlRoundRepository rounds_;
  SqlCertificateRepository certificates_;
  SqlNotificationRepository notifications_;
  SqlAuditRepository audit_;
  SqlEpcisRepository epcis_;
  SqlSiteRepository sites_;
  SqlLotRepository lots_;
  SqlLabReportRepository lab_reports_;
  SqlTraceRepository trace_;
  SqlRecallRepository recalls_;
};

// `%text%` for LIKE … ESCAPE '\', with the wildcards in `text` escaped.
std::string LikeContains(std::string_view text);

}  // namespace ocop::storage

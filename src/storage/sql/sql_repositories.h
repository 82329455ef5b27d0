// The repositories of every bounded context, written once in portable SQL
// over one Connection inside one transaction.
#pragma once

#include "domain/store.h"
#include "storage/sql/connection.h"

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

class SqlRepositories final : public domain::Repositories {
 public:
  explicit SqlRepositories(Connection& c)
      : users_(c), sessions_(c), throttle_(c), producers_(c), products_(c) {}
  domain::UserRepository& users() override { return users_; }
  domain::SessionRepository& sessions() override { return sessions_; }
  domain::LoginThrottleRepository& login_throttle() override { return throttle_; }
  domain::ProducerRepository& producers() override { return producers_; }
  domain::ProductRepository& products() override { return products_; }

 private:
  SqlUserRepository users_;
  SqlSessionRepository sessions_;
  SqlLoginThrottleRepository throttle_;
  SqlProducerRepository producers_;
  SqlProductRepository products_;
};

// `%text%` for LIKE … ESCAPE '\', with the wildcards in `text` escaped.
std::string LikeContains(std::string_view text);

}  // namespace ocop::storage

#include "main/demo_seed.h"

#include <map>

#include "core/csv.h"
#include "main/demo_evaluation_seed.h"
#include "main/demo_lab_seed.h"
#include "main/demo_recall_seed.h"
#include "main/demo_lots_seed.h"
#include "main/demo_sites_seed.h"
#include "main/demo_trace_seed.h"

namespace ocop::app {
namespace {

Result<std::vector<std::map<std::string, std::string>>> ReadTable(const std::string& path) {
  OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(path));
  OCOP_ASSIGN_OR_RETURN(auto rows, csv::Parse(content));
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() != rows[0].size()) {
      return Err(InvalidArgument(path + ": line " + std::to_string(i + 1) + ": wrong field count"));
    }
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < rows[0].size(); ++c) row[rows[0][c]] = rows[i][c];
    out.push_back(std::move(row));
  }
  return out;
}

std::string Describe(const Status& s, const std::string& what) {
  return what + ": " + s.ToString();
}

}  // namespace

Result<std::vector<DemoAccount>> SeedDemo(Application& app) {
  const std::string dir = app.config().data_dir + "/demo";
  OCOP_ASSIGN_OR_RETURN(auto producers, ReadTable(dir + "/producers.csv"));
  OCOP_ASSIGN_OR_RETURN(auto products, ReadTable(dir + "/products.csv"));
  if (producers.empty()) return Err(InvalidArgument(dir + "/producers.csv: no producers"));

  // The first producer anchors the scoped accounts: its province, its commune.
  const auto& first = producers.front();
  const auto* commune = app.registry().geography().FindCommune(first.at("commune_code"));
  if (!commune) return Err(InvalidArgument("demo producer in unknown commune"));
  std::vector<DemoAccount> accounts = {
      {"admin", "national-admin", ""},
      {"tinh." + commune->province_code, "provincial-officer", commune->province_code},
      {"xa." + commune->code, "commune-officer", commune->code},
      {"hoidong", "council-member", ""},
      {"hoidong2", "council-member", ""},
      {"hoidong3", "council-member", ""},
      {"tuvan", "advisory-member", ""},
      {"chuthe", "producer", first.at("name")},
      {"thanhtra", "inspector", ""},
      {"phongthinghiem", "laboratory", ""},
  };

  std::optional<domain::User> existing;
  std::int64_t producers_stored = 0;
  Status s = app.store().Read([&](domain::Repositories& repos) -> Status {
    OCOP_ASSIGN_OR_RETURN(existing, repos.users().FindByUsername("admin"));
    OCOP_ASSIGN_OR_RETURN(auto page, repos.producers().List({}));
    producers_stored = page.total;
    return Status::Ok();
  });
  if (!s.ok()) return Err(s);
  if (existing) return accounts;
  // The demo goes into an empty store only (its accounts come last, so a store
  // with producers and no admin holds someone's data or a demo cut short).
  if (producers_stored > 0) {
    return Err(FailedPrecondition(
        "this store already holds producers but no demo accounts: seed-demo needs an empty store"));
  }

  domain::Principal seeder{0, "seed-demo", domain::Role::kNationalAdmin, "", "", 0};
  std::map<std::string, std::int64_t> producer_ids;
  for (const auto& p : producers) {
    domain::ProducerInput in{p.at("legal_type"),
                             p.at("name"),
                             p.at("registration_no"),
                             p.at("representative_name"),
                             p.at("representative_gender"),
                             p.at("representative_ethnicity"),
                             p.at("commune_code"),
                             p.at("street_address"),
                             p.at("phone"),
                             p.at("email"),
                             p.at("founded_on")};
    auto created = app.registry().CreateProducer(seeder, in);
    if (!created) return Err(InvalidArgument(Describe(created.error(), "producer " + p.at("key"))));
    producer_ids[p.at("key")] = created->id;
  }
  for (const auto& p : products) {
    auto owner = producer_ids.find(p.at("producer_key"));
    if (owner == producer_ids.end()) {
      return Err(InvalidArgument("product " + p.at("name") + ": unknown producer_key"));
    }
    domain::ProductInput in{p.at("name"), p.at("product_set"), std::to_string(owner->second),
                            p.at("description"), p.at("gtin")};
    auto created = app.registry().CreateProduct(seeder, in);
    if (!created) return Err(InvalidArgument(Describe(created.error(), "product " + p.at("name"))));
  }
  std::map<std::string, domain::User> users;
  for (const auto& a : accounts) {
    domain::NewUser u{a.username, a.role, "", "", 0, kDemoPassword};
    if (a.role == "provincial-officer") u.province_code = a.scope;
    if (a.role == "commune-officer") u.commune_code = a.scope;
    if (a.role == "producer") u.producer_id = producer_ids.at(first.at("key"));
    auto created = app.identity().CreateUser(u);
    if (!created) return Err(InvalidArgument(Describe(created.error(), "account " + a.username)));
    users[a.username] = *created;
  }
  OCOP_RETURN_IF_ERROR(SeedEvaluationDemo(app, users));
  OCOP_RETURN_IF_ERROR(SeedSitesDemo(app, users));
  OCOP_RETURN_IF_ERROR(SeedTraceabilityDemo(app, users));
  OCOP_RETURN_IF_ERROR(SeedLotsDemo(app, users));
  OCOP_RETURN_IF_ERROR(SeedLabReportDemo(app, users));
  OCOP_RETURN_IF_ERROR(SeedRecallDemo(app, users));
  return accounts;
}

}  // namespace ocop::app

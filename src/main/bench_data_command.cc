#include "main/bench_data_command.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/crypto.h"
#include "core/date.h"
#include "domain/catalog/resolver.h"
#include "domain/identity/identity_service.h"
#include "domain/registry/registry_service.h"
#include "domain/traceability/capture_hooks.h"
#include "domain/traceability/site_repository.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/json_binding.h"
#include "main/application.h"
#include "main/bench_data_events.h"
#include "main/bench_data_plan.h"

namespace ocop::app {
namespace {

using namespace bench_data;  // NOLINT: this file is the plan's one user
using SteadyClock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------
// Writing.

struct Options {
  double scale = 0.01;
  std::uint64_t seed = 1;
  std::size_t batch = 5000;
  std::string manifest;
  bool check = false;
};

Result<Options> ParseOptions(const std::map<std::string, std::string>& flags) {
  Options o;
  for (const auto& [name, value] : flags) {
    try {
      std::size_t used = 0;
      if (name == "--scale") {
        o.scale = std::stod(value, &used);
        if (!(o.scale > 0 && o.scale <= 10)) used = 0;
      } else if (name == "--seed") {
        o.seed = std::stoull(value, &used);
      } else if (name == "--batch") {
        o.batch = std::stoul(value, &used);
        if (o.batch < 1 || o.batch > 10000) used = 0;
      } else if (name == "--manifest") {
        o.manifest = value;
        used = value.size();
      } else if (name == "--check") {
        o.check = value != "false";
        used = value.size();
      } else {
        return Err(InvalidArgument("unknown flag " + name + " (see ocop bench-data --help)"));
      }
      if (used != value.size() || value.empty()) {
        return Err(InvalidArgument("bad value for " + name + ": " + value));
      }
    } catch (const std::exception&) {
      return Err(InvalidArgument("bad value for " + name + ": " + value));
    }
  }
  return o;
}

double Since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

// The account the events are captured as: a national administrator of its
// own, created on first use (its password is random and never shown).
Result<domain::Principal> BenchAccount(Application& app) {
  constexpr const char* kName = "bench.data";
  std::optional<domain::User> found;
  OCOP_RETURN_IF_ERROR(app.store().Read([&](domain::Repositories& r) -> Status {
    OCOP_ASSIGN_OR_RETURN(found, r.users().FindByUsername(kName));
    return Status::Ok();
  }));
  if (found) return found->ToPrincipal();
  domain::NewUser u{kName, "national-admin", "", "", 0, crypto::RandomToken(24)};
  OCOP_ASSIGN_OR_RETURN(domain::User user, app.identity().CreateUser(u));
  return user.ToPrincipal();
}

// Producers, products (codes from their commune's sequence) and sites, in one transaction.
Status WriteRegistry(Application& app, Plan& plan, std::int64_t now_ms) {
  const int year = CivilDate::FromUnixInVietnam(kStartMs / 1000).year;
  return app.store().Transact([&](domain::Repositories& r) -> Status {
    for (std::size_t i = 0; i < plan.producers.size(); ++i) {
      auto& p = plan.producers[i];
      domain::Producer row;
      row.fields.legal_type = i % 3 == 0   ? domain::LegalType::kCooperative
                              : i % 3 == 1 ? domain::LegalType::kEnterprise
                                           : domain::LegalType::kHouseholdBusiness;
      row.fields.name =
          "Hợp tác xã " + std::string(kCrops[p.crop]) + " số " + std::to_string(i + 1);
      char reg[32];
      std::snprintf(reg, sizeof reg, "79%08zu", i + 1);
      row.fields.registration_no = reg;
      row.fields.representative = {"Nguyễn Văn " + std::to_string(i + 1), domain::Gender::kMale,
                                   "Kinh"};
      row.fields.commune_code = p.commune_code;
      row.fields.street_address = "Thôn " + std::to_string(i % 12 + 1);
      row.province_code = p.province_code;
      row.created_at = row.updated_at = now_ms / 1000;
      OCOP_ASSIGN_OR_RETURN(p.id, r.producers().Insert(row));
    }
    for (auto& product : plan.products) {
      const auto& p = plan.producers[static_cast<std::size_t>(product.producer)];
      domain::Product row;
      OCOP_ASSIGN_OR_RETURN(std::int64_t seq, r.products().NextSequence(p.commune_code));
      product.code = domain::FormatProductCode(p.province_code, p.commune_code, seq, year);
      row.code = product.code;
      row.fields.name = product.name;
      row.fields.product_set = product.product_set;
      row.fields.producer_id = p.id;
      row.fields.description = "Sản phẩm của dữ liệu đo hiệu năng (ocop bench-data)";
      row.fields.gtin = product.gtin14.empty() ? "" : product.gtin14.substr(1);
      row.province_code = p.province_code;
      row.commune_code = p.commune_code;
      row.created_at = row.updated_at = now_ms / 1000;
      if (auto id = r.products().Insert(row); !id) return id.error();
    }
    const CivilDate granted = CivilDate::FromUnixInVietnam(kStartMs / 1000).AddDays(-400);
    for (const auto& s : plan.sites) {
      const auto& p = plan.producers[static_cast<std::size_t>(s.producer)];
      domain::Site site;
      site.producer_id = p.id;
      site.fields.kind =
          s.packing_house ? domain::SiteKind::kPackingHouse : domain::SiteKind::kGrowingArea;
      site.fields.code = s.code;
      site.fields.name = (s.packing_house ? "Cơ sở đóng gói " : "Vùng trồng ") + s.code;
      site.fields.target_markets = {"VN"};
      site.fields.crop = kCrops[p.crop];
      site.fields.declared_area_ha = s.packing_house ? 0 : 5;
      site.fields.capacity_tonnes_per_day = s.packing_house ? 20 : 0;
      site.fields.commune_code = p.commune_code;
      site.location_id = domain::SiteLocationId(s.code);
      site.province_code = p.province_code;
      site.status_history.push_back({granted, domain::SiteStatus::kActive, "cấp mã", 0, now_ms});
      site.created_at_ms = site.updated_at_ms = now_ms;
      if (auto id = r.sites().Insert(site); !id) return id.error();
    }
    return Status::Ok();
  });
}

// One document of events, parsed as a capture parses it.
struct Batch {
  std::size_t index = 0;
  std::string document;
  gs1::epcis::ParsedDocument parsed;
  Status status;
};

// A bounded queue between the thread that builds and parses documents and
// the one that writes them (the two halves take about as long).
class BatchQueue {
 public:
  void Push(Batch b) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return q_.size() < 2 || stop_; });
    q_.push_back(std::move(b));
    cv_.notify_all();
  }
  std::optional<Batch> Pop() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !q_.empty() || done_; });
    if (q_.empty()) return std::nullopt;
    Batch b = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return b;
  }
  void Done() {
    std::lock_guard lock(m_);
    done_ = true;
    cv_.notify_all();
  }
  void Stop() {  // the writer gave up: let the builder finish
    std::lock_guard lock(m_);
    stop_ = true;
    q_.clear();
    cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(m_);
    return stop_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Batch> q_;
  bool done_ = false, stop_ = false;
};

Status WriteEvents(Application& app, const Plan& plan, const Options& o,
                   const domain::Principal& who) {
  const EventWriter writer(plan, o.seed, app.certification().settings().public_base_url);
  const std::size_t total = plan.events.size();
  const std::size_t batches = (total + o.batch - 1) / o.batch;
  BatchQueue queue;
  std::thread builder([&] {
    gs1::epcis::ParseLimits limits;
    limits.max_events = o.batch;
    for (std::size_t b = 0; b < batches && !queue.stopped(); ++b) {
      Batch batch;
      batch.index = b;
      std::string& doc = batch.document;
      doc.reserve(o.batch * 700);
      doc = std::string("{\"@context\":") + kContext +
            ",\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-01-"
            "01T00:00:00Z\","
            "\"epcisBody\":{\"eventList\":[";
      const std::size_t end = std::min(total, (b + 1) * o.batch);
      for (std::size_t i = b * o.batch; i < end; ++i) {
        if (i > b * o.batch) doc += ',';
        writer.Append(plan.events[i], i, doc);
      }
      doc += "]}}";
      auto parsed = gs1::epcis::ParseDocument(doc, limits);
      if (!parsed) {
        batch.status = parsed.error();
      } else if (!parsed->errors.empty()) {
        const auto& e = parsed->errors.front();
        batch.status = Internal("bench-data made an invalid event (document " + std::to_string(b) +
                                ", event " + std::to_string(e.index) + ", " + e.field + ": " +
                                e.message.key + ")");
      } else {
        batch.parsed = std::move(*parsed);
        // As EpcisService::Capture does: locations are stored by canonical key.
        for (auto& e : batch.parsed.events) {
          if (!e.read_point.empty()) e.read_point = gs1::CanonicalEpc(e.read_point).key;
          if (!e.biz_location.empty()) e.biz_location = gs1::CanonicalEpc(e.biz_location).key;
        }
      }
      queue.Push(std::move(batch));
    }
    queue.Done();
  });

  const auto t0 = SteadyClock::now();
  auto last_report = t0;
  std::size_t written = 0;
  Status failed;
  while (auto batch = queue.Pop()) {
    if (!batch->status.ok()) {
      failed = batch->status;
      break;
    }
    const auto& parsed = batch->parsed;
    domain::CaptureJob job;
    job.id = crypto::RandomToken(12);
    job.user_id = who.user_id;
    job.username = who.username;
    job.behaviour = domain::CaptureErrorBehaviour::kRollback;
    job.created_at_ms = job.finished_at_ms = app.clock().NowUnixSeconds() * 1000;
    job.event_count = job.captured_count = static_cast<std::int64_t>(parsed.events.size());
    job.success = true;
    job.document = std::move(batch->document);
    const std::string digest = crypto::Sha256Hex(parsed.context_json);
    Status s = app.store().Transact([&](domain::Repositories& r) -> Status {
      OCOP_RETURN_IF_ERROR(r.epcis().LockForCapture());
      std::span<const gs1::epcis::Event> events = parsed.events;
      if (o.check) {
        OCOP_ASSIGN_OR_RETURN(auto refusals, domain::CheckCapturedEvents(r, who, events));
        if (!refusals.empty()) {
          const auto& f = refusals.front();
          return Internal("the capture rules refuse bench event " + events[f.position].event_id +
                          " (" + f.field + ": " + f.message.key + ")");
        }
      }
      OCOP_ASSIGN_OR_RETURN(std::int64_t context_id,
                            r.epcis().PutContext(digest, parsed.context_json));
      OCOP_ASSIGN_OR_RETURN(std::int64_t first_seq,
                            r.epcis().InsertEvents(events, job.created_at_ms, job.id, context_id));
      OCOP_RETURN_IF_ERROR(domain::OnEventsStored(r, who, events, first_seq));
      return r.epcis().InsertJob(job);
    });
    if (!s.ok()) {
      failed = s;
      break;
    }
    written += parsed.events.size();
    if (std::chrono::duration<double>(SteadyClock::now() - last_report).count() > 10) {
      last_report = SteadyClock::now();
      std::fprintf(stderr, "bench-data: %zu of %zu events (%.0f events/s)\n", written, total,
                   static_cast<double>(written) / Since(t0));
    }
  }
  if (!failed.ok()) queue.Stop();
  builder.join();
  return failed;
}

// Some lots with their expected reach, for benchmarks and tests: `count`
// drawn at random, and the bulk lots (shared across a province, the ones
// with the widest downstream) ordered by how many events their forward
// trace names, for the recall benchmark.
nlohmann::json Manifest(const Plan& plan, const Options& o, const EventWriter& writer,
                        double plan_seconds, double registry_seconds, double event_seconds) {
  nlohmann::json m;
  m["scale"] = o.scale;
  m["seed"] = o.seed;
  std::int64_t inputs_min = 99, inputs_max = 0, outputs_min = 99, outputs_max = 0;
  for (const auto& t : plan.transformations) {
    inputs_min = std::min<std::int64_t>(inputs_min, t.input_count);
    inputs_max = std::max<std::int64_t>(inputs_max, t.input_count);
    outputs_min = std::min<std::int64_t>(outputs_min, t.output_count);
    outputs_max = std::max<std::int64_t>(outputs_max, t.output_count);
  }
  std::int64_t pallets_lots = 0;
  for (const auto& p : plan.pallets) pallets_lots += p.member_count;
  m["counts"] = {{"producers", plan.producers.size()},
                 {"products", plan.products.size()},
                 {"sites", plan.sites.size()},
                 {"partners", plan.partners.size()},
                 {"lots", plan.lots.size()},
                 {"bulk_lots", plan.bulk_lots},
                 {"events", plan.events.size()},
                 {"structural_events", plan.structural_events},
                 {"transformations", plan.transformations.size()},
                 {"transformation_inputs", plan.inputs.size()},
                 {"pallets", plan.pallets.size()},
                 {"palletised_lots", pallets_lots},
                 {"shipments", plan.shipments.size()}};
  m["fan_in"] = {{"min", inputs_min}, {"max", inputs_max}};
  m["fan_out"] = {{"min", outputs_min}, {"max", outputs_max}};
  m["seconds"] = {
      {"plan", plan_seconds}, {"registry", registry_seconds}, {"events", event_seconds}};
  auto describe = [&](std::size_t lot) {
    const Reach f = ForwardReach(plan, static_cast<std::int32_t>(lot));
    const Reach b = BackwardReach(plan, static_cast<std::int32_t>(lot));
    const char* origin = plan.lots[lot].origin == LotOrigin::kTransformed   ? "transformed"
                         : plan.lots[lot].origin == LotOrigin::kBulkHarvest ? "bulk_harvest"
                                                                            : "harvest";
    return nlohmann::json{{"id", writer.LotId(lot)},
                          {"key", gs1::CanonicalEpc(writer.LotId(lot)).key},
                          {"origin", origin},
                          {"forward",
                           {{"objects", f.objects},
                            {"locations", f.locations},
                            {"events", f.events},
                            {"records", f.records}}},
                          {"backward",
                           {{"objects", b.objects},
                            {"locations", b.locations},
                            {"events", b.events},
                            {"records", b.records}}}};
  };
  Rng rng(Mix(o.seed, 0x5a4d));
  nlohmann::json sample = nlohmann::json::array();
  const std::size_t count = std::min<std::size_t>(1000, plan.lots.size());
  for (std::size_t k = 0; k < count; ++k) sample.push_back(describe(rng.Below(plan.lots.size())));
  m["sample_lots"] = std::move(sample);
  // Recall candidates: the bulk lots and 2,000 random ones, by how many
  // tracking events (not observations) their forward trace names, the
  // records a recall lists: those at or above 1,000 first, fewest first,
  // then the largest below.
  std::vector<std::pair<std::int64_t, std::size_t>> candidates;
  std::vector<bool> considered(plan.lots.size(), false);
  auto consider = [&](std::size_t l) {
    if (considered[l]) return;
    considered[l] = true;
    candidates.push_back({ForwardReach(plan, static_cast<std::int32_t>(l)).records, l});
  };
  for (std::size_t l = 0; l < plan.lots.size(); ++l) {
    if (plan.lots[l].origin == LotOrigin::kBulkHarvest) consider(l);
  }
  for (std::size_t k = 0; k < 2000 && k < plan.lots.size(); ++k)
    consider(rng.Below(plan.lots.size()));
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    const bool a_big = a.first >= 1000, b_big = b.first >= 1000;
    if (a_big != b_big) return a_big;
    return a_big ? a < b : a > b;
  });
  nlohmann::json recall = nlohmann::json::array();
  for (std::size_t k = 0; k < candidates.size() && k < 20; ++k) {
    recall.push_back(describe(candidates[k].second));
  }
  m["recall_lots"] = std::move(recall);
  return m;
}

}  // namespace

int BenchDataCommand(Application& app, const std::map<std::string, std::string>& flags) {
  auto fail = [](const Status& s) {
    std::fprintf(stderr, "ocop bench-data: %s%s%s\n", s.message().key.c_str(),
                 s.detail().empty() ? "" : ": ", s.detail().c_str());
    return 1;
  };
  auto options = ParseOptions(flags);
  if (!options) return fail(options.error());
  const Options& o = *options;
  const Scale scale = ScaleOf(o.scale);
  const auto t0 = SteadyClock::now();
  Plan plan = BuildPlan(scale, o.seed, app.geography());
  const double plan_seconds = Since(t0);
  std::fprintf(stderr,
               "bench-data: planned %zu producers, %zu products, %zu sites, %zu lots, %zu events "
               "(%lld structural) in %.1f s\n",
               plan.producers.size(), plan.products.size(), plan.sites.size(), plan.lots.size(),
               plan.events.size(), static_cast<long long>(plan.structural_events), plan_seconds);

  auto who = BenchAccount(app);
  if (!who) return fail(who.error());
  const auto t1 = SteadyClock::now();
  if (Status s = WriteRegistry(app, plan, app.clock().NowUnixSeconds() * 1000); !s.ok())
    return fail(s);
  const double registry_seconds = Since(t1);
  const auto t2 = SteadyClock::now();
  if (Status s = WriteEvents(app, plan, o, *who); !s.ok()) return fail(s);
  const double event_seconds = Since(t2);
  std::printf(
      "bench-data: scale %g seed %llu: %zu producers, %zu products, %zu sites, %zu lots, %zu "
      "events written in %.1f s (%.0f events/s; registry %.1f s, plan %.1f s)\n",
      o.scale, static_cast<unsigned long long>(o.seed), plan.producers.size(), plan.products.size(),
      plan.sites.size(), plan.lots.size(), plan.events.size(), event_seconds,
      static_cast<double>(plan.events.size()) / event_seconds, registry_seconds, plan_seconds);
  if (!o.manifest.empty()) {
    const EventWriter writer(plan, o.seed, app.certification().settings().public_base_url);
    std::ofstream out(o.manifest);
    out << Manifest(plan, o, writer, plan_seconds, registry_seconds, event_seconds).dump(1) << "\n";
    if (!out) return fail(Internal("cannot write the manifest " + o.manifest));
  }
  return 0;
}

}  // namespace ocop::app
// `ocop`: one binary for the web application, the APIs and the
// administrative commands on the same store.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "api/json_writer.h"
#include "api/rubric_json.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "datafiles/rubric_loader.h"
#include "domain/evaluation/scoring.h"
#include "http/mhd/mhd_server.h"
#include "main/admin_commands.h"
#include "main/application.h"
#include "main/bench_data_command.h"
#include "main/config.h"
#include "main/demo_seed.h"
#include "main/epcis_commands.h"
#include "main/gs1_commands.h"
#include "storage/sql/migrations.h"

namespace ocop::app {
namespace {

struct Command {
  const char* name;
  const char* summary;
  const char* usage;  // extra flags of this command
};

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"serve", "run the web application and the APIs", ""},
      {"migrate", "apply pending database migrations", ""},
      {"seed-demo", "fill the store with demo producers, products and an account per role", ""},
      {"user",
       "manage accounts: ocop user add --username U --role ROLE [--province CODE] "
       "[--commune CODE] [--producer ID] --password-stdin",
       "  --username U        log-in name (a-z, 0-9, . - _)\n"
       "  --role ROLE         national-admin, provincial-officer, commune-officer, "
       "council-member,\n"
       "                      advisory-member, producer, inspector, laboratory\n"
       "  --province CODE     province of a provincial officer (2 digits)\n"
       "  --commune CODE      commune of a commune officer (5 digits)\n"
       "  --producer ID       producer of a producer account\n"
       "  --password-stdin    read the password from standard input (required)\n"},
      {"routes", "print every route with the roles allowed on it, as JSON", ""},
      {"gs1",
       "GS1 identifiers: ocop gs1 check-links reads Digital Link URIs, one a line, on stdin "
       "and prints one JSON verdict a line",
       ""},
      {"epcis",
       "EPCIS 2.0: ocop epcis hash reads an EPCIS document on stdin and prints the CBV 2.0 "
       "event hash of each event, one a line",
       ""},
      {"bench-data",
       "fill the store with a synthetic national supply chain for the trace benchmarks "
       "(docs/benchmarks.md)",
       "  --scale F           fraction of the national scale (1.0: 20,000 products, 1,000,000 "
       "lots,\n"
       "                      10,000,000 EPCIS events); default 0.01\n"
       "  --seed N            the same seed gives the same data (default 1)\n"
       "  --batch N           events per document and transaction, 1-10000 (default 5000)\n"
       "  --manifest FILE     write counts, sample lots and their expected trace reach as JSON\n"
       "  --check             also run the capture rules on every event (slower)\n"},
      {"audit",
       "ocop audit verify: check the hash chain of the audit log; names the first tampered entry",
       ""},
      {"import-certificates",
       "ocop import-certificates FILE: certificates issued before the platform, from CSV or XLSX",
       "  FILE                a .csv or .xlsx table, one certificate a row (see "
       "docs/verification.md)\n"
       "  --only-valid-rows   import the valid rows even when others have errors\n"
       "  --lang vi|en        language of the report (default vi)\n"},
      {"renewals",
       "ocop renewals run: notify producers and provinces of re-evaluation windows and expiries "
       "now (serve runs it daily)",
       ""},
      {"rubric",
       "the criteria sets: ocop rubric list | ocop rubric show --rubric ID --set N [--json]",
       "  --rubric ID         a rubric version (default qd-26-2026)\n"
       "  --set N             a product set, 1-26\n"
       "  --json              print the set as JSON\n"},
      {"score",
       "rate a product from council sheets: ocop score --rubric ID --set N FILE (FILE - for stdin)",
       "  --rubric ID         a rubric version (default qd-26-2026)\n"
       "  --set N             a product set, 1-26\n"
       "  FILE                "
       "{\"sheets\":[{\"member\":\"…\",\"choices\":{\"1.1\":3,\"3.2\":true}}],\n"
       "                       "
       "\"disqualified\":false,\"council\":{\"members\":5,\"chair_present\":true,\n"
       "                       \"max_spread\":10}}; prints the explained result as JSON.\n"
       "                      Exit 0 on a result, 2 on invalid input (problems on stderr).\n"},
  };
  return kCommands;
}

void PrintHelp(const Command* cmd) {
  if (!cmd) {
    std::cout << "ocop — the OCOP platform (One Commune One Product)\n\n"
                 "usage: ocop COMMAND [flags]   (ocop COMMAND --help for details)\n\ncommands:\n";
    for (const auto& c : Commands()) std::printf("  %-10s %s\n", c.name, c.summary);
  } else {
    std::cout << "usage: ocop " << cmd->name << " [flags]\n\n" << cmd->summary << "\n\n";
    if (*cmd->usage) std::cout << cmd->usage;
  }
  std::cout
      << "\nsettings (flag, environment variable; also keys of --config FILE, a JSON object):\n"
         "  --config FILE        read settings from a JSON file first\n";
  for (const auto& s : Settings()) {
    std::printf("  %-20s %-24s %s\n", s.flag, s.env, s.help);
  }
}

struct Args {
  std::string command, subcommand, config_file;
  std::map<std::string, std::string> settings;  // setting flags
  std::map<std::string, std::string> own;       // the command's own flags
  bool help = false;
};

Result<Args> ParseArgs(int argc, char** argv) {
  Args a;
  std::vector<std::string> words(argv + 1, argv + argc);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--help" || w == "-h") {
      a.help = true;
      continue;
    }
    if (w.rfind("--", 0) != 0) {
      if (a.command.empty())
        a.command = w;
      else if (a.subcommand.empty())
        a.subcommand = w;
      else
        return Err(InvalidArgument("unexpected argument: " + w));
      continue;
    }
    std::string name = w, value;
    bool has_value = false;
    if (auto eq = w.find('='); eq != std::string::npos) {
      name = w.substr(0, eq);
      value = w.substr(eq + 1);
      has_value = true;
    }
    const Setting* setting = nullptr;
    for (const auto& s : Settings()) {
      if (name == s.flag) setting = &s;
    }
    const bool is_switch = (setting && setting->is_switch) || name == "--password-stdin" ||
                           name == "--json" || name == "--only-valid-rows" ||
                           name == "--check";
    if (!has_value && !is_switch) {
      if (i + 1 >= words.size()) return Err(InvalidArgument(name + " needs a value"));
      value = words[++i];
    }
    if (is_switch && !has_value) value = "true";
    if (name == "--config")
      a.config_file = value;
    else if (setting)
      a.settings[name] = value;
    else
      a.own[name] = value;
  }
  return a;
}

int Fail(const Status& s) {
  std::fprintf(stderr, "ocop: %s%s%s\n", s.message().key.c_str(), s.detail().empty() ? "" : ": ",
               s.detail().c_str());
  for (const auto& f : s.fields()) {
    std::fprintf(stderr, "  %s: %s\n", f.field.c_str(), f.message.key.c_str());
  }
  return 1;
}

// Refuses to serve a database whose schema is behind the binary's.
Status CheckSchema(Application& app) {
  OCOP_ASSIGN_OR_RETURN(int version, app.store().SchemaVersion());
  const int latest = storage::EmbeddedMigrations().back().version;
  if (version < latest) {
    return FailedPrecondition("the database schema is at version " + std::to_string(version) +
                              ", this binary needs " + std::to_string(latest) +
                              ": run `ocop migrate` (or serve with --migrate)");
  }
  return Status::Ok();
}

int Serve(Application& app) {
  const Config& c = app.config();
  if (c.migrate) {
    auto applied = app.store().Migrate();
    if (!applied) return Fail(applied.error());
  }
  if (Status s = CheckSchema(app); !s.ok()) return Fail(s);
  app.BuildRoutes();
  std::FILE* log = nullptr;
  if (c.access_log == "stderr")
    log = stderr;
  else if (c.access_log == "stdout")
    log = stdout;
  else if (c.access_log != "off") {
    log = std::fopen(c.access_log.c_str(), "a");
    if (!log) return Fail(InvalidArgument("cannot open access log " + c.access_log));
  }
  http::ServerOptions options;
  options.host = c.host;
  options.port = c.port;
  options.threads = c.threads;
  options.max_body_bytes = static_cast<std::size_t>(c.max_body_bytes);
  options.body_limit = [&router = app.router(), limit = options.max_body_bytes](http::Request& r) {
    return router.BodyLimitFor(r, limit);
  };
  options.access_log = log;
  http::Router& router = app.router();
  http::MhdServer server(
      options, [&router](http::Request& r) { return router.Handle(r); },
      [&router](const http::Request& r, const Status& s) { return router.RenderError(r, s); });
  if (Status s = server.Start(); !s.ok()) return Fail(s);
  std::atomic<bool> stop_jobs{false};
  std::thread renewals;
  if (c.renewal_interval_seconds > 0) {
    renewals = std::thread(
        [&app, &stop_jobs, &c] { RenewalLoop(app, stop_jobs, c.renewal_interval_seconds); });
  }
  if (c.base_url_from_listen && c.port == 0) {
    app.certification().SetPublicBaseUrl("http://" + c.host + ":" + std::to_string(server.port()));
  }
  std::printf("OCOP platform listening on http://%s:%d\n", c.host.c_str(), server.port());
  std::fflush(stdout);

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "ocop: signal %d, finishing requests in flight\n", sig);
  server.Shutdown(std::chrono::seconds(10));
  stop_jobs = true;
  if (renewals.joinable()) renewals.join();
  if (log && log != stderr && log != stdout) std::fclose(log);
  std::fprintf(stderr, "ocop: stopped\n");
  return 0;
}

int AddUser(Application& app, const Args& args) {
  if (args.subcommand != "add") return Fail(InvalidArgument("usage: ocop user add …"));
  if (!args.own.count("--password-stdin")) {
    return Fail(
        InvalidArgument("--password-stdin is required (passwords never go on the command line)"));
  }
  std::string password;
  std::getline(std::cin, password);
  auto get = [&](const char* k) { return args.own.count(k) ? args.own.at(k) : std::string(); };
  domain::NewUser u{get("--username"), get("--role"), get("--province"), get("--commune"), 0,
                    password};
  std::string producer = get("--producer");
  if (!producer.empty()) {
    if (producer.size() > 18 || producer.find_first_not_of("0123456789") != std::string::npos) {
      return Fail(InvalidArgument("--producer must be a producer id"));
    }
    u.producer_id = std::stoll(producer);
  }
  if (Status s = CheckSchema(app); !s.ok()) return Fail(s);
  auto user = app.identity().CreateUser(u);
  if (!user) return Fail(user.error());
  std::printf("created user %s (%s), id %lld\n", user->username.c_str(),
              std::string(domain::RoleId(user->role)).c_str(), static_cast<long long>(user->id));
  return 0;
}

int PrintRoutes(Application& app) {
  app.BuildRoutes();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : app.router().routes()) {
    nlohmann::json roles = nlohmann::json::array();
    for (auto role : r.access.roles) roles.push_back(domain::RoleId(role));
    out.push_back({{"method", http::MethodName(r.method)},
                   {"path", r.pattern},
                   {"public", r.access.is_public},
                   {"surface", r.surface == http::Surface::kApi ? "api" : "page"},
                   {"roles", roles}});
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

// `ocop rubric …` and `ocop score …`: the data files only, no store.
int RubricCommand(const Config& config, const Args& args, const std::string& name) {
  auto catalog = datafiles::LoadRubrics(config.data_dir + "/rubrics");
  if (!catalog) return Fail(catalog.error());
  auto get = [&](const char* k, const char* fallback) {
    return args.own.count(k) ? args.own.at(k) : std::string(fallback);
  };
  if (name == "rubric" && args.subcommand == "list") {
    for (const auto& [id, v] : catalog->versions) {
      std::printf("%s  %s (%zu sets, in force from %s)\n", id.c_str(), v.title_vi.c_str(),
                  v.sets.size(), v.in_force_from.c_str());
      for (const auto& [n, set] : v.sets) std::printf("  %2d  %s\n", n, set.name_vi.c_str());
    }
    return 0;
  }
  if (name == "rubric" && args.subcommand != "show") {
    return Fail(InvalidArgument("usage: ocop rubric list | ocop rubric show --rubric ID --set N"));
  }
  const auto* version = catalog->Find(get("--rubric", "qd-26-2026"));
  if (!version) return Fail(NotFound("no rubric version " + get("--rubric", "qd-26-2026")));
  const std::string n = get("--set", "");
  const auto* set =
      n.size() < 4 && n.find_first_not_of("0123456789") == std::string::npos && !n.empty()
          ? version->FindSet(std::stoi(n))
          : nullptr;
  if (!set) return Fail(InvalidArgument("--set must name a set of " + version->id));
  if (name == "rubric") {
    if (args.own.count("--json")) {
      api::JsonWriter w;
      api::WriteRubricSet(w, *set);
      std::printf("%s\n", w.Take().c_str());
      return 0;
    }
    std::printf("%s — %d. %s\n", version->id.c_str(), set->number, set->name_vi.c_str());
    for (const auto& p : set->parts) {
      std::printf("\nPhần %s: %s (%g)\n", p.id.c_str(), p.title_vi.c_str(), p.max);
      for (const auto& b : p.blocks) {
        std::printf("  %s. %s (%g)\n", b.id.c_str(), b.title_vi.c_str(), b.max);
        for (const auto& c : b.criteria) {
          std::printf("    %s %s (%g)\n", c.id.c_str(), c.title_vi.c_str(), c.max);
          int ordinal = 0;
          for (const auto& o : c.options) {
            std::printf(
                "      [%d] %g  %s%s\n", ++ordinal, o.points, o.text_vi.c_str(),
                o.min_stars ? std::string(" " + std::string(o.min_stars, '*')).c_str() : "");
          }
        }
      }
    }
    return 0;
  }
  // score
  const std::string file = args.subcommand;
  if (file.empty()) return Fail(InvalidArgument("usage: ocop score --rubric ID --set N FILE"));
  std::string body;
  if (file == "-") {
    body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    auto content = csv::ReadFile(file);
    if (!content) return Fail(content.error());
    body = *content;
  }
  auto request = api::ParseScoringRequest(body);
  auto result = request ? domain::Score(*version, *set, *request)
                        : Result<domain::ScoringResult>(Err(request.error()));
  if (!result) {
    Fail(result.error());
    return 2;
  }
  api::JsonWriter w;
  api::WriteScoringResult(w, *result);
  std::printf("%s\n", w.Take().c_str());
  return 0;
}

int Run(int argc, char** argv) {
  // Block the stop signals in every thread; `serve` waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto args = ParseArgs(argc, argv);
  if (!args) return Fail(args.error());
  const Command* cmd = nullptr;
  for (const auto& c : Commands()) {
    if (args->command == c.name) cmd = &c;
  }
  if (args->help || args->command.empty()) {
    PrintHelp(cmd);
    return args->command.empty() && !args->help ? 2 : 0;
  }
  if (!cmd) {
    std::fprintf(stderr, "ocop: unknown command '%s' (see ocop --help)\n", args->command.c_str());
    return 2;
  }
  if (std::string(cmd->name) == "gs1") return Gs1Command(args->subcommand);
  if (std::string(cmd->name) == "epcis") return EpcisCommand(args->subcommand);
  if (!crypto::Initialize()) return Fail(Internal("libsodium failed to initialise"));
  auto config = LoadConfig(args->config_file, args->settings);
  if (!config) return Fail(config.error());
  if (std::string(cmd->name) == "rubric" || std::string(cmd->name) == "score") {
    return RubricCommand(*config, *args, cmd->name);
  }
  auto app = Application::Create(*config);
  if (!app) return Fail(app.error());
  const std::string name = cmd->name;
  if (name == "serve") return Serve(**app);
  if (name == "migrate") {
    auto applied = (*app)->store().Migrate();
    if (!applied) return Fail(applied.error());
    std::printf("migrations applied: %d (schema version %d)\n", *applied,
                storage::EmbeddedMigrations().back().version);
    return 0;
  }
  if (name == "seed-demo") {
    if (Status s = CheckSchema(**app); !s.ok()) return Fail(s);
    auto accounts = SeedDemo(**app);
    if (!accounts) return Fail(accounts.error());
    std::printf("demo data ready. Accounts (password: %s):\n", kDemoPassword);
    for (const auto& a : *accounts) {
      std::printf("  %-16s %-20s %s\n", a.username.c_str(), a.role.c_str(), a.scope.c_str());
    }
    return 0;
  }
  if (name == "user") return AddUser(**app, *args);
  if (name == "routes") return PrintRoutes(**app);
  if (Status s = CheckSchema(**app); !s.ok()) return Fail(s);
  if (name == "audit" && args->subcommand == "verify") return VerifyAudit(**app);
  if (name == "import-certificates" && !args->subcommand.empty()) {
    return ImportCertificates(**app, args->subcommand, args->own);
  }
  if (name == "renewals" && args->subcommand == "run") return RunRenewals(**app);
  if (name == "bench-data") return BenchDataCommand(**app, args->own);
  PrintHelp(cmd);
  return 2;
}

}  // namespace
}  // namespace ocop::app

int main(int argc, char** argv) {
  try {
    return ocop::app::Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ocop: unexpected error: %s\n", e.what());
    return 1;
  }
}

#include "main/config.h"

#include <arpa/inet.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/date.h"
#include "core/text.h"
#include "mail/smtp_mailer.h"
#include "storage/open_store.h"

namespace ocop::app {
namespace {

Status Bad(const std::string& source, const std::string& key, const std::string& why) {
  return InvalidArgument("error.config").WithDetail(source + ": " + key + ": " + why);
}

Status Apply(Config& c, const std::string& key, const std::string& value,
             const std::string& source) {
  auto integer = [&](long long min, long long max, long long& out) -> Status {
    if (!text::IsDigits(value) || value.size() > 12)
      return Bad(source, key, "not a whole number: " + value);
    long long v = std::stoll(value);
    if (v < min || v > max) {
      return Bad(source, key, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = v;
    return Status::Ok();
  };
  auto boolean = [&](bool& out) -> Status {
    if (value == "true" || value == "1" || value == "yes")
      out = true;
    else if (value == "false" || value == "0" || value == "no")
      out = false;
    else
      return Bad(source, key, "must be true or false");
    return Status::Ok();
  };
  long long n = 0;
  if (key == "store")
    c.store = value;
  else if (key == "listen")
    c.listen = value;
  else if (key == "base_url")
    c.base_url = value;
  else if (key == "data_dir")
    c.data_dir = value;
  else if (key == "access_log")
    c.access_log = value;
  else if (key == "threads") {
    OCOP_RETURN_IF_ERROR(integer(2, 64, n));
    c.threads = static_cast<int>(n);
  } else if (key == "store_connections") {
    OCOP_RETURN_IF_ERROR(integer(1, 64, n));
    c.store_connections = static_cast<int>(n);
  } else if (key == "max_body_bytes") {
    OCOP_RETURN_IF_ERROR(integer(1024, 64LL << 20, c.max_body_bytes));
  } else if (key == "today") {
    if (!value.empty() && !CivilDate::Parse(value)) return Bad(source, key, "must be YYYY-MM-DD");
    c.today = value;
  } else if (key == "holidays_file") {
    c.holidays_file = value;
  } else if (key == "smtp_relay") {
    if (!value.empty() && !mail::IsRelayAddress(value))
      return Bad(source, key, "must be HOST:PORT");
    c.smtp_relay = value;
  } else if (key == "mail_from") {
    if (value.find('@') == std::string::npos) return Bad(source, key, "must be an e-mail address");
    c.mail_from = value;
  } else if (key == "renewal_interval_seconds") {
    OCOP_RETURN_IF_ERROR(integer(0, 86400, n));
    c.renewal_interval_seconds = static_cast<int>(n);
  } else if (key == "max_evidence_bytes") {
    OCOP_RETURN_IF_ERROR(integer(1024, 64LL << 20, c.max_evidence_bytes));
  } else if (key == "secure_cookies") {
    OCOP_RETURN_IF_ERROR(boolean(c.secure_cookies));
  } else if (key == "migrate") {
    OCOP_RETURN_IF_ERROR(boolean(c.migrate));
  } else {
    return Bad(source, key, "unknown setting");
  }
  return Status::Ok();
}

std::string FindDataDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
         dir = dir.parent_path()) {
      if (std::filesystem::exists(dir / "data" / "geo" / "provinces-2025.csv"))
        return (dir / "data").string();
    }
  }
  return "data";
}

Status Validate(Config& c) {
  if (!storage::IsStoreUrl(c.store)) {
    return Bad("configuration", "store",
               "must be sqlite:PATH, sqlite::memory: or postgresql://… (got '" + c.store + "')");
  }
  auto colon = c.listen.rfind(':');
  if (colon == std::string::npos) return Bad("configuration", "listen", "must be HOST:PORT");
  c.host = c.listen.substr(0, colon);
  std::string port = c.listen.substr(colon + 1);
  in_addr addr{};
  if (inet_pton(AF_INET, c.host.c_str(), &addr) != 1) {
    return Bad("configuration", "listen", "host must be an IPv4 address such as 127.0.0.1");
  }
  if (!text::IsDigits(port) || port.size() > 5 || std::stoi(port) > 65535) {
    return Bad("configuration", "listen", "port must be from 0 to 65535");
  }
  c.port = std::stoi(port);
  if (c.base_url.empty()) {
    c.base_url = "http://" + c.listen;
    c.base_url_from_listen = true;
  }
  if (c.base_url.rfind("http://", 0) != 0 && c.base_url.rfind("https://", 0) != 0) {
    return Bad("configuration", "base_url", "must start with http:// or https://");
  }
  while (c.base_url.size() > 8 && c.base_url.back() == '/') c.base_url.pop_back();
  if (c.data_dir.empty()) c.data_dir = FindDataDir();
  if (!std::filesystem::exists(c.data_dir + "/geo/provinces-2025.csv")) {
    return Bad("configuration", "data_dir", "no geo/provinces-2025.csv under " + c.data_dir);
  }
  if (c.holidays_file.empty()) c.holidays_file = c.data_dir + "/calendar/holidays.csv";
  return Status::Ok();
}

}  // namespace

const std::vector<Setting>& Settings() {
  static const std::vector<Setting> kSettings = {
      {"--store", "OCOP_STORE", "store",
       "store URL: sqlite:PATH, sqlite::memory:, postgresql://… (default sqlite:var/ocop.db)",
       false},
      {"--listen", "OCOP_LISTEN", "listen",
       "HOST:PORT to serve on; port 0 picks a free port (default 127.0.0.1:8080)", false},
      {"--base-url", "OCOP_BASE_URL", "base_url",
       "public address printed into QR codes (default http://LISTEN)", false},
      {"--data-dir", "OCOP_DATA_DIR", "data_dir",
       "reference data, templates and catalogues (default: found beside the binary)", false},
      {"--threads", "OCOP_THREADS", "threads", "HTTP worker threads, 2–64 (default 4)", false},
      {"--max-body-bytes", "OCOP_MAX_BODY_BYTES", "max_body_bytes",
       "largest request body accepted, but for file uploads; larger gets 413 (default 1048576)",
       false},
      {"--access-log", "OCOP_ACCESS_LOG", "access_log",
       "stderr, stdout, off or a file path (default stderr)", false},
      {"--store-connections", "OCOP_STORE_CONNECTIONS", "store_connections",
       "database connections for reads (default 4)", false},
      {"--secure-cookies", "OCOP_SECURE_COOKIES", "secure_cookies",
       "mark cookies Secure (behind a TLS proxy)", true},
      {"--today", "OCOP_TODAY", "today",
       "YYYY-MM-DD: run as if today were this date, time still passing (demos, tests)", false},
      {"--holidays-file", "OCOP_HOLIDAYS_FILE", "holidays_file",
       "CSV of public holidays (date,name) skipped by working-day deadlines "
       "(default DATA_DIR/calendar/holidays.csv)",
       false},
      {"--max-evidence-bytes", "OCOP_MAX_EVIDENCE_BYTES", "max_evidence_bytes",
       "largest evidence file or import a form accepts (default 8388608)", false},
      {"--renewal-interval-seconds", "OCOP_RENEWAL_INTERVAL_SECONDS", "renewal_interval_seconds",
       "serve: seconds between renewal passes (notifications of windows and expiries); "
       "0 turns it off (default 3600)",
       false},
      {"--smtp-relay", "OCOP_SMTP_RELAY", "smtp_relay",
       "HOST:PORT of an SMTP relay that delivers the e-mail outbox (default: none, mails wait)",
       false},
      {"--mail-from", "OCOP_MAIL_FROM", "mail_from",
       "sender address of the e-mails (default ocop@localhost)", false},
      {"--migrate", "OCOP_MIGRATE", "migrate", "serve: apply pending migrations at start", true},
  };
  return kSettings;
}

Result<Config> LoadConfig(const std::string& config_file,
                          const std::map<std::string, std::string>& flags) {
  Config c;
  if (!config_file.empty()) {
    OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(config_file));
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(content);
    } catch (const nlohmann::json::exception& e) {
      return Err(Bad(config_file, "(file)", std::string("not valid JSON: ") + e.what()));
    }
    if (!json.is_object()) return Err(Bad(config_file, "(file)", "must be a JSON object"));
    for (const auto& [key, value] : json.items()) {
      std::string text;
      if (value.is_string())
        text = value.get<std::string>();
      else if (value.is_boolean())
        text = value.get<bool>() ? "true" : "false";
      else if (value.is_number_integer())
        text = std::to_string(value.get<long long>());
      else
        return Err(Bad(config_file, key, "must be a string, number or boolean"));
      OCOP_RETURN_IF_ERROR(Apply(c, key, text, config_file));
    }
  }
  for (const Setting& s : Settings()) {
    if (const char* v = std::getenv(s.env); v && *v) {
      OCOP_RETURN_IF_ERROR(Apply(c, s.key, v, std::string("environment ") + s.env));
    }
  }
  for (const Setting& s : Settings()) {
    auto it = flags.find(s.flag);
    if (it != flags.end())
      OCOP_RETURN_IF_ERROR(Apply(c, s.key, it->second, std::string("flag ") + s.flag));
  }
  OCOP_RETURN_IF_ERROR(Validate(c));
  return c;
}

}  // namespace ocop::app

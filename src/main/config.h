// Configuration: defaults in code, then a JSON file (--config), then OCOP_*
// environment variables, then command-line flags; validated before use.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace ocop::app {

struct Config {
  std::string store = "sqlite:var/ocop.db";
  std::string listen = "127.0.0.1:8080";
  std::string base_url;               // default: http://{listen}
  bool base_url_from_listen = false;  // serve on port 0 then uses the port it got
  std::string data_dir;  // default: found beside the binary or in the working directory
  int threads = 4;
  long long max_body_bytes = 1 << 20;  // file uploads: max_evidence_bytes + 64 KiB
  std::string access_log = "stderr";   // "stderr", "stdout", "off" or a file path
  bool secure_cookies = false;
  bool migrate = false;  // serve: run migrations at start
  int store_connections = 4;
  std::string today;          // YYYY-MM-DD: run as if today were this date (demos, tests)
  std::string holidays_file;  // public holidays for working-day deadlines (default data/calendar)
  long long max_evidence_bytes = 8 << 20;
  int renewal_interval_seconds = 3600;
  std::string smtp_relay;  // HOST:PORT of a relay for the e-mail outbox; empty: mails wait unsent
  std::string mail_from = "ocop@localhost";  // serve: how often the renewal pass runs; 0 = never

  // Host and port of `listen`, valid after Validate().
  std::string host;
  int port = 0;
};

// One setting as a flag, its environment variable and JSON key.
struct Setting {
  const char* flag;  // "--store"
  const char* env;   // "OCOP_STORE"
  const char* key;   // "store"
  const char* help;
  bool is_switch;  // takes no value
};
const std::vector<Setting>& Settings();

// Applies file, environment and flags in that order. `flags` holds the
// settings' flags given on the command line; `config_file` may be empty.
// InvalidArgument naming the source and the setting on any bad value.
Result<Config> LoadConfig(const std::string& config_file,
                          const std::map<std::string, std::string>& flags);

}  // namespace ocop::app

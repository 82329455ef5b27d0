// Mustache templates of the pages (data/templates/*.mustache), read once at
// start. Rendering is thread-safe: a parsed template keeps state while it
// renders, so each thread parses its own copy once and keeps it (parsing on
// every call was a quarter of the verification page's cost).
#pragma once

#include <kainjow/mustache.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "core/status.h"

namespace ocop::web {

using Data = kainjow::mustache::data;

class Templates {
 public:
  // Loads every *.mustache file in `dir` and checks that each one parses.
  static Result<Templates> Load(const std::string& dir);
  // Renders template `name` (file name without extension) into the layout.
  std::string Page(const std::string& name, const Data& data) const;
  std::string Render(const std::string& name, const Data& data) const;

 private:
  std::uint64_t serial_ = 0;  // tells the per-thread caches of two Templates apart
  std::map<std::string, std::string> sources_;
};

}  // namespace ocop::web

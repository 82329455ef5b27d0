// Mustache templates of the pages (data/templates/*.mustache), read once at
// start. Rendering is thread-safe: each call parses its own copy.
#pragma once

#include <kainjow/mustache.hpp>
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
  std::map<std::string, std::string> sources_;
};

}  // namespace ocop::web

// Mustache templates of the pages (data/templates/*.mustache), read once at
// start. A template's `{{t.key}}` tags are the catalogue's texts ('.' in a
// catalogue key is '_' in the tag): they are filled in once per language, so
// a page's data carries only what changes (copying the whole catalogue into
// every page's data was most of a page's cost). Rendering is thread-safe: a
// parsed template keeps state while it renders, so each thread parses its
// own copy once per language and keeps it.
#pragma once

#include <cstdint>
#include <kainjow/mustache.hpp>
#include <map>
#include <string>

#include "core/status.h"

namespace ocop::web {

using Data = kainjow::mustache::data;

// One language's texts, by catalogue key; must outlive the Templates.
struct Texts {
  std::string lang;
  const std::map<std::string, std::string>* by_key = nullptr;
};

class Templates {
 public:
  // Loads every *.mustache file in `dir` and checks that each one parses.
  static Result<Templates> Load(const std::string& dir);
  // Renders template `name` (file name without extension) into the layout.
  std::string Page(const std::string& name, const Data& data, const Texts& texts) const;
  std::string Render(const std::string& name, const Data& data, const Texts& texts) const;

 private:
  std::uint64_t serial_ = 0;  // tells the per-thread caches of two Templates apart
  std::map<std::string, std::string> sources_;
};

// `source` with each `{{t.key}}` (HTML-escaped) and `{{{t.key}}}` or
// `{{&t.key}}` (as is) replaced by its text from `texts`; tags of unknown
// keys and every other tag are left for the renderer.
std::string Localize(const std::string& source, const std::map<std::string, std::string>& texts);

}  // namespace ocop::web

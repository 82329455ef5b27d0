#include "web/templates.h"

#include <filesystem>

#include "core/csv.h"

namespace ocop::web {

Result<Templates> Templates::Load(const std::string& dir) {
  Templates t;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".mustache") continue;
    OCOP_ASSIGN_OR_RETURN(std::string source, csv::ReadFile(entry.path().string()));
    kainjow::mustache::mustache parsed(source);
    if (!parsed.is_valid()) {
      return Err(InvalidArgument(entry.path().string() + ": " + parsed.error_message()));
    }
    t.sources_[entry.path().stem().string()] = std::move(source);
  }
  if (ec) return Err(NotFound("templates directory " + dir + ": " + ec.message()));
  if (!t.sources_.count("layout")) return Err(NotFound(dir + "/layout.mustache is missing"));
  return t;
}

std::string Templates::Render(const std::string& name, const Data& data) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) return "template " + name + " is missing";
  kainjow::mustache::mustache tmpl(it->second);
  return tmpl.render(data);
}

std::string Templates::Page(const std::string& name, const Data& data) const {
  Data with_content = data;
  with_content.set("content", Render(name, data));
  return Render("layout", with_content);
}

}  // namespace ocop::web

#include "web/templates.h"

#include <atomic>
#include <filesystem>
#include <memory>

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
  static std::atomic<std::uint64_t> serials{0};
  t.serial_ = ++serials;
  return t;
}

std::string Templates::Render(const std::string& name, const Data& data) const {
  thread_local std::map<std::pair<std::uint64_t, std::string>,
                        std::unique_ptr<kainjow::mustache::mustache>>
      parsed;
  auto& tmpl = parsed[{serial_, name}];
  if (!tmpl) {
    auto it = sources_.find(name);
    if (it == sources_.end()) return "template " + name + " is missing";
    tmpl = std::make_unique<kainjow::mustache::mustache>(it->second);
  }
  return tmpl->render(data);
}

std::string Templates::Page(const std::string& name, const Data& data) const {
  Data with_content = data;
  with_content.set("content", Render(name, data));
  return Render("layout", with_content);
}

}  // namespace ocop::web

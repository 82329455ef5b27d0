#include "web/templates.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <tuple>
#include <unordered_map>

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

std::string Localize(const std::string& source, const std::map<std::string, std::string>& texts) {
  std::unordered_map<std::string, const std::string*> by_tag;
  for (const auto& [key, text] : texts) {
    std::string tag = key;
    for (char& c : tag) {
      if (c == '.') c = '_';
    }
    by_tag.emplace(std::move(tag), &text);
  }
  std::string out;
  out.reserve(source.size() + source.size() / 4);
  std::size_t at = 0;
  for (;;) {
    const std::size_t open = source.find("{{", at);
    if (open == std::string::npos) break;
    const bool triple = source.compare(open, 3, "{{{") == 0;
    std::size_t name = open + (triple ? 3 : 2);
    const bool ampersand = !triple && name < source.size() && source[name] == '&';
    if (ampersand) ++name;
    while (name < source.size() && source[name] == ' ') ++name;
    const std::string close = triple ? "}}}" : "}}";
    const std::size_t end = source.find(close, name);
    if (end == std::string::npos) break;
    std::size_t name_end = end;
    while (name_end > name && source[name_end - 1] == ' ') --name_end;
    out.append(source, at, open - at);
    auto text = source.compare(name, 2, "t.") == 0
                    ? by_tag.find(source.substr(name + 2, name_end - name - 2))
                    : by_tag.end();
    if (text == by_tag.end()) {
      out.append(source, open, end + close.size() - open);
    } else {
      out += triple || ampersand ? *text->second
                                 : kainjow::mustache::html_escape<std::string>(*text->second);
    }
    at = end + close.size();
  }
  out.append(source, at);
  return out;
}

std::string Templates::Render(const std::string& name, const Data& data, const Texts& texts) const {
  using Key = std::tuple<std::uint64_t, std::string, std::string>;
  thread_local std::map<Key, std::unique_ptr<kainjow::mustache::mustache>> parsed;
  auto& tmpl = parsed[Key{serial_, name, texts.lang}];
  if (!tmpl) {
    auto it = sources_.find(name);
    if (it == sources_.end()) return "template " + name + " is missing";
    tmpl = std::make_unique<kainjow::mustache::mustache>(
        texts.by_key ? Localize(it->second, *texts.by_key) : it->second);
  }
  return tmpl->render(data);
}

std::string Templates::Page(const std::string& name, const Data& data, const Texts& texts) const {
  Data with_content = data;
  with_content.set("content", Render(name, data, texts));
  return Render("layout", with_content, texts);
}

}  // namespace ocop::web

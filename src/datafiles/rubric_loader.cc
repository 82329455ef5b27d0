#include "datafiles/rubric_loader.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/csv.h"

namespace ocop::datafiles {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Typed reads that name the field on failure (collected, not thrown away).
class Reader {
 public:
  Reader(std::string file, FieldErrors& errors) : file_(std::move(file)), errors_(errors) {}

  std::string Text(const json& obj, const char* key, const std::string& where,
                   bool required = true) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) Fail(where, key, "is missing");
      return {};
    }
    if (!it->is_string()) {
      Fail(where, key, "must be text");
      return {};
    }
    return it->get<std::string>();
  }
  double Number(const json& obj, const char* key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_number()) {
      Fail(where, key, "must be a number");
      return 0;
    }
    return it->get<double>();
  }
  int Integer(const json& obj, const char* key, const std::string& where, int fallback) {
    auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    if (!it->is_number_integer()) {
      Fail(where, key, "must be a whole number");
      return fallback;
    }
    return it->get<int>();
  }
  const json& Array(const json& obj, const char* key, const std::string& where) {
    static const json kEmpty = json::array();
    auto it = obj.find(key);
    if (it == obj.end()) return kEmpty;
    if (!it->is_array()) {
      Fail(where, key, "must be a list");
      return kEmpty;
    }
    return *it;
  }
  void Fail(const std::string& where, const std::string& key, const std::string& what) {
    errors_.Add(file_ + ": " + (where.empty() ? key : where + ": " + key), "error.rubric.invalid",
                {{"problem", what}});
  }

 private:
  std::string file_;
  FieldErrors& errors_;
};

Result<json> ReadJson(const std::string& path) {
  OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(path));
  try {
    return json::parse(content);
  } catch (const json::exception& e) {
    return Err(InvalidArgument("error.rubric.invalid_file",
                               {{path, {"error.rubric.invalid", {{"problem", e.what()}}}}}));
  }
}

domain::RubricSet ReadSet(Reader& in, const json& doc, std::map<std::string, double>& part_maxima) {
  domain::RubricSet set;
  set.rubric = in.Text(doc, "rubric", "");
  set.number = in.Integer(doc, "set", "", 0);
  set.name_vi = in.Text(doc, "name_vi", "");
  set.name_en = in.Text(doc, "name_en", "");
  if (auto it = doc.find("part_maxima"); it != doc.end() && it->is_object()) {
    for (const auto& [k, v] : it->items()) {
      if (v.is_number()) part_maxima[k] = v.get<double>();
    }
  }
  for (const auto& d : in.Array(doc, "disqualifiers", "")) {
    set.disqualifiers.push_back({in.Text(d, "id", "disqualifier"),
                                 in.Text(d, "text_vi", "disqualifier"),
                                 in.Text(d, "text_en", "disqualifier", false)});
  }
  for (const auto& p : in.Array(doc, "parts", "")) {
    domain::RubricPart part;
    part.id = in.Text(p, "id", "part");
    const std::string pw = "part " + part.id;
    part.title_vi = in.Text(p, "title_vi", pw);
    part.title_en = in.Text(p, "title_en", pw, false);
    part.max = in.Number(p, "max", pw);
    for (const auto& b : in.Array(p, "blocks", pw)) {
      domain::RubricBlock block;
      block.id = in.Text(b, "id", pw + ": block");
      const std::string bw = pw + ": block " + block.id;
      block.title_vi = in.Text(b, "title_vi", bw);
      block.title_en = in.Text(b, "title_en", bw, false);
      block.max = in.Number(b, "max", bw);
      for (const auto& c : in.Array(b, "criteria", bw)) {
        domain::Criterion crit;
        crit.id = in.Text(c, "id", bw + ": criterion");
        const std::string cw = "criterion " + crit.id;
        crit.title_vi = in.Text(c, "title_vi", cw);
        crit.title_en = in.Text(c, "title_en", cw);
        crit.max = in.Number(c, "max", cw);
        crit.note_vi = in.Text(c, "note_vi", cw, false);
        crit.part_id = part.id;
        if (auto y = c.find("yes_no"); y != c.end())
          crit.yes_no = y->is_boolean() && y->get<bool>();
        if (auto s = c.find("stop_rule"); s != c.end()) {
          crit.stop_rule = domain::StopRule{in.Text(*s, "text_vi", cw + ": stop_rule"),
                                            in.Text(*s, "text_en", cw + ": stop_rule", false)};
        }
        int ordinal = 0;
        for (const auto& o : in.Array(c, "options", cw)) {
          const std::string ow = cw + ": option " + std::to_string(++ordinal);
          crit.options.push_back({in.Number(o, "points", ow), in.Text(o, "text_vi", ow),
                                  in.Integer(o, "min_stars", ow, 0)});
        }
        block.criteria.push_back(std::move(crit));
      }
      part.blocks.push_back(std::move(block));
    }
    set.parts.push_back(std::move(part));
  }
  set.BuildIndex();
  return set;
}

Result<domain::RubricVersion> LoadVersion(const fs::path& folder) {
  const std::string version_file = (folder / "rubric.json").string();
  OCOP_ASSIGN_OR_RETURN(json doc, ReadJson(version_file));
  FieldErrors errors;
  Reader in(version_file, errors);
  domain::RubricVersion v;
  v.id = in.Text(doc, "id", "");
  if (v.id != folder.filename().string()) in.Fail("", "id", "must be the folder's name");
  v.title_vi = in.Text(doc, "title_vi", "");
  v.title_en = in.Text(doc, "title_en", "", false);
  v.in_force_from = in.Text(doc, "in_force_from", "", false);
  if (auto it = doc.find("parts"); it != doc.end() && it->is_object()) {
    for (const auto& [k, val] : it->items()) v.parts[k] = val.is_number() ? val.get<double>() : 0;
  } else {
    in.Fail("", "parts", "must map part ids to their maxima");
  }
  v.total = in.Number(doc, "total", "");
  for (const auto& b : in.Array(doc, "bands", "")) {
    v.bands.push_back({in.Integer(b, "stars", "band", 0), in.Number(b, "min", "band")});
  }
  std::sort(v.bands.begin(), v.bands.end(),
            [](const auto& a, const auto& b) { return a.min > b.min; });
  if (v.bands.empty()) in.Fail("", "bands", "none");
  v.certifiable_from_stars = in.Integer(doc, "certifiable_from_stars", "", 3);
  v.set_count = in.Integer(doc, "sets", "", 0);
  if (!errors.empty())
    return Err(InvalidArgument("error.rubric.invalid_file", errors.ToStatus().fields()));

  std::vector<FieldViolation> problems;
  for (int n = 1; n <= v.set_count; ++n) {
    char name[32];
    std::snprintf(name, sizeof name, "set-%02d.json", n);
    const std::string file = (folder / name).string();
    auto set_doc = ReadJson(file);
    if (!set_doc) {
      const auto& f = set_doc.error().fields();
      problems.insert(problems.end(), f.begin(), f.end());
      if (f.empty())
        problems.push_back({file, {"error.rubric.invalid", {{"problem", "cannot be read"}}}});
      continue;
    }
    FieldErrors set_errors;
    Reader set_in(file, set_errors);
    std::map<std::string, double> part_maxima;
    domain::RubricSet set = ReadSet(set_in, *set_doc, part_maxima);
    if (set.number != n)
      set_in.Fail("", "set", "must be " + std::to_string(n) + ", as the file name says");
    Status checked =
        set_errors.empty() ? domain::ValidateSet(v, set, part_maxima, file) : set_errors.ToStatus();
    if (!checked.ok()) {
      problems.insert(problems.end(), checked.fields().begin(), checked.fields().end());
      continue;
    }
    v.sets.emplace(n, std::move(set));
  }
  if (!problems.empty())
    return Err(InvalidArgument("error.rubric.invalid_file", std::move(problems)));
  return v;
}

}  // namespace

Result<domain::RubricCatalog> LoadRubrics(const std::string& dir) {
  domain::RubricCatalog catalog;
  std::error_code ec;
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "rubric.json"))
      folders.push_back(entry.path());
  }
  if (ec) return Err(NotFound("rubrics directory " + dir + ": " + ec.message()));
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    OCOP_ASSIGN_OR_RETURN(domain::RubricVersion v, LoadVersion(folder));
    catalog.versions.emplace(v.id, std::move(v));
  }
  return catalog;
}

}  // namespace ocop::datafiles

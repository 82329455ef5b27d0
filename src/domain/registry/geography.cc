#include "domain/registry/geography.h"

#include <algorithm>

#include "core/csv.h"
#include "core/text.h"

namespace ocop::domain {
namespace {

Result<std::vector<csv::Row>> LoadTable(const std::string& path, std::size_t columns) {
  OCOP_ASSIGN_OR_RETURN(std::string content, csv::ReadFile(path));
  OCOP_ASSIGN_OR_RETURN(std::vector<csv::Row> rows, csv::Parse(content));
  if (rows.empty()) return Err(InvalidArgument(path + ": empty file"));
  rows.erase(rows.begin());  // header
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != columns) {
      return Err(InvalidArgument(path + ": line " + std::to_string(i + 2) + " has " +
                                 std::to_string(rows[i].size()) + " fields, expected " +
                                 std::to_string(columns)));
    }
  }
  return rows;
}

// The name without its unit-type prefix, folded ("Tỉnh Đắk Lắk" → "dak lak"),
// so that a search for the bare name ranks it first.
bool Contains(const std::string& folded_name, const std::string& folded_query) {
  return folded_name.find(folded_query) != std::string::npos;
}

}  // namespace

Result<Geography> Geography::Load(const std::string& dir) {
  Geography g;
  const std::string provinces_path = dir + "/provinces-2025.csv";
  const std::string communes_path = dir + "/communes-2025.csv";
  OCOP_ASSIGN_OR_RETURN(auto provinces, LoadTable(provinces_path, 3));
  for (std::size_t i = 0; i < provinces.size(); ++i) {
    auto& r = provinces[i];
    if (r[0].size() != 2 || !text::IsDigits(r[0])) {
      return Err(InvalidArgument(provinces_path + ": line " + std::to_string(i + 2) +
                                 ": bad province code '" + r[0] + "'"));
    }
    g.province_index_[r[0]] = g.provinces_.size();
    g.provinces_.push_back({r[0], r[1], r[2], text::FoldForSearch(r[1])});
  }
  OCOP_ASSIGN_OR_RETURN(auto communes, LoadTable(communes_path, 4));
  for (std::size_t i = 0; i < communes.size(); ++i) {
    auto& r = communes[i];
    if (r[0].size() != 5 || !text::IsDigits(r[0]) || !g.province_index_.count(r[3])) {
      return Err(InvalidArgument(communes_path + ": line " + std::to_string(i + 2) +
                                 ": bad commune code or unknown province"));
    }
    g.commune_index_[r[0]] = g.communes_.size();
    g.communes_.push_back({r[0], r[1], r[2], r[3], text::FoldForSearch(r[1])});
  }
  std::sort(g.communes_.begin(), g.communes_.end(),
            [](const Commune& a, const Commune& b) { return a.code < b.code; });
  for (std::size_t i = 0; i < g.communes_.size(); ++i) g.commune_index_[g.communes_[i].code] = i;
  return g;
}

const Province* Geography::FindProvince(std::string_view code) const {
  auto it = province_index_.find(std::string(code));
  return it == province_index_.end() ? nullptr : &provinces_[it->second];
}

const Commune* Geography::FindCommune(std::string_view code) const {
  auto it = commune_index_.find(std::string(code));
  return it == commune_index_.end() ? nullptr : &communes_[it->second];
}

std::vector<const Commune*> Geography::CommunesOf(std::string_view province_code) const {
  std::vector<const Commune*> out;
  for (const auto& c : communes_) {
    if (c.province_code == province_code) out.push_back(&c);
  }
  return out;
}

std::vector<const Province*> Geography::SearchProvinces(std::string_view query,
                                                        std::size_t limit) const {
  std::string q = text::FoldForSearch(query);
  std::vector<const Province*> out;
  for (const auto& p : provinces_) {
    if (out.size() >= limit) break;
    if (Contains(p.folded_name, q)) out.push_back(&p);
  }
  return out;
}

std::vector<const Commune*> Geography::SearchCommunes(std::string_view query,
                                                      std::string_view province_code,
                                                      std::size_t limit) const {
  std::string q = text::FoldForSearch(query);
  std::vector<const Commune*> out;
  for (const auto& c : communes_) {
    if (out.size() >= limit) break;
    if (!province_code.empty() && c.province_code != province_code) continue;
    if (Contains(c.folded_name, q)) out.push_back(&c);
  }
  return out;
}

}  // namespace ocop::domain

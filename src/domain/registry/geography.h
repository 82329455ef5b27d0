// Đơn vị hành chính: Vietnam's 34 provinces and 3,321 communes after the
// 1 July 2025 reform, loaded from data/geo at start. Immutable once loaded,
// so it is safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

struct Province {
  std::string code;  // 2 digits, e.g. "52" Gia Lai
  std::string name;  // "Tỉnh Gia Lai"
  std::string division_type;
  std::string folded_name;  // for search
};

struct Commune {
  std::string code;  // 5 digits
  std::string name;
  std::string division_type;  // xã, phường, đặc khu
  std::string province_code;
  std::string folded_name;
};

class Geography {
 public:
  // Loads provinces-2025.csv and communes-2025.csv from `dir`; errors name the
  // file and line.
  static Result<Geography> Load(const std::string& dir);

  const std::vector<Province>& provinces() const { return provinces_; }
  const Province* FindProvince(std::string_view code) const;
  const Commune* FindCommune(std::string_view code) const;
  // Communes of one province, in code order; empty for an unknown province.
  std::vector<const Commune*> CommunesOf(std::string_view province_code) const;
  std::size_t commune_count() const { return communes_.size(); }

  // Provinces and communes whose name contains `query`, matched with or
  // without diacritics ("dak lak" finds "Đắk Lắk"). At most `limit` each.
  std::vector<const Province*> SearchProvinces(std::string_view query, std::size_t limit) const;
  std::vector<const Commune*> SearchCommunes(std::string_view query, std::string_view province_code,
                                             std::size_t limit) const;

 private:
  std::vector<Province> provinces_;
  std::vector<Commune> communes_;
  std::unordered_map<std::string, std::size_t> province_index_;
  std::unordered_map<std::string, std::size_t> commune_index_;
};

}  // namespace ocop::domain

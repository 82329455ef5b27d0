#include "domain/certification/legacy_import.h"

#include <array>
#include <cstdint>
#include <optional>
#include <set>

#include "core/text.h"
#include "domain/certification/certificate.h"

namespace ocop::domain {
namespace {

using Row = std::vector<std::string>;

enum class Column {
  kNumber,
  kProduct,
  kProducer,
  kProvince,
  kCommune,
  kProductSet,
  kStars,
  kIssued,
  kExpires,
  kAuthority,
  kDecision,
  kRubric,
};
constexpr std::size_t kColumnCount = 12;

enum class Need { kRequired, kOptional };

// A column's canonical id (also its English header) and the other header names it goes by,
// already folded.
struct ColumnSpec {
  Column column;
  std::string_view id;
  std::array<std::string_view, 3> aliases;
  Need need;
};

constexpr std::array<ColumnSpec, kColumnCount> kColumns = {{
    {Column::kNumber,
     "number",
     {"so_chung_nhan", "certificate_number", "so_giay_chung_nhan"},
     Need::kRequired},
    {Column::kProduct, "product", {"ten_san_pham", "product_name", "san_pham"}, Need::kRequired},
    {Column::kProducer,
     "producer",
     {"chu_the", "producer_name", "chu_the_san_xuat"},
     Need::kRequired},
    {Column::kProvince, "province", {"ma_tinh", "province_code", ""}, Need::kRequired},
    {Column::kCommune, "commune", {"ma_xa", "commune_code", ""}, Need::kOptional},
    {Column::kProductSet, "product_set", {"bo_san_pham", "", ""}, Need::kOptional},
    {Column::kStars, "stars", {"so_sao", "hang_sao", ""}, Need::kRequired},
    {Column::kIssued, "issued", {"ngay_cap", "issued_on", ""}, Need::kRequired},
    {Column::kExpires, "expires", {"ngay_het_han", "expires_on", ""}, Need::kOptional},
    {Column::kAuthority, "authority", {"co_quan_cap", "", ""}, Need::kRequired},
    {Column::kDecision, "decision", {"so_quyet_dinh", "decision_number", ""}, Need::kRequired},
    {Column::kRubric, "rubric", {"bo_tieu_chi", "rubric_version", ""}, Need::kOptional},
}};

const ColumnSpec& Spec(Column c) { return kColumns[static_cast<std::size_t>(c)]; }

// Excel's serials in the 1900 system: 61 is 1900-03-01 (serials up to 60 straddle Excel's
// phantom 29 February 1900), 2958465 is 9999-12-31; 25569 is 1970-01-01.
constexpr std::int64_t kFirstSerial = 61;
constexpr std::int64_t kLastSerial = 2958465;
constexpr std::int64_t kSerialOfUnixEpoch = 25569;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// "Số chứng nhận (*)" → "so_chung_nhan": folded, "*" and "()" dropped, spaces and hyphens as "_".
std::string HeaderKey(std::string_view header) {
  if (header.starts_with(kUtf8Bom)) header.remove_prefix(kUtf8Bom.size());
  if (!text::IsValidUtf8(header)) return {};
  std::string cleaned;
  for (char c : header) {
    if (c != '*') cleaned += c;
  }
  for (auto at = cleaned.find("()"); at != std::string::npos; at = cleaned.find("()")) {
    cleaned.erase(at, 2);
  }
  std::string key = text::FoldForSearch(cleaned);
  for (char& c : key) {
    if (c == ' ' || c == '-') c = '_';
  }
  return key;
}

std::optional<Column> ColumnOfHeader(std::string_view header) {
  const std::string key = HeaderKey(header);
  if (key.empty()) return std::nullopt;
  for (const auto& spec : kColumns) {
    if (key == spec.id) return spec.column;
    for (auto alias : spec.aliases) {
      if (!alias.empty() && key == alias) return spec.column;
    }
  }
  return std::nullopt;
}

// Where each column sits in the table (-1: absent).
using ColumnIndex = std::array<int, kColumnCount>;

ColumnIndex MapHeader(const Row& header, std::vector<RowError>& errors) {
  ColumnIndex index;
  index.fill(-1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto column = ColumnOfHeader(header[i]);
    if (!column) continue;
    int& slot = index[static_cast<std::size_t>(*column)];
    if (slot >= 0) {
      errors.push_back({1, std::string(Spec(*column).id), "error.import.duplicate_column"});
      continue;
    }
    slot = static_cast<int>(i);
  }
  for (const auto& spec : kColumns) {
    if (spec.need == Need::kRequired && index[static_cast<std::size_t>(spec.column)] < 0) {
      errors.push_back({1, std::string(spec.id), "error.import.missing_column"});
    }
  }
  return index;
}

// C0 controls (tab and line breaks included), DEL and the C1 controls U+0080..U+009F.
bool HasControlCharacter(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
  }
  return false;
}

bool IsBlankRow(const Row& row) {
  for (const auto& cell : row) {
    if (!text::Trim(cell).empty()) return false;
  }
  return true;
}

// "4", "4.0" → 4; nullopt unless digits with at most a zero fraction (how spreadsheets write
// whole numbers), at most 9 digits.
std::optional<int> WholeNumber(std::string_view s) {
  auto dot = s.find('.');
  if (dot != std::string_view::npos) {
    auto fraction = s.substr(dot + 1);
    if (fraction.find_first_not_of('0') != std::string_view::npos) return std::nullopt;
    s = s.substr(0, dot);
  }
  if (!text::IsDigits(s) || s.size() > 9) return std::nullopt;
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// "1/7/2025" → "01/07/2025"; other text unchanged.
std::string PadDayMonth(std::string_view s) {
  auto first = s.find('/');
  auto second = first == std::string_view::npos ? first : s.find('/', first + 1);
  if (second == std::string_view::npos) return std::string(s);
  auto day = s.substr(0, first), month = s.substr(first + 1, second - first - 1);
  auto pad = [](std::string_view part) {
    return part.size() == 1 ? "0" + std::string(part) : std::string(part);
  };
  return pad(day) + "/" + pad(month) + "/" + std::string(s.substr(second + 1));
}

// An Excel date serial ("45231", or "45231.5" with a time of day), 1900 system.
std::optional<CivilDate> FromExcelSerial(std::string_view s) {
  auto dot = s.find('.');
  auto whole = s.substr(0, dot);
  if (!text::IsDigits(whole) || whole.size() > 7) return std::nullopt;
  if (dot != std::string_view::npos && !text::IsDigits(s.substr(dot + 1))) return std::nullopt;
  std::int64_t serial = 0;
  for (char c : whole) serial = serial * 10 + (c - '0');
  if (serial < kFirstSerial || serial > kLastSerial) return std::nullopt;
  return CivilDate::FromDaysSinceEpoch(serial - kSerialOfUnixEpoch);
}

// dd/mm/yyyy (or d/m/yyyy), YYYY-MM-DD (optionally followed by "T" and a time), or a serial.
std::optional<CivilDate> ParseDate(std::string_view s) {
  if (s.find('/') != std::string_view::npos) return CivilDate::ParseDisplay(PadDayMonth(s));
  if (s.find('-') != std::string_view::npos) {
    if (s.size() > 10 && s[10] == 'T') s = s.substr(0, 10);
    return CivilDate::Parse(s);
  }
  return FromExcelSerial(s);
}

// Digits only, left-padded with zeros to `width` (Excel drops the zeros of numeric cells).
std::optional<std::string> PaddedCode(std::string_view s, std::size_t width) {
  if (!text::IsDigits(s) || s.size() > width) return std::nullopt;
  return std::string(width - s.size(), '0') + std::string(s);
}

// The checks of one data row; collects every error of the row.
class RowValidator {
 public:
  RowValidator(const Row& row, int line, const ColumnIndex& index, std::vector<RowError>& errors)
      : row_(row), line_(line), index_(index), errors_(errors), first_error_(errors.size()) {}

  bool ok() const { return errors_.size() == first_error_; }

  void Fail(Column column, std::string_view key) {
    errors_.push_back({line_, std::string(Spec(column).id), std::string(key)});
  }

  // The cell trimmed and in NFC ("" when the column is absent or the cell blank); nullopt, with
  // error.import.text, for bad text; error.import.required for a blank required cell.
  std::optional<std::string> Text(Column column) {
    int at = index_[static_cast<std::size_t>(column)];
    std::string_view raw = at >= 0 && static_cast<std::size_t>(at) < row_.size()
                               ? std::string_view(row_[at])
                               : std::string_view();
    if (!text::IsValidUtf8(raw)) {
      Fail(column, "error.import.text");
      return std::nullopt;
    }
    std::string value = text::ToNfc(text::Trim(raw));
    if (HasControlCharacter(value)) {
      Fail(column, "error.import.text");
      return std::nullopt;
    }
    if (value.empty() && Spec(column).need == Need::kRequired) {
      Fail(column, "error.import.required");
      return std::nullopt;
    }
    return value;
  }

  // A non-empty cell parsed by `parse`; `key` when it does not parse. nullopt for an empty cell
  // or an error.
  template <typename Parse>
  auto Parsed(Column column, std::string_view key, Parse parse) -> decltype(parse("")) {
    auto value = Text(column);
    if (!value || value->empty()) return std::nullopt;
    auto parsed = parse(*value);
    if (!parsed) Fail(column, key);
    return parsed;
  }

 private:
  const Row& row_;
  int line_;
  const ColumnIndex& index_;
  std::vector<RowError>& errors_;
  std::size_t first_error_;
};

void CheckPlace(RowValidator& v, const Geography& geography, LegacyCertificate& out) {
  auto province = v.Parsed(Column::kProvince, "error.import.province", [&](std::string_view s) {
    auto code = PaddedCode(s, 2);
    return code && geography.FindProvince(*code) ? code : std::nullopt;
  });
  if (province) out.province_code = *province;
  auto commune = v.Parsed(Column::kCommune, "error.import.commune", [&](std::string_view s) {
    auto code = PaddedCode(s, 5);
    const Commune* found = code ? geography.FindCommune(*code) : nullptr;
    if (found == nullptr) return std::optional<std::string>();
    // With an unknown province only the commune's existence can be checked.
    if (province && found->province_code != *province) return std::optional<std::string>();
    return code;
  });
  if (commune) out.commune_code = *commune;
}

void CheckNumbers(RowValidator& v, LegacyCertificate& out) {
  auto set = v.Parsed(Column::kProductSet, "error.import.product_set", [](std::string_view s) {
    auto n = WholeNumber(s);
    return n && *n >= 1 && *n <= 26 ? n : std::nullopt;
  });
  if (set) out.product_set = *set;
  auto stars = v.Parsed(Column::kStars, "error.import.stars", [](std::string_view s) {
    auto n = WholeNumber(s);
    return n && *n >= 3 && *n <= 5 ? n : std::nullopt;
  });
  if (stars) out.stars = *stars;
}

void CheckDates(RowValidator& v, const CivilDate& today, LegacyCertificate& out) {
  auto issued = v.Parsed(Column::kIssued, "error.import.date", ParseDate);
  if (issued && *issued > today) v.Fail(Column::kIssued, "error.import.issued_future");
  auto expires = v.Parsed(Column::kExpires, "error.import.date", ParseDate);
  if (!issued) return;
  out.issued = *issued;
  out.expires = expires ? *expires : ExpiryOf(*issued);
  if (!expires) return;
  if (*expires <= *issued) v.Fail(Column::kExpires, "error.import.expiry_order");
  if (*expires > ExpiryOf(*issued)) v.Fail(Column::kExpires, "error.import.expiry_too_long");
}

// Validates one data row in column order; the certificate when the row has no error.
std::optional<LegacyCertificate> ValidateRow(const Row& row, int line, const ColumnIndex& index,
                                             const Geography& geography, const CivilDate& today,
                                             std::set<std::string>& numbers,
                                             std::vector<RowError>& errors) {
  RowValidator v(row, line, index, errors);
  LegacyCertificate out;
  out.row = line;
  if (auto number = v.Text(Column::kNumber)) {
    out.number = *number;
    if (!numbers.insert(*number).second) v.Fail(Column::kNumber, "error.import.duplicate");
    // The platform's own numbers ("OCOP-52-2026-00017") are issued by the
    // platform only: an imported one would block a future certificate. A
    // '|' would blur the signed message's fields.
    if (number->rfind("OCOP-", 0) == 0 || number->find('|') != std::string::npos) {
      v.Fail(Column::kNumber, "error.import.reserved_number");
    }
  }
  out.product_name = v.Text(Column::kProduct).value_or("");
  out.producer_name = v.Text(Column::kProducer).value_or("");
  CheckPlace(v, geography, out);
  CheckNumbers(v, out);
  CheckDates(v, today, out);
  out.authority = v.Text(Column::kAuthority).value_or("");
  out.decision_number = v.Text(Column::kDecision).value_or("");
  out.rubric_version = v.Text(Column::kRubric).value_or("");
  if (out.rubric_version.empty()) out.rubric_version = kLegacyRubricVersion;
  if (!v.ok()) return std::nullopt;
  return out;
}

}  // namespace

LegacyImportReport ValidateLegacyRows(const std::vector<std::vector<std::string>>& rows,
                                      const Geography& geography, const CivilDate& today) {
  LegacyImportReport report;
  if (rows.empty()) {
    report.errors.push_back({1, "", "error.import.empty"});
    return report;
  }
  const ColumnIndex index = MapHeader(rows[0], report.errors);
  if (!report.errors.empty()) return report;
  std::set<std::string> numbers;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (IsBlankRow(rows[i])) continue;
    ++report.rows;
    const int line = static_cast<int>(i) + 1;
    auto certificate = ValidateRow(rows[i], line, index, geography, today, numbers, report.errors);
    if (certificate) report.valid.push_back(std::move(*certificate));
  }
  return report;
}

}  // namespace ocop::domain

#include "storage/sql/encoding.h"

#include <charconv>
#include <cmath>

#include "storage/sql/sql_repositories.h"

namespace ocop::storage::encoding {
namespace {

std::optional<std::int64_t> ParseInt(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string Flag(bool b) { return b ? "1" : "0"; }

// The field at `i`, or "" when the record is shorter.
const std::string& FieldAt(const std::vector<std::string>& fields, std::size_t i) {
  static const std::string kEmpty;
  return i < fields.size() ? fields[i] : kEmpty;
}

}  // namespace

std::string DateText(const CivilDate& d) { return d.ToIso(); }

std::string DateText(const std::optional<CivilDate>& d) { return d ? d->ToIso() : ""; }

CivilDate DateFrom(std::string_view text) { return CivilDate::Parse(text).value_or(CivilDate{}); }

std::optional<CivilDate> OptionalDateFrom(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return CivilDate::Parse(text);
}

std::int64_t Centi(double score) { return std::llround(score * 100); }

Param Centi(const std::optional<double>& score) {
  return score ? Param(Centi(*score)) : Param(nullptr);
}

double FromCenti(std::int64_t centi) { return static_cast<double>(centi) / 100.0; }

std::optional<double> OptionalScore(const ResultSet& rs, std::size_t row, std::size_t col) {
  if (rs.IsNull(row, col)) return std::nullopt;
  return FromCenti(rs.Int(row, col));
}

std::optional<std::int64_t> OptionalInt(const ResultSet& rs, std::size_t row, std::size_t col) {
  if (rs.IsNull(row, col)) return std::nullopt;
  return rs.Int(row, col);
}

Param OptionalIntParam(const std::optional<std::int64_t>& v) {
  return v ? Param(*v) : Param(nullptr);
}

std::string EncodeChoices(const std::map<std::string, domain::Answer>& choices) {
  std::string out;
  for (const auto& [id, answer] : choices) {
    if (id.empty() || id.find_first_of("=\n") != std::string::npos) continue;
    out += id;
    out += '=';
    if (const bool* b = std::get_if<bool>(&answer)) {
      out += *b ? "yes" : "no";
    } else {
      out += std::to_string(std::get<int>(answer));
    }
    out += '\n';
  }
  return out;
}

std::map<std::string, domain::Answer> DecodeChoices(std::string_view text) {
  std::map<std::string, domain::Answer> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string id(line.substr(0, eq));
    std::string_view value = line.substr(eq + 1);
    if (value == "yes" || value == "no") {
      out[id] = value == "yes";
    } else if (auto n = ParseInt(value); n && *n >= INT32_MIN && *n <= INT32_MAX) {
      out[id] = static_cast<int>(*n);
    }
  }
  return out;
}

std::string EncodeFields(const std::vector<std::string>& fields) {
  std::string out;
  for (const auto& f : fields) {
    out += std::to_string(f.size());
    out += ':';
    out += f;
    out += ';';
  }
  return out;
}

std::optional<std::vector<std::string>> DecodeFields(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto len = ParseInt(text.substr(0, colon));
    if (!len || *len < 0) return std::nullopt;
    std::size_t n = static_cast<std::size_t>(*len);
    if (text.size() - colon - 1 < n + 1 || text[colon + 1 + n] != ';') return std::nullopt;
    out.emplace_back(text.substr(colon + 1, n));
    text = text.substr(colon + 2 + n);
  }
  return out;
}

std::string EncodeForm(const domain::RegistrationForm& f) {
  return EncodeFields({f.scale, f.raw_materials, f.markets, f.story, f.changes});
}

domain::RegistrationForm DecodeForm(std::string_view text) {
  auto fields = DecodeFields(text).value_or(std::vector<std::string>{});
  return {FieldAt(fields, 0), FieldAt(fields, 1), FieldAt(fields, 2), FieldAt(fields, 3),
          FieldAt(fields, 4)};
}

std::string EncodeCommuneReport(const std::optional<domain::CommuneReport>& r) {
  if (!r) return "";
  return EncodeFields({Flag(r->local_materials), Flag(r->local_labour), Flag(r->local_idea),
                       Flag(r->local_identity), Flag(r->recommend), r->notes,
                       r->reported_on.ToIso(), Flag(r->late)});
}

std::optional<domain::CommuneReport> DecodeCommuneReport(std::string_view text) {
  if (text.empty()) return std::nullopt;
  auto fields = DecodeFields(text);
  if (!fields) return std::nullopt;
  auto flag = [&](std::size_t i) { return FieldAt(*fields, i) == "1"; };
  domain::CommuneReport r;
  r.local_materials = flag(0);
  r.local_labour = flag(1);
  r.local_idea = flag(2);
  r.local_identity = flag(3);
  r.recommend = flag(4);
  r.notes = FieldAt(*fields, 5);
  r.reported_on = DateFrom(FieldAt(*fields, 6));
  r.late = flag(7);
  return r;
}

std::string EncodeSheet(const domain::ScoreSheet& s) {
  return EncodeFields({s.member, s.stopped, EncodeChoices(s.choices)});
}

domain::ScoreSheet DecodeSheet(std::string_view text) {
  auto fields = DecodeFields(text).value_or(std::vector<std::string>{});
  domain::ScoreSheet s;
  s.member = FieldAt(fields, 0);
  s.stopped = FieldAt(fields, 1);
  s.choices = DecodeChoices(FieldAt(fields, 2));
  return s;
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out;
}

std::vector<std::string> SplitIds(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view id = text.substr(0, comma);
    if (!id.empty()) out.emplace_back(id);
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return out;
}

void Where::Equals(const std::string& column, Param value) {
  params_.push_back(std::move(value));
  Append(column + " = $" + std::to_string(params_.size()));
}

void Where::NotIn(const std::string& column, const std::vector<std::string>& values) {
  if (values.empty()) return;
  std::string list;
  for (const auto& v : values) {
    params_.push_back(v);
    list += (list.empty() ? "$" : ", $") + std::to_string(params_.size());
  }
  Append(column + " NOT IN (" + list + ")");
}

void Where::Raw(std::string_view cond, Param value) {
  params_.push_back(std::move(value));
  const std::string placeholder = "$" + std::to_string(params_.size());
  std::string sql;
  for (char ch : cond) {
    if (ch == '?') {
      sql += placeholder;
    } else {
      sql += ch;
    }
  }
  Append(sql);
}

void Where::Contains(const std::string& column, std::string_view folded) {
  params_.push_back(LikeContains(folded));
  Append(column + " LIKE $" + std::to_string(params_.size()) + " ESCAPE '\\'");
}

std::string Where::Paging(int limit, int offset) {
  params_.push_back(std::int64_t{limit});
  params_.push_back(std::int64_t{offset});
  return " LIMIT $" + std::to_string(params_.size() - 1) + " OFFSET $" +
         std::to_string(params_.size());
}

}  // namespace ocop::storage::encoding

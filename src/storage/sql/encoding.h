// How the evaluation and certification repositories store domain values in
// the portable schema. Private to storage/sql: the rules below are the
// storage's own and appear in no other layer.
//
//  - A CivilDate is ISO text "YYYY-MM-DD"; an absent optional date is ""
//    (the columns are NOT NULL TEXT). Unparsable text reads back as absent
//    (optional) or as the zero date.
//  - A score is an integer of hundredths: llround(score * 100); an absent
//    optional score is NULL.
//  - A boolean is 0/1; an enum is its Id string; a zero foreign id is NULL.
//  - ScoreSheet.choices is one "criterion=value" per line, value an integer
//    ordinal or "yes"/"no". Ids holding '=' or a newline cannot be written
//    and are left out; unreadable lines are skipped when reading.
//  - Records of several free-text fields (the registration form, the commune
//    report, the self-assessment sheet) are length-prefixed fields
//    "<bytes>:<value>;" one after another, so any UTF-8 (newlines, '=', ';')
//    round-trips. An absent commune report is "".
//  - A list of ids (evidence criteria, unmet criteria) is comma-joined.
//  - Blob bytes and signing keys are base64url text.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/evaluation/dossier.h"
#include "domain/evaluation/scoring.h"
#include "storage/sql/connection.h"

namespace ocop::storage::encoding {

inline Param NullIfZero(std::int64_t v) { return v == 0 ? Param(nullptr) : Param(v); }
inline Param Bool(bool b) { return std::int64_t{b ? 1 : 0}; }
inline Param Int(std::int64_t v) { return v; }

std::string DateText(const CivilDate& d);
std::string DateText(const std::optional<CivilDate>& d);  // "" when absent
CivilDate DateFrom(std::string_view text);                // zero date if malformed
std::optional<CivilDate> OptionalDateFrom(std::string_view text);

std::int64_t Centi(double score);
Param Centi(const std::optional<double>& score);  // NULL when absent
double FromCenti(std::int64_t centi);
// The score in column `col` of row `row`, absent when NULL.
std::optional<double> OptionalScore(const ResultSet& rs, std::size_t row, std::size_t col);
std::optional<std::int64_t> OptionalInt(const ResultSet& rs, std::size_t row, std::size_t col);
Param OptionalIntParam(const std::optional<std::int64_t>& v);

std::string EncodeChoices(const std::map<std::string, domain::Answer>& choices);
std::map<std::string, domain::Answer> DecodeChoices(std::string_view text);

// Length-prefixed fields; nullopt when `text` is not such a record.
std::string EncodeFields(const std::vector<std::string>& fields);
std::optional<std::vector<std::string>> DecodeFields(std::string_view text);

std::string EncodeForm(const domain::RegistrationForm& form);
domain::RegistrationForm DecodeForm(std::string_view text);
std::string EncodeCommuneReport(const std::optional<domain::CommuneReport>& report);
std::optional<domain::CommuneReport> DecodeCommuneReport(std::string_view text);
std::string EncodeSheet(const domain::ScoreSheet& sheet);  // member, stopped, choices
domain::ScoreSheet DecodeSheet(std::string_view text);

std::string JoinIds(const std::vector<std::string>& ids);
std::vector<std::string> SplitIds(std::string_view text);

// Builds "WHERE a = $1 AND (b = $2 OR c = $2)" and its parameters.
class Where {
 public:
  void Equals(const std::string& column, Param value);
  // `cond` with each "?" replaced by the placeholder of `value`.
  void Raw(std::string_view cond, Param value);
  // column NOT IN (values…); nothing when `values` is empty.
  void NotIn(const std::string& column, const std::vector<std::string>& values);
  void Contains(const std::string& column, std::string_view folded);  // LIKE … ESCAPE '\'
  const std::string& Sql() const { return sql_; }
  std::vector<Param>& Params() { return params_; }
  // " LIMIT $n OFFSET $m" after the filter's own placeholders.
  std::string Paging(int limit, int offset);

 private:
  void Append(const std::string& cond) { sql_ += (sql_.empty() ? " WHERE " : " AND ") + cond; }
  std::string sql_;
  std::vector<Param> params_;
};

}  // namespace ocop::storage::encoding

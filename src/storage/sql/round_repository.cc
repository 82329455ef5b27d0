// Rounds with their members, council rules, conflicts and score sheets
// (encoding rules: storage/sql/encoding.h). A round's `open` is its status
// "open" or "closed".
#include <string>
#include <vector>

#include "storage/sql/encoding.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::Round;
using namespace encoding;  // NOLINT(google-build-using-namespace)

constexpr const char* kRoundColumns =
    "rounds.id, rounds.level, rounds.province_code, rounds.name, rounds.intake_closes, "
    "rounds.finishes_by, rounds.status, rounds.quorum_percent, rounds.chair_required, "
    "rounds.max_spread_centi, rounds.created_by, rounds.created_at";

std::string LevelText(domain::CouncilLevel l) { return std::string(domain::CouncilLevelId(l)); }

Round RoundFromRow(const ResultSet& rs, std::size_t i) {
  Round r;
  r.id = rs.Int(i, 0);
  r.level = domain::ParseCouncilLevel(rs.Text(i, 1)).value_or(domain::CouncilLevel::kProvince);
  r.province_code = rs.Text(i, 2);
  r.name = rs.Text(i, 3);
  r.calendar.intake_closes = DateFrom(rs.Text(i, 4));
  r.calendar.finishes_by = DateFrom(rs.Text(i, 5));
  r.open = rs.Text(i, 6) == "open";
  r.policy.quorum_percent = static_cast<int>(rs.Int(i, 7));
  r.policy.chair_required = rs.Int(i, 8) != 0;
  r.policy.max_spread = FromCenti(rs.Int(i, 9));
  r.created_by = rs.Int(i, 10);
  r.created_at = rs.Int(i, 11);
  return r;
}

// Members ordered by user id, with their usernames.
Result<std::vector<domain::RoundMember>> MembersOf(Connection& c, std::int64_t round_id) {
  Param p[] = {round_id};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c.Query("SELECT m.user_id, u.username, m.role FROM round_members m "
                                "JOIN users u ON u.id = m.user_id WHERE m.round_id = $1 "
                                "ORDER BY m.user_id",
                                p));
  std::vector<domain::RoundMember> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    out.push_back({rs.Int(i, 0), rs.Text(i, 1),
                   domain::ParseRoundRole(rs.Text(i, 2)).value_or(domain::RoundRole::kMember)});
  }
  return out;
}

// The rounds `sql` selects (kRoundColumns first), each with its members.
Result<std::vector<Round>> RoundsWhere(Connection& c, const std::string& sql,
                                       std::span<const Param> params) {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c.Query(sql, params));
  std::vector<Round> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    Round r = RoundFromRow(rs, i);
    OCOP_ASSIGN_OR_RETURN(r.members, MembersOf(c, r.id));
    out.push_back(std::move(r));
  }
  return out;
}

constexpr const char* kSheetColumns =
    "dossier_id, level, attempt, user_id, member, choices, stopped, total_centi, signed_at, "
    "updated_at";

domain::StoredSheet SheetFromRow(const ResultSet& rs, std::size_t i) {
  domain::StoredSheet s;
  s.dossier_id = rs.Int(i, 0);
  s.level = domain::ParseCouncilLevel(rs.Text(i, 1)).value_or(domain::CouncilLevel::kProvince);
  s.attempt = static_cast<int>(rs.Int(i, 2));
  s.user_id = rs.Int(i, 3);
  s.sheet.member = rs.Text(i, 4);
  s.sheet.choices = DecodeChoices(rs.Text(i, 5));
  s.sheet.stopped = rs.Text(i, 6);
  s.total = FromCenti(rs.Int(i, 7));
  s.signed_at = OptionalInt(rs, i, 8);
  s.updated_at = rs.Int(i, 9);
  return s;
}

}  // namespace

Result<std::int64_t> SqlRoundRepository::Insert(const Round& r) {
  Param p[] = {LevelText(r.level),
               r.province_code,
               r.name,
               DateText(r.calendar.intake_closes),
               DateText(r.calendar.finishes_by),
               std::string(r.open ? "open" : "closed"),
               std::int64_t{r.policy.quorum_percent},
               Bool(r.policy.chair_required),
               Centi(r.policy.max_spread),
               r.created_by,
               r.created_at};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO rounds (level, province_code, name, intake_closes, finishes_by, "
               "status, quorum_percent, chair_required, max_spread_centi, created_by, created_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
               p));
  const std::int64_t id = rs.Int(0, 0);
  for (const auto& m : r.members) {
    Param mp[] = {id, m.user_id, std::string(domain::RoundRoleId(m.role))};
    OCOP_RETURN_IF_ERROR(
        c_.Exec("INSERT INTO round_members (round_id, user_id, role) VALUES ($1, $2, $3)", mp));
  }
  return id;
}

Result<std::optional<Round>> SqlRoundRepository::Get(std::int64_t id) {
  Param p[] = {id};
  OCOP_ASSIGN_OR_RETURN(
      auto rounds,
      RoundsWhere(c_, std::string("SELECT ") + kRoundColumns + " FROM rounds WHERE id = $1", p));
  if (rounds.empty()) return std::optional<Round>{};
  return std::move(rounds.front());
}

// Newest first: the provincial rounds of exactly `province_code` (so "" matches
// none), plus every central round when `include_central`.
Result<std::vector<Round>> SqlRoundRepository::List(const std::string& province_code,
                                                    bool include_central) {
  Param p[] = {LevelText(domain::CouncilLevel::kProvince), province_code,
               LevelText(domain::CouncilLevel::kCentral), Bool(include_central)};
  return RoundsWhere(c_,
                     std::string("SELECT ") + kRoundColumns +
                         " FROM rounds WHERE (level = $1 AND province_code = $2) "
                         "OR (level = $3 AND $4 = 1) ORDER BY id DESC",
                     p);
}

Result<std::vector<Round>> SqlRoundRepository::OfMember(std::int64_t user_id) {
  Param p[] = {user_id};
  return RoundsWhere(c_,
                     std::string("SELECT ") + kRoundColumns +
                         " FROM rounds JOIN round_members m ON m.round_id = rounds.id "
                         "WHERE m.user_id = $1 ORDER BY rounds.id DESC",
                     p);
}

// NotFound when there is no such round.
Status SqlRoundRepository::SetOpen(std::int64_t id, bool open) {
  Param p[] = {std::string(open ? "open" : "closed"), id};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("UPDATE rounds SET status = $1 WHERE id = $2 RETURNING id", p));
  return rs.empty() ? NotFound("error.not_found") : Status::Ok();
}

Result<std::optional<domain::CouncilPolicy>> SqlRoundRepository::PolicyOf(
    const std::string& province_code) {
  Param p[] = {province_code};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("SELECT quorum_percent, chair_required, max_spread_centi "
                                 "FROM council_rules WHERE province_code = $1",
                                 p));
  if (rs.empty()) return std::optional<domain::CouncilPolicy>{};
  domain::CouncilPolicy policy;
  policy.quorum_percent = static_cast<int>(rs.Int(0, 0));
  policy.chair_required = rs.Int(0, 1) != 0;
  policy.max_spread = FromCenti(rs.Int(0, 2));
  return policy;
}

Status SqlRoundRepository::SetPolicy(const std::string& province_code,
                                     const domain::CouncilPolicy& policy, std::int64_t now) {
  Param p[] = {province_code, std::int64_t{policy.quorum_percent}, Bool(policy.chair_required),
               Centi(policy.max_spread), now};
  return c_.Exec(
      "INSERT INTO council_rules (province_code, quorum_percent, chair_required, "
      "max_spread_centi, updated_at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (province_code) DO UPDATE SET quorum_percent = excluded.quorum_percent, "
      "chair_required = excluded.chair_required, max_spread_centi = excluded.max_spread_centi, "
      "updated_at = excluded.updated_at",
      p);
}

Status SqlRoundRepository::AddConflict(const domain::Conflict& c) {
  Param p[] = {c.dossier_id, c.user_id, c.reason, c.declared_at};
  return c_.Exec(
      "INSERT INTO conflicts (dossier_id, user_id, reason, declared_at) VALUES ($1, $2, $3, $4)",
      p);
}

// In order of declaration time, then user id.
Result<std::vector<domain::Conflict>> SqlRoundRepository::Conflicts(std::int64_t dossier_id) {
  Param p[] = {dossier_id};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query("SELECT dossier_id, user_id, reason, declared_at FROM conflicts "
                                 "WHERE dossier_id = $1 ORDER BY declared_at, user_id",
                                 p));
  std::vector<domain::Conflict> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    out.push_back({rs.Int(i, 0), rs.Int(i, 1), rs.Text(i, 2), rs.Int(i, 3)});
  }
  return out;
}

// FailedPrecondition when the stored sheet is signed (it is left as it was).
Status SqlRoundRepository::SaveSheet(const domain::StoredSheet& s) {
  Param p[] = {s.dossier_id,    LevelText(s.level), std::int64_t{s.attempt},
               s.user_id,       s.sheet.member,     EncodeChoices(s.sheet.choices),
               s.sheet.stopped, Centi(s.total),     OptionalIntParam(s.signed_at),
               s.updated_at};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query("INSERT INTO score_sheets (dossier_id, level, attempt, user_id, member, choices, "
               "stopped, total_centi, signed_at, updated_at) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
               "ON CONFLICT (dossier_id, level, attempt, user_id) DO UPDATE SET "
               "member = excluded.member, choices = excluded.choices, stopped = excluded.stopped, "
               "total_centi = excluded.total_centi, signed_at = excluded.signed_at, "
               "updated_at = excluded.updated_at WHERE score_sheets.signed_at IS NULL "
               "RETURNING user_id",
               p));
  if (rs.empty()) {
    return FailedPrecondition("error.store.constraint").WithDetail("the score sheet is signed");
  }
  return Status::Ok();
}

// Ordered by user id.
Result<std::vector<domain::StoredSheet>> SqlRoundRepository::Sheets(std::int64_t dossier_id,
                                                                    domain::CouncilLevel level,
                                                                    int attempt) {
  Param p[] = {dossier_id, LevelText(level), std::int64_t{attempt}};
  OCOP_ASSIGN_OR_RETURN(ResultSet rs,
                        c_.Query(std::string("SELECT ") + kSheetColumns +
                                     " FROM score_sheets WHERE dossier_id = $1 AND level = $2 "
                                     "AND attempt = $3 ORDER BY user_id",
                                 p));
  std::vector<domain::StoredSheet> out;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) out.push_back(SheetFromRow(rs, i));
  return out;
}

}  // namespace ocop::storage

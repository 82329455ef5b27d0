// The lots' rows (migration 0006). Encoding: harvest dates ISO text, "" when absent; quantity the
// shortest decimal text that reads back as the same double (std::to_chars); status its LotStatusId;
// no packing house NULL. Growing areas are rows of lot_growing_areas carrying the lot's harvest
// window.
#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "storage/sql/encoding.h"
#include "storage/sql/sql_repositories.h"

namespace ocop::storage {
namespace {

using domain::Lot;
using domain::LotStatus;

constexpr const char* kLotColumns =
    "l.id, l.product_id, l.code, l.epc_id, l.key, l.harvest_from, l.harvest_to, l.quantity, "
    "l.unit, "
    "l.packing_house_id, l.status, l.status_reason, l.event_id, l.created_at_ms, l.version";

std::string QuantityText(double q) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, q);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

double QuantityFrom(const std::string& text) {
  double q = 0;
  std::from_chars(text.data(), text.data() + text.size(), q);
  return q;
}

Lot LotFromRow(const ResultSet& rs, std::size_t i) {
  Lot l;
  l.id = rs.Int(i, 0);
  l.product_id = rs.Int(i, 1);
  l.code = rs.Text(i, 2);
  l.epc_id = rs.Text(i, 3);
  l.key = rs.Text(i, 4);
  l.harvest_from = encoding::OptionalDateFrom(rs.Text(i, 5));
  l.harvest_to = encoding::OptionalDateFrom(rs.Text(i, 6));
  l.quantity = QuantityFrom(rs.Text(i, 7));
  l.unit = rs.Text(i, 8);
  l.packing_house_id = rs.IsNull(i, 9) ? 0 : rs.Int(i, 9);
  l.status = domain::ParseLotStatus(rs.Text(i, 10)).value_or(LotStatus::kActive);
  l.status_reason = rs.Text(i, 11);
  l.event_id = rs.Text(i, 12);
  l.created_at_ms = rs.Int(i, 13);
  l.version = rs.Int(i, 14);
  return l;
}

Status DuplicateLot(const Status& s, const Lot& lot) {
  if (s.code() != Code::kAlreadyExists) return s;
  return Status(Code::kAlreadyExists, {"error.lot.duplicate", {{"code", lot.code}}},
                {{"code", {"error.lot.duplicate", {{"code", lot.code}}}}})
      .WithDetail("lot " + lot.key);
}

}  // namespace

Result<std::int64_t> SqlLotRepository::Insert(const Lot& lot) {
  const std::string from = encoding::DateText(lot.harvest_from);
  const std::string to = encoding::DateText(lot.harvest_to);
  std::vector<Param> p = {lot.product_id,
                          lot.code,
                          lot.epc_id,
                          lot.key,
                          from,
                          to,
                          QuantityText(lot.quantity),
                          lot.unit,
                          encoding::NullIfZero(lot.packing_house_id),
                          std::string(domain::LotStatusId(lot.status)),
                          lot.status_reason,
                          lot.event_id,
                          lot.created_at_ms};
  auto rs = c_.Query(
      "INSERT INTO lots (product_id, code, epc_id, key, harvest_from, harvest_to, quantity, unit, "
      "packing_house_id, status, status_reason, event_id, created_at_ms, version) VALUES ($1, $2, "
      "$3, "
      "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1) RETURNING id",
      p);
  if (!rs) return Err(DuplicateLot(rs.error(), lot));
  const std::int64_t id = rs->Int(0, 0);
  std::int64_t position = 0;
  for (std::int64_t site : lot.growing_area_ids) {
    std::vector<Param> g = {site, id, position++, from, to};
    auto s = c_.Exec(
        "INSERT INTO lot_growing_areas (site_id, lot_id, position, harvest_from, harvest_to) "
        "VALUES ($1, $2, $3, $4, $5)",
        g);
    // The same area named twice is one area.
    if (!s.ok() && s.code() != Code::kAlreadyExists) return Err(s);
  }
  return id;
}

Result<std::vector<Lot>> SqlLotRepository::Select(const std::string& sql,
                                                  std::vector<Param> params) {
  OCOP_ASSIGN_OR_RETURN(ResultSet rs, c_.Query(sql, params));
  std::vector<Lot> lots;
  lots.reserve(rs.rows.size());
  std::map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < rs.rows.size(); ++i) {
    lots.push_back(LotFromRow(rs, i));
    index[lots.back().id] = i;
  }
  if (lots.empty()) return lots;
  std::string in;
  std::vector<Param> ids;
  for (const Lot& l : lots) {
    ids.push_back(l.id);
    in += (in.empty() ? "$" : ", $") + std::to_string(ids.size());
  }
  OCOP_ASSIGN_OR_RETURN(ResultSet areas,
                        c_.Query("SELECT lot_id, site_id FROM lot_growing_areas WHERE lot_id IN (" +
                                     in + ") ORDER BY lot_id, position",
                                 ids));
  for (std::size_t i = 0; i < areas.rows.size(); ++i) {
    lots[index[areas.Int(i, 0)]].growing_area_ids.push_back(areas.Int(i, 1));
  }
  return lots;
}

Result<std::optional<Lot>> SqlLotRepository::SelectOne(const std::string& sql,
                                                       std::vector<Param> params) {
  OCOP_ASSIGN_OR_RETURN(std::vector<Lot> lots, Select(sql, std::move(params)));
  if (lots.empty()) return std::optional<Lot>();
  return std::optional<Lot>(std::move(lots.front()));
}

Result<std::optional<Lot>> SqlLotRepository::Get(std::int64_t id) {
  return SelectOne(std::string("SELECT ") + kLotColumns + " FROM lots l WHERE l.id = $1", {id});
}

Result<std::optional<Lot>> SqlLotRepository::FindByKey(const std::string& key) {
  return SelectOne(std::string("SELECT ") + kLotColumns + " FROM lots l WHERE l.key = $1", {key});
}

Result<std::optional<Lot>> SqlLotRepository::FindByCode(std::int64_t product_id,
                                                        const std::string& code) {
  return SelectOne(
      std::string("SELECT ") + kLotColumns + " FROM lots l WHERE l.product_id = $1 AND l.code = $2",
      {product_id, code});
}

Result<std::vector<Lot>> SqlLotRepository::ListByProduct(std::int64_t product_id) {
  return Select(std::string("SELECT ") + kLotColumns +
                    " FROM lots l WHERE l.product_id = $1 ORDER BY l.id DESC",
                {product_id});
}

Result<std::vector<Lot>> SqlLotRepository::ListByProducts(
    const std::vector<std::int64_t>& product_ids, std::int64_t limit) {
  if (product_ids.empty()) return std::vector<Lot>();
  std::vector<Param> p;
  std::string in;
  for (std::int64_t id : product_ids) {
    p.push_back(id);
    in += (in.empty() ? "$" : ", $") + std::to_string(p.size());
  }
  p.push_back(limit);
  // The text first: an argument moved from `p` may be made before the other argument is.
  const std::string sql = std::string("SELECT ") + kLotColumns +
                          " FROM lots l WHERE l.product_id IN (" + in +
                          ") ORDER BY l.id DESC LIMIT $" + std::to_string(p.size());
  return Select(sql, std::move(p));
}

Result<std::vector<Lot>> SqlLotRepository::List(const domain::LotFilter& filter) {
  std::vector<Param> p;
  std::string where;
  auto add = [&](const char* column, Param value) {
    p.push_back(std::move(value));
    where += (where.empty() ? " WHERE " : " AND ") + std::string(column) + " = $" +
             std::to_string(p.size());
  };
  if (filter.producer_id != 0) add("p.producer_id", filter.producer_id);
  if (!filter.province_code.empty()) add("p.province_code", filter.province_code);
  if (!filter.commune_code.empty()) add("p.commune_code", filter.commune_code);
  p.push_back(filter.limit);
  const std::string sql = std::string("SELECT ") + kLotColumns +
                          " FROM lots l JOIN products p ON p.id = l.product_id" + where +
                          " ORDER BY l.id DESC LIMIT $" + std::to_string(p.size());
  return Select(sql, std::move(p));
}

Result<std::vector<Lot>> SqlLotRepository::ListByGrowingArea(std::int64_t area_id, CivilDate from,
                                                             CivilDate to) {
  // ISO dates compare as text; a lot without harvest dates has '' and is left out.
  return Select(std::string("SELECT ") + kLotColumns +
                    " FROM lot_growing_areas g JOIN lots l ON l.id = g.lot_id WHERE g.site_id = $1 "
                    "AND g.harvest_from <> '' AND g.harvest_to <> '' AND g.harvest_from <= $3 AND "
                    "g.harvest_to >= $2 ORDER BY l.id DESC",
                {area_id, encoding::DateText(from), encoding::DateText(to)});
}

Result<std::vector<Lot>> SqlLotRepository::ListByPackingHouse(std::int64_t site_id) {
  return Select(std::string("SELECT ") + kLotColumns +
                    " FROM lots l WHERE l.packing_house_id = $1 ORDER BY l.id DESC",
                {site_id});
}

Status SqlLotRepository::SetStatus(std::int64_t id, LotStatus s, const std::string& reason) {
  std::vector<Param> p = {std::string(domain::LotStatusId(s)), reason, id};
  OCOP_ASSIGN_OR_RETURN(
      ResultSet rs,
      c_.Query(
          "UPDATE lots SET status = $1, status_reason = $2, version = version + 1 WHERE id = $3 "
          "RETURNING id",
          p));
  if (rs.empty()) return NotFound("error.lot.not_found");
  return Status::Ok();
}

}  // namespace ocop::storage

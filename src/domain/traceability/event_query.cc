#include "domain/traceability/event_query.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <map>
#include <optional>

#include "core/crypto.h"
#include "core/date.h"
#include "gs1/digital_link.h"
#include "gs1/epcis/event.h"

namespace ocop::domain {
namespace {

using gs1::epcis::ClassRole;
using gs1::epcis::EpcRole;

constexpr std::uint8_t Epc(EpcRole r) { return static_cast<std::uint8_t>(r); }
constexpr std::uint8_t Class(ClassRole r) {
  return static_cast<std::uint8_t>(kClassRoleBase + static_cast<std::uint8_t>(r));
}

// The MATCH_* parameters and the roles each one looks in (EPCIS 2.0 §8.2.7.1).
const std::map<std::string, std::vector<std::uint8_t>, std::less<>>& MatchRoles() {
  static const std::map<std::string, std::vector<std::uint8_t>, std::less<>> roles = {
      {"MATCH_epc", {Epc(EpcRole::kEpc)}},
      {"MATCH_parentID", {Epc(EpcRole::kParent)}},
      {"MATCH_inputEPC", {Epc(EpcRole::kInput)}},
      {"MATCH_outputEPC", {Epc(EpcRole::kOutput)}},
      {"MATCH_anyEPC",
       {Epc(EpcRole::kEpc), Epc(EpcRole::kParent), Epc(EpcRole::kInput), Epc(EpcRole::kOutput)}},
      {"MATCH_epcClass", {Class(ClassRole::kQuantity)}},
      {"MATCH_inputEPCClass", {Class(ClassRole::kInput)}},
      {"MATCH_outputEPCClass", {Class(ClassRole::kOutput)}},
      {"MATCH_anyEPCClass",
       {Class(ClassRole::kQuantity), Class(ClassRole::kInput), Class(ClassRole::kOutput)}},
  };
  return roles;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "a|b" (the binding's pipeDelimited style), "a,b" where `commas` allows it,
// and repeated parameters alike; empty items are refused.
bool SplitValues(std::string_view value, bool commas, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (true) {
    std::size_t comma = value.find_first_of(commas ? "|," : "|", start);
    std::string_view item =
        Trim(value.substr(start, comma == std::string_view::npos ? value.npos : comma - start));
    if (item.empty()) return false;
    out.emplace_back(item);
    if (comma == std::string_view::npos) return true;
    start = comma + 1;
  }
}

bool ParseInt(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

Status BadParameter(const std::string& name, std::string key = "error.epcis.bad_query_value") {
  return InvalidArgument("error.epcis.query_parameter",
                         {{name, {std::move(key), {{"parameter", name}}}}});
}

}  // namespace

std::string NormaliseCbvValue(std::string_view value) {
  static constexpr std::string_view kPrefixes[] = {
      "urn:epcglobal:cbv:bizstep:",
      "urn:epcglobal:cbv:disp:",
      "urn:epcglobal:cbv:btt:",
      "urn:epcglobal:cbv:sdt:",
      "https://ref.gs1.org/cbv/BizStep-",
      "https://ref.gs1.org/cbv/Disp-",
      "https://ref.gs1.org/cbv/BTT-",
      "https://ref.gs1.org/cbv/SDT-",
      "https://gs1.org/voc/BizStep-",
      "https://gs1.org/voc/Disp-",
      "https://gs1.org/voc/BTT-",
      "https://gs1.org/voc/SDT-",
      "gs1:BizStep-",
      "gs1:Disp-",
      "gs1:BTT-",
      "gs1:SDT-",
      "cbv:BizStep-",
      "cbv:Disp-",
      "cbv:BTT-",
      "cbv:SDT-",
  };
  for (std::string_view prefix : kPrefixes) {
    if (value.size() > prefix.size() && value.substr(0, prefix.size()) == prefix) {
      return std::string(value.substr(prefix.size()));
    }
  }
  return std::string(value);
}

std::optional<std::int64_t> ParseRfc3339Ms(std::string_view s) {
  if (s.size() < 20) return std::nullopt;
  auto date = CivilDate::Parse(s.substr(0, 10));
  if (!date || (s[10] != 'T' && s[10] != 't')) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  if (!Digits(s, 11, 2, hour) || s[13] != ':' || !Digits(s, 14, 2, minute) || s[16] != ':' ||
      !Digits(s, 17, 2, second) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100, count = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++count;
    }
    if (count == 0) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;
  std::int64_t offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-' || s[pos] == ' ') {
    // ' ': a '+' that a query string decoded as a space.
    const int sign = s[pos] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t seconds =
      date->DaysSinceEpoch() * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

std::string FormatRfc3339Ms(std::int64_t ms) {
  std::int64_t seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const int millis = static_cast<int>(ms - seconds * 1000);
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int in_day = static_cast<int>(seconds - days * 86400);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ",
                CivilDate::FromDaysSinceEpoch(days).ToIso().c_str(), in_day / 3600,
                in_day / 60 % 60, in_day % 60, millis);
  return buf;
}

std::string EncodePageToken(std::int64_t after_seq) {
  return crypto::Base64UrlEncode("epcis-seq:" + std::to_string(after_seq));
}

std::optional<std::int64_t> DecodePageToken(std::string_view token) {
  auto bytes = crypto::Base64UrlDecode(token);
  constexpr std::string_view kTag = "epcis-seq:";
  if (!bytes || bytes->rfind(kTag, 0) != 0) return std::nullopt;
  std::int64_t seq = 0;
  if (!ParseInt(std::string_view(*bytes).substr(kTag.size()), seq) || seq < 0) return std::nullopt;
  return seq;
}

Result<EventQuery> ParseEventQuery(const std::vector<std::pair<std::string, std::string>>& params,
                                   std::string& page_token) {
  EventQuery q;
  q.limit = kDefaultPerPage;
  page_token.clear();
  std::map<std::string, std::size_t, std::less<>> id_match_of;  // parameter → index in q.ids
  std::map<std::string, std::size_t, std::less<>> btx_of;
  std::map<std::string, int, std::less<>> seen;
  std::size_t values_in_query = 0;
  for (const auto& [name, value] : params) {
    const bool repeated = seen[name]++ > 0;
    std::vector<std::string> values;
    // Commas separate values only where a value cannot hold one (the
    // binding itself knows only "|"): an event type, an action, a CBV term.
    // Location ids (geo:42.69,23.31), business transaction ids, event ids
    // (URIs) and EPCs (a CSET 82 serial or lot such as "A,B") may hold commas.
    const bool commas = name == "eventType" || name == "EQ_action" || name == "EQ_bizStep" ||
                        name == "EQ_disposition";
    auto list = [&](std::vector<std::string>& into) -> Status {
      std::vector<std::string> items;
      if (!SplitValues(value, commas, items)) return BadParameter(name);
      values_in_query += items.size();
      if (values_in_query > kMaxQueryValues)
        return BadParameter(name, "error.epcis.too_many_values");
      for (auto& v : items) into.push_back(std::move(v));
      return Status::Ok();
    };
    auto single_time = [&](std::optional<std::int64_t>& into) -> Status {
      auto ms = ParseRfc3339Ms(Trim(value));
      if (repeated || !ms) return BadParameter(name);
      into = *ms;
      return Status::Ok();
    };
    if (name == "eventType") {
      OCOP_RETURN_IF_ERROR(list(values));
      for (const auto& v : values) {
        auto type = gs1::epcis::ParseEventType(v);
        if (!type) return Err(BadParameter(name));
        q.types.push_back(*type);
      }
    } else if (name == "EQ_action") {
      OCOP_RETURN_IF_ERROR(list(values));
      for (const auto& v : values) {
        if (v != "ADD" && v != "OBSERVE" && v != "DELETE") return Err(BadParameter(name));
        q.actions.push_back(v);
      }
    } else if (name == "EQ_bizStep" || name == "EQ_disposition") {
      OCOP_RETURN_IF_ERROR(list(values));
      auto& into = name == "EQ_bizStep" ? q.biz_steps : q.dispositions;
      for (const auto& v : values) into.push_back(NormaliseCbvValue(v));
    } else if (name == "EQ_readPoint" || name == "EQ_bizLocation") {
      OCOP_RETURN_IF_ERROR(list(values));
      auto& into = name == "EQ_readPoint" ? q.read_points : q.biz_locations;
      for (const auto& v : values) into.push_back(gs1::CanonicalEpc(v).key);
    } else if (name == "EQ_eventID") {
      OCOP_RETURN_IF_ERROR(list(q.event_ids));
    } else if (name == "GE_eventTime") {
      OCOP_RETURN_IF_ERROR(single_time(q.ge_event_time_ms));
    } else if (name == "LT_eventTime") {
      OCOP_RETURN_IF_ERROR(single_time(q.lt_event_time_ms));
    } else if (name == "GE_recordTime") {
      OCOP_RETURN_IF_ERROR(single_time(q.ge_record_time_ms));
    } else if (name == "LT_recordTime") {
      OCOP_RETURN_IF_ERROR(single_time(q.lt_record_time_ms));
    } else if (auto roles = MatchRoles().find(name); roles != MatchRoles().end()) {
      OCOP_RETURN_IF_ERROR(list(values));
      auto [it, fresh] = id_match_of.try_emplace(name, q.ids.size());
      if (fresh) q.ids.push_back({roles->second, {}, {}});
      IdMatch& m = q.ids[it->second];
      for (const auto& v : values) {
        gs1::CanonicalId id = gs1::CanonicalEpc(v);
        if (id.key.empty()) return Err(BadParameter(name));
        m.keys.push_back(std::move(id.key));
        m.is_prefix.push_back(id.is_prefix);
      }
    } else if (name.rfind("EQ_bizTransaction_", 0) == 0 &&
               name.size() > std::string_view("EQ_bizTransaction_").size()) {
      OCOP_RETURN_IF_ERROR(list(values));
      std::string type =
          NormaliseCbvValue(name.substr(std::string_view("EQ_bizTransaction_").size()));
      auto [it, fresh] = btx_of.try_emplace(type, q.biz_transactions.size());
      if (fresh) q.biz_transactions.push_back({type, {}});
      for (auto& v : values) q.biz_transactions[it->second].ids.push_back(std::move(v));
    } else if (name == "perPage") {
      std::int64_t n = 0;
      if (repeated || !ParseInt(Trim(value), n) || n < 1 || n > kMaxPerPage) {
        return Err(BadParameter(name, "error.epcis.bad_per_page"));
      }
      q.limit = n;
    } else if (name == "nextPageToken") {
      if (repeated || !DecodePageToken(value))
        return Err(BadParameter(name, "error.epcis.bad_page_token"));
      page_token = value;
    } else {
      return Err(BadParameter(name, "error.epcis.unknown_query_parameter"));
    }
  }
  return q;
}

}  // namespace ocop::domain

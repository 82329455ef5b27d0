#include "gs1/digital_link.h"

#include <algorithm>
#include <optional>

#include "core/text.h"
#include "gs1/ai_dictionary.h"
#include "gs1/check_digit.h"

namespace ocop::gs1 {
namespace {

using Args = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kCanonicalHost = "https://id.gs1.org";

Status Invalid(std::string key, Args args = {}) {
  return Status(Code::kInvalidArgument, Message{std::move(key), std::move(args)});
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Decodes %XX escapes; `offset` is where `s` starts in the URI, for the
// error's 1-based position.
Result<std::string> PercentDecode(std::string_view s, size_t offset) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) {
      return Err(Invalid(
          "error.gs1.dl.bad_percent_escape",
          {{"position", std::to_string(offset + i + 1)}, {"text", std::string(s.substr(i))}}));
    }
    int hi = HexValue(s[i + 1]);
    int lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) {
      return Err(Invalid(
          "error.gs1.dl.bad_percent_escape",
          {{"position", std::to_string(offset + i + 1)}, {"text", std::string(s.substr(i, 3))}}));
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Characters that the GS1 Digital Link grammar lets an AI value carry
// unescaped: digits, letters and "-", "." and "_" (its XCHAR); every other
// CSET 82 character must be percent-encoded.
std::optional<char> FirstUnencoded(std::string_view raw) {
  for (char c : raw) {
    if (IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
        c == '_' || c == '%') {
      continue;
    }
    return c;
  }
  return std::nullopt;
}

// Decodes the value of AI `ai`, refusing reserved characters written raw.
Result<std::string> DecodeValue(std::string_view ai, std::string_view raw, size_t offset) {
  if (auto c = FirstUnencoded(raw)) {
    return Err(Invalid("error.gs1.dl.unencoded_character",
                       {{"ai", std::string(ai)}, {"character", std::string(1, *c)}}));
  }
  return PercentDecode(raw, offset);
}

// Characters that may stand unescaped in a URI (RFC 3986: unreserved,
// reserved and "%").
bool IsUriCharacter(char ch) {
  auto c = static_cast<unsigned char>(ch);
  if (c <= 0x20 || c >= 0x7f) return false;
  return std::string_view("\"<>\\^`{|}").find(ch) == std::string_view::npos;
}

std::string PadGtin(std::string_view gtin) {
  std::string padded(gtin);
  if (padded.size() < 14) padded.insert(0, 14 - padded.size(), '0');
  return padded;
}

// Checks the key–qualifier rules of `key`: each qualifier at most once, and
// the qualifiers in the order of one of the key's dlpkey paths.
Status CheckQualifiers(const AiEntry& key, const std::vector<AiValue>& qualifiers) {
  struct Cursor {
    const std::vector<std::string>* path;
    size_t next;
  };
  std::vector<Cursor> candidates;
  for (const auto& path : key.dl_qualifier_paths) candidates.push_back({&path, 0});
  std::vector<std::string> seen;
  for (const auto& q : qualifiers) {
    if (q.ai == key.ai || std::find(seen.begin(), seen.end(), q.ai) != seen.end()) {
      return Invalid("error.gs1.dl.repeated_ai", {{"ai", q.ai}});
    }
    bool allowed = std::any_of(
        key.dl_qualifier_paths.begin(), key.dl_qualifier_paths.end(),
        [&](const auto& path) { return std::find(path.begin(), path.end(), q.ai) != path.end(); });
    if (!allowed) {
      return Invalid("error.gs1.dl.qualifier_not_allowed", {{"ai", q.ai}, {"key", key.ai}});
    }
    std::vector<Cursor> still;
    for (auto cursor : candidates) {
      auto it = std::find(cursor.path->begin() + static_cast<long>(cursor.next), cursor.path->end(),
                          q.ai);
      if (it != cursor.path->end()) {
        cursor.next = static_cast<size_t>(it - cursor.path->begin()) + 1;
        still.push_back(cursor);
      }
    }
    if (still.empty()) {
      return Invalid(
          "error.gs1.dl.qualifier_order",
          {{"ai", q.ai}, {"after", seen.empty() ? key.ai : seen.back()}, {"key", key.ai}});
    }
    candidates = std::move(still);
    seen.push_back(q.ai);
  }
  return Status::Ok();
}

std::string JoinGroups(const std::vector<AiGroup>& groups) {
  std::string text;
  for (const auto& group : groups) {
    if (!text.empty()) text += ", ";
    for (size_t i = 0; i < group.size(); ++i) text += (i ? "+" : "") + group[i];
  }
  return text;
}

// The "req=" and "ex=" attributes over every AI of the link.
Status CheckAssociations(const AiDictionary& dictionary, const std::vector<const AiValue*>& all) {
  auto present = [&](std::string_view pattern, std::string_view self) {
    return std::any_of(all.begin(), all.end(), [&](const AiValue* v) {
      return v->ai != self && AiMatches(pattern, v->ai);
    });
  };
  for (const AiValue* v : all) {
    const AiEntry* entry = dictionary.Find(v->ai);
    for (const auto& groups : entry->requires_any) {
      bool satisfied = std::any_of(groups.begin(), groups.end(), [&](const AiGroup& group) {
        return std::all_of(group.begin(), group.end(),
                           [&](const std::string& p) { return present(p, v->ai); });
      });
      if (!satisfied) {
        return Invalid("error.gs1.dl.requires", {{"ai", v->ai}, {"required", JoinGroups(groups)}});
      }
    }
    for (const auto& pattern : entry->excludes) {
      for (const AiValue* other : all) {
        if (other->ai != v->ai && AiMatches(pattern, other->ai)) {
          return Invalid("error.gs1.dl.excludes", {{"ai", v->ai}, {"other", other->ai}});
        }
      }
    }
  }
  return Status::Ok();
}

std::string CanonicalPath(const DigitalLink& link) {
  std::string out(kCanonicalHost);
  auto add = [&](const AiValue& v) {
    out += '/';
    out += v.ai;
    out += '/';
    out +=
        text::PercentEncode(v.ai == "01" && text::IsDigits(v.value) ? PadGtin(v.value) : v.value);
  };
  add(link.primary);
  for (const auto& q : link.qualifiers) add(q);
  return out;
}

// ---- EPC URNs (GS1 EPC Tag Data Standard 2.x) ----

// Escapes the characters that TDS §6.3 (GS3A3) requires to be %-escaped in an
// EPC URI component; `also_hash` for CSET 39 components (CPI), where "#" may
// appear.
std::string UrnEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "%22";
        break;
      case '%':
        out += "%25";
        break;
      case '&':
        out += "%26";
        break;
      case '/':
        out += "%2F";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      case '?':
        out += "%3F";
        break;
      case '#':
        out += "%23";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Status BadUrn(std::string_view urn) {
  return Invalid("error.gs1.epc.bad_urn", {{"urn", std::string(urn)}});
}

Result<std::string> UrnUnescape(std::string_view s, std::string_view urn) {
  auto decoded = PercentDecode(s, 0);
  if (!decoded) return Err(BadUrn(urn));
  return *decoded;
}

std::string WithCheck(const std::string& digits) { return digits + *ComputeCheckDigit(digits); }

struct UrnParts {
  std::string scheme;  // "sgtin", "lgtin" (class), …
  std::vector<std::string_view> fields;
};

std::string DlOf(const std::vector<AiValue>& pairs) {
  DigitalLink link;
  link.primary = pairs[0];
  link.qualifiers.assign(pairs.begin() + 1, pairs.end());
  return CanonicalPath(link);
}

// Converts the fields of an EPC URN to the AIs of the same key, checked
// against the dictionary.
Result<std::vector<AiValue>> UrnToAis(std::string_view urn) {
  std::string_view body;
  std::string scheme;
  bool is_class = false;
  if (StartsWith(urn, "urn:epc:id:")) {
    body = urn.substr(11);
  } else if (StartsWith(urn, "urn:epc:class:")) {
    body = urn.substr(14);
    is_class = true;
  } else {
    return Err(BadUrn(urn));
  }
  size_t colon = body.find(':');
  if (colon == std::string_view::npos) return Err(BadUrn(urn));
  scheme = std::string(body.substr(0, colon));
  static constexpr std::string_view kSchemes[] = {"sgtin", "sscc", "sgln",  "pgln", "grai",
                                                  "giai",  "gsrn", "gsrnp", "gdti", "sgcn",
                                                  "ginc",  "gsin", "cpi",   "itip"};
  if (!is_class &&
      std::find(std::begin(kSchemes), std::end(kSchemes), scheme) == std::end(kSchemes)) {
    return Err(Invalid("error.gs1.epc.unsupported", {{"scheme", scheme}}));
  }
  auto f = text::Split(body.substr(colon + 1), '.');
  auto numeric = [&](size_t i, size_t length) {
    return i < f.size() && f[i].size() == length && (length == 0 || text::IsDigits(f[i]));
  };
  if (f.empty() || !text::IsDigits(f[0]) || f[0].size() < 6 || f[0].size() > 12) {
    return Err(BadUrn(urn));
  }
  const std::string cp(f[0]);
  const size_t l = cp.size();
  std::vector<AiValue> ais;
  auto gtin = [&](std::string_view indicator_and_item) {
    return WithCheck(std::string(1, indicator_and_item[0]) + cp +
                     std::string(indicator_and_item.substr(1)));
  };
  if (is_class) {
    if (scheme != "lgtin" || f.size() != 3 || !numeric(1, 13 - l)) return Err(BadUrn(urn));
    OCOP_ASSIGN_OR_RETURN(std::string lot, UrnUnescape(f[2], urn));
    ais = {{"01", gtin(f[1])}, {"10", lot}};
  } else if (scheme == "sgtin") {
    if (f.size() != 3 || !numeric(1, 13 - l)) return Err(BadUrn(urn));
    OCOP_ASSIGN_OR_RETURN(std::string serial, UrnUnescape(f[2], urn));
    ais = {{"01", gtin(f[1])}, {"21", serial}};
  } else if (scheme == "sscc") {
    if (f.size() != 2 || !numeric(1, 17 - l)) return Err(BadUrn(urn));
    ais = {{"00", WithCheck(std::string(1, f[1][0]) + cp + std::string(f[1].substr(1)))}};
  } else if (scheme == "sgln") {
    if (f.size() != 3 || !numeric(1, 12 - l) || f[2].empty()) return Err(BadUrn(urn));
    ais = {{"414", WithCheck(cp + std::string(f[1]))}};
    if (f[2] != "0") {
      OCOP_ASSIGN_OR_RETURN(std::string ext, UrnUnescape(f[2], urn));
      ais.push_back({"254", ext});
    }
  } else if (scheme == "pgln") {
    if (f.size() != 2 || !numeric(1, 12 - l)) return Err(BadUrn(urn));
    ais = {{"417", WithCheck(cp + std::string(f[1]))}};
  } else if (scheme == "grai") {
    if (f.size() != 3 || !numeric(1, 12 - l)) return Err(BadUrn(urn));
    OCOP_ASSIGN_OR_RETURN(std::string serial, UrnUnescape(f[2], urn));
    ais = {{"8003", "0" + WithCheck(cp + std::string(f[1])) + serial}};
  } else if (scheme == "giai") {
    if (f.size() != 2 || f[1].empty()) return Err(BadUrn(urn));
    OCOP_ASSIGN_OR_RETURN(std::string ref, UrnUnescape(f[1], urn));
    ais = {{"8004", cp + ref}};
  } else if (scheme == "gsrn" || scheme == "gsrnp") {
    if (f.size() != 2 || !numeric(1, 17 - l)) return Err(BadUrn(urn));
    ais = {{scheme == "gsrn" ? "8018" : "8017", WithCheck(cp + std::string(f[1]))}};
  } else if (scheme == "gdti" || scheme == "sgcn") {
    if (f.size() != 3 || !numeric(1, 12 - l)) return Err(BadUrn(urn));
    OCOP_ASSIGN_OR_RETURN(std::string serial, UrnUnescape(f[2], urn));
    ais = {{scheme == "gdti" ? "253" : "255", WithCheck(cp + std::string(f[1])) + serial}};
  } else if (scheme == "ginc") {
    if (f.size() != 2 || f[1].empty()) return Err(BadUrn(urn));
    OCOP_ASSIGN_OR_RETURN(std::string ref, UrnUnescape(f[1], urn));
    ais = {{"401", cp + ref}};
  } else if (scheme == "gsin") {
    if (f.size() != 2 || !numeric(1, 16 - l)) return Err(BadUrn(urn));
    ais = {{"402", WithCheck(cp + std::string(f[1]))}};
  } else if (scheme == "cpi") {
    if (f.size() != 3 || f[1].empty()) return Err(BadUrn(urn));
    OCOP_ASSIGN_OR_RETURN(std::string part, UrnUnescape(f[1], urn));
    ais = {{"8010", cp + part}, {"8011", std::string(f[2])}};
  } else if (scheme == "itip") {
    if (f.size() != 5 || !numeric(1, 13 - l) || !numeric(2, 2) || !numeric(3, 2)) {
      return Err(BadUrn(urn));
    }
    OCOP_ASSIGN_OR_RETURN(std::string serial, UrnUnescape(f[4], urn));
    ais = {{"8006", gtin(f[1]) + std::string(f[2]) + std::string(f[3])}, {"21", serial}};
  } else {
    return Err(Invalid("error.gs1.epc.unsupported", {{"scheme", scheme}}));
  }
  for (const auto& v : ais) {
    if (Status s = ValidateAiValue(v.ai, v.value); !s.ok()) return Err(std::move(s));
  }
  return ais;
}

// If `uri` has a GTIN-8, -12 or -13 after "/01/", the same URI with it padded
// to 14 digits; nullopt otherwise.
std::optional<std::string> WithPaddedGtin(std::string_view uri) {
  size_t at = uri.find("/01/");
  if (at == std::string_view::npos) return std::nullopt;
  size_t start = at + 4;
  size_t end = uri.find_first_of("/?#", start);
  std::string_view gtin = uri.substr(start, end == std::string_view::npos ? end : end - start);
  if (gtin.size() == 14 || !IsValidGtin(gtin)) return std::nullopt;
  std::string out(uri.substr(0, start));
  out += PadGtin(gtin);
  if (end != std::string_view::npos) out += uri.substr(end);
  return out;
}

}  // namespace

Result<DigitalLink> ParseDigitalLink(std::string_view uri) {
  if (uri.empty()) return Err(Invalid("error.gs1.dl.empty"));
  for (size_t i = 0; i < uri.size(); ++i) {
    if (!IsUriCharacter(uri[i])) {
      auto c = static_cast<unsigned char>(uri[i]);
      std::string shown = c > 0x20 && c < 0x7f ? std::string(1, uri[i]) : "\\x" + [&] {
        static constexpr char kHex[] = "0123456789ABCDEF";
        return std::string{kHex[c >> 4], kHex[c & 15]};
      }();
      return Err(Invalid("error.gs1.dl.bad_uri_character",
                         {{"position", std::to_string(i + 1)}, {"character", shown}}));
    }
  }
  // The fragment is for the client only.
  std::string_view rest = uri.substr(0, uri.find('#'));
  std::string_view query;
  bool has_query = false;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    has_query = true;
  }
  size_t path_start = 0;
  if (StartsWithNoCase(rest, "https://") || StartsWithNoCase(rest, "http://")) {
    size_t host_start = rest.find("//") + 2;
    path_start = rest.find('/', host_start);
    if (path_start == std::string_view::npos) path_start = rest.size();
    if (path_start == host_start) return Err(Invalid("error.gs1.dl.no_host"));
    // No user information: "https://id.gs1.org@evil.example/…" would show one
    // host to a reader and send the scanner to another.
    std::string_view authority = rest.substr(host_start, path_start - host_start);
    if (authority.find('@') != std::string_view::npos) {
      return Err(Invalid("error.gs1.dl.userinfo", {{"host", std::string(authority)}}));
    }
  } else if (rest.empty() || rest.front() != '/' || StartsWith(rest, "//")) {
    // "//host/…" is a reference to another host, not a path.
    return Err(Invalid("error.gs1.dl.not_a_uri"));
  }
  const AiDictionary& dictionary = AiDictionary::Default();
  std::string_view path = rest.substr(path_start);
  std::vector<std::string_view> segments;
  std::vector<size_t> offsets;  // of each segment in `uri`
  if (!path.empty()) {
    size_t offset = path_start + 1;
    for (auto segment : text::Split(path.substr(1), '/')) {
      segments.push_back(segment);
      offsets.push_back(offset);
      offset += segment.size() + 1;
    }
    // One trailing slash ("…/21/S1/") adds nothing; an empty segment
    // elsewhere is refused below.
    if (segments.size() > 1 && segments.back().empty()) {
      segments.pop_back();
      offsets.pop_back();
    }
  }
  // The primary key, as the GS1 Digital Link standard finds it: walk the
  // AI/value pairs back from the end of the path while each names an AI; the
  // first dlpkey AI met is the key (qualifiers are never keys), and what
  // precedes it is the custom prefix ("/ocop", even "/01/x").
  const size_t n = segments.size();
  size_t primary_index = n;
  for (size_t i = n; i >= 2; i -= 2) {
    const AiEntry* entry =
        text::IsDigits(segments[i - 2]) ? dictionary.Find(segments[i - 2]) : nullptr;
    if (!entry) break;
    if (entry->dl_primary_key) {
      primary_index = i - 2;
      break;
    }
  }
  if (primary_index == n) {
    // No key that way: name the first problem a reader would see from the
    // left, a key without its value or an unknown AI after a key.
    for (size_t i = 0; i < n; ++i) {
      const AiEntry* entry = text::IsDigits(segments[i]) ? dictionary.Find(segments[i]) : nullptr;
      if (!entry || !entry->dl_primary_key) continue;
      if (i + 1 == n || segments[i + 1].empty()) {
        return Err(Invalid("error.gs1.dl.missing_value", {{"ai", std::string(segments[i])}}));
      }
      for (size_t k = i + 2; k < n; k += 2) {
        if (segments[k].empty()) return Err(Invalid("error.gs1.dl.empty_segment"));
        if (!text::IsDigits(segments[k]) || !dictionary.Find(segments[k])) {
          return Err(Invalid("error.gs1.unknown_ai", {{"ai", std::string(segments[k])}}));
        }
        if (k + 1 == n || segments[k + 1].empty()) {
          return Err(Invalid("error.gs1.dl.missing_value", {{"ai", std::string(segments[k])}}));
        }
      }
    }
    return Err(Invalid("error.gs1.dl.no_primary_key"));
  }
  DigitalLink link;
  link.prefix = std::string(uri.substr(0, offsets[primary_index] - 1));
  std::vector<AiValue> pairs;
  for (size_t i = primary_index; i < n; i += 2) {
    std::string ai(segments[i]);
    if (!text::IsDigits(ai) || !dictionary.Find(ai)) {
      return Err(Invalid("error.gs1.unknown_ai", {{"ai", ai}}));
    }
    if (segments[i + 1].empty()) return Err(Invalid("error.gs1.dl.missing_value", {{"ai", ai}}));
    OCOP_ASSIGN_OR_RETURN(std::string value, DecodeValue(ai, segments[i + 1], offsets[i + 1]));
    pairs.push_back({std::move(ai), std::move(value)});
  }
  link.primary = pairs[0];
  link.qualifiers.assign(pairs.begin() + 1, pairs.end());
  const AiEntry* key = dictionary.Find(link.primary.ai);
  OCOP_RETURN_IF_ERROR(ValidateAiValue(link.primary.ai, link.primary.value));
  OCOP_RETURN_IF_ERROR(CheckQualifiers(*key, link.qualifiers));
  for (const auto& q : link.qualifiers) OCOP_RETURN_IF_ERROR(ValidateAiValue(q.ai, q.value));
  if (has_query) {
    size_t offset = uri.size() - query.size();
    for (auto param : text::Split(query, '&')) {
      size_t param_offset = offset;
      offset += param.size() + 1;
      if (param.empty()) continue;
      size_t eq = param.find('=');
      std::string_view raw_key = param.substr(0, eq);
      std::string_view raw_value =
          eq == std::string_view::npos ? std::string_view() : param.substr(eq + 1);
      const size_t value_offset =
          eq == std::string_view::npos ? param_offset + param.size() : param_offset + eq + 1;
      OCOP_ASSIGN_OR_RETURN(std::string name, PercentDecode(raw_key, param_offset));
      if (!text::IsDigits(name)) {
        OCOP_ASSIGN_OR_RETURN(std::string value, PercentDecode(raw_value, value_offset));
        link.other_query.emplace_back(std::move(name), std::move(value));
        continue;
      }
      OCOP_ASSIGN_OR_RETURN(std::string value, DecodeValue(name, raw_value, value_offset));
      const AiEntry* entry = dictionary.Find(name);
      if (!entry) return Err(Invalid("error.gs1.unknown_ai", {{"ai", name}}));
      auto same = [&](const AiValue& v) { return v.ai == name; };
      if (same(link.primary) || std::any_of(link.qualifiers.begin(), link.qualifiers.end(), same)) {
        return Err(Invalid("error.gs1.dl.path_ai_in_query", {{"ai", name}}));
      }
      if (!entry->dl_data_attribute) {
        return Err(Invalid("error.gs1.dl.not_data_attribute", {{"ai", name}}));
      }
      if (std::any_of(link.attributes.begin(), link.attributes.end(), same)) {
        return Err(Invalid("error.gs1.dl.repeated_ai", {{"ai", name}}));
      }
      OCOP_RETURN_IF_ERROR(ValidateAiValue(name, value));
      link.attributes.push_back({std::move(name), std::move(value)});
    }
  }
  std::vector<const AiValue*> all = {&link.primary};
  for (const auto& q : link.qualifiers) all.push_back(&q);
  for (const auto& a : link.attributes) all.push_back(&a);
  OCOP_RETURN_IF_ERROR(CheckAssociations(dictionary, all));
  return link;
}

std::string BuildDigitalLink(const DigitalLink& link) {
  std::string out = link.prefix;
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out.empty()) out = kCanonicalHost;
  std::string path = CanonicalPath(link).substr(kCanonicalHost.size());
  out += path;
  char sep = '?';
  for (const auto& a : link.attributes) {
    out += sep;
    out += a.ai + "=" + text::PercentEncode(a.value);
    sep = '&';
  }
  for (const auto& [name, value] : link.other_query) {
    out += sep;
    out += text::PercentEncode(name) + "=" + text::PercentEncode(value);
    sep = '&';
  }
  return out;
}

CanonicalId CanonicalEpc(std::string_view id) {
  if (StartsWith(id, "urn:epc:idpat:sgtin:")) {
    auto f = text::Split(id.substr(20), '.');
    if (f.size() == 3 && text::IsDigits(f[0]) && f[0].size() >= 6 && f[0].size() <= 12 &&
        f[1].size() == 13 - f[0].size() && text::IsDigits(f[1]) && f[2] == "*") {
      std::string gtin =
          WithCheck(std::string(1, f[1][0]) + std::string(f[0]) + std::string(f[1].substr(1)));
      return {std::string(kCanonicalHost) + "/01/" + gtin + "/21/", true};
    }
    return {std::string(id), false};
  }
  if (StartsWith(id, "urn:epc:")) {
    auto ais = UrnToAis(id);
    if (!ais) return {std::string(id), false};
    return {DlOf(*ais), false};
  }
  if (StartsWithNoCase(id, "https://") || StartsWithNoCase(id, "http://")) {
    auto link = ParseDigitalLink(id);
    if (!link) {
      if (auto padded = WithPaddedGtin(id)) link = ParseDigitalLink(*padded);
    }
    if (link) return {CanonicalPath(*link), false};
  }
  return {std::string(id), false};
}

Result<std::string> EpcUrnToDigitalLink(std::string_view urn) {
  OCOP_ASSIGN_OR_RETURN(auto ais, UrnToAis(urn));
  return DlOf(ais);
}

Result<std::string> DigitalLinkToEpcUrn(const DigitalLink& link, int company_prefix_length) {
  const int l = company_prefix_length;
  if (l < 6 || l > 12) {
    return Err(Invalid("error.gs1.epc.company_prefix_length", {{"length", std::to_string(l)}}));
  }
  const std::string& key = link.primary.ai;
  const std::string value = key == "01" && text::IsDigits(link.primary.value)
                                ? PadGtin(link.primary.value)
                                : link.primary.value;
  // The slicing below relies on the dictionary's lengths.
  OCOP_RETURN_IF_ERROR(ValidateAiValue(key, value));
  for (const auto& q : link.qualifiers) OCOP_RETURN_IF_ERROR(ValidateAiValue(q.ai, q.value));
  auto qualifier = [&](std::string_view ai) -> const std::string* {
    for (const auto& q : link.qualifiers) {
      if (q.ai == ai) return &q.value;
    }
    return nullptr;
  };
  auto not_epc = [&] { return Err(Invalid("error.gs1.epc.not_an_epc", {{"ai", key}})); };
  const size_t cp_len = static_cast<size_t>(l);
  // The key's digits without the check digit must be longer than the prefix.
  auto too_short = [&](size_t digits) { return digits <= cp_len; };
  // GTIN-14 "I CCCCCC RRRRR K" → "CCCCCC.IRRRRR".
  auto gtin_fields = [&](std::string_view g) {
    return std::string(g.substr(1, cp_len)) + "." + std::string(1, g[0]) +
           std::string(g.substr(1 + cp_len, 12 - cp_len));
  };
  if (key == "01") {
    if (too_short(13)) return not_epc();
    if (const std::string* serial = qualifier("21")) {
      return "urn:epc:id:sgtin:" + gtin_fields(value) + "." + UrnEscape(*serial);
    }
    if (const std::string* lot = qualifier("10")) {
      return "urn:epc:class:lgtin:" + gtin_fields(value) + "." + UrnEscape(*lot);
    }
    return not_epc();
  }
  if (key == "00") {
    return "urn:epc:id:sscc:" + value.substr(1, cp_len) + "." + value.substr(0, 1) +
           value.substr(1 + cp_len, 16 - cp_len);
  }
  if (key == "414" || key == "417") {
    std::string fields = value.substr(0, cp_len) + "." + value.substr(cp_len, 12 - cp_len);
    if (key == "417") return "urn:epc:id:pgln:" + fields;
    const std::string* ext = qualifier("254");
    return "urn:epc:id:sgln:" + fields + "." + (ext ? UrnEscape(*ext) : "0");
  }
  if (key == "8003") {
    if (value.size() <= 14) return not_epc();  // a GRAI without serial names a class
    return "urn:epc:id:grai:" + value.substr(1, cp_len) + "." +
           value.substr(1 + cp_len, 12 - cp_len) + "." + UrnEscape(value.substr(14));
  }
  if (key == "8004" || key == "401") {
    if (value.size() <= cp_len) return not_epc();
    return std::string(key == "8004" ? "urn:epc:id:giai:" : "urn:epc:id:ginc:") +
           value.substr(0, cp_len) + "." + UrnEscape(value.substr(cp_len));
  }
  if (key == "8017" || key == "8018") {
    return std::string(key == "8018" ? "urn:epc:id:gsrn:" : "urn:epc:id:gsrnp:") +
           value.substr(0, cp_len) + "." + value.substr(cp_len, 17 - cp_len);
  }
  if (key == "253" || key == "255") {
    if (value.size() <= 13) return not_epc();  // no serial: a document or coupon type
    return std::string(key == "253" ? "urn:epc:id:gdti:" : "urn:epc:id:sgcn:") +
           value.substr(0, cp_len) + "." + value.substr(cp_len, 12 - cp_len) + "." +
           UrnEscape(value.substr(13));
  }
  if (key == "402") {
    return "urn:epc:id:gsin:" + value.substr(0, cp_len) + "." + value.substr(cp_len, 16 - cp_len);
  }
  if (key == "8010") {
    const std::string* serial = qualifier("8011");
    if (!serial || value.size() <= cp_len) return not_epc();
    return "urn:epc:id:cpi:" + value.substr(0, cp_len) + "." + UrnEscape(value.substr(cp_len)) +
           "." + *serial;
  }
  if (key == "8006") {
    const std::string* serial = qualifier("21");
    if (!serial) return not_epc();
    return "urn:epc:id:itip:" + gtin_fields(value.substr(0, 14)) + "." + value.substr(14, 2) + "." +
           value.substr(16, 2) + "." + UrnEscape(*serial);
  }
  return not_epc();
}

}  // namespace ocop::gs1

#include "domain/traceability/geo_area.h"

#include <charconv>
#include <cmath>
#include <numbers>
#include <optional>
#include <utility>

namespace ocop::domain {
namespace {

// A JSON value, as far as a geometry needs: the rest of a document is parsed
// to be skipped correctly.
struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject } type = Type::kNull;
  double number = 0;
  std::string text;
  std::vector<JsonValue> items;
  std::vector<std::pair<std::string, JsonValue>> members;

  const JsonValue* Member(std::string_view name) const {
    for (const auto& [k, v] : members) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

// Recursive descent over RFC 8259, nesting at most kMaxDepth (a MultiPolygon
// inside a Feature needs 6).
class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : s_(s) {}

  std::optional<JsonValue> Document() {
    auto v = Value(0);
    SkipSpace();
    if (!v || pos_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  static constexpr int kMaxDepth = 16;

  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Consume(char c) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  std::optional<JsonValue> Value(int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    SkipSpace();
    if (pos_ >= s_.size()) return std::nullopt;
    JsonValue v;
    const char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v.type = JsonValue::Type::kObject;
      if (Consume('}')) return v;
      do {
        SkipSpace();
        auto key = String();
        if (!key || !Consume(':')) return std::nullopt;
        auto member = Value(depth + 1);
        if (!member) return std::nullopt;
        v.members.emplace_back(std::move(*key), std::move(*member));
      } while (Consume(','));
      if (!Consume('}')) return std::nullopt;
      return v;
    }
    if (c == '[') {
      ++pos_;
      v.type = JsonValue::Type::kArray;
      if (Consume(']')) return v;
      do {
        auto item = Value(depth + 1);
        if (!item) return std::nullopt;
        v.items.push_back(std::move(*item));
      } while (Consume(','));
      if (!Consume(']')) return std::nullopt;
      return v;
    }
    if (c == '"') {
      auto text = String();
      if (!text) return std::nullopt;
      v.type = JsonValue::Type::kString;
      v.text = std::move(*text);
      return v;
    }
    if (Literal("true") || Literal("false")) {
      v.type = JsonValue::Type::kBool;
      return v;
    }
    if (Literal("null")) return v;
    return Number();
  }

  // A string; escapes are kept as written except \" and \\ (geometry keys and
  // type names have none).
  std::optional<std::string> String() {
    if (pos_ >= s_.size() || s_[pos_] != '"') return std::nullopt;
    ++pos_;
    std::string out;
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
      if (c == '\\') {
        if (pos_ >= s_.size()) return std::nullopt;
        const char e = s_[pos_++];
        if (e == '"' || e == '\\' || e == '/') {
          out += e;
        } else if (e == 'u') {
          if (pos_ + 4 > s_.size()) return std::nullopt;
          out += "\\u";
          out += s_.substr(pos_, 4);
          pos_ += 4;
        } else if (std::string_view("bfnrt").find(e) != std::string_view::npos) {
          out += '\\';
          out += e;
        } else {
          return std::nullopt;
        }
      } else {
        out += c;
      }
    }
    return std::nullopt;
  }

  std::optional<JsonValue> Number() {
    // JSON's grammar is stricter than from_chars' (no leading '+', no "inf").
    const std::size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9') return std::nullopt;
    while (pos_ < s_.size() &&
           std::string_view("0123456789.eE+-").find(s_[pos_]) != std::string_view::npos) {
      ++pos_;
    }
    JsonValue v;
    v.type = JsonValue::Type::kNumber;
    const char* first = s_.data() + start;
    const char* last = s_.data() + pos_;
    auto [end, ec] = std::from_chars(first, last, v.number);
    if (ec != std::errc() || end != last || !std::isfinite(v.number)) return std::nullopt;
    return v;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

Status BoundaryError(const std::string& field, std::string key,
                     std::vector<std::pair<std::string, std::string>> args = {}) {
  FieldErrors errors;
  errors.Add(field, std::move(key), std::move(args));
  return errors.ToStatus();
}

// Proper crossing of segments ab and cd (touching at an end does not count;
// collinear overlap does).
double Cross(const GeoPoint& o, const GeoPoint& a, const GeoPoint& b) {
  return (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon);
}
bool OnSegment(const GeoPoint& a, const GeoPoint& b, const GeoPoint& p) {
  return std::min(a.lon, b.lon) <= p.lon && p.lon <= std::max(a.lon, b.lon) &&
         std::min(a.lat, b.lat) <= p.lat && p.lat <= std::max(a.lat, b.lat);
}
bool SegmentsCross(const GeoPoint& a, const GeoPoint& b, const GeoPoint& c, const GeoPoint& d) {
  const double d1 = Cross(c, d, a), d2 = Cross(c, d, b), d3 = Cross(a, b, c), d4 = Cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    return true;
  }
  return (d1 == 0 && OnSegment(c, d, a)) || (d2 == 0 && OnSegment(c, d, b)) ||
         (d3 == 0 && OnSegment(a, b, c)) || (d4 == 0 && OnSegment(a, b, d));
}

// The first pair of non-adjacent edges of `ring` that cross, as edge indexes;
// O(n²), bounded by kMaxBoundaryPositions.
std::optional<std::size_t> FirstSelfCrossing(const GeoRing& ring) {
  const std::size_t edges = ring.size() - 1;
  for (std::size_t i = 0; i < edges; ++i) {
    for (std::size_t j = i + 2; j < edges; ++j) {
      if (i == 0 && j == edges - 1) continue;  // the closing edge meets the first
      if (SegmentsCross(ring[i], ring[i + 1], ring[j], ring[j + 1])) return j;
    }
  }
  return std::nullopt;
}

// Reads one ring; `where` names it in errors ("1", "1.2": polygon.ring).
Result<GeoRing> ReadRing(const JsonValue& v, const std::string& field, const std::string& where,
                         std::size_t& positions) {
  if (v.type != JsonValue::Type::kArray) {
    return Err(BoundaryError(field, "error.site.boundary_shape", {{"ring", where}}));
  }
  GeoRing ring;
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const auto& p = v.items[i];
    const std::string at = std::to_string(i + 1);
    if (p.type != JsonValue::Type::kArray || p.items.size() < 2 || p.items.size() > 3 ||
        p.items[0].type != JsonValue::Type::kNumber ||
        p.items[1].type != JsonValue::Type::kNumber ||
        (p.items.size() == 3 && p.items[2].type != JsonValue::Type::kNumber)) {
      return Err(BoundaryError(field, "error.site.boundary_position",
                               {{"ring", where}, {"position", at}}));
    }
    GeoPoint point{p.items[0].number, p.items[1].number};
    if (point.lon < -180 || point.lon > 180 || point.lat < -90 || point.lat > 90) {
      return Err(
          BoundaryError(field, "error.site.boundary_range", {{"ring", where}, {"position", at}}));
    }
    if (++positions > kMaxBoundaryPositions) {
      return Err(BoundaryError(field, "error.site.boundary_too_large",
                               {{"max", std::to_string(kMaxBoundaryPositions)}}));
    }
    ring.push_back(point);
  }
  if (ring.size() < 4) {
    return Err(BoundaryError(field, "error.site.boundary_ring_short", {{"ring", where}}));
  }
  if (ring.front().lon != ring.back().lon || ring.front().lat != ring.back().lat) {
    return Err(BoundaryError(field, "error.site.boundary_ring_open", {{"ring", where}}));
  }
  if (FirstSelfCrossing(ring)) {
    return Err(BoundaryError(field, "error.site.boundary_crossing", {{"ring", where}}));
  }
  if (RingAreaM2(ring) <= 0) {
    return Err(BoundaryError(field, "error.site.boundary_empty", {{"ring", where}}));
  }
  return ring;
}

Result<GeoPolygon> ReadPolygon(const JsonValue& v, const std::string& field,
                               const std::string& prefix, std::size_t& positions) {
  if (v.type != JsonValue::Type::kArray || v.items.empty()) {
    return Err(BoundaryError(field, "error.site.boundary_shape", {{"ring", prefix + "1"}}));
  }
  GeoPolygon polygon;
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    OCOP_ASSIGN_OR_RETURN(GeoRing ring,
                          ReadRing(v.items[i], field, prefix + std::to_string(i + 1), positions));
    polygon.rings.push_back(std::move(ring));
  }
  return polygon;
}

}  // namespace

Result<GeoGeometry> ParseBoundary(std::string_view geojson, const std::string& field) {
  if (geojson.size() > kMaxBoundaryBytes) {
    return Err(BoundaryError(field, "error.site.boundary_too_large",
                             {{"max", std::to_string(kMaxBoundaryPositions)}}));
  }
  auto doc = JsonReader(geojson).Document();
  if (!doc || doc->type != JsonValue::Type::kObject) {
    return Err(BoundaryError(field, "error.site.boundary_json"));
  }
  const JsonValue* geometry = &*doc;
  const JsonValue* type = geometry->Member("type");
  if (type && type->type == JsonValue::Type::kString && type->text == "Feature") {
    geometry = geometry->Member("geometry");
    if (!geometry || geometry->type != JsonValue::Type::kObject) {
      return Err(BoundaryError(field, "error.site.boundary_type"));
    }
    type = geometry->Member("type");
  }
  const JsonValue* coordinates = geometry->Member("coordinates");
  if (!type || type->type != JsonValue::Type::kString ||
      (type->text != "Polygon" && type->text != "MultiPolygon") || !coordinates) {
    return Err(BoundaryError(field, "error.site.boundary_type"));
  }
  GeoGeometry out;
  std::size_t positions = 0;
  if (type->text == "Polygon") {
    OCOP_ASSIGN_OR_RETURN(GeoPolygon p, ReadPolygon(*coordinates, field, "", positions));
    out.polygons.push_back(std::move(p));
  } else {
    if (coordinates->type != JsonValue::Type::kArray || coordinates->items.empty()) {
      return Err(BoundaryError(field, "error.site.boundary_shape", {{"ring", "1.1"}}));
    }
    for (std::size_t i = 0; i < coordinates->items.size(); ++i) {
      OCOP_ASSIGN_OR_RETURN(GeoPolygon p, ReadPolygon(coordinates->items[i], field,
                                                      std::to_string(i + 1) + ".", positions));
      out.polygons.push_back(std::move(p));
    }
  }
  return out;
}

double RingAreaM2(const GeoRing& ring) {
  // A = R²/2 · |Σ (λ(i+1) − λ(i−1)) · sin φ(i)|, the form of Chamberlain and
  // Duquette's sum that turf.js evaluates (radians).
  const std::size_t n = ring.size();
  if (n < 4) return 0;
  constexpr double kRad = std::numbers::pi / 180.0;
  double sum = 0;
  const std::size_t m = n - 1;  // the closing position repeats the first
  for (std::size_t i = 0; i < m; ++i) {
    const GeoPoint& prev = ring[(i + m - 1) % m];
    const GeoPoint& next = ring[(i + 1) % m];
    sum += (next.lon - prev.lon) * kRad * std::sin(ring[i].lat * kRad);
  }
  return std::abs(sum) * kEarthMeanRadiusM * kEarthMeanRadiusM / 2.0;
}

double GeometryAreaHa(const GeoGeometry& g) {
  double m2 = 0;
  for (const auto& polygon : g.polygons) {
    for (std::size_t i = 0; i < polygon.rings.size(); ++i) {
      const double a = RingAreaM2(polygon.rings[i]);
      m2 += i == 0 ? a : -a;
    }
  }
  return std::max(0.0, m2) / 10000.0;
}

bool AreaMismatch(double declared_ha, double computed_ha) {
  if (declared_ha <= 0) return false;
  return std::abs(computed_ha - declared_ha) > 0.10 * declared_ha;
}

}  // namespace ocop::domain

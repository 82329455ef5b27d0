// The boundary of a growing area: a GeoJSON (RFC 7946) Polygon or
// MultiPolygon, validated and measured on the Earth. The domain includes no
// JSON library (DESIGN.md), so this reads the small part of JSON a geometry
// is written in itself. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ocop::domain {

struct GeoPoint {
  double lon = 0;
  double lat = 0;
};
// A closed linear ring: first and last positions equal, at least 4 of them.
using GeoRing = std::vector<GeoPoint>;
// The exterior ring first, then holes.
struct GeoPolygon {
  std::vector<GeoRing> rings;
};
struct GeoGeometry {
  std::vector<GeoPolygon> polygons;
};

// Limits that keep parsing and the crossing check cheap on a request.
inline constexpr std::size_t kMaxBoundaryBytes = 256 * 1024;
inline constexpr std::size_t kMaxBoundaryPositions = 5000;

// Parses and validates `geojson`: a Polygon or MultiPolygon geometry, or a
// Feature holding one. Every ring closed with at least 4 positions, every
// position [lon, lat] (an altitude is allowed and ignored) with lon in
// [-180, 180] and lat in [-90, 90], no ring crossing itself, a non-zero area.
// Errors are InvalidArgument with one violation on `field`, its key
// `error.site.boundary_*` and arguments naming the ring and position.
Result<GeoGeometry> ParseBoundary(std::string_view geojson, const std::string& field = "boundary");

// Mean radius of the WGS84 ellipsoid (IUGG R1), in metres. turf.js uses the
// equatorial radius 6,378,137 m, which gives areas 0.22 % larger.
inline constexpr double kEarthMeanRadiusM = 6371008.8;

// The area of a ring on the sphere of radius kEarthMeanRadiusM, in square
// metres, by Chamberlain and Duquette's formula ("Some algorithms for polygons
// on a sphere", JPL 2007; what turf.js's area uses): exact for edges along
// meridians and parallels, within a fraction of a per mille of the
// great-circle area for fields. Always positive, whatever the winding.
double RingAreaM2(const GeoRing& ring);
// Exterior rings less their holes, summed over the polygons, in hectares.
double GeometryAreaHa(const GeoGeometry& g);

// True when `computed_ha` differs from `declared_ha` by more than 10 % of
// the declared area (the boundary and the code's declared area disagree).
bool AreaMismatch(double declared_ha, double computed_ha);

}  // namespace ocop::domain

-- Growing areas (mã số vùng trồng) and packing houses (mã số cơ sở đóng gói)
-- (issue 6). Codes are unique nationally; location_id is
-- `urn:ocop:site:{code}`, the id EPCIS events name a site by. Areas are kept
-- in whole square metres and quantities in kilograms (integers, exact in both
-- engines); the domain shows hectares and tonnes. boundary_geojson is the
-- validated GeoJSON geometry ('' when none) and boundary_area_m2 its geodesic
-- area, computed when it is written.
CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  location_id TEXT NOT NULL UNIQUE,
  producer_id INTEGER NOT NULL REFERENCES producers (id),
  name TEXT NOT NULL,
  target_markets TEXT NOT NULL,
  crop TEXT NOT NULL,
  variety TEXT NOT NULL,
  declared_area_m2 INTEGER NOT NULL,
  capacity_kg_per_day INTEGER NOT NULL,
  yield_estimate_kg INTEGER NOT NULL,
  province_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  address TEXT NOT NULL,
  boundary_geojson TEXT NOT NULL,
  boundary_area_m2 INTEGER,
  representative TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE INDEX sites_producer ON sites (producer_id);
CREATE INDEX sites_province ON sites (province_code, code);
CREATE INDEX sites_commune ON sites (commune_code, code);

-- Member households, in the order given.
CREATE TABLE site_households (
  site_id INTEGER NOT NULL REFERENCES sites (id),
  ordinal INTEGER NOT NULL,
  name TEXT NOT NULL,
  area_m2 INTEGER NOT NULL,
  PRIMARY KEY (site_id, ordinal)
);

-- The dated status history: rows are only ever added. on_date is ISO
-- YYYY-MM-DD, so text order is date order.
CREATE TABLE site_status_changes (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites (id),
  on_date TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  by_user_id INTEGER NOT NULL,
  recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX site_status_changes_site ON site_status_changes (site_id, on_date, id);

CREATE TABLE site_certificates (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites (id),
  kind TEXT NOT NULL,
  number TEXT NOT NULL,
  issuer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL
);
CREATE INDEX site_certificates_site ON site_certificates (site_id, id);

-- Nhật ký canh tác. planned_harvest is '' when none.
CREATE TABLE site_diary_entries (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites (id),
  on_date TEXT NOT NULL,
  kind TEXT NOT NULL,
  product TEXT NOT NULL,
  dose TEXT NOT NULL,
  pre_harvest_interval_days INTEGER NOT NULL,
  planned_harvest TEXT NOT NULL,
  note TEXT NOT NULL,
  by_user_id INTEGER NOT NULL,
  recorded_at_ms INTEGER NOT NULL
);
CREATE INDEX site_diary_entries_site ON site_diary_entries (site_id, on_date, id);

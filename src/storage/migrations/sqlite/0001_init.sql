-- Accounts, sessions, log-in throttling, and the producer/product registry.
CREATE TABLE producers (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  legal_type TEXT NOT NULL,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  registration_no TEXT NOT NULL UNIQUE,
  rep_name TEXT NOT NULL,
  rep_gender TEXT NOT NULL,
  rep_ethnicity TEXT NOT NULL,
  province_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  street_address TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  founded_on TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX producers_place ON producers (province_code, commune_code);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  product_set INTEGER NOT NULL,
  producer_id INTEGER NOT NULL REFERENCES producers (id),
  description TEXT NOT NULL,
  gtin TEXT UNIQUE,
  province_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX products_producer ON products (producer_id);
CREATE INDEX products_place ON products (province_code, commune_code);

CREATE TABLE commune_sequences (
  commune_code TEXT PRIMARY KEY,
  last_value INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  province_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  producer_id INTEGER REFERENCES producers (id),
  created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  window_start INTEGER NOT NULL
);

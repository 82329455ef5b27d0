-- Thu hồi — recalls (issue 6). A recall names lots (recall_lots); opening it
-- stores its affected records (one per critical tracking event of each
-- affected object: FSMA 204 key data elements, in insertion order), the
-- destinations its shipments reached (each with the token of its
-- confirmation link: kept as is, since the officers who manage the recall
-- hand the link on to the destination, and it only confirms that one
-- destination's removal) and a notice per affected producer. A proposal (from a
-- failed lab report) is a recall in status 'proposed'; proposal_key
-- ("{lot id}|{reference}") makes a second one for the same lot and reference
-- change nothing. Times are UTC milliseconds; booleans 0/1; dates ISO text.
CREATE TABLE recalls (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  reason_text TEXT NOT NULL,
  reference TEXT NOT NULL,
  voluntary INTEGER NOT NULL,
  area_rule INTEGER NOT NULL,
  window_days INTEGER NOT NULL,
  province_code TEXT NOT NULL,
  producer_id INTEGER REFERENCES producers (id),
  proposal_key TEXT UNIQUE,
  proposed_at_ms INTEGER NOT NULL,
  opened_at_ms INTEGER NOT NULL,
  opened_by INTEGER REFERENCES users (id),
  closed_at_ms INTEGER NOT NULL,
  closed_by INTEGER REFERENCES users (id),
  close_report TEXT NOT NULL,
  close_justification TEXT NOT NULL,
  event_id TEXT NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX recalls_province ON recalls (province_code, id);
CREATE INDEX recalls_producer ON recalls (producer_id, id);

CREATE TABLE recall_lots (
  recall_id INTEGER NOT NULL REFERENCES recalls (id),
  lot_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (recall_id, lot_id)
);

CREATE TABLE recall_records (
  recall_id INTEGER NOT NULL REFERENCES recalls (id),
  position INTEGER NOT NULL,
  lot_key TEXT NOT NULL,
  lot_code TEXT NOT NULL,
  lot_id INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  product_description TEXT NOT NULL,
  quantity_milli INTEGER NOT NULL,
  unit TEXT NOT NULL,
  location_id TEXT NOT NULL,
  location_description TEXT NOT NULL,
  event_date TEXT NOT NULL,
  event_type TEXT NOT NULL,
  reference_type TEXT NOT NULL,
  reference_number TEXT NOT NULL,
  reach TEXT NOT NULL,
  PRIMARY KEY (recall_id, position)
);
-- The scan page of a lot asks which recalls name it.
CREATE INDEX recall_records_lot_key ON recall_records (lot_key, recall_id);
CREATE INDEX recall_records_product ON recall_records (product_id, recall_id);

CREATE TABLE recall_destinations (
  id INTEGER PRIMARY KEY,
  recall_id INTEGER NOT NULL REFERENCES recalls (id),
  location_id TEXT NOT NULL,
  description TEXT NOT NULL,
  token TEXT NOT NULL UNIQUE,
  notified_at_ms INTEGER NOT NULL,
  confirmed_at_ms INTEGER,
  confirmed_by INTEGER REFERENCES users (id),
  confirmation_note TEXT NOT NULL,
  UNIQUE (recall_id, location_id)
);

CREATE TABLE recall_notices (
  id INTEGER PRIMARY KEY,
  recall_id INTEGER NOT NULL REFERENCES recalls (id),
  producer_id INTEGER NOT NULL REFERENCES producers (id),
  created_at_ms INTEGER NOT NULL,
  read_at_ms INTEGER,
  UNIQUE (recall_id, producer_id)
);
CREATE INDEX recall_notices_producer ON recall_notices (producer_id, id);

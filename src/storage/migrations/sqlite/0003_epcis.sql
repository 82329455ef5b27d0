-- The EPCIS 2.0 event repository (issue 5). Events are appended in capture
-- order: `seq` is the order of queries and of their page tokens. Each event
-- keeps its JSON exactly as captured; the fields that queries filter on are
-- columns, and every EPC or class it mentions is a row of epcis_ids under its
-- canonical key (gs1::CanonicalEpc), so that an EPC URN and a Digital Link of
-- the same thing meet. products.gtin, which the resolver looks up, is indexed
-- already by its UNIQUE constraint (0001).

-- A document's "@context", stored once per digest rather than on every event.
CREATE TABLE epcis_contexts (
  id INTEGER PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
);

-- Capture jobs with the document exactly as received. `errors` is the
-- storage's length-prefixed record of the refused events.
CREATE TABLE epcis_capture_jobs (
  seq INTEGER PRIMARY KEY,
  capture_id TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  username TEXT NOT NULL,
  behaviour TEXT NOT NULL,
  success INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  captured_count INTEGER NOT NULL,
  errors TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  finished_at_ms INTEGER NOT NULL,
  document TEXT NOT NULL
);
CREATE INDEX epcis_capture_jobs_user ON epcis_capture_jobs (user_id);

-- event_digest is storage::EventIdDigest(event_id): event ids are found
-- through its compact integer index, comparing the text too (ids are unique:
-- captures check them under the single writer). read_point and biz_location
-- hold canonical keys; biz_step and disposition
-- CBV short names (or the URI of a non-CBV value). An index on a column ends
-- with the rowid (seq), so "= value ORDER BY seq" needs no sort.
CREATE TABLE epcis_events (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  event_digest INTEGER NOT NULL,
  type INTEGER NOT NULL,
  action TEXT NOT NULL,
  biz_step TEXT NOT NULL,
  disposition TEXT NOT NULL,
  read_point TEXT NOT NULL,
  biz_location TEXT NOT NULL,
  event_time_ms INTEGER NOT NULL,
  record_time_ms INTEGER NOT NULL,
  job_id TEXT NOT NULL,
  context_id INTEGER REFERENCES epcis_contexts (id),
  json TEXT NOT NULL
);
CREATE INDEX epcis_events_event_digest ON epcis_events (event_digest);
CREATE INDEX epcis_events_biz_step ON epcis_events (biz_step);
CREATE INDEX epcis_events_biz_location ON epcis_events (biz_location);
CREATE INDEX epcis_events_event_time ON epcis_events (event_time_ms);

-- Where each identifier appears: role 1–4 EPC roles (epc, parent, input,
-- output), 11–13 class roles (quantity, input, output). Keyed by the key
-- first, so MATCH_* (and patterns, as key ranges) are index seeks.
CREATE TABLE epcis_ids (
  key TEXT NOT NULL,
  role INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (key, role, seq)
) WITHOUT ROWID;

CREATE TABLE epcis_biz_transactions (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (type, id, seq)
) WITHOUT ROWID;

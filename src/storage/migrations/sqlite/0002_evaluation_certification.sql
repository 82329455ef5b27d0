-- Dossiers and their history, evidence files, evaluation rounds and councils,
-- score sheets, certificates and their signing keys, the audit chain, the
-- daily job's lease and the notifications it writes. Scores are stored in
-- hundredths of a point (integers behave the same on both engines).

-- Quy chế hội đồng — a province's council rules; absent rows take the defaults.
CREATE TABLE council_rules (
  province_code TEXT PRIMARY KEY,
  quorum_percent INTEGER NOT NULL,
  chair_required INTEGER NOT NULL,
  max_spread_centi INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE rounds (
  id INTEGER PRIMARY KEY,
  level TEXT NOT NULL,
  province_code TEXT NOT NULL,
  name TEXT NOT NULL,
  intake_closes TEXT NOT NULL,
  finishes_by TEXT NOT NULL,
  status TEXT NOT NULL,
  quorum_percent INTEGER NOT NULL,
  chair_required INTEGER NOT NULL,
  max_spread_centi INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL
);
CREATE INDEX rounds_place ON rounds (level, province_code);

-- Hội đồng and Tổ tư vấn of a round: role is chair, member or advisory.
CREATE TABLE round_members (
  round_id INTEGER NOT NULL REFERENCES rounds (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  role TEXT NOT NULL,
  PRIMARY KEY (round_id, user_id)
);
CREATE INDEX round_members_user ON round_members (user_id);

CREATE TABLE dossiers (
  id INTEGER PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products (id),
  producer_id INTEGER NOT NULL REFERENCES producers (id),
  province_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  rubric_version TEXT NOT NULL,
  product_set INTEGER NOT NULL,
  previous_dossier_id INTEGER REFERENCES dossiers (id),
  base_certificate_id INTEGER,
  form TEXT NOT NULL,
  self_assessment TEXT NOT NULL,
  submitted_on TEXT NOT NULL,
  commune_deadline TEXT NOT NULL,
  commune_report TEXT NOT NULL,
  round_id INTEGER REFERENCES rounds (id),
  central_round_id INTEGER REFERENCES rounds (id),
  attempt INTEGER NOT NULL,
  mean_centi INTEGER,
  stars INTEGER,
  central_mean_centi INTEGER,
  central_stars INTEGER,
  result_note TEXT NOT NULL,
  decision_number TEXT NOT NULL,
  decision_date TEXT NOT NULL,
  decision_signer TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX dossiers_product ON dossiers (product_id);
-- One open dossier a product, even when two requests race (the service
-- checks first; this holds it on PostgreSQL with several servers too).
CREATE UNIQUE INDEX dossiers_one_open ON dossiers (product_id)
  WHERE state NOT IN ('recognised', 'not_recognised');
CREATE INDEX dossiers_place ON dossiers (province_code, commune_code, state);
CREATE INDEX dossiers_round ON dossiers (round_id);
CREATE INDEX dossiers_central_round ON dossiers (central_round_id);

-- Who moved a dossier, when, from which state to which, and why.
CREATE TABLE dossier_events (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
  at INTEGER NOT NULL,
  actor_user_id INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX dossier_events_dossier ON dossier_events (dossier_id, id);

-- Uploaded files, stored once by the SHA-256 of their bytes (base64url text,
-- so that both engines hold them the same way).
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
  sha256 TEXT NOT NULL REFERENCES blobs (sha256),
  file_name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  criteria TEXT NOT NULL,
  uploaded_by INTEGER NOT NULL,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX evidence_dossier ON evidence (dossier_id);

-- Xung đột lợi ích — a member excluded from scoring a dossier.
CREATE TABLE conflicts (
  dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  reason TEXT NOT NULL,
  declared_at INTEGER NOT NULL,
  PRIMARY KEY (dossier_id, user_id)
);

-- Phiếu đánh giá — a member's sheet; immutable once signed. `attempt` grows
-- when the council must re-score.
CREATE TABLE score_sheets (
  dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
  level TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users (id),
  member TEXT NOT NULL,
  choices TEXT NOT NULL,
  stopped TEXT NOT NULL,
  total_centi INTEGER NOT NULL,
  signed_at INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (dossier_id, level, attempt, user_id)
);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  secret_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER
);

-- The last number used per scope (a province's code, or "TW") and year.
CREATE TABLE certificate_sequences (
  scope TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_value INTEGER NOT NULL,
  PRIMARY KEY (scope, year)
);

-- Giấy chứng nhận. The product's facts are copied as issued: a certificate
-- is a document and does not change when the registry does.
CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  product_id INTEGER REFERENCES products (id),
  dossier_id INTEGER REFERENCES dossiers (id),
  product_name TEXT NOT NULL,
  product_code TEXT NOT NULL,
  producer_name TEXT NOT NULL,
  province_code TEXT NOT NULL,
  search_folded TEXT NOT NULL,
  stars INTEGER NOT NULL,
  rubric_version TEXT NOT NULL,
  authority TEXT NOT NULL,
  decision_number TEXT NOT NULL,
  signer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  kid TEXT NOT NULL,
  signature TEXT NOT NULL,
  source TEXT NOT NULL,
  reevaluation_filed_on TEXT NOT NULL,
  reevaluation_decided INTEGER NOT NULL,
  superseded_by TEXT NOT NULL,
  revoked_on TEXT NOT NULL,
  suspended_on TEXT NOT NULL,
  ground TEXT NOT NULL,
  ground_note TEXT NOT NULL,
  ground_evidence TEXT NOT NULL,
  ground_decision TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Grows with every status change; a write checks it, so two officers
  -- acting at once cannot erase each other's change.
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX certificates_product ON certificates (product_id);
CREATE INDEX certificates_province ON certificates (province_code, stars);
CREATE INDEX certificates_expiry ON certificates (expires_on);

-- Kiểm tra sau chứng nhận — findings against the scored criteria.
CREATE TABLE inspections (
  id INTEGER PRIMARY KEY,
  certificate_id INTEGER NOT NULL REFERENCES certificates (id),
  inspector_user_id INTEGER NOT NULL,
  inspected_on TEXT NOT NULL,
  kind TEXT NOT NULL,
  unmet_criteria TEXT NOT NULL,
  findings TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX inspections_certificate ON inspections (certificate_id);

-- Append-only; each entry's hash covers the previous one's.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
-- Append-only at the database too: the platform never updates or deletes an
-- entry, so a statement that tries is refused (the hash chain still detects
-- whoever drops these triggers first).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- One holder at a time runs a named job (several servers may share a store).
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  last_run_on TEXT NOT NULL
);

-- In-app inbox; `dedupe_key` makes a re-run of the job write nothing twice.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  producer_id INTEGER,
  province_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  certificate_number TEXT NOT NULL,
  due_on TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX notifications_producer ON notifications (producer_id, id);
CREATE INDEX notifications_province ON notifications (province_code, id);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  dedupe_key TEXT NOT NULL UNIQUE,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  attempts INTEGER NOT NULL,
  last_error TEXT NOT NULL
);

-- Laboratory test reports on lots (phiếu kết quả thử nghiệm, issue 6). A row
-- is derived from the EPCIS inspecting event that carries the report (the
-- form, the JSON API and a partner laboratory's own capture all store that
-- event): event_id names it. The lot's product, producer, province and
-- commune are copied in when the report is recorded, so that who may read it
-- is decided without joining the registry. Measured values and limits are kept as the
-- shortest decimal text that reads back to the same double (exact in both
-- engines). The PDF lies in blobs under its SHA-256 ('' when none).
CREATE TABLE lab_reports (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL,
  laboratory_user_id INTEGER NOT NULL REFERENCES users (id),
  laboratory TEXT NOT NULL,
  lot_id INTEGER NOT NULL REFERENCES lots (id),
  lot_key TEXT NOT NULL,
  product_id INTEGER NOT NULL,
  producer_id INTEGER NOT NULL,
  province_code TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  tested_on TEXT NOT NULL,
  sample_id TEXT NOT NULL,
  method TEXT NOT NULL,
  verdict TEXT NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  event_seq INTEGER NOT NULL,
  pdf_sha256 TEXT NOT NULL,
  pdf_name TEXT NOT NULL,
  pdf_size INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  UNIQUE (laboratory_user_id, number)
);
CREATE INDEX lab_reports_lot ON lab_reports (lot_id, id);
CREATE INDEX lab_reports_producer ON lab_reports (producer_id, id);
CREATE INDEX lab_reports_province ON lab_reports (province_code, id);
CREATE INDEX lab_reports_commune ON lab_reports (commune_code, id);

-- One measured parameter of a report, in the report's order.
CREATE TABLE lab_report_parameters (
  report_id INTEGER NOT NULL REFERENCES lab_reports (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  measurement_type TEXT NOT NULL,
  chemical_substance TEXT NOT NULL,
  microorganism TEXT NOT NULL,
  value TEXT NOT NULL,
  unit TEXT NOT NULL,
  limit_min TEXT,
  limit_max TEXT,
  verdict TEXT NOT NULL,
  PRIMARY KEY (report_id, position)
);

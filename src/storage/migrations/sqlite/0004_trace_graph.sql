-- The trace graph (issue 6), derived from captured EPCIS events
-- (domain/traceability/trace_links.h) so that a trace walks small integer
-- rows instead of event JSON. Every identifier a link names is a node under
-- its canonical key (gs1::CanonicalEpc), interned once into an integer id.
-- kind: 0 object (lot, item, pallet), 1 location (growing area, packing
-- house, destination). created_ms: the earliest time an event made the
-- object (an ObjectEvent ADD, or a TransformationEvent output), NULL when no
-- stored event did; the capture rules compare shipments with it.
CREATE TABLE trace_nodes (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  kind INTEGER NOT NULL,
  created_ms INTEGER
);

-- One link per event that made it: kind 0 transformation (input → output),
-- 1 aggregation (child → parent), 2 origin (location → object), 3 shipment
-- (object → destination). A forward trace seeks the primary key by src; a
-- backward trace the index by dst, which carries every column it reads.
CREATE TABLE trace_edges (
  src INTEGER NOT NULL,
  dst INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  PRIMARY KEY (src, dst, kind, seq)
) WITHOUT ROWID;
CREATE INDEX trace_edges_dst ON trace_edges (dst, src, kind, seq, time_ms);

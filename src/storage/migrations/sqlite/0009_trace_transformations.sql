-- The sides of transformations stated in parts (issue 6): EPCIS 2.0 lets a
-- TransformationEvent carry only its inputs or only its outputs when a
-- transformationID ties it to the events that state the rest. Each side is
-- kept under that id, so the event that completes the transformation, in
-- the same capture or a later one, links every input to every output
-- (domain/traceability/trace_links.h). side: 0 input, 1 output.
CREATE TABLE trace_transformation_sides (
  transformation_id TEXT NOT NULL,
  side INTEGER NOT NULL,
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time_ms INTEGER NOT NULL,
  PRIMARY KEY (transformation_id, side, key, seq)
) WITHOUT ROWID;

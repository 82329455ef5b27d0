-- The sides of transformations stated in parts; see the SQLite version.
CREATE TABLE trace_transformation_sides (
  transformation_id TEXT COLLATE "C" NOT NULL,
  side BIGINT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  seq BIGINT NOT NULL,
  time_ms BIGINT NOT NULL,
  PRIMARY KEY (transformation_id, side, key, seq)
);

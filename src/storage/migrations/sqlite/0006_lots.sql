-- Lots (lô hàng) of products (issue 6). A lot is created by an EPCIS event (event_id) naming its class id
-- (epc_id); `key` is that id's canonical key (gs1::CanonicalEpc), the lot's trace-graph node. Harvest dates
-- are ISO text, '' when absent; quantity is the shortest decimal text that reads back as the same double;
-- unit a UN/ECE Rec 20 code. A lot code is unique within its product.
CREATE TABLE lots (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id),
  code TEXT NOT NULL,
  epc_id TEXT NOT NULL,
  key TEXT NOT NULL UNIQUE,
  harvest_from TEXT NOT NULL,
  harvest_to TEXT NOT NULL,
  quantity TEXT NOT NULL,
  unit TEXT NOT NULL,
  packing_house_id INTEGER,
  status TEXT NOT NULL,
  status_reason TEXT NOT NULL,
  event_id TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (product_id, code)
);
CREATE INDEX lots_packing_house ON lots (packing_house_id);

-- The growing areas (sites) a lot was harvested from, in the order recorded, with the lot's harvest window
-- copied so that "lots of this area harvested between …" is one index range.
CREATE TABLE lot_growing_areas (
  site_id INTEGER NOT NULL,
  lot_id INTEGER NOT NULL REFERENCES lots (id),
  position INTEGER NOT NULL,
  harvest_from TEXT NOT NULL,
  harvest_to TEXT NOT NULL,
  PRIMARY KEY (site_id, lot_id)
) WITHOUT ROWID;
CREATE INDEX lot_growing_areas_lot ON lot_growing_areas (lot_id);

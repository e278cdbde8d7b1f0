-- Station database, schema version 2: recall traces and local lot status changes.

-- Where a lot row came from: 'head_office' (sync, import) or 'station' (lot create, or a local
-- recall/quarantine of a lot head office has not sent yet); when its status last changed.
ALTER TABLE lots ADD COLUMN origin TEXT NOT NULL DEFAULT 'head_office'
    CHECK (origin IN ('head_office', 'station'));
ALTER TABLE lots ADD COLUMN status_changed_at TEXT;

CREATE INDEX journal_by_lot ON journal (gtin, lot) WHERE lot IS NOT NULL;
CREATE INDEX journal_by_serial ON journal (gtin, serial) WHERE serial IS NOT NULL;
CREATE INDEX journal_by_sscc ON journal (sscc) WHERE sscc IS NOT NULL;
CREATE INDEX allocated_serials_by_lot ON allocated_serials (gtin, lot);

-- Station database, schema version 1. Shipped: never edit, add a new migration instead.

-- Small key/value facts about this database: station_id, master_version, master_updated_at.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Master data, owned by head office (written here only by sync and import).
CREATE TABLE products (
    gtin            TEXT PRIMARY KEY CHECK (length(gtin) = 14),
    name            TEXT NOT NULL,
    tracking        TEXT NOT NULL DEFAULT 'none' CHECK (tracking IN ('none', 'lot', 'serial')),
    shelf_life_days INTEGER CHECK (shelf_life_days >= 0),
    warranty_months INTEGER CHECK (warranty_months >= 0),
    net_weight_kg   TEXT
) WITHOUT ROWID;

CREATE TABLE lots (
    gtin            TEXT NOT NULL,
    lot             TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'released'
                    CHECK (status IN ('released', 'quarantined', 'blocked', 'recalled')),
    reason          TEXT,
    reference       TEXT,
    production_date TEXT,
    expiry_date     TEXT,
    quantity        INTEGER,
    PRIMARY KEY (gtin, lot)
) WITHOUT ROWID;

CREATE TABLE serials (
    gtin           TEXT NOT NULL,
    serial         TEXT NOT NULL,
    lot            TEXT,
    status         TEXT NOT NULL DEFAULT 'in_stock'
                   CHECK (status IN ('in_stock', 'shipped', 'returned', 'in_repair', 'scrapped')),
    warranty_until TEXT,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;

CREATE TABLE service_events (
    id          INTEGER PRIMARY KEY,
    gtin        TEXT NOT NULL,
    serial      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('repair', 'return', 'replace', 'scrap')),
    date        TEXT NOT NULL,
    note        TEXT,
    origin      TEXT NOT NULL DEFAULT 'head_office' CHECK (origin IN ('head_office', 'station')),
    journal_seq INTEGER
);
CREATE INDEX service_events_by_serial ON service_events (gtin, serial);

-- Serial number blocks leased to this station by head office. next_value only moves forward.
CREATE TABLE serial_blocks (
    id          INTEGER PRIMARY KEY,
    gtin        TEXT NOT NULL,
    lot         TEXT,
    pattern     TEXT NOT NULL,
    first_value INTEGER NOT NULL,
    last_value  INTEGER NOT NULL,
    next_value  INTEGER NOT NULL,
    reference   TEXT UNIQUE,
    leased_at   TEXT NOT NULL,
    CHECK (first_value >= 0 AND first_value <= last_value),
    CHECK (next_value >= first_value AND next_value <= last_value + 1)
);
CREATE INDEX serial_blocks_by_gtin ON serial_blocks (gtin, lot);
CREATE TRIGGER serial_blocks_forward BEFORE UPDATE OF next_value ON serial_blocks
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'serial block counters only move forward'); END;
CREATE TRIGGER serial_blocks_keep BEFORE DELETE ON serial_blocks
BEGIN SELECT RAISE(ABORT, 'serial blocks are never deleted (their serials must not be reused)'); END;

-- Counters of a standalone station's own serial pattern, per GTIN. Only move forward.
CREATE TABLE serial_counters (
    gtin       TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL CHECK (next_value >= 1)
) WITHOUT ROWID;
CREATE TRIGGER serial_counters_forward BEFORE UPDATE OF next_value ON serial_counters
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'serial counters only move forward'); END;
CREATE TRIGGER serial_counters_keep BEFORE DELETE ON serial_counters
BEGIN SELECT RAISE(ABORT, 'serial counters are never deleted'); END;

-- Every serial this station handed out; the primary key makes reuse impossible.
CREATE TABLE allocated_serials (
    gtin        TEXT NOT NULL,
    serial      TEXT NOT NULL,
    lot         TEXT,
    journal_seq INTEGER NOT NULL,
    block_id    INTEGER,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
CREATE TRIGGER allocated_serials_keep BEFORE DELETE ON allocated_serials
BEGIN SELECT RAISE(ABORT, 'allocated serials are never deleted (a void is a journal event)'); END;

-- What this station already saw, per workflow: key 'sscc:<sscc>' or 'sgtin:<gtin>:<serial>'.
CREATE TABLE seen (
    workflow    TEXT NOT NULL,
    key         TEXT NOT NULL,
    journal_seq INTEGER NOT NULL,
    at          TEXT NOT NULL,
    device      TEXT,
    operator    TEXT,
    PRIMARY KEY (workflow, key)
) WITHOUT ROWID;

-- Lots scanned here that head office has not sent yet.
CREATE TABLE pending_lots (
    gtin      TEXT NOT NULL,
    lot       TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    first_at  TEXT NOT NULL,
    last_at   TEXT NOT NULL,
    scans     INTEGER NOT NULL,
    PRIMARY KEY (gtin, lot)
) WITHOUT ROWID;

-- The journal: every station fact, append-only, hash-chained (see src/store/journal.rs for the
-- canonical row encoding). A row is the sync payload.
CREATE TABLE journal (
    seq            INTEGER PRIMARY KEY CHECK (seq > 0),
    event_id       TEXT NOT NULL UNIQUE,
    format_version INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    at             TEXT NOT NULL,
    station        TEXT NOT NULL,
    device         TEXT,
    operator       TEXT,
    workflow       TEXT,
    raw            BLOB,
    parsed         TEXT,
    verdict        TEXT,
    reasons        TEXT,
    gtin           TEXT,
    lot            TEXT,
    serial         TEXT,
    sscc           TEXT,
    master_version TEXT,
    payload        TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: rows cannot be changed'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: rows cannot be deleted'); END;
CREATE TRIGGER journal_seq_follows BEFORE INSERT ON journal
WHEN NEW.seq <> (SELECT IFNULL(MAX(seq), 0) + 1 FROM journal)
BEGIN SELECT RAISE(ABORT, 'journal seq must follow the last row'); END;

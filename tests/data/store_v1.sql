-- A station database at schema version 1, written by the v1 code (tests/store_tests/journal.rs
-- opens it and migrates it). Generated with sqlite3 .dump; do not edit: the journal hashes
-- cover the rows exactly.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta VALUES('master_updated_at','2026-03-01T06:00:00.000000Z');
INSERT INTO meta VALUES('master_version','import:lots:abc');
INSERT INTO meta VALUES('station_id','OLD1');
CREATE TABLE products (
    gtin            TEXT PRIMARY KEY CHECK (length(gtin) = 14),
    name            TEXT NOT NULL,
    tracking        TEXT NOT NULL DEFAULT 'none' CHECK (tracking IN ('none', 'lot', 'serial')),
    shelf_life_days INTEGER CHECK (shelf_life_days >= 0),
    warranty_months INTEGER CHECK (warranty_months >= 0),
    net_weight_kg   TEXT
) WITHOUT ROWID;
INSERT INTO products VALUES('09506000134352','Widget','serial',365,24,'1.5');
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
INSERT INTO lots VALUES('09506000134352','OK','released',NULL,NULL,'2026-01-01','2027-12-31',100);
INSERT INTO lots VALUES('09506000134352','RCL','recalled','QA finding 7','RC-1','2026-01-01','2027-12-31',100);
CREATE TABLE serials (
    gtin           TEXT NOT NULL,
    serial         TEXT NOT NULL,
    lot            TEXT,
    status         TEXT NOT NULL DEFAULT 'in_stock'
                   CHECK (status IN ('in_stock', 'shipped', 'returned', 'in_repair', 'scrapped')),
    warranty_until TEXT,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
INSERT INTO serials VALUES('09506000134352','1001','OK','in_stock',NULL);
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
INSERT INTO serial_blocks VALUES(1,'09506000134352',NULL,'SN{seq:6}',1,100,11,'HO-1','2026-03-01T06:00:00.000000Z');
CREATE TABLE serial_counters (
    gtin       TEXT PRIMARY KEY,
    next_value INTEGER NOT NULL CHECK (next_value >= 1)
) WITHOUT ROWID;
CREATE TABLE allocated_serials (
    gtin        TEXT NOT NULL,
    serial      TEXT NOT NULL,
    lot         TEXT,
    journal_seq INTEGER NOT NULL,
    block_id    INTEGER,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
CREATE TABLE seen (
    workflow    TEXT NOT NULL,
    key         TEXT NOT NULL,
    journal_seq INTEGER NOT NULL,
    at          TEXT NOT NULL,
    device      TEXT,
    operator    TEXT,
    PRIMARY KEY (workflow, key)
) WITHOUT ROWID;
INSERT INTO seen VALUES('receiving','sscc:095060001300000019',2,'2026-03-01T06:00:00.000000Z','dock1',NULL);
CREATE TABLE pending_lots (
    gtin      TEXT NOT NULL,
    lot       TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    first_at  TEXT NOT NULL,
    last_at   TEXT NOT NULL,
    scans     INTEGER NOT NULL,
    PRIMARY KEY (gtin, lot)
) WITHOUT ROWID;
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
INSERT INTO journal VALUES(1,'019ca7fb-7300-708b-9cb5-f28c0a0ea29a',1,'import','2026-03-01T06:00:00.000000Z','OLD1',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'{"kind":"lots","rows":2}','0000000000000000000000000000000000000000000000000000000000000000','12da92b5cb67f996ae959a5632a60508a50580b78fa9a85746101835b2f53cae');
INSERT INTO journal VALUES(2,'019ca7fb-7300-749d-bbcd-e8b2b2c051a9',1,'scan','2026-03-01T06:00:00.000000Z','OLD1','dock1',NULL,'receiving',X'5d43313031303935303630303031333433353231304f4b','{}','accept','[]','09506000134352','OK',NULL,NULL,NULL,NULL,'12da92b5cb67f996ae959a5632a60508a50580b78fa9a85746101835b2f53cae','a3151b2de2cc2c358f5ca2937a52de8b48e9dcdf9b9232a8a6f4f26b7fb88031');
CREATE INDEX service_events_by_serial ON service_events (gtin, serial);
CREATE INDEX serial_blocks_by_gtin ON serial_blocks (gtin, lot);
CREATE TRIGGER serial_blocks_forward BEFORE UPDATE OF next_value ON serial_blocks
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'serial block counters only move forward'); END;
CREATE TRIGGER serial_blocks_keep BEFORE DELETE ON serial_blocks
BEGIN SELECT RAISE(ABORT, 'serial blocks are never deleted (their serials must not be reused)'); END;
CREATE TRIGGER serial_counters_forward BEFORE UPDATE OF next_value ON serial_counters
WHEN NEW.next_value < OLD.next_value
BEGIN SELECT RAISE(ABORT, 'serial counters only move forward'); END;
CREATE TRIGGER serial_counters_keep BEFORE DELETE ON serial_counters
BEGIN SELECT RAISE(ABORT, 'serial counters are never deleted'); END;
CREATE TRIGGER allocated_serials_keep BEFORE DELETE ON allocated_serials
BEGIN SELECT RAISE(ABORT, 'allocated serials are never deleted (a void is a journal event)'); END;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: rows cannot be changed'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only: rows cannot be deleted'); END;
CREATE TRIGGER journal_seq_follows BEFORE INSERT ON journal
WHEN NEW.seq <> (SELECT IFNULL(MAX(seq), 0) + 1 FROM journal)
BEGIN SELECT RAISE(ABORT, 'journal seq must follow the last row'); END;
COMMIT;
PRAGMA user_version=1;

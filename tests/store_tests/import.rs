//! Master-data import: CSV and NDJSON, every kind of bad input named by line and field, and
//! all-or-nothing writes.

use std::path::PathBuf;

use scanstation::store::{ImportError, ImportKind, OpenOptions, Store, StoreError};

use crate::common::*;

struct Importer {
    dir: tempfile::TempDir,
    store: Store,
}

fn importer() -> Importer {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.db"), &OpenOptions::default()).unwrap();
    Importer { dir, store }
}

impl Importer {
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn import(&mut self, kind: ImportKind, name: &str, text: &str) -> Result<u64, StoreError> {
        let path = self.file(name, text);
        self.store
            .import_file(kind, &path, t0(), None)
            .map(|summary| summary.rows)
    }

    /// Imports a bad file and returns its problems as "line N field F: message" lines.
    fn problems(&mut self, kind: ImportKind, name: &str, text: &str) -> Vec<String> {
        match self.import(kind, name, text) {
            Err(StoreError::Import(ImportError::Invalid { problems, .. })) => {
                problems.iter().map(ToString::to_string).collect()
            }
            other => panic!("expected an invalid-file error, got {other:?}"),
        }
    }

    fn journal_events(&self) -> i64 {
        self.store.verify_journal().unwrap().events
    }
}

#[test]
fn csv_and_ndjson_import_every_kind() {
    let mut importer = importer();
    let products = "gtin,name,tracking,shelf_life_days,warranty_months,net_weight_kg\n\
                    09506000134352,Widget,serial,365,24,1.25\n\
                    9506000134369,\"Gadget, large\",lot,,,\n";
    assert_eq!(
        importer
            .import(ImportKind::Products, "p.csv", products)
            .unwrap(),
        2
    );
    let gadget = importer.store.product(GADGET).unwrap().unwrap();
    assert_eq!(
        (gadget.name.as_str(), gadget.tracking.as_str()),
        ("Gadget, large", "lot")
    );
    let lots = "{\"gtin\": \"09506000134352\", \"lot\": \"A1\", \"status\": \"quarantined\", \"reason\": \"QA\", \"expiry_date\": \"2027-01-31\", \"quantity\": 40}\n\
                \n\
                {\"gtin\": \"09506000134352\", \"lot\": \"A2\"}\n";
    assert_eq!(
        importer.import(ImportKind::Lots, "l.ndjson", lots).unwrap(),
        2
    );
    let lot = importer.store.lot(WIDGET, "A1").unwrap().unwrap();
    assert_eq!(
        (lot.status.as_str(), lot.quantity, lot.expiry_date),
        ("quarantined", Some(40), Some(day(2027, 1, 31)))
    );
    // Column order is free, and only the required columns must be present.
    let serials = "serial,gtin\nS1,09506000134352\nS2,09506000134352\n";
    assert_eq!(
        importer
            .import(ImportKind::Serials, "s.csv", serials)
            .unwrap(),
        2
    );
    assert_eq!(
        importer
            .store
            .serial(WIDGET, "S2")
            .unwrap()
            .unwrap()
            .status
            .as_str(),
        "in_stock"
    );
    // Each import is journaled and refreshes the master-data version; so is the status of
    // the new lot A1 (quarantined), as a pull would (`recall_applied`).
    assert_eq!(importer.journal_events(), 4);
    let (version, updated) = importer.store.master_data_version().unwrap();
    assert!(version.unwrap().starts_with("import:serials:"));
    assert_eq!(updated, Some(t0()));
    // Importing again updates rows in place.
    let lots = "gtin,lot,status,reason\n09506000134352,A1,recalled,contamination\n";
    importer.import(ImportKind::Lots, "l2.csv", lots).unwrap();
    let lot = importer.store.lot(WIDGET, "A1").unwrap().unwrap();
    assert_eq!(
        (lot.status.as_str(), lot.status_changed_at),
        ("recalled", Some(t0()))
    );
}

#[test]
fn bad_files_name_line_and_field_and_write_nothing() {
    let mut importer = importer();
    let cases: &[(ImportKind, &str, &str, &[&str])] = &[
        (
            ImportKind::Products,
            "unknown-column.csv",
            "gtin,name,colour\n09506000134352,Widget,red\n",
            &["line 1, field colour: unknown column for products (allowed: gtin, name, tracking, shelf_life_days, warranty_months, net_weight_kg)"],
        ),
        (ImportKind::Products, "missing-column.csv", "gtin\n09506000134352\n", &["line 1, field name: required column is missing"]),
        (
            ImportKind::Products,
            "values.csv",
            "gtin,name,tracking,shelf_life_days,net_weight_kg\n09506000134353,W,serial,1,1\n09506000134352,,pallet,-3,1.2.3\n",
            &[
                "line 2, field gtin: GTIN \"09506000134353\" has a wrong check digit (expected 2)",
                "line 3, field name: is required and empty",
                "line 3, field tracking: \"pallet\" is not one of none, lot, serial",
                "line 3, field shelf_life_days: \"-3\" is not a whole number >= 0",
                "line 3, field net_weight_kg: \"1.2.3\" is not a decimal number like 12.5",
            ],
        ),
        (
            ImportKind::Lots,
            "dates.csv",
            "gtin,lot,production_date,expiry_date\n09506000134352,L1,2026-02-30,2026-01-01\n09506000134352,L2,2026-05-01,2026-04-01\n",
            &[
                "line 2, field production_date: \"2026-02-30\" is not a date YYYY-MM-DD",
                "line 3, field expiry_date: 2026-04-01 is before the production date 2026-05-01",
            ],
        ),
        (
            ImportKind::Serials,
            "duplicates.csv",
            "gtin,serial\n09506000134352,S1\n09506000134352,S2\n9506000134352,S1\n",
            &["line 4, field serial: duplicate key: same serial as line 2"],
        ),
        (ImportKind::Serials, "ragged.csv", "gtin,serial\n09506000134352,S1,extra\n", &["line 2: has 3 fields, the header has 2"]),
        (ImportKind::Serials, "spaces.csv", "gtin,serial\n09506000134352,A B\n", &["line 2, field serial: \"A B\" is not a valid GS1 serial (up to 20 characters of CSET 82)"]),
        (
            ImportKind::Lots,
            "bad.ndjson",
            "{\"gtin\": \"09506000134352\", \"lot\": \"A\"}\nnot json\n[1]\n{\"gtin\": \"09506000134352\", \"lot\": \"B\", \"colour\": 1}\n{\"gtin\": \"09506000134352\", \"lot\": [\"B\"]}\n",
            &[
                "line 2: is not valid JSON: expected ident at line 1 column 2",
                "line 3: is not a JSON object",
                "line 4, field colour: unknown key for lots (allowed: gtin, lot, status, reason, production_date, expiry_date, quantity)",
                "line 5, field lot: must be a string, a number or null",
            ],
        ),
        (ImportKind::Products, "empty.csv", "gtin,name\n", &["the file holds no rows"]),
    ];
    for (kind, name, text, expected) in cases {
        let problems = importer.problems(*kind, name, text);
        assert_eq!(&problems, expected, "{name}");
    }
    // Nothing at all was written by any of them.
    assert_eq!(importer.journal_events(), 0);
    assert_eq!(importer.store.product(WIDGET).unwrap(), None);
    assert_eq!(importer.store.master_data_version().unwrap(), (None, None));
}

#[test]
fn one_bad_row_at_the_end_rolls_back_a_large_file() {
    let mut importer = importer();
    let mut text = String::from("gtin,serial,lot,status,warranty_until\n");
    for index in 0..20_000 {
        text.push_str(&format!("09506000134352,N{index},L1,in_stock,2028-01-01\n"));
    }
    text.push_str("09506000134352,LAST,L1,lost,2028-01-01\n");
    let problems = importer.problems(ImportKind::Serials, "big.csv", &text);
    assert_eq!(problems, ["line 20002, field status: \"lost\" is not one of in_stock, shipped, returned, in_repair, scrapped"]);
    assert_eq!(importer.store.serial(WIDGET, "N0").unwrap(), None);
    assert_eq!(importer.journal_events(), 0);
}

#[test]
fn problems_are_capped_but_counted() {
    let mut importer = importer();
    let mut text = String::from("gtin,serial\n");
    for index in 0..120 {
        text.push_str(&format!("123,S{index}\n"));
    }
    let path = importer.file("many.csv", &text);
    let err = importer
        .store
        .import_file(ImportKind::Serials, &path, t0(), None)
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("120 problem(s), nothing was imported"),
        "{message}"
    );
    assert!(message.contains("... and 70 more"), "{message}");
    assert_eq!(err.exit_code(), 6);
}

#[test]
fn progress_is_reported_while_reading() {
    let mut importer = importer();
    let mut text = String::from("gtin,serial\n");
    for index in 0..50_000 {
        text.push_str(&format!("09506000134352,P{index}\n"));
    }
    let path = importer.file("p.csv", &text);
    let mut calls = Vec::new();
    let mut progress = |done: u64, total: u64| calls.push((done, total));
    let summary = importer
        .store
        .import_file(ImportKind::Serials, &path, t0(), Some(&mut progress))
        .unwrap();
    assert_eq!(summary.rows, 50_000);
    assert!(calls.len() >= 2, "{calls:?}");
    assert_eq!(calls.last().unwrap().0, text.len() as u64);
    assert!(calls.windows(2).all(|pair| pair[0].0 <= pair[1].0));
    // The recorded hash is the file's SHA-256.
    use sha2::Digest;
    assert_eq!(
        summary.sha256,
        hex::encode(sha2::Sha256::digest(text.as_bytes()))
    );
}

#[test]
fn an_unreadable_file_is_a_clear_error() {
    let mut importer = importer();
    let err = importer
        .store
        .import_file(
            ImportKind::Lots,
            &importer.dir.path().join("nope.csv"),
            t0(),
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains("nope.csv: cannot read"), "{err}");
}

/// Issue 4 review: a file that lacks a column keeps what the cache holds for it on existing
/// rows (a lots file without `status` must not put a recalled lot back to released); a key
/// or cell that is present but empty clears; new rows get the defaults.
#[test]
fn a_partial_file_updates_only_the_columns_it_has() {
    let mut importer = importer();
    importer
        .import(
            ImportKind::Products,
            "p.csv",
            "gtin,name,tracking,shelf_life_days,warranty_months,net_weight_kg\n\
             09506000134352,Widget,serial,365,24,1.25\n",
        )
        .unwrap();
    importer
        .import(
            ImportKind::Lots,
            "l.csv",
            "gtin,lot,status,reason,production_date,expiry_date,quantity\n\
             09506000134352,A1,recalled,salmonella,2026-01-01,2027-01-31,40\n",
        )
        .unwrap();
    importer
        .store
        .set_lot_status(
            WIDGET,
            "A1",
            scanstation::store::LotStatus::Recalled,
            "salmonella",
            Some("RC-7"),
            None,
            t0(),
        )
        .unwrap();
    importer
        .import(
            ImportKind::Serials,
            "s.csv",
            "gtin,serial,lot,status,warranty_until\n09506000134352,S1,A1,shipped,2028-05-31\n",
        )
        .unwrap();
    let lot = |importer: &Importer| {
        let lot = importer.store.lot(WIDGET, "A1").unwrap().unwrap();
        format!(
            "{} {:?} {:?} {:?} {:?} {:?}",
            lot.status.as_str(),
            lot.reason,
            lot.reference,
            lot.production_date.map(|d| d.to_string()),
            lot.expiry_date.map(|d| d.to_string()),
            lot.quantity
        )
    };
    let serial = |importer: &Importer| {
        let serial = importer.store.serial(WIDGET, "S1").unwrap().unwrap();
        format!(
            "{:?} {} {:?}",
            serial.lot,
            serial.status.as_str(),
            serial.warranty_until.map(|d| d.to_string())
        )
    };
    let product = |importer: &Importer| {
        let product = importer.store.product(WIDGET).unwrap().unwrap();
        format!(
            "{} {} {:?} {:?} {:?}",
            product.name,
            product.tracking.as_str(),
            product.shelf_life_days,
            product.warranty_months,
            product.net_weight_kg
        )
    };
    // (kind, file name, contents, what the row reads afterwards)
    let cases: &[(ImportKind, &str, &str, &str)] = &[
        (
            ImportKind::Lots,
            "quantity.csv",
            "gtin,lot,quantity\n09506000134352,A1,35\n",
            r#"recalled Some("salmonella") Some("RC-7") Some("2026-01-01") Some("2027-01-31") Some(35)"#,
        ),
        (
            ImportKind::Lots,
            "quantity.ndjson",
            "{\"gtin\":\"09506000134352\",\"lot\":\"A1\",\"quantity\":30}\n",
            r#"recalled Some("salmonella") Some("RC-7") Some("2026-01-01") Some("2027-01-31") Some(30)"#,
        ),
        (
            ImportKind::Lots,
            "clear.ndjson",
            "{\"gtin\":\"09506000134352\",\"lot\":\"A1\",\"expiry_date\":null,\"reason\":\"\"}\n",
            r#"recalled None Some("RC-7") Some("2026-01-01") None Some(30)"#,
        ),
        (
            ImportKind::Lots,
            "release.csv",
            "gtin,lot,status\n09506000134352,A1,released\n",
            r#"released None Some("RC-7") Some("2026-01-01") None Some(30)"#,
        ),
        (
            ImportKind::Lots,
            "empty-status.csv",
            "gtin,lot,status,expiry_date\n09506000134352,A1,recalled,2027-02-28\n",
            r#"recalled None Some("RC-7") Some("2026-01-01") Some("2027-02-28") Some(30)"#,
        ),
    ];
    for (kind, name, text, expected) in cases {
        importer.import(*kind, name, text).unwrap();
        assert_eq!(lot(&importer), *expected, "after {name}");
    }
    let serial_cases: &[(&str, &str, &str)] = &[
        (
            "status.csv",
            "gtin,serial,status\n09506000134352,S1,returned\n",
            r#"Some("A1") returned Some("2028-05-31")"#,
        ),
        (
            "lot.ndjson",
            "{\"gtin\":\"09506000134352\",\"serial\":\"S1\",\"lot\":null}\n",
            r#"None returned Some("2028-05-31")"#,
        ),
    ];
    for (name, text, expected) in serial_cases {
        importer.import(ImportKind::Serials, name, text).unwrap();
        assert_eq!(serial(&importer), *expected, "after {name}");
    }
    importer
        .import(
            ImportKind::Products,
            "rename.csv",
            "gtin,name\n09506000134352,Widget Pro\n",
        )
        .unwrap();
    assert_eq!(
        product(&importer),
        r#"Widget Pro serial Some(365) Some(24) Some("1.25")"#
    );
    // New rows get the defaults.
    importer
        .import(ImportKind::Lots, "new.csv", "gtin,lot\n09506000134352,A9\n")
        .unwrap();
    let new = importer.store.lot(WIDGET, "A9").unwrap().unwrap();
    assert_eq!((new.status.as_str(), new.expiry_date), ("released", None));
}

/// An import that changes a lot's status is journaled as `recall_applied`, like a pull.
#[test]
fn an_imported_status_change_is_journaled() {
    let mut importer = importer();
    importer
        .import(
            ImportKind::Products,
            "p.csv",
            "gtin,name\n09506000134352,Widget\n",
        )
        .unwrap();
    let recall_rows = |importer: &Importer| -> Vec<String> {
        importer
            .store
            .journal_rows_after(0, i64::MAX)
            .unwrap()
            .into_iter()
            .filter(|row| row.kind == "recall_applied")
            .map(|row| {
                let payload: serde_json::Value =
                    serde_json::from_str(row.payload.as_deref().unwrap()).unwrap();
                format!(
                    "{} {} {} {}",
                    row.lot.unwrap(),
                    payload["previous_status"],
                    payload["status"],
                    payload["import_file"]
                )
            })
            .collect()
    };
    // (file, contents, recall_applied rows so far)
    let cases: &[(&str, &str, &[&str])] = &[
        ("new.csv", "gtin,lot\n09506000134352,A1\n", &[]),
        (
            "recall.csv",
            "gtin,lot,status\n09506000134352,A1,recalled\n09506000134352,A2,quarantined\n",
            &[
                r#"A1 "released" "recalled" "recall.csv""#,
                r#"A2 null "quarantined" "recall.csv""#,
            ],
        ),
        (
            "same.csv",
            "gtin,lot,status,quantity\n09506000134352,A1,recalled,5\n",
            &[
                r#"A1 "released" "recalled" "recall.csv""#,
                r#"A2 null "quarantined" "recall.csv""#,
            ],
        ),
        (
            "nostatus.csv",
            "gtin,lot,quantity\n09506000134352,A2,5\n",
            &[
                r#"A1 "released" "recalled" "recall.csv""#,
                r#"A2 null "quarantined" "recall.csv""#,
            ],
        ),
    ];
    for (name, text, expected) in cases {
        importer.import(ImportKind::Lots, name, text).unwrap();
        assert_eq!(recall_rows(&importer), *expected, "after {name}");
    }
    assert!(importer.store.verify_journal().unwrap().ok);
}

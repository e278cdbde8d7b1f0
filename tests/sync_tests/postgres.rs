//! The head office on PostgreSQL (`database_url`): the storage scenarios of the other modules
//! run again on a schema of the throwaway cluster, then what only a server database has to
//! get right: two connections pushing one station at once, a recall racing pushes, copies of a
//! station syncing through `hq serve` at once (one connection per worker), migrations under
//! concurrent opens, a lost connection, and the real binary's `hq` commands on database_url.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use scanstation::hq::postgres::PgHq;
use scanstation::hq::{open_storage, sha256_hex, HqConfig, HqError, HqStorage, PushReply};
use scanstation::store::{EventKind, JournalEntry, LotStatus, OpenOptions, Store};
use scanstation::sync::protocol::{decode_change, EventStatus, PushRequest, WireEvent};
use scanstation::sync::sync_once;

use super::cli::binary;
use super::common::*;
use super::pg_cluster::PgSchema;

mod faults {
    use super::Backend;
    backend_tests!(Backend::Postgres;
        faults::head_office_down_then_up,
        faults::answering_500_on_the_second_batch,
        faults::slower_than_the_timeout,
        faults::connection_closed_mid_response,
        faults::replayed_old_answer_is_refused,
        faults::every_fault_in_one_storm,
        faults::head_office_that_lost_events_gets_them_again,
        faults::head_office_restored_to_a_batch_boundary_gets_its_events_again,
        faults::head_office_that_lost_events_but_kept_its_answers_gets_them_again,
        faults::tampered_event_is_kept_flagged_and_the_push_goes_on,
    );
}

mod pull {
    use super::Backend;
    backend_tests!(Backend::Postgres;
        pull::bad_rows_are_recorded_and_skipped_and_the_cursor_moves,
        pull::interrupted_pull_applies_nothing_then_resumes,
        pull::leased_blocks_reach_only_their_station,
    );
}

mod recall {
    use super::Backend;
    backend_tests!(Backend::Postgres;
        recall::pulled_recall_turns_the_next_scan_red_and_head_office_raises_alerts,
    );
}

mod cli {
    use super::Backend;
    backend_tests!(Backend::Postgres; cli::sigkill_mid_push_loses_and_duplicates_nothing);
}

fn open(schema: &PgSchema) -> Box<dyn HqStorage> {
    Box::new(PgHq::open(&schema.url(), Some(&schema.schema)).unwrap())
}

/// The journal of `store` as head office receives it.
fn wire_events(store: &Store) -> Vec<WireEvent> {
    store
        .journal_rows_after(0, i64::MAX)
        .unwrap()
        .iter()
        .map(WireEvent::from)
        .collect()
}

/// The SHA-256 of the request body a station would send for `events`.
fn request_sha256(events: &[WireEvent]) -> String {
    let body = serde_json::to_vec(&PushRequest {
        station: STATION.into(),
        events: events.to_vec(),
    })
    .unwrap();
    sha256_hex(&body)
}

/// Pushes `events` in batches of `batch`, each under a key of its own, moving on past the
/// events head office holds (accepted here or by someone else). Returns how many events this
/// pusher got accepted.
fn push_everything(
    storage: &mut dyn HqStorage,
    events: &[WireEvent],
    batch: usize,
    tag: &str,
) -> u64 {
    let mut cursor = 0;
    let mut accepted = 0;
    // Bounded: every round moves the cursor by at least one event.
    for round in 0..events.len() {
        if cursor == events.len() {
            return accepted;
        }
        let chunk = &events[cursor..(cursor + batch).min(events.len())];
        let key = format!("{tag}-{round}");
        let reply = storage
            .push(STATION, &key, &request_sha256(chunk), chunk, now())
            .unwrap_or_else(|err| panic!("{tag}: push at {cursor} failed: {err}"));
        let PushReply::Fresh(response) = reply else {
            panic!("{tag}: a fresh key was answered {reply:?}");
        };
        for result in &response.results {
            match result.status {
                EventStatus::Accepted => accepted += 1,
                EventStatus::Duplicate => {}
                EventStatus::Rejected => panic!("{tag}: {result:?}"),
            }
            cursor += 1;
        }
    }
    assert_eq!(cursor, events.len(), "{tag} did not finish");
    accepted
}

#[test]
fn two_connections_pushing_one_station_store_each_event_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = station_with_backlog(dir.path(), 400);
    let events = Arc::new(wire_events(&store));
    let schema = PgSchema::new();
    drop(open(&schema));
    let barrier = Arc::new(Barrier::new(2));
    let pushers: Vec<_> = [("a", 7), ("b", 11)]
        .into_iter()
        .map(|(tag, batch)| {
            let mut storage = open(&schema);
            let (events, barrier) = (Arc::clone(&events), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                push_everything(&mut *storage, &events, batch, tag)
            })
        })
        .collect();
    let accepted: u64 = pushers
        .into_iter()
        .map(|pusher| pusher.join().unwrap())
        .sum();
    assert_eq!(accepted, 400, "every event is accepted exactly once");
    let stored = open(&schema).events(STATION).unwrap();
    assert_eq!(stored.len(), 400);
    for (index, (event, wire)) in stored.iter().zip(events.iter()).enumerate() {
        assert_eq!(event.seq, index as i64 + 1);
        assert_eq!(event.event_id, wire.event_id);
        assert_eq!(event.status, "accepted", "{event:?}");
    }
}

#[test]
fn one_batch_pushed_twice_at_once_is_stored_once_and_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let store = station_with_backlog(dir.path(), 100);
    let events = wire_events(&store);
    let schema = PgSchema::new();
    let mut storages = [open(&schema), open(&schema)];
    for chunk in events.chunks(20) {
        let key = format!("{STATION}:{}", chunk[0].seq);
        let hash = request_sha256(chunk);
        let barrier = Barrier::new(2);
        let replies: Vec<PushReply> = std::thread::scope(|scope| {
            let handles: Vec<_> = storages
                .iter_mut()
                .map(|storage| {
                    let (key, hash, barrier) = (&key, &hash, &barrier);
                    scope.spawn(move || {
                        barrier.wait();
                        storage.push(STATION, key, hash, chunk, now()).unwrap()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().unwrap())
                .collect()
        });
        let fresh: Vec<_> = replies
            .iter()
            .filter_map(|reply| match reply {
                PushReply::Fresh(response) => Some(response.clone()),
                _ => None,
            })
            .collect();
        let replayed: Vec<_> = replies
            .iter()
            .filter_map(|reply| match reply {
                PushReply::Replay(response) => Some(response.clone()),
                _ => None,
            })
            .collect();
        assert_eq!((fresh.len(), replayed.len()), (1, 1), "{replies:?}");
        assert!(fresh[0]
            .results
            .iter()
            .all(|result| result.status == EventStatus::Accepted));
        // A replay is the stored answer, marked, with the events the first request stored
        // answered as the duplicates they now are.
        let mut expected = fresh[0].clone();
        expected.replayed = true;
        for result in &mut expected.results {
            result.status = EventStatus::Duplicate;
        }
        assert_eq!(replayed[0], expected);
    }
    assert_eq!(storages[0].events(STATION).unwrap().len(), 100);
    // The same key with another body is refused, not stored.
    let reply = storages[1]
        .push(STATION, "S1:1", "another body", &events[..1], now())
        .unwrap();
    assert_eq!(reply, PushReply::KeyReused);
}

/// A station backlog of `count` accepted scans of lot `lot`.
fn scans_of_one_lot(dir: &std::path::Path, lot: &str, count: usize) -> Store {
    let options = OpenOptions {
        station_id: Some(STATION.into()),
        ..OpenOptions::default()
    };
    let mut store = Store::open(&dir.join("station.db"), &options).unwrap();
    store
        .transaction(|tx| {
            for index in 0..count {
                let mut entry = JournalEntry::new(
                    EventKind::Scan,
                    now() + chrono::Duration::milliseconds(index as i64),
                );
                entry.device = Some("dock1".into());
                entry.raw = Some(format!("]d201{GTIN}10{lot}").into_bytes());
                entry.verdict = Some("accept".into());
                entry.reasons = Some("[]".into());
                entry.gtin = Some(GTIN.into());
                entry.lot = Some(lot.into());
                tx.append(&entry)?;
            }
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn a_recall_racing_pushes_misses_no_alert() {
    let dir = tempfile::tempdir().unwrap();
    let store = scans_of_one_lot(dir.path(), "L1", 300);
    let events = wire_events(&store);
    let schema = PgSchema::new();
    seed_master_data(&mut *open(&schema), &["L1"]);
    let mut pusher = open(&schema);
    let mut recaller = open(&schema);
    let recalled = std::thread::scope(|scope| {
        let recall = scope.spawn(|| {
            // Recall once a third is in, while small batches keep coming.
            let started = Instant::now();
            while recaller.events(STATION).unwrap().len() < 100 {
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "pushes stalled"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
            recaller
                .set_lot_status(GTIN, "L1", LotStatus::Recalled, "racing", None, now())
                .unwrap()
        });
        push_everything(&mut *pusher, &events, 3, "p");
        recall.join().unwrap()
    });
    assert!(
        recalled >= 100,
        "the recall found {recalled} scans already in"
    );
    let alerts = open(&schema).alerts().unwrap();
    assert_eq!(
        alerts.len(),
        300,
        "every accepted scan of the recalled lot has its alert, whichever side saw it"
    );
    assert!(alerts.iter().all(|alert| alert.lot_status == "recalled"));
    // Re-evaluating finds nothing new.
    assert_eq!(open(&schema).reevaluate(now()).unwrap(), 0);
}

#[test]
fn a_station_pulling_during_imports_misses_no_change() {
    let schema = PgSchema::new();
    seed_master_data(&mut *open(&schema), &[]);
    let importing = AtomicUsize::new(2);
    let mut reader = open(&schema);
    let seen = std::thread::scope(|scope| {
        for prefix in ["A", "B"] {
            let mut importer = open(&schema);
            let importing = &importing;
            scope.spawn(move || {
                for index in 0..150 {
                    let lot = decode_change(
                        "lot",
                        &format!(r#"{{"gtin":"{GTIN}","lot":"{prefix}{index}"}}"#),
                    )
                    .unwrap();
                    importer.import(&[lot], now()).unwrap();
                }
                importing.fetch_sub(1, Ordering::SeqCst);
            });
        }
        // Pull pages as a station does, moving to next_cursor, until the imports are over
        // and the log is read to its end.
        let mut seen = Vec::new();
        let mut cursor = 0;
        let started = Instant::now();
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "imports stalled"
            );
            let done = importing.load(Ordering::SeqCst) == 0;
            let page = reader.changes(STATION, cursor, 7).unwrap();
            seen.extend(page.changes.iter().map(|(cursor, _, _)| *cursor));
            cursor = page.next_cursor;
            if done && !page.more {
                break seen;
            }
        }
    });
    let mut client = schema.cluster.client();
    let all: Vec<i64> = client
        .query(
            &format!(
                "SELECT cursor FROM {}.hq_changes ORDER BY cursor",
                schema.schema
            ),
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(all.len(), 301);
    assert_eq!(
        seen, all,
        "a change committed behind the station's cursor was skipped"
    );
}

#[test]
fn copies_of_a_station_syncing_at_once_through_the_server() {
    let dir = tempfile::tempdir().unwrap();
    drop(station_with_backlog(dir.path(), 300));
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(dir.path().join("station.db"), copy.join("station.db")).unwrap();
    let hq = Hq::start_on(Backend::Postgres);
    let options = OpenOptions {
        station_id: Some(STATION.into()),
        ..OpenOptions::default()
    };
    let summaries: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = [(dir.path(), 20), (copy.as_path(), 30)]
            .into_iter()
            .map(|(folder, batch)| {
                let mut config = sync_config(&hq.url());
                config.push_batch = batch;
                let options = &options;
                scope.spawn(move || {
                    let mut store = Store::open(&folder.join("station.db"), options).unwrap();
                    sync_once(&mut store, &config, now()).unwrap()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    });
    // Each copy saw every event once, stored by itself or by the other (a batch both sent
    // with the same key and body is answered to the second with the first one's answer).
    for summary in &summaries {
        assert_eq!(summary.pushed + summary.duplicates, 300, "{summaries:?}");
    }
    assert!(
        summaries.iter().map(|summary| summary.pushed).sum::<u64>() >= 300,
        "{summaries:?}"
    );
    for folder in [dir.path(), copy.as_path()] {
        let store = Store::open(&folder.join("station.db"), &options).unwrap();
        assert_exactly_once(&hq, &store, 300);
    }
}

#[test]
fn migrations_run_once_under_concurrent_opens_and_a_newer_schema_is_refused() {
    let schema = PgSchema::new();
    let barrier = Arc::new(Barrier::new(4));
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let (url, name, barrier) = (schema.url(), schema.schema.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                PgHq::open(&url, Some(&name)).map(drop)
            })
        })
        .collect();
    for opener in openers {
        opener.join().unwrap().unwrap();
    }
    let mut client = schema.cluster.client();
    let versions: Vec<i32> = client
        .query(
            &format!("SELECT version FROM {}.hq_schema_version", schema.schema),
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(versions, [1]);
    schema.execute("INSERT INTO hq_schema_version (version, applied_at) VALUES (99, 'later')");
    let err = PgHq::open(&schema.url(), Some(&schema.schema)).unwrap_err();
    assert!(
        err.to_string().contains("schema version 99")
            && err.to_string().contains("upgrade scanstation"),
        "{err}"
    );
}

#[test]
fn without_a_schema_the_tables_go_to_the_search_path() {
    let cluster = PgSchema::new().cluster;
    let mut client = cluster.client();
    let database = format!("hq_default_{}", std::process::id());
    // One statement per call: neither may run inside a transaction block.
    for statement in [
        format!("DROP DATABASE IF EXISTS {database}"),
        format!("CREATE DATABASE {database}"),
    ] {
        client.batch_execute(&statement).unwrap();
    }
    let url = format!(
        "postgresql://postgres@127.0.0.1:{}/{database}",
        cluster.port()
    );
    let config = HqConfig {
        database_url: Some(url.clone()),
        ..HqConfig::default()
    };
    assert!(config.validate().is_empty(), "{:?}", config.validate());
    let mut storage = open_storage(&config).unwrap();
    seed_master_data(&mut *storage, &["L1"]);
    assert_eq!(storage.changes(STATION, 0, 10).unwrap().changes.len(), 2);
    drop(storage);
    let mut other = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    let count: i64 = other
        .query_one("SELECT count(*) FROM public.hq_lots", &[])
        .unwrap()
        .get(0);
    assert_eq!(count, 1);
    drop(other);
    client
        .batch_execute(&format!("DROP DATABASE {database}"))
        .unwrap();
}

#[test]
fn a_lost_connection_is_reopened_on_the_next_call() {
    let schema = PgSchema::new();
    let name = format!("hq_reconnect_{}", std::process::id());
    let url = format!("{}?application_name={name}", schema.url());
    let mut storage = PgHq::open(&url, Some(&schema.schema)).unwrap();
    seed_master_data(&mut storage, &["L1"]);
    let terminated: i64 = schema
        .cluster
        .client()
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert_eq!(terminated, 1);
    // Wait (bounded) until the backend is gone, so that the next call surely finds it gone.
    let started = Instant::now();
    while schema
        .cluster
        .client()
        .query_opt(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = $1",
            &[&name],
        )
        .unwrap()
        .is_some()
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the backend lingers"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // The call that finds the connection gone fails (the station retries); the next reconnects.
    match storage.changes(STATION, 0, 10) {
        Ok(rows) => assert_eq!(rows.changes.len(), 2),
        Err(err) => assert!(matches!(err, HqError::Postgres { .. }), "{err}"),
    }
    let rows = storage.changes(STATION, 0, 10).unwrap();
    assert_eq!(rows.changes.len(), 2);
}

/// `scanstation hq serve`, killed when the test ends however it ends.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `scanstation ARGS` and returns its stdout; fails the test with stderr otherwise.
fn run_ok(args: &[&str]) -> String {
    let output = binary().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "scanstation {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn hq_serve_and_admin_commands_on_database_url() {
    let dir = tempfile::tempdir().unwrap();
    let schema = PgSchema::new();
    let config_path = dir.path().join("hq.toml");
    std::fs::write(
        &config_path,
        format!(
            "listen = \"127.0.0.1:0\"\ndatabase_url = \"{}\"\ndatabase_schema = \"{}\"\nthreads = 3\n\n[stations.{STATION}]\ntoken = \"{TOKEN}\"\n",
            schema.url(),
            schema.schema
        ),
    )
    .unwrap();
    let config = config_path.to_str().unwrap();
    let products = dir.path().join("products.csv");
    // Head office's files name every column (it replaces whole records).
    std::fs::write(
        &products,
        format!(
            "gtin,name,tracking,shelf_life_days,warranty_months,net_weight_kg\n{GTIN},Tea,lot,,,\n"
        ),
    )
    .unwrap();
    let lots = dir.path().join("lots.csv");
    std::fs::write(
        &lots,
        format!("gtin,lot,status,reason,production_date,expiry_date,quantity\n{GTIN},L1,,,,2030-01-31,\n{GTIN},L2,,,,2030-01-31,\n"),
    )
    .unwrap();
    let partial = dir.path().join("partial.csv");
    std::fs::write(&partial, format!("gtin,lot,quantity\n{GTIN},L1,5\n")).unwrap();
    let refused = binary()
        .args(["hq", "import", "--config", config, "--kind", "lots"])
        .arg(&partial)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("no status, reason, production_date, expiry_date column"),
        "{refused:?}"
    );
    let out = run_ok(&[
        "hq",
        "import",
        "--config",
        config,
        "--kind",
        "products",
        products.to_str().unwrap(),
    ]);
    assert!(out.contains("\"rows\":1"), "{out}");
    run_ok(&[
        "hq",
        "import",
        "--config",
        config,
        "--kind",
        "lots",
        lots.to_str().unwrap(),
    ]);

    let mut child = binary()
        .args(["hq", "serve", "--config", config])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let served = Served(child);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let line = receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("hq serve printed no address within 30 s");
    let addr = line
        .strip_prefix("head office listening on ")
        .unwrap_or_else(|| panic!("{line}"));
    let url = format!("http://{addr}");

    let mut store = station_with_backlog(dir.path(), 30);
    let summary = sync_once(&mut store, &sync_config(&url), now()).unwrap();
    assert_eq!(summary.pulled, 3, "{summary:?}");
    assert!(summary.pushed >= 30 && summary.unsent == 0, "{summary:?}");

    let out = run_ok(&[
        "hq",
        "recall",
        "--config",
        config,
        GTIN,
        "L1",
        "--reason",
        "test recall",
    ]);
    assert!(out.contains("is now recalled; 1 new alert(s)"), "{out}");
    run_ok(&[
        "hq",
        "lease",
        "--config",
        config,
        "--station",
        STATION,
        "--gtin",
        GTIN,
        "--pattern",
        "A{seq:6}",
        "--first",
        "1",
        "--last",
        "100",
    ]);
    let summary = sync_once(&mut store, &sync_config(&url), now()).unwrap();
    assert_eq!(summary.pulled, 2, "the recall and the block: {summary:?}");
    assert_eq!(
        store.lot(GTIN, "L1").unwrap().unwrap().status,
        LotStatus::Recalled
    );
    let alerts: serde_json::Value =
        serde_json::from_str(&run_ok(&["hq", "alerts", "--config", config, "--json"])).unwrap();
    let alerts = alerts.as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["lot"], "L1");
    assert_eq!(alerts[0]["kind"], "accepted_before_recall");
    drop(served);

    let mut storage = open(&schema);
    let events = storage.events(STATION).unwrap();
    let journal = store.journal_rows_after(0, i64::MAX).unwrap();
    assert_eq!(events.len(), journal.len());
    assert!(events.iter().all(|event| event.status == "accepted"));

    // Both databases at once is a config problem, named with its key.
    let both = dir.path().join("both.toml");
    std::fs::write(
        &both,
        format!(
            "database = \"hq.db\"\ndatabase_url = \"{}\"\n",
            schema.url()
        ),
    )
    .unwrap();
    let output = binary()
        .args(["hq", "alerts", "--config", both.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("database_url: database and database_url are both set"),
        "{stderr}"
    );
}

//! The daemon's loop driven event by event, without threads or devices: operator feedback
//! follows the verdict (after the journal commit), the button prints, printer outcomes light
//! the lamps, and a scan that cannot be journaled gives the fault signal, not a verdict.

use std::sync::{Arc, Mutex};

use chrono::Utc;

use super::*;
use crate::feedback::RecordingIndicator;

/// A `Write` whose output the test can read.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Output {
    fn events(&self) -> Vec<Value> {
        String::from_utf8(self.0.lock().unwrap().clone())
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

struct Fixture {
    daemon: Daemon,
    lamps: RecordingIndicator,
    out: Output,
    _dir: tempfile::TempDir,
}

fn fixture(extra: &str) -> Fixture {
    fixture_with_line("", extra)
}

/// `line` is added to the `[line]` table, `extra` after the configuration.
fn fixture_with_line(line: &str, extra: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "[station]\nid = \"t1\"\nlabels_dir = {:?}\n[store]\npath = {:?}\nstandalone_serial_pattern = \"{{station}}-{{seq:4}}\"\n[[scanner]]\nid = \"s1\"\nkind = \"stdin\"\nworkflow = \"receiving\"\n[line]\nexpiry_days = 365\n{line}[[printer]]\nname = \"p1\"\ntransport = \"file\"\npath = {:?}\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\nassume_printed_without_status = true\n{extra}",
        concat!(env!("CARGO_MANIFEST_DIR"), "/labels"),
        dir.path().join("station.db"),
        dir.path().join("labels"),
    );
    // `None` as the path: seeded like the embedded demo.
    let config = Config::from_toml(&text, None).unwrap();
    let out = Output::default();
    let mut daemon = Daemon::open(config, OutputMode::Json, Box::new(out.clone())).unwrap();
    let lamps = RecordingIndicator::default();
    daemon.set_indicator(Box::new(lamps.clone()));
    Fixture {
        daemon,
        lamps,
        out,
        _dir: dir,
    }
}

fn scan(fixture: &mut Fixture, text: &str) {
    let (symbology, bytes) = match text.strip_prefix("]d2") {
        Some(rest) => (Some("]d2".to_owned()), rest.as_bytes().to_vec()),
        None => (None, text.as_bytes().to_vec()),
    };
    let event = Event::Input(InputEvent::Scan(Scan::new(
        "s1",
        Utc::now(),
        symbology,
        bytes,
    )));
    assert!(fixture.daemon.handle(event, Utc::now()).unwrap());
}

#[test]
fn every_verdict_shows_its_pattern_after_it_is_journaled() {
    let mut f = fixture("");
    scan(&mut f, "]d201095060001343521728123110DRILL2611\x1d21SN1001");
    scan(&mut f, "]d2010950600013436917270430\x1d10Y2610B");
    scan(&mut f, "]d20109506000134390\x1d10X1");
    assert_eq!(
        f.lamps.signals(),
        [Signal::Accept, Signal::Reject, Signal::Warn]
    );
    let verdicts: Vec<Value> = f.out.events();
    assert_eq!(verdicts.len(), 3);
    for verdict in &verdicts {
        let seq = verdict["seq"].as_i64().unwrap();
        let rows = f
            .daemon
            .station()
            .store()
            .journal_rows_after(seq - 1, 1)
            .unwrap();
        assert_eq!(rows[0].event_id, verdict["event_id"].as_str().unwrap());
    }
}

#[test]
fn the_button_prints_the_next_line_label() {
    let mut f = fixture("");
    // Nothing active: refused, with the print-failed pattern and nothing allocated.
    f.daemon.handle(Event::Button, Utc::now()).unwrap();
    assert_eq!(f.lamps.last(), Some(Signal::PrintFailed));
    assert_eq!(f.out.events().last().unwrap()["code"], "cannot_print");

    f.daemon.workflows.insert("s1".into(), Workflow::Line);
    scan(&mut f, "]d2010950600013435210DRILL2611");
    f.daemon.handle(Event::Button, Utc::now()).unwrap();
    let events = f.out.events();
    let queued = events.last().unwrap();
    assert_eq!(queued["event"], "label_queued", "{queued}");
    assert_eq!(queued["serial"], "t1-0001");
    assert_eq!(queued["device"], "button");
    let job = f
        .daemon
        .station()
        .store()
        .print_job(queued["job_id"].as_i64().unwrap())
        .unwrap();
    assert_eq!(job.serial.as_deref(), Some("t1-0001"));

    // The worker's report lights the lamps.
    f.daemon
        .handle(
            Event::Print(PrintEvent {
                printer: "p1".into(),
                kind: PrintEventKind::Outcome(Outcome::Printed { job_id: job.id }),
            }),
            Utc::now(),
        )
        .unwrap();
    assert_eq!(f.lamps.last(), Some(Signal::Printed));
    f.daemon
        .handle(
            Event::Print(PrintEvent {
                printer: "p1".into(),
                kind: PrintEventKind::Fault("connection refused".into()),
            }),
            Utc::now(),
        )
        .unwrap();
    assert_eq!(f.lamps.last(), Some(Signal::PrintFailed));
}

#[test]
fn a_rejected_work_order_does_not_become_the_active_product() {
    let mut f = fixture("");
    f.daemon.workflows.insert("s1".into(), Workflow::Line);
    // Quarantined, recalled, expired (demo lot P2401): each work order is rejected and leaves
    // no product active.
    for order in [
        "]d2010950600013437610P2609",
        "]d2010950600013436910Y2610B",
        "]d2010950600013437610P2401",
    ] {
        scan(&mut f, order);
        let verdict = f.out.events().pop().unwrap();
        assert_eq!(verdict["verdict"], "reject", "{order}: {verdict}");
        assert!(verdict.get("line").is_none(), "{order}: {verdict}");
        assert_eq!(f.daemon.line().active(), None, "{order}");
    }
    f.daemon.handle(Event::Button, Utc::now()).unwrap();
    let refused = f.out.events().pop().unwrap();
    assert_eq!(refused["code"], "cannot_print", "{refused}");
}

#[test]
fn an_unreleased_or_expired_lot_gets_no_labels() {
    let mut f = fixture("");
    // Active (from the configuration or before a status change), then not printable.
    for (gtin, lot, expected) in [
        ("09506000134376", "P2609", "quarantined"),
        ("09506000134369", "Y2610B", "recalled"),
        ("09506000134376", "P2401", "expired on 2026-01-10"),
    ] {
        f.daemon.line.set(Some(gtin.into()), Some(lot.into()));
        f.daemon.handle(Event::Button, Utc::now()).unwrap();
        let refused = f.out.events().pop().unwrap();
        assert_eq!(refused["code"], "cannot_print", "{refused}");
        assert!(
            refused["message"].as_str().unwrap().contains(expected),
            "{lot}: {refused}"
        );
        assert_eq!(f.lamps.last(), Some(Signal::PrintFailed));
    }
    let rows = f
        .daemon
        .station()
        .store()
        .journal_rows_after(0, 100)
        .unwrap();
    assert!(
        rows.iter().all(|row| row.kind != "allocation"),
        "no serial is allocated for a refused lot"
    );
}

#[test]
fn a_scan_that_cannot_be_journaled_gives_the_fault_signal() {
    let mut f = fixture("");
    // Make every journal write fail, as a full disk or a read-only file system would.
    let side = f
        .daemon
        .station()
        .store()
        .side_connection(Duration::from_secs(1))
        .unwrap();
    side.execute_batch(
        "CREATE TRIGGER no_writes BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .unwrap();
    scan(&mut f, "]d201095060001343521728123110DRILL2611\x1d21SN1001");
    assert_eq!(f.lamps.signals(), [Signal::Fault]);
    let event = f.out.events().pop().unwrap();
    assert_eq!(event["code"], "not_recorded", "{event}");
    assert!(event.get("verdict").is_none());
}

#[test]
fn an_accepted_logistic_label_gets_an_internal_pallet_label() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("dock-labels");
    let mut f = fixture(&format!(
        "[receiving]\npallet_label = true\nprinter = \"dock\"\n[[printer]]\nname = \"dock\"\ntransport = \"file\"\npath = {labels:?}\ndpi = 203\nwidth_mm = 100.0\nheight_mm = 150.0\n"
    ));
    scan(
        &mut f,
        "(00)095060001234567893(02)09506000134352(37)48(10)DRILL2611",
    );
    let verdict = f.out.events().pop().unwrap();
    assert_ne!(verdict["verdict"], "reject", "{verdict}");
    let pallet = &verdict["pallet_label"];
    assert_eq!(pallet["printer"], "dock", "{verdict}");
    let job = f
        .daemon
        .station()
        .store()
        .print_job(pallet["job_id"].as_i64().unwrap())
        .unwrap();
    assert_eq!(job.template, "pallet");
    assert!(labels.join("095060001234567893.png").exists());
    let rows = f
        .daemon
        .station()
        .store()
        .journal_rows_after(0, 100)
        .unwrap();
    assert!(rows
        .iter()
        .any(|row| row.kind == "print" && row.sscc.as_deref() == Some("095060001234567893")));

    // A single product barcode is not a logistic label: no pallet label.
    scan(&mut f, "]d201095060001343521728123110DRILL2611\x1d21SN1001");
    assert!(f.out.events().pop().unwrap().get("pallet_label").is_none());
}

fn print_event(printer: &str, kind: PrintEventKind) -> Event {
    Event::Print(PrintEvent {
        printer: printer.into(),
        kind,
    })
}

fn printer_state(f: &Fixture, name: &str) -> (String, u64, u64) {
    let status = f.daemon.status();
    let status = status.read().unwrap();
    let printer = status
        .board
        .printers
        .iter()
        .find(|printer| printer.name == name)
        .unwrap();
    (
        printer.state.clone(),
        printer.queued,
        status.metrics.printer_errors(name),
    )
}

#[test]
fn an_unreachable_printer_signals_once_and_only_when_labels_wait_for_it() {
    let mut f = fixture("");
    // Nothing queued: the fault is on the board and counted once, but the lamps stay quiet.
    for _ in 0..5 {
        f.daemon
            .handle(
                print_event("p1", PrintEventKind::Fault("connection refused".into())),
                Utc::now(),
            )
            .unwrap();
    }
    assert_eq!(f.lamps.signals(), []);
    assert_eq!(printer_state(&f, "p1"), ("fault".into(), 0, 1));
    f.daemon
        .handle(print_event("p1", PrintEventKind::Recovered), Utc::now())
        .unwrap();
    assert_eq!(printer_state(&f, "p1").0, "connected");

    // A label waits: a printer that stays not ready is signalled once, not on every retry.
    f.daemon
        .line
        .set(Some("09506000134352".into()), Some("DRILL2611".into()));
    f.daemon.handle(Event::Button, Utc::now()).unwrap();
    let job_id = f.out.events().pop().unwrap()["job_id"].as_i64().unwrap();
    assert_eq!(printer_state(&f, "p1").1, 1, "queued count per printer");
    let before = f.lamps.signals().len();
    for _ in 0..4 {
        f.daemon
            .handle(
                print_event(
                    "p1",
                    PrintEventKind::Outcome(Outcome::NotReady {
                        job_id,
                        state: crate::printer::PrinterState::Paused,
                    }),
                ),
                Utc::now(),
            )
            .unwrap();
    }
    assert_eq!(f.lamps.signals()[before..], [Signal::PrintFailed]);
    assert_eq!(printer_state(&f, "p1").2, 2);

    // The printer goes down while the label waits: signalled; a new label for a printer known
    // to be down is signalled when it is queued.
    f.daemon
        .handle(
            print_event("p1", PrintEventKind::Fault("connection refused".into())),
            Utc::now(),
        )
        .unwrap();
    assert_eq!(f.lamps.last(), Some(Signal::PrintFailed));
    let before = f.lamps.signals().len();
    f.daemon.handle(Event::Button, Utc::now()).unwrap();
    assert_eq!(f.out.events().pop().unwrap()["event"], "label_queued");
    assert_eq!(f.lamps.signals()[before..], [Signal::PrintFailed]);
    assert_eq!(printer_state(&f, "p1"), ("fault".into(), 2, 3));
}

/// Marks a queued job printed, as the worker would.
fn mark_printed(f: &Fixture, job_id: i64) {
    use crate::store::print_queue::{transition, Actor};
    let mut conn = f
        .daemon
        .station()
        .store()
        .side_connection(Duration::from_secs(1))
        .unwrap();
    assert!(transition(
        &mut conn,
        job_id,
        JobState::Queued,
        JobState::Sending,
        Actor::Worker,
        "",
        Utc::now()
    )
    .unwrap());
    assert!(transition(
        &mut conn,
        job_id,
        JobState::Sending,
        JobState::Printed,
        Actor::Worker,
        "",
        Utc::now()
    )
    .unwrap());
}

#[test]
fn a_failed_verification_shows_reject_and_the_reprint_verifies() {
    let mut f = fixture_with_line("verify = true\n", "");
    f.daemon.workflows.insert("s1".into(), Workflow::Line);
    scan(&mut f, "]d2010950600013435210DRILL2611");
    f.daemon.handle(Event::Button, Utc::now()).unwrap();
    let queued = f.out.events().pop().unwrap();
    let (job_id, serial) = (
        queued["job_id"].as_i64().unwrap(),
        queued["serial"].as_str().unwrap().to_owned(),
    );
    let expiry = queued["expiry"].as_str().unwrap().to_owned();
    mark_printed(&f, job_id);

    // The label reads a different (still valid) expiry: the verdict accepts the serial, but
    // the label is wrong, so the operator gets the reject pattern; it is voided and reprinted.
    scan(
        &mut f,
        &format!("]d2010950600013435217291231\x1d10DRILL2611\x1d21{serial}"),
    );
    let wrong = f.out.events().pop().unwrap();
    assert_eq!(wrong["verdict"], "accept", "{wrong}");
    assert_eq!(wrong["verification"]["result"], "reprinted", "{wrong}");
    assert_eq!(f.lamps.last(), Some(Signal::Reject));
    let reprint = wrong["verification"]["job_id"].as_i64().unwrap();
    mark_printed(&f, reprint);

    // The reprint carries the same serial: not a duplicate of the voided label.
    scan(
        &mut f,
        &format!("]d2010950600013435217{expiry}10DRILL2611\x1d21{serial}"),
    );
    let right = f.out.events().pop().unwrap();
    assert_eq!(right["verdict"], "accept", "{right}");
    assert_eq!(right["verification"]["result"], "verified", "{right}");
    assert_eq!(right["verification"]["job_id"], reprint);
    assert_eq!(f.lamps.last(), Some(Signal::Accept));

    // The verified label scanned again is a duplicate.
    scan(
        &mut f,
        &format!("]d2010950600013435217{expiry}10DRILL2611\x1d21{serial}"),
    );
    let again = f.out.events().pop().unwrap();
    assert_eq!(again["verdict"], "reject", "{again}");
    assert_eq!(again["reasons"][0]["code"], "duplicate_serial", "{again}");
}

#[test]
fn a_work_order_scan_prints_the_configured_batch() {
    let mut f = fixture_with_line("batch_count = 3\n", "");
    f.daemon.workflows.insert("s1".into(), Workflow::Line);
    scan(&mut f, "]d2010950600013435210DRILL2611");
    let events = f.out.events();
    assert_eq!(events[0]["line"]["lot"], "DRILL2611", "{events:?}");
    let serials: Vec<&str> = events[1..]
        .iter()
        .filter(|event| event["event"] == "label_queued")
        .map(|event| event["serial"].as_str().unwrap())
        .collect();
    assert_eq!(serials, ["t1-0001", "t1-0002", "t1-0003"]);
    let status = f.daemon.status();
    assert_eq!(
        status.read().unwrap().board.line.as_ref().unwrap().printed,
        3
    );
    // A rejected work order triggers nothing.
    scan(&mut f, "]d2010950600013437610P2609");
    assert_eq!(f.out.events().len(), events.len() + 1);
    // Another product: the printed count starts again.
    f.daemon
        .line
        .set(Some("09506000134376".into()), Some("P2609".into()));
    assert_eq!(f.daemon.line.printed, 0);
}

#[test]
fn the_command_line_sets_the_product_and_prints_through_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "[station]\nid = \"t1\"\nlabels_dir = {:?}\n[store]\npath = {:?}\nstandalone_serial_pattern = \"{{station}}-{{seq:4}}\"\n[[scanner]]\nid = \"s1\"\nkind = \"stdin\"\nworkflow = \"line\"\n[line]\nexpiry_days = 30\nbatch_count = 2\ngtin = \"09506000134352\"\nlot = \"DRILL2611\"\n[[printer]]\nname = \"p1\"\ntransport = \"file\"\npath = {:?}\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\nassume_printed_without_status = true\n",
        concat!(env!("CARGO_MANIFEST_DIR"), "/labels"),
        dir.path().join("station.db"),
        dir.path().join("labels"),
    );
    let config = Config::from_toml(&text, None).unwrap();
    let open = || {
        let out = Output::default();
        let daemon = Daemon::open(config.clone(), OutputMode::Json, Box::new(out.clone())).unwrap();
        (daemon, out)
    };
    let (mut daemon, out) = open();
    // `[line] gtin`/`lot` at the first start.
    assert_eq!(
        daemon.line().active(),
        Some(("09506000134352", Some("DRILL2611")))
    );

    // `scanstation line set` from another process.
    let mut cli = Store::open(&dir.path().join("station.db"), &OpenOptions::default()).unwrap();
    cli.set_line_product(&LineChange {
        gtin: Some("09506000134369"),
        lot: Some("Y2611A"),
        source: LineSource::Cli,
        device: Some("s1"),
        operator: Some("ann"),
        scan_seq: None,
        at: Utc::now(),
    })
    .unwrap();
    daemon.poll_line_control(Utc::now());
    assert_eq!(
        daemon.line().active(),
        Some(("09506000134369", Some("Y2611A")))
    );
    let events = out.events();
    assert_eq!(events[0]["event"], "line", "{events:?}");
    assert_eq!(events[0]["source"], "cli");
    // `[line] batch_count` labels for the product set from the command line.
    let queued: Vec<&Value> = events
        .iter()
        .filter(|event| event["event"] == "label_queued")
        .collect();
    assert_eq!(queued.len(), 2, "{events:?}");
    assert_eq!(queued[0]["lot"], "Y2611A");
    assert_eq!(queued[0]["device"], "s1");

    // `scanstation line print-next --count 3`.
    let request = cli
        .request_line_print(3, None, Some("bob"), Utc::now())
        .unwrap();
    daemon.poll_line_control(Utc::now());
    let result = cli.line_request(request).unwrap().result.unwrap();
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["serials"], json!(["t1-0003", "t1-0004", "t1-0005"]));
    let rows = cli.journal_rows_after(0, 1000).unwrap();
    let print = rows.iter().rev().find(|row| row.kind == "print").unwrap();
    assert_eq!(print.device.as_deref(), Some("cli"));
    assert_eq!(print.operator.as_deref(), Some("bob"));

    // A request naming an unknown scanner is refused with the reason.
    let request = cli
        .request_line_print(1, Some("nope"), None, Utc::now())
        .unwrap();
    daemon.poll_line_control(Utc::now());
    let result = cli.line_request(request).unwrap().result.unwrap();
    assert_eq!(result["ok"], false);
    assert!(
        result["error"].as_str().unwrap().contains("nope"),
        "{result}"
    );

    // A cleared product refuses the next trigger.
    cli.set_line_product(&LineChange {
        gtin: None,
        lot: None,
        source: LineSource::Cli,
        device: None,
        operator: None,
        scan_seq: None,
        at: Utc::now(),
    })
    .unwrap();
    daemon.poll_line_control(Utc::now());
    assert_eq!(daemon.line().active(), None);

    // A work-order scan: stored, so it survives a restart (the unchanged configuration does
    // not undo it).
    scan_into(&mut daemon, "]d2010950600013437610P2401X");
    let order = out.events().pop().unwrap();
    assert_ne!(order["verdict"], "reject", "{order}");
    drop(daemon);
    let (daemon, _) = open();
    assert_eq!(
        daemon.line().active(),
        Some(("09506000134376", Some("P2401X")))
    );
    assert!(cli.verify_journal().unwrap().ok);
    // Every change is journaled: configuration, set, clear, scan.
    let sources: Vec<Value> = cli
        .journal_rows_after(0, 1000)
        .unwrap()
        .iter()
        .filter(|row| row.kind == "line_set")
        .map(|row| {
            serde_json::from_str::<Value>(row.payload.as_deref().unwrap()).unwrap()["source"]
                .clone()
        })
        .collect();
    assert_eq!(
        sources,
        [json!("config"), json!("cli"), json!("cli"), json!("scan")]
    );
}

fn scan_into(daemon: &mut Daemon, text: &str) {
    let (symbology, bytes) = match text.strip_prefix("]d2") {
        Some(rest) => (Some("]d2".to_owned()), rest.as_bytes().to_vec()),
        None => (None, text.as_bytes().to_vec()),
    };
    let event = Event::Input(InputEvent::Scan(Scan::new(
        "s1",
        Utc::now(),
        symbology,
        bytes,
    )));
    assert!(daemon.handle(event, Utc::now()).unwrap());
}

#[test]
fn lookups_are_on_the_status_board() {
    let mut f = fixture("");
    f.daemon.workflows.insert("s1".into(), Workflow::Lookup);
    scan(&mut f, "]d20109506000134352\x1d21SN1002");
    scan(&mut f, "]d20109506000134352\x1d21NOSUCH");
    let status = f.daemon.status();
    let status = status.read().unwrap();
    let lookups = &status.board.lookups;
    assert_eq!(lookups.len(), 2);
    assert_eq!(lookups[0].serial, "NOSUCH");
    assert_eq!(lookups[0].status, "unknown");
    assert!(lookups[0].message.as_deref().unwrap().contains("NOSUCH"));
    assert_eq!(lookups[1].serial, "SN1002");
    assert_eq!(lookups[1].status, "shipped");
    assert_eq!(lookups[1].warranty, "under_warranty");
    assert_eq!(lookups[1].warranty_until.as_deref(), Some("2028-11-01"));
    assert_eq!(
        lookups[1].product_name.as_deref(),
        Some("Demo cordless drill")
    );
}

#[test]
fn an_sscc_and_its_content_scanned_separately_get_one_pallet_label() {
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("dock-labels");
    let mut f = fixture(&format!(
        "[receiving]\npallet_label = true\nprinter = \"dock\"\n[[printer]]\nname = \"dock\"\ntransport = \"file\"\npath = {labels:?}\ndpi = 203\nwidth_mm = 100.0\nheight_mm = 150.0\n"
    ));
    scan(&mut f, "(00)095060001234567893");
    assert!(f.out.events().pop().unwrap().get("pallet_label").is_none());
    scan(&mut f, "(02)09506000134352(37)48(10)DRILL2611");
    let content = f.out.events().pop().unwrap();
    assert_ne!(content["verdict"], "reject", "{content}");
    assert_eq!(
        content["pallet_label"]["sscc"], "095060001234567893",
        "{content}"
    );
    let job = f
        .daemon
        .station()
        .store()
        .print_job(content["pallet_label"]["job_id"].as_i64().unwrap())
        .unwrap();
    let fields: Value = job.fields.clone();
    assert_eq!(fields["gtin"], "09506000134352", "{fields}");
    assert_eq!(fields["count"], "48", "{fields}");
}

/// A stdout whose reader went away.
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_closed_stdout_does_not_stop_the_station() {
    let mut f = fixture("");
    f.daemon.out = Box::new(ClosedPipe);
    scan(&mut f, "]d201095060001343521728123110DRILL2611\x1d21SN1001");
    scan(&mut f, "]d2010950600013436917270430\x1d10Y2610B");
    assert_eq!(f.lamps.signals(), [Signal::Accept, Signal::Reject]);
    let rows = f
        .daemon
        .station()
        .store()
        .journal_rows_after(0, 100)
        .unwrap();
    assert_eq!(rows.iter().filter(|row| row.kind == "scan").count(), 2);
}

#[test]
fn sighup_names_every_changed_section_that_needs_a_restart() {
    let base = "[station]\nid = \"t1\"\n[[scanner]]\nid = \"s1\"\nkind = \"stdin\"\n";
    let running = Config::from_toml(base, None).unwrap();
    let changed = Config::from_toml(
        &format!("{base}[policy]\nexpiring_soon_days = 5\n[line]\nbatch_count = 2\ntemplate = \"other.toml\"\n[feedback]\ngreen_pin = 17\n[status]\nrefresh_secs = 9\n[receiving]\npallet_label = false\npallet_template = \"p2.toml\"\n[sync]\ninterval_secs = 120\n[[printer]]\nname = \"p\"\ntransport = \"file\"\npath = \"x\"\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\n"),
        None,
    )
    .unwrap();
    assert_eq!(
        restart_sections(&running, &changed),
        [
            "[[printer]]",
            "[receiving]",
            "[line] template",
            "[feedback]",
            "[status]",
            "[sync]"
        ]
    );
    assert!(restart_sections(&running, &running).is_empty());
}
/// Issue 5 review: a scan that lost its GS on the way (`10DRILL2611` + `21SN1001` arriving
/// as lot `DRILL261121SN1001`) is a REJECT `malformed` naming the lost character, not a WARN
/// about an unknown lot.
#[test]
fn a_damaged_scan_is_rejected_as_malformed() {
    let mut f = fixture("");
    let mut damaged = Scan::new(
        "s1",
        Utc::now(),
        Some("]d2".into()),
        b"01095060001343521728123110DRILL261121SN1001".to_vec(),
    );
    damaged.problems = vec![
        "a GS separator typed as Ctrl+] was lost: gs_forms does not include \"ctrl_bracket\"; add it to gs_forms".into(),
    ];
    let event = Event::Input(InputEvent::Scan(damaged));
    assert!(f.daemon.handle(event, Utc::now()).unwrap());
    assert_eq!(f.lamps.signals(), [Signal::Reject]);
    let verdict = f.out.events().pop().unwrap();
    assert_eq!(verdict["verdict"], "reject", "{verdict}");
    assert_eq!(verdict["reasons"][0]["code"], "malformed", "{verdict}");
    let message = verdict["reasons"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("lost characters") && message.contains("ctrl_bracket"),
        "{message}"
    );
}

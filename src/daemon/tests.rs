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
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "[station]\nid = \"t1\"\nlabels_dir = {:?}\n[store]\npath = {:?}\nstandalone_serial_pattern = \"{{station}}-{{seq:4}}\"\n[[scanner]]\nid = \"s1\"\nkind = \"stdin\"\nworkflow = \"receiving\"\n[line]\nexpiry_days = 30\n[[printer]]\nname = \"p1\"\ntransport = \"file\"\npath = {:?}\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\nassume_printed_without_status = true\n{extra}",
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
fn a_recalled_or_quarantined_lot_gets_no_labels() {
    let mut f = fixture("");
    f.daemon.workflows.insert("s1".into(), Workflow::Line);
    scan(&mut f, "]d2010950600013437610P2609");
    f.daemon.handle(Event::Button, Utc::now()).unwrap();
    let refused = f.out.events().pop().unwrap();
    assert_eq!(refused["code"], "cannot_print", "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("quarantined"),
        "{refused}"
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

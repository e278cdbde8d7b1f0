//! The print queue against a fake TCP 9100 printer on 127.0.0.1: status before sending,
//! dpi check, faults and silence, a connection dropped mid-job, reprints, restarts. Proves
//! the queue reports status, never prints a duplicate by itself and loses no job.

mod support;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use scanstation::label::{layout, zpl, Dpi};
use scanstation::printer::print_queue::{self, JobState, NewJob};
use scanstation::printer::transport::TcpTransport;
use scanstation::printer::{Outcome, PrinterConfig, PrinterError, PrinterState, Worker};
use support::fake_printer::FakePrinter;
use support::{load_template, sample_values};

fn now() -> DateTime<Utc> {
    Utc::now()
}

fn config(address: &str) -> PrinterConfig {
    let text = format!(
        "name = 'line1'\ntransport = 'tcp'\naddress = '{address}'\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\n\
         connect_timeout_ms = 500\nwrite_timeout_ms = 1000\nstatus_timeout_ms = 300\nprint_timeout_ms = 3000\n\
         poll_interval_ms = 20\nmax_connect_attempts = 2\n"
    );
    let config: PrinterConfig = toml::from_str(&text).unwrap();
    assert_eq!(config.validate("printer"), Vec::<String>::new());
    config
}

fn worker(config: PrinterConfig) -> Worker {
    let transport = TcpTransport::new(
        config.address.clone().unwrap(),
        config.connect_timeout(),
        config.write_timeout(),
        true,
    );
    let template = load_template("serial");
    let laid_out = layout(&template, &sample_values("serial"), Dpi::D203).unwrap();
    let setup = zpl::setup(&laid_out, &config.media);
    Worker::new(config, Box::new(transport), setup)
}

fn database() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(print_queue::MIGRATION).unwrap();
    conn
}

/// Renders the serial template for `serial` and queues it.
fn enqueue(conn: &mut Connection, serial: &str) -> (i64, String) {
    let template = load_template("serial");
    let mut values = sample_values("serial");
    values.set("serial", serial);
    let laid_out = layout(&template, &values, Dpi::D203).unwrap();
    let payload = zpl::render(&laid_out, 1).unwrap();
    let fields = serde_json::json!({ "serial": serial }).to_string();
    let id = print_queue::enqueue(
        conn,
        &NewJob {
            printer: "line1",
            template: "serial",
            fields_json: &fields,
            copies: 1,
            payload: &payload,
            serial: Some(serial),
        },
        now(),
    )
    .unwrap();
    (id, String::from_utf8(payload).unwrap())
}

fn state(conn: &Connection, id: i64) -> JobState {
    print_queue::get(conn, id).unwrap().state
}

#[test]
fn prints_in_order_and_waits_for_the_buffer_to_empty() {
    let printer = FakePrinter::start(8);
    printer.script.lock().unwrap().polls_per_label = 3;
    let mut conn = database();
    let mut worker = worker(config(&printer.address.to_string()));
    let jobs: Vec<(i64, String)> = ["SN1", "SN2", "SN3"]
        .iter()
        .map(|s| enqueue(&mut conn, s))
        .collect();
    for (id, _) in &jobs {
        assert_eq!(
            worker.process_next(&mut conn, &now).unwrap(),
            Outcome::Printed { job_id: *id }
        );
    }
    assert_eq!(worker.process_next(&mut conn, &now).unwrap(), Outcome::Idle);
    let labels = printer.labels();
    let sent: Vec<String> = jobs
        .iter()
        .map(|(_, zpl)| zpl.trim_end().to_owned())
        .collect();
    assert_eq!(
        labels, sent,
        "each label exactly once, in order, byte for byte"
    );
    assert_eq!(printer.setups(), 1, "setup once per connection");
    let queries = printer.record.lock().unwrap().queries.clone();
    assert_eq!(
        queries.first().map(String::as_str),
        Some("~HI"),
        "resolution checked first"
    );
    let report = worker.status();
    assert_eq!(report.state, PrinterState::Ready);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["state_name"], "ready");
    assert_eq!(json["host_status"]["formats_in_buffer"], 0);
}

#[test]
fn refuses_a_printer_with_another_resolution() {
    let printer = FakePrinter::start(12);
    let mut conn = database();
    let mut worker = worker(config(&printer.address.to_string()));
    let (id, _) = enqueue(&mut conn, "SN1");
    let err = worker.process_next(&mut conn, &now).unwrap_err();
    assert!(
        matches!(
            err,
            PrinterError::DpiMismatch {
                configured: 203,
                reported: 12,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("300 dpi"), "{err}");
    assert_eq!(state(&conn, id), JobState::Queued);
    assert!(printer.labels().is_empty());
}

#[test]
fn sends_nothing_to_a_faulted_or_silent_printer() {
    let printer = FakePrinter::start(8);
    let mut conn = database();
    let mut worker = worker(config(&printer.address.to_string()));
    let (id, _) = enqueue(&mut conn, "SN1");
    assert!(worker.check_identity().unwrap().is_some());

    printer.script.lock().unwrap().status.paper_out = true;
    assert_eq!(
        worker.process_next(&mut conn, &now).unwrap(),
        Outcome::NotReady {
            job_id: id,
            state: PrinterState::NoMedia
        }
    );

    {
        let mut script = printer.script.lock().unwrap();
        script.status.paper_out = false;
        script.silent_hs = true;
        script.hqes_errors = 0x4;
    }
    assert_eq!(
        worker.process_next(&mut conn, &now).unwrap(),
        Outcome::NotReady {
            job_id: id,
            state: PrinterState::HeadOpen
        }
    );

    printer.script.lock().unwrap().silent_hqes = true;
    let outcome = worker.process_next(&mut conn, &now).unwrap();
    assert!(
        matches!(
            outcome,
            Outcome::NotReady {
                state: PrinterState::Offline(_),
                ..
            }
        ),
        "{outcome:?}"
    );
    assert!(printer.labels().is_empty());
    assert_eq!(state(&conn, id), JobState::Queued);

    {
        let mut script = printer.script.lock().unwrap();
        script.silent_hs = false;
        script.silent_hqes = false;
        script.hqes_errors = 0;
        script.status.paused = true;
    }
    assert_eq!(
        worker.process_next(&mut conn, &now).unwrap(),
        Outcome::NotReady {
            job_id: id,
            state: PrinterState::Paused
        }
    );
    printer.script.lock().unwrap().status.paused = false;
    assert_eq!(
        worker.process_next(&mut conn, &now).unwrap(),
        Outcome::Printed { job_id: id }
    );
    assert_eq!(printer.labels().len(), 1);
}

#[test]
fn a_connection_dropped_mid_job_makes_it_unknown_and_never_resends() {
    let printer = FakePrinter::start(8);
    let mut conn = database();
    let mut worker = worker(config(&printer.address.to_string()));
    let (id, _) = enqueue(&mut conn, "SN7");
    printer.script.lock().unwrap().drop_next_format = true;
    let outcome = worker.process_next(&mut conn, &now).unwrap();
    assert!(
        matches!(outcome, Outcome::Unknown { job_id, .. } if job_id == id),
        "{outcome:?}"
    );
    assert_eq!(state(&conn, id), JobState::Unknown);
    // The worker does not touch an unknown job again.
    assert_eq!(worker.process_next(&mut conn, &now).unwrap(), Outcome::Idle);
    assert_eq!(printer.record.lock().unwrap().dropped, 1);
    assert!(printer.labels().is_empty());

    // The operator says it did not come out: a reprint with the same serial.
    let reprint = print_queue::reprint(&mut conn, id, "nothing came out", now()).unwrap();
    assert_eq!(
        worker.process_next(&mut conn, &now).unwrap(),
        Outcome::Printed { job_id: reprint }
    );
    let labels = printer.labels();
    assert_eq!(labels.len(), 1);
    assert!(labels[0].contains("SN7"), "same serial");
    let original = print_queue::get(&conn, id).unwrap();
    let copy = print_queue::get(&conn, reprint).unwrap();
    assert_eq!(original.state, JobState::Failed);
    assert_eq!(
        (copy.reprint_of, copy.serial.as_deref()),
        (Some(id), Some("SN7"))
    );
    assert_eq!(printer.setups(), 2, "setup again on the new connection");
}

#[test]
fn a_fault_while_printing_makes_the_job_unknown() {
    let printer = FakePrinter::start(8);
    printer.script.lock().unwrap().paper_out_after_next_label = true;
    let mut conn = database();
    let mut worker = worker(config(&printer.address.to_string()));
    let (id, _) = enqueue(&mut conn, "SN1");
    let (second, _) = enqueue(&mut conn, "SN2");
    let outcome = worker.process_next(&mut conn, &now).unwrap();
    match outcome {
        Outcome::Unknown { job_id, reason } => {
            assert_eq!(job_id, id);
            assert!(reason.contains("out of labels"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // The next job is held back while the printer is faulted.
    assert!(matches!(
        worker.process_next(&mut conn, &now).unwrap(),
        Outcome::NotReady { .. }
    ));
    assert_eq!(state(&conn, second), JobState::Queued);
    assert_eq!(printer.labels().len(), 1);
    // The operator saw the label: confirm.
    print_queue::confirm(&mut conn, id, now()).unwrap();
    assert_eq!(state(&conn, id), JobState::Printed);
}

#[test]
fn an_unreachable_printer_gets_nothing_and_loses_nothing() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let mut conn = database();
    let mut config = config(&address.to_string());
    // No ~HI/~HS possible either: the worker must not send.
    config.bidirectional = Some(true);
    let mut worker = worker(config);
    let (id, _) = enqueue(&mut conn, "SN1");
    let err = worker.process_next(&mut conn, &now).unwrap_err();
    assert!(matches!(err, PrinterError::Identification { .. }), "{err}");
    assert_eq!(state(&conn, id), JobState::Queued);
}

/// A transport that answers status like a ready printer but cannot deliver a job: the
/// connection to the printer's data channel fails before any byte leaves.
struct NeverConnects;

impl scanstation::printer::Transport for NeverConnects {
    fn send(&mut self, _bytes: &[u8]) -> Result<(), scanstation::printer::TransportError> {
        Err(scanstation::printer::TransportError::NotSent {
            target: "fake".into(),
            message: "connection refused".into(),
        })
    }
    fn query(
        &mut self,
        command: &[u8],
        _frames: usize,
        _timeout: std::time::Duration,
    ) -> Result<Option<Vec<u8>>, scanstation::printer::TransportError> {
        Ok(Some(match command {
            b"~HI" => b"\x02ZD421,V84,8,8192KB\x03".to_vec(),
            _ => scanstation::printer::status::format_hs(&Default::default()),
        }))
    }
    fn has_status(&self) -> bool {
        true
    }
    fn reset(&mut self) {}
    fn describe(&self) -> String {
        "never connects".into()
    }
}

#[test]
fn connect_failures_requeue_then_fail_and_retry_requeues() {
    let mut conn = database();
    let mut worker = Worker::new(config("127.0.0.1:9"), Box::new(NeverConnects), Vec::new());
    let (id, _) = enqueue(&mut conn, "SN1");
    let outcome = worker.process_next(&mut conn, &now).unwrap();
    assert!(
        matches!(outcome, Outcome::Requeued { job_id, .. } if job_id == id),
        "{outcome:?}"
    );
    assert_eq!(state(&conn, id), JobState::Queued);
    // max_connect_attempts = 2: the second failure gives up.
    let outcome = worker.process_next(&mut conn, &now).unwrap();
    assert!(
        matches!(outcome, Outcome::Failed { job_id, .. } if job_id == id),
        "{outcome:?}"
    );
    let job = print_queue::get(&conn, id).unwrap();
    assert_eq!((job.state, job.attempts), (JobState::Failed, 2));
    assert!(job
        .last_error
        .unwrap()
        .contains("nothing reached the printer"));
    // Failed means never sent: the operator may retry the same job.
    print_queue::retry(&mut conn, id, now()).unwrap();
    assert_eq!(state(&conn, id), JobState::Queued);
}

#[test]
fn restart_turns_sending_into_unknown() {
    let mut conn = database();
    let (id, _) = enqueue(&mut conn, "SN1");
    print_queue::transition(
        &mut conn,
        id,
        JobState::Queued,
        JobState::Sending,
        print_queue::Actor::Worker,
        "",
        now(),
    )
    .unwrap();
    let printer = FakePrinter::start(8);
    let mut worker = worker(config(&printer.address.to_string()));
    assert_eq!(worker.recover(&mut conn, now()).unwrap(), 1);
    assert_eq!(state(&conn, id), JobState::Unknown);
    assert_eq!(worker.process_next(&mut conn, &now).unwrap(), Outcome::Idle);
    assert!(printer.labels().is_empty());
}

#[test]
fn the_queue_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.db");
    let id = {
        let mut conn = Connection::open(&path).unwrap();
        conn.execute_batch(print_queue::MIGRATION).unwrap();
        enqueue(&mut conn, "SN9").0
    };
    let printer = FakePrinter::start(8);
    let mut conn = Connection::open(&path).unwrap();
    conn.execute_batch(print_queue::MIGRATION).unwrap();
    let mut worker = worker(config(&printer.address.to_string()));
    assert_eq!(
        worker.process_next(&mut conn, &now).unwrap(),
        Outcome::Printed { job_id: id }
    );
    assert!(printer.labels()[0].contains("SN9"));
}

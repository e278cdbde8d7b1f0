//! A fake Zebra on 127.0.0.1: accepts raw TCP like port 9100, splits the byte stream into
//! `^XA…^XZ` formats and records them, answers `~HS`, `~HI` and `~HQES` from a scripted
//! state, stays silent in error states, can drop the connection in the middle of a job, and
//! "prints" one buffered label per status poll.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use scanstation::printer::status::{format_hs, HostStatus, ETX, STX};

#[derive(Debug, Default)]
pub struct Script {
    pub dots_per_mm: u32,
    /// Flags reported by `~HS` (counts are filled in from the buffer).
    pub status: HostStatus,
    /// Do not answer `~HS` (Zebras go quiet on some errors).
    pub silent_hs: bool,
    /// Do not answer `~HQES` either.
    pub silent_hqes: bool,
    /// Error flags (group 2) for `~HQES`.
    pub hqes_errors: u64,
    /// Close the connection as soon as the next label format starts arriving.
    pub drop_next_format: bool,
    /// After the next label arrives: paper runs out and the printer goes quiet on `~HS`.
    pub paper_out_after_next_label: bool,
    /// `~HS` polls needed to print one buffered label.
    pub polls_per_label: u32,
}

#[derive(Debug, Default)]
pub struct Record {
    /// Every complete `^XA…^XZ` format, in order (setup blocks included).
    pub formats: Vec<String>,
    /// Formats that arrived while the connection was being dropped.
    pub dropped: u32,
    pub connections: u32,
    pub queries: Vec<String>,
}

pub struct FakePrinter {
    pub address: SocketAddr,
    pub script: Arc<Mutex<Script>>,
    pub record: Arc<Mutex<Record>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl FakePrinter {
    pub fn start(dots_per_mm: u32) -> FakePrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        let script = Arc::new(Mutex::new(Script {
            dots_per_mm,
            polls_per_label: 1,
            ..Script::default()
        }));
        let record = Arc::new(Mutex::new(Record::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (script, record, stop) = (script.clone(), record.clone(), stop.clone());
            std::thread::spawn(move || serve(listener, script, record, stop))
        };
        FakePrinter {
            address,
            script,
            record,
            stop,
            thread: Some(thread),
        }
    }

    /// Label formats received (setup blocks, which carry `^PW`, left out).
    pub fn labels(&self) -> Vec<String> {
        self.record
            .lock()
            .unwrap()
            .formats
            .iter()
            .filter(|f| !f.contains("^PW"))
            .cloned()
            .collect()
    }

    pub fn setups(&self) -> usize {
        self.record
            .lock()
            .unwrap()
            .formats
            .iter()
            .filter(|f| f.contains("^PW"))
            .count()
    }
}

impl Drop for FakePrinter {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    listener: TcpListener,
    script: Arc<Mutex<Script>>,
    record: Arc<Mutex<Record>>,
    stop: Arc<AtomicBool>,
) {
    // The whole fake lives at most a minute, whatever a test does.
    let give_up = Instant::now() + Duration::from_secs(60);
    let mut buffered_labels: u32 = 0;
    let mut polls: u32 = 0;
    while !stop.load(Ordering::SeqCst) && Instant::now() < give_up {
        let Ok((stream, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        record.lock().unwrap().connections += 1;
        handle(
            stream,
            &script,
            &record,
            &stop,
            &mut buffered_labels,
            &mut polls,
            give_up,
        );
    }
}

fn frame(text: &str) -> Vec<u8> {
    let mut out = vec![STX];
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(&[ETX, b'\r', b'\n']);
    out
}

fn handle(
    mut stream: TcpStream,
    script: &Mutex<Script>,
    record: &Mutex<Record>,
    stop: &AtomicBool,
    buffered_labels: &mut u32,
    polls: &mut u32,
    give_up: Instant,
) {
    stream
        .set_read_timeout(Some(Duration::from_millis(10)))
        .unwrap();
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 4096];
    while !stop.load(Ordering::SeqCst) && Instant::now() < give_up {
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => pending.extend_from_slice(&chunk[..n]),
            Err(_) => {}
        }
        loop {
            let text = String::from_utf8_lossy(&pending).to_string();
            if pending.is_empty() {
                break;
            }
            if pending.starts_with(b"~HQES") {
                pending.drain(..5);
                record.lock().unwrap().queries.push("~HQES".into());
                let script = script.lock().unwrap();
                if !script.silent_hqes {
                    let flag = if script.hqes_errors != 0 { 1 } else { 0 };
                    let body = format!(
                        "\r\n PRINTER STATUS\r\n   ERRORS:         {flag} 00000000 {:08X}\r\n   WARNINGS:       0 00000000 00000000\r\n",
                        script.hqes_errors
                    );
                    let _ = stream.write_all(&frame(&body));
                }
            } else if pending.starts_with(b"~HS") {
                pending.drain(..3);
                record.lock().unwrap().queries.push("~HS".into());
                let script = script.lock().unwrap();
                if !script.silent_hs {
                    // Printing progresses one label per `polls_per_label` polls.
                    if *buffered_labels > 0 && !script.status.paper_out && !script.status.paused {
                        *polls += 1;
                        if *polls >= script.polls_per_label {
                            *polls = 0;
                            *buffered_labels -= 1;
                        }
                    }
                    let mut status = script.status.clone();
                    status.formats_in_buffer = *buffered_labels;
                    status.labels_remaining = *buffered_labels;
                    let _ = stream.write_all(&format_hs(&status));
                }
            } else if pending.starts_with(b"~HI") {
                pending.drain(..3);
                record.lock().unwrap().queries.push("~HI".into());
                let script = script.lock().unwrap();
                if !script.silent_hs {
                    let _ = stream.write_all(&frame(&format!(
                        "ZD421-FAKE,V84.20.18Z,{},8192KB",
                        script.dots_per_mm
                    )));
                }
            } else if pending.starts_with(b"~SD") {
                let take = pending.len().min(5);
                pending.drain(..take);
            } else if pending.starts_with(b"^XA") {
                if script.lock().unwrap().drop_next_format && !text.contains("^PW") {
                    script.lock().unwrap().drop_next_format = false;
                    record.lock().unwrap().dropped += 1;
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    return;
                }
                let Some(end) = text.find("^XZ") else { break };
                let format: String = text[..end + 3].to_owned();
                pending.drain(..format.len());
                let is_setup = format.contains("^PW");
                record.lock().unwrap().formats.push(format);
                if !is_setup {
                    *buffered_labels += 1;
                    let mut script = script.lock().unwrap();
                    if script.paper_out_after_next_label {
                        script.paper_out_after_next_label = false;
                        script.status.paper_out = true;
                        script.silent_hs = true;
                        script.hqes_errors = 0x1;
                    }
                }
            } else if pending.len() < 5 && (pending[0] == b'~' || pending[0] == b'^') {
                // A command may be split across reads.
                break;
            } else {
                pending.remove(0);
            }
        }
    }
}

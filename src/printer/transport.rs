//! Printer transports: raw TCP (port 9100), a USB printer class device, a serial port and a
//! folder sink. Each moves bytes and nothing else; what the bytes mean is the worker's job.
//!
//! The distinction that matters for the queue is how far a failed send got:
//! [`TransportError::NotSent`] means not one byte left the station (a retry is safe),
//! [`TransportError::Partial`] means some or all bytes may have reached the printer (a
//! retry could print a duplicate, so the job becomes `unknown`).

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::config::{PrinterConfig, TransportKind};
use super::status::ETX;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("{target}: nothing sent: {message}")]
    NotSent { target: String, message: String },
    #[error("{target}: connection failed after {written} of {total} bytes: {message}")]
    Partial {
        target: String,
        written: usize,
        total: usize,
        message: String,
    },
    #[error("{target}: reading the answer failed: {message}")]
    Read { target: String, message: String },
}

/// Moves bytes to and from one printer.
pub trait Transport: Send {
    /// Writes all bytes, or says how far it got.
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError>;
    /// Sends a query (`~HS`, ...) and collects the answer until `frames` ETX bytes arrived or
    /// `timeout` passed. `Ok(None)` is silence: nothing came back.
    fn query(
        &mut self,
        command: &[u8],
        frames: usize,
        timeout: Duration,
    ) -> Result<Option<Vec<u8>>, TransportError>;
    /// Whether the device answers queries at all.
    fn has_status(&self) -> bool;
    /// Drops the connection, so the next call reconnects (after an error).
    fn reset(&mut self);
    fn describe(&self) -> String;
}

/// Opens the transport a profile names. Opening is lazy for TCP (connect on first use).
pub fn open(config: &PrinterConfig) -> Result<Box<dyn Transport>, TransportError> {
    let not_configured = |what: &str| TransportError::NotSent {
        target: config.name.clone(),
        message: format!("{what} is not configured (see config/printers.example.toml)"),
    };
    Ok(match config.transport {
        TransportKind::Tcp => Box::new(TcpTransport::new(
            config
                .address
                .clone()
                .ok_or_else(|| not_configured("address"))?,
            config.connect_timeout(),
            config.write_timeout(),
            config.has_status(),
        )),
        TransportKind::Usb => Box::new(DeviceTransport::open(
            PathBuf::from(
                config
                    .device
                    .clone()
                    .ok_or_else(|| not_configured("device"))?,
            ),
            config.write_timeout(),
            config.has_status(),
        )?),
        TransportKind::Serial => Box::new(SerialTransport::open(
            config
                .device
                .clone()
                .ok_or_else(|| not_configured("device"))?,
            config.baud,
            config.write_timeout(),
            config.has_status(),
        )?),
        TransportKind::File => Box::new(FileSink::new(PathBuf::from(
            config.path.clone().ok_or_else(|| not_configured("path"))?,
        ))),
    })
}

/// Reads from `read_some` until `frames` ETX bytes or the deadline. `read_some` returns
/// `Ok(0)` when nothing is available right now.
fn collect_answer(
    frames: usize,
    timeout: Duration,
    mut read_some: impl FnMut(&mut [u8]) -> std::io::Result<usize>,
) -> std::io::Result<Option<Vec<u8>>> {
    let deadline = Instant::now() + timeout;
    let mut answer = Vec::new();
    let mut buffer = [0u8; 512];
    while Instant::now() < deadline {
        match read_some(&mut buffer) {
            Ok(0) => std::thread::sleep(Duration::from_millis(5)),
            Ok(n) => {
                answer.extend_from_slice(&buffer[..n]);
                if answer.iter().filter(|&&b| b == ETX).count() >= frames {
                    break;
                }
            }
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                ) =>
            {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(err) => return Err(err),
        }
    }
    Ok(if answer.is_empty() {
        None
    } else {
        Some(answer)
    })
}

/// Writes all of `bytes`, counting how many went out.
fn write_counted(
    writer: &mut impl Write,
    bytes: &[u8],
    deadline: Instant,
) -> Result<(), (usize, String)> {
    let mut written = 0;
    while written < bytes.len() {
        if Instant::now() >= deadline {
            return Err((written, "write deadline passed".into()));
        }
        match writer.write(&bytes[written..]) {
            Ok(0) => return Err((written, "device accepted no bytes".into())),
            Ok(n) => written += n,
            Err(err) if matches!(err.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(err) => return Err((written, err.to_string())),
        }
    }
    writer.flush().map_err(|err| (written, err.to_string()))
}

/// Raw TCP, usually port 9100.
pub struct TcpTransport {
    address: String,
    connect_timeout: Duration,
    write_timeout: Duration,
    status: bool,
    stream: Option<TcpStream>,
}

impl TcpTransport {
    pub fn new(
        address: String,
        connect_timeout: Duration,
        write_timeout: Duration,
        status: bool,
    ) -> TcpTransport {
        TcpTransport {
            address,
            connect_timeout,
            write_timeout,
            status,
            stream: None,
        }
    }

    fn connect(&mut self) -> Result<&mut TcpStream, TransportError> {
        if self.stream.is_none() {
            let not_sent = |message: String| TransportError::NotSent {
                target: self.address.clone(),
                message,
            };
            let addresses = self
                .address
                .to_socket_addrs()
                .map_err(|err| not_sent(format!("cannot resolve: {err}; check the address")))?;
            let mut last_error = String::from("no address");
            for address in addresses {
                match TcpStream::connect_timeout(&address, self.connect_timeout) {
                    Ok(stream) => {
                        let _ = stream.set_nodelay(true);
                        let _ = stream.set_write_timeout(Some(self.write_timeout));
                        self.stream = Some(stream);
                        break;
                    }
                    Err(err) => last_error = err.to_string(),
                }
            }
            if self.stream.is_none() {
                return Err(not_sent(format!(
                    "cannot connect: {last_error}; check power, cable and address"
                )));
            }
        }
        self.stream.as_mut().ok_or_else(|| TransportError::NotSent {
            target: self.address.clone(),
            message: "no connection".into(),
        })
    }
}

impl Transport for TcpTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        let deadline = Instant::now() + self.write_timeout;
        let address = self.address.clone();
        let stream = self.connect()?;
        let result = write_counted(stream, bytes, deadline);
        result.map_err(|(written, message)| {
            self.stream = None;
            if written == 0 {
                // The connection was open but the kernel took nothing: nothing can have
                // reached the printer.
                TransportError::NotSent {
                    target: address,
                    message,
                }
            } else {
                TransportError::Partial {
                    target: address,
                    written,
                    total: bytes.len(),
                    message,
                }
            }
        })
    }

    fn query(
        &mut self,
        command: &[u8],
        frames: usize,
        timeout: Duration,
    ) -> Result<Option<Vec<u8>>, TransportError> {
        let address = self.address.clone();
        let stream = self.connect()?;
        // Drop stale answers (a late reply to an earlier query).
        let _ = stream.set_nonblocking(true);
        let mut stale = [0u8; 512];
        while matches!(stream.read(&mut stale), Ok(n) if n > 0) {}
        let _ = stream.set_nonblocking(false);
        let read_error = |message: String| TransportError::Read {
            target: address.clone(),
            message,
        };
        if let Err(err) = stream.write_all(command) {
            self.stream = None;
            return Err(read_error(format!("sending the query: {err}")));
        }
        let _ = stream.set_read_timeout(Some(Duration::from_millis(20)));
        let answer = collect_answer(frames, timeout, |buffer| match stream.read(buffer) {
            Ok(0) => Err(std::io::Error::new(
                ErrorKind::ConnectionAborted,
                "printer closed the connection",
            )),
            other => other,
        });
        match answer {
            Ok(answer) => Ok(answer),
            Err(err) => {
                self.stream = None;
                Err(read_error(err.to_string()))
            }
        }
    }

    fn has_status(&self) -> bool {
        self.status
    }

    fn reset(&mut self) {
        self.stream = None;
    }

    fn describe(&self) -> String {
        format!("tcp {}", self.address)
    }
}

/// A USB printer class device (`/dev/usb/lp0`), opened non-blocking.
pub struct DeviceTransport {
    path: PathBuf,
    file: File,
    write_timeout: Duration,
    status: bool,
}

impl DeviceTransport {
    pub fn open(
        path: PathBuf,
        write_timeout: Duration,
        status: bool,
    ) -> Result<DeviceTransport, TransportError> {
        let file = OpenOptions::new()
            .read(status)
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&path)
            .map_err(|err| TransportError::NotSent {
                target: path.display().to_string(),
                message: format!("{err}; is the printer plugged in and is the user in group lp?"),
            })?;
        Ok(DeviceTransport {
            path,
            file,
            write_timeout,
            status,
        })
    }
}

impl Transport for DeviceTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        let deadline = Instant::now() + self.write_timeout;
        write_counted(&mut self.file, bytes, deadline).map_err(|(written, message)| {
            let target = self.path.display().to_string();
            if written == 0 {
                TransportError::NotSent { target, message }
            } else {
                TransportError::Partial {
                    target,
                    written,
                    total: bytes.len(),
                    message,
                }
            }
        })
    }

    fn query(
        &mut self,
        command: &[u8],
        frames: usize,
        timeout: Duration,
    ) -> Result<Option<Vec<u8>>, TransportError> {
        if !self.status {
            return Ok(None);
        }
        let target = self.path.display().to_string();
        self.file
            .write_all(command)
            .map_err(|err| TransportError::Read {
                target: target.clone(),
                message: err.to_string(),
            })?;
        let file = &mut self.file;
        collect_answer(frames, timeout, |buffer| file.read(buffer)).map_err(|err| {
            TransportError::Read {
                target,
                message: err.to_string(),
            }
        })
    }

    fn has_status(&self) -> bool {
        self.status
    }

    fn reset(&mut self) {}

    fn describe(&self) -> String {
        format!("usb {}", self.path.display())
    }
}

/// A serial port.
pub struct SerialTransport {
    device: String,
    port: Box<dyn serialport::SerialPort>,
    write_timeout: Duration,
    status: bool,
}

impl SerialTransport {
    pub fn open(
        device: String,
        baud: u32,
        write_timeout: Duration,
        status: bool,
    ) -> Result<SerialTransport, TransportError> {
        let port = serialport::new(&device, baud)
            .timeout(Duration::from_millis(20))
            .open()
            .map_err(|err| TransportError::NotSent {
                target: device.clone(),
                message: format!("{err}; check the device path"),
            })?;
        Ok(SerialTransport {
            device,
            port,
            write_timeout,
            status,
        })
    }
}

impl Transport for SerialTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        let deadline = Instant::now() + self.write_timeout;
        write_counted(&mut self.port, bytes, deadline).map_err(|(written, message)| {
            if written == 0 {
                TransportError::NotSent {
                    target: self.device.clone(),
                    message,
                }
            } else {
                TransportError::Partial {
                    target: self.device.clone(),
                    written,
                    total: bytes.len(),
                    message,
                }
            }
        })
    }

    fn query(
        &mut self,
        command: &[u8],
        frames: usize,
        timeout: Duration,
    ) -> Result<Option<Vec<u8>>, TransportError> {
        if !self.status {
            return Ok(None);
        }
        let target = self.device.clone();
        self.port
            .write_all(command)
            .map_err(|err| TransportError::Read {
                target: target.clone(),
                message: err.to_string(),
            })?;
        let port = &mut self.port;
        collect_answer(frames, timeout, |buffer| port.read(buffer)).map_err(|err| {
            TransportError::Read {
                target,
                message: err.to_string(),
            }
        })
    }

    fn has_status(&self) -> bool {
        self.status
    }

    fn reset(&mut self) {}

    fn describe(&self) -> String {
        format!("serial {}", self.device)
    }
}

/// A folder: each `send` is written to a new numbered `.zpl` file (written to a temporary
/// name, then renamed, so a reader never sees half a job).
pub struct FileSink {
    dir: PathBuf,
    counter: u64,
}

impl FileSink {
    pub fn new(dir: PathBuf) -> FileSink {
        FileSink { dir, counter: 0 }
    }
}

impl Transport for FileSink {
    fn send(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        let not_sent = |message: String| TransportError::NotSent {
            target: self.dir.display().to_string(),
            message,
        };
        std::fs::create_dir_all(&self.dir)
            .map_err(|err| not_sent(format!("cannot create the folder: {err}")))?;
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        self.counter += 1;
        let name = format!("{stamp:020}-{:04}.zpl", self.counter);
        let temporary = self.dir.join(format!(".{name}.tmp"));
        std::fs::write(&temporary, bytes).map_err(|err| not_sent(err.to_string()))?;
        std::fs::rename(&temporary, self.dir.join(&name)).map_err(|err| not_sent(err.to_string()))
    }

    fn query(
        &mut self,
        _command: &[u8],
        _frames: usize,
        _timeout: Duration,
    ) -> Result<Option<Vec<u8>>, TransportError> {
        Ok(None)
    }

    fn has_status(&self) -> bool {
        false
    }

    fn reset(&mut self) {}

    fn describe(&self) -> String {
        format!("folder {}", self.dir.display())
    }
}

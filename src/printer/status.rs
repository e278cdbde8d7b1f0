//! Parsing what a Zebra printer answers to `~HS` (host status), `~HQES` (extended error
//! status) and `~HI` (host identification), per the ZPL II Programming Guide. Pure
//! functions: bytes in, values out; a garbled answer is an error, never a guess.

use serde::Serialize;

/// Start and end of a framed answer (ASCII STX, ETX).
pub const STX: u8 = 0x02;
pub const ETX: u8 = 0x03;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("{command} answer has {found} framed string(s), expected {expected}: {raw:?}")]
    Frames {
        command: &'static str,
        expected: usize,
        found: usize,
        raw: String,
    },
    #[error("{command} answer field {field} is {value:?}, expected {expected}: {raw:?}")]
    Field {
        command: &'static str,
        field: &'static str,
        value: String,
        expected: &'static str,
        raw: String,
    },
}

/// The STX…ETX framed strings of an answer, in order.
pub fn frames(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Some(start) = rest.iter().position(|&b| b == STX) {
        let after = &rest[start + 1..];
        let Some(end) = after.iter().position(|&b| b == ETX) else {
            break;
        };
        out.push(String::from_utf8_lossy(&after[..end]).into_owned());
        rest = &after[end + 1..];
    }
    out
}

/// The `~HS` answer: three strings of comma-separated fields (ZPL II Programming Guide,
/// `~HS`). String 1: `aaa,b,c,dddd,eee,f,g,h,iii,j,k,l`; string 2:
/// `mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www`; string 3: `xxxx,y`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HostStatus {
    pub paper_out: bool,
    pub paused: bool,
    pub label_length_dots: u32,
    pub formats_in_buffer: u32,
    pub buffer_full: bool,
    pub partial_format: bool,
    pub corrupt_ram: bool,
    pub under_temperature: bool,
    pub over_temperature: bool,
    pub head_open: bool,
    pub ribbon_out: bool,
    pub thermal_transfer: bool,
    pub label_waiting: bool,
    pub labels_remaining: u32,
}

fn flag(fields: &[&str], index: usize, name: &'static str, raw: &str) -> Result<bool, StatusError> {
    match fields.get(index).map(|f| f.trim()) {
        Some("0") => Ok(false),
        Some("1") => Ok(true),
        other => Err(StatusError::Field {
            command: "~HS",
            field: name,
            value: other.unwrap_or("(missing)").to_owned(),
            expected: "0 or 1",
            raw: raw.to_owned(),
        }),
    }
}

fn number(
    fields: &[&str],
    index: usize,
    name: &'static str,
    raw: &str,
) -> Result<u32, StatusError> {
    fields
        .get(index)
        .and_then(|f| f.trim().parse().ok())
        .ok_or_else(|| StatusError::Field {
            command: "~HS",
            field: name,
            value: fields.get(index).unwrap_or(&"(missing)").to_string(),
            expected: "a number",
            raw: raw.to_owned(),
        })
}

pub fn parse_hs(bytes: &[u8]) -> Result<HostStatus, StatusError> {
    let raw = String::from_utf8_lossy(bytes).into_owned();
    let strings = frames(bytes);
    if strings.len() < 3 {
        return Err(StatusError::Frames {
            command: "~HS",
            expected: 3,
            found: strings.len(),
            raw,
        });
    }
    let one: Vec<&str> = strings[0].split(',').collect();
    let two: Vec<&str> = strings[1].split(',').collect();
    Ok(HostStatus {
        paper_out: flag(&one, 1, "paper out flag", &raw)?,
        paused: flag(&one, 2, "pause flag", &raw)?,
        label_length_dots: number(&one, 3, "label length", &raw)?,
        formats_in_buffer: number(&one, 4, "number of formats in receive buffer", &raw)?,
        buffer_full: flag(&one, 5, "buffer full flag", &raw)?,
        partial_format: flag(&one, 7, "partial format flag", &raw)?,
        corrupt_ram: flag(&one, 9, "corrupt RAM flag", &raw)?,
        under_temperature: flag(&one, 10, "temperature range (under)", &raw)?,
        over_temperature: flag(&one, 11, "temperature range (over)", &raw)?,
        head_open: flag(&two, 2, "head up flag", &raw)?,
        ribbon_out: flag(&two, 3, "ribbon out flag", &raw)?,
        thermal_transfer: flag(&two, 4, "thermal transfer mode flag", &raw)?,
        label_waiting: flag(&two, 7, "label waiting flag", &raw)?,
        labels_remaining: number(&two, 8, "labels remaining in batch", &raw)?,
    })
}

/// What the station makes of a printer's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "detail")]
pub enum PrinterState {
    Ready,
    NoMedia,
    HeadOpen,
    RibbonOut,
    Paused,
    BufferFull,
    /// Another error the printer reported (temperature, RAM, cutter, ...).
    Fault(String),
    /// No answer to `~HS` nor `~HQES`, or no connection.
    Offline(String),
}

impl PrinterState {
    /// True when a label may be sent now.
    pub fn is_ready(&self) -> bool {
        *self == PrinterState::Ready
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            PrinterState::Ready => "ready",
            PrinterState::NoMedia => "no_media",
            PrinterState::HeadOpen => "head_open",
            PrinterState::RibbonOut => "ribbon_out",
            PrinterState::Paused => "paused",
            PrinterState::BufferFull => "buffer_full",
            PrinterState::Fault(_) => "fault",
            PrinterState::Offline(_) => "offline",
        }
    }

    /// A sentence for the operator: what is wrong and what to do.
    pub fn advice(&self) -> String {
        match self {
            PrinterState::Ready => "ready".into(),
            PrinterState::NoMedia => "out of labels: load labels and close the head".into(),
            PrinterState::HeadOpen => "print head open: close it".into(),
            PrinterState::RibbonOut => "ribbon out: load a ribbon".into(),
            PrinterState::Paused => "paused: press the pause button to resume".into(),
            PrinterState::BufferFull => "receive buffer full: wait for labels to finish".into(),
            PrinterState::Fault(what) => {
                format!("printer fault: {what}; see the printer's display")
            }
            PrinterState::Offline(why) => format!("not answering ({why}): check power and cable"),
        }
    }
}

impl HostStatus {
    /// The most important condition first: head open, no media, ribbon out, other faults,
    /// paused, buffer full.
    pub fn state(&self) -> PrinterState {
        if self.head_open {
            PrinterState::HeadOpen
        } else if self.paper_out {
            PrinterState::NoMedia
        } else if self.ribbon_out && self.thermal_transfer {
            PrinterState::RibbonOut
        } else if self.corrupt_ram {
            PrinterState::Fault("corrupt RAM (configuration data lost)".into())
        } else if self.over_temperature {
            PrinterState::Fault("print head over temperature".into())
        } else if self.under_temperature {
            PrinterState::Fault("print head under temperature".into())
        } else if self.paused {
            PrinterState::Paused
        } else if self.buffer_full {
            PrinterState::BufferFull
        } else {
            PrinterState::Ready
        }
    }

    /// Nothing left to print: no formats in the buffer, no labels remaining in the batch.
    pub fn is_idle(&self) -> bool {
        self.formats_in_buffer == 0 && self.labels_remaining == 0 && !self.partial_format
    }
}

/// `~HQES` error flags, group 2 (ZPL II Programming Guide, `~HQ` error flags table).
const HQES_ERRORS: [(u64, &str); 10] = [
    (0x0000_0001, "media out"),
    (0x0000_0002, "ribbon out"),
    (0x0000_0004, "head open"),
    (0x0000_0008, "cutter fault"),
    (0x0000_0010, "print head over temperature"),
    (0x0000_0020, "motor over temperature"),
    (0x0000_0040, "bad print head element"),
    (0x0000_0080, "print head detection error"),
    (0x0000_0100, "invalid firmware configuration"),
    (0x0000_0200, "print head thermistor open"),
];

/// The `~HQES` answer: `ERRORS: f gggggggg hhhhhhhh` and `WARNINGS: …` lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExtendedStatus {
    pub errors: u64,
    pub warnings: u64,
}

fn hqes_line(text: &str, label: &'static str, raw: &str) -> Result<u64, StatusError> {
    let bad = |value: &str| StatusError::Field {
        command: "~HQES",
        field: label,
        value: value.to_owned(),
        expected: "a flag and two 8-digit hex groups",
        raw: raw.to_owned(),
    };
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .ok_or_else(|| bad("(missing)"))?;
    let parts: Vec<&str> = line.split_whitespace().skip(1).collect();
    let [flag, _group1, group2] = parts.as_slice() else {
        return Err(bad(line));
    };
    let group2 = u64::from_str_radix(group2, 16).map_err(|_| bad(line))?;
    match *flag {
        "0" => Ok(0),
        "1" => Ok(group2),
        _ => Err(bad(line)),
    }
}

pub fn parse_hqes(bytes: &[u8]) -> Result<ExtendedStatus, StatusError> {
    let raw = String::from_utf8_lossy(bytes).into_owned();
    let strings = frames(bytes);
    let Some(body) = strings.first() else {
        return Err(StatusError::Frames {
            command: "~HQES",
            expected: 1,
            found: 0,
            raw,
        });
    };
    Ok(ExtendedStatus {
        errors: hqes_line(body, "ERRORS:", &raw)?,
        warnings: hqes_line(body, "WARNINGS:", &raw)?,
    })
}

impl ExtendedStatus {
    pub fn state(&self) -> PrinterState {
        if self.errors & 0x4 != 0 {
            return PrinterState::HeadOpen;
        }
        if self.errors & 0x1 != 0 {
            return PrinterState::NoMedia;
        }
        if self.errors & 0x2 != 0 {
            return PrinterState::RibbonOut;
        }
        let named: Vec<&str> = HQES_ERRORS
            .iter()
            .filter(|(bit, _)| self.errors & bit != 0)
            .map(|(_, name)| *name)
            .collect();
        if !named.is_empty() {
            return PrinterState::Fault(named.join(", "));
        }
        if self.errors != 0 {
            return PrinterState::Fault(format!("error flags {:08X}", self.errors));
        }
        PrinterState::Ready
    }
}

/// The `~HI` answer: `model,firmware,dots per mm,memory,options`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identification {
    pub model: String,
    pub firmware: String,
    pub dots_per_mm: u32,
    pub memory: String,
}

pub fn parse_hi(bytes: &[u8]) -> Result<Identification, StatusError> {
    let raw = String::from_utf8_lossy(bytes).into_owned();
    let strings = frames(bytes);
    let Some(body) = strings.first() else {
        return Err(StatusError::Frames {
            command: "~HI",
            expected: 1,
            found: 0,
            raw,
        });
    };
    let fields: Vec<&str> = body.split(',').map(str::trim).collect();
    let dots_per_mm = fields
        .get(2)
        .and_then(|f| f.parse().ok())
        .filter(|d| [6, 8, 12, 24].contains(d));
    let Some(dots_per_mm) = dots_per_mm else {
        return Err(StatusError::Field {
            command: "~HI",
            field: "dots per millimetre",
            value: fields.get(2).unwrap_or(&"(missing)").to_string(),
            expected: "6, 8, 12 or 24",
            raw,
        });
    };
    Ok(Identification {
        model: fields.first().unwrap_or(&"").to_string(),
        firmware: fields.get(1).unwrap_or(&"").to_string(),
        dots_per_mm,
        memory: fields.get(3).unwrap_or(&"").to_string(),
    })
}

/// Builds a `~HS` answer; used by fakes and tests.
pub fn format_hs(status: &HostStatus) -> Vec<u8> {
    let b = |flag: bool| if flag { '1' } else { '0' };
    let one = format!(
        "030,{},{},{:04},{:03},{},0,{},000,{},{},{}",
        b(status.paper_out),
        b(status.paused),
        status.label_length_dots,
        status.formats_in_buffer,
        b(status.buffer_full),
        b(status.partial_format),
        b(status.corrupt_ram),
        b(status.under_temperature),
        b(status.over_temperature)
    );
    let two = format!(
        "000,0,{},{},{},2,4,{},{:08},1,000",
        b(status.head_open),
        b(status.ribbon_out),
        b(status.thermal_transfer),
        b(status.label_waiting),
        status.labels_remaining
    );
    let mut out = Vec::new();
    for string in [one, two, "1234,0".to_owned()] {
        out.push(STX);
        out.extend_from_slice(string.as_bytes());
        out.push(ETX);
        out.extend_from_slice(b"\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HS_READY: &[u8] =
        b"\x02030,0,0,0400,000,0,0,0,000,0,0,0\x03\r\n\x02000,0,0,0,0,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n";

    #[test]
    fn hs_ready_and_faults() {
        let status = parse_hs(HS_READY).unwrap();
        assert_eq!(status.state(), PrinterState::Ready);
        assert!(status.is_idle());
        assert_eq!(status.label_length_dots, 400);
        let paper_out = b"\x02030,1,0,0400,002,0,0,0,000,0,0,0\x03\r\n\x02000,0,0,0,0,2,4,0,00000003,1,000\x03\r\n\x021234,0\x03";
        let status = parse_hs(paper_out).unwrap();
        assert_eq!(status.state(), PrinterState::NoMedia);
        assert_eq!((status.formats_in_buffer, status.labels_remaining), (2, 3));
        let head_open = b"\x02030,0,1,0400,000,0,0,0,000,0,0,0\x03\x02000,0,1,0,0,2,4,0,00000000,1,000\x03\x021234,0\x03";
        assert_eq!(parse_hs(head_open).unwrap().state(), PrinterState::HeadOpen);
    }

    #[test]
    fn hs_round_trips_through_formatter() {
        let status = HostStatus {
            ribbon_out: true,
            thermal_transfer: true,
            labels_remaining: 7,
            ..Default::default()
        };
        let parsed = parse_hs(&format_hs(&status)).unwrap();
        assert_eq!(parsed, status);
        assert_eq!(parsed.state(), PrinterState::RibbonOut);
    }

    #[test]
    fn hs_garbage_is_an_error() {
        assert!(parse_hs(b"").is_err());
        assert!(parse_hs(b"\x02a,b\x03\x02c\x03\x02d\x03").is_err());
        assert!(parse_hs(&HS_READY[..30]).is_err());
    }

    #[test]
    fn hqes() {
        let answer = b"\x02\r\n PRINTER STATUS\r\n   ERRORS:         1 00000000 00000005\r\n   WARNINGS:       0 00000000 00000000\r\n\x03";
        let status = parse_hqes(answer).unwrap();
        assert_eq!(status.errors, 5);
        assert_eq!(status.state(), PrinterState::HeadOpen);
        let ok = b"\x02\r\n PRINTER STATUS\r\n   ERRORS:         0 00000000 00000000\r\n   WARNINGS:       0 00000000 00000000\r\n\x03";
        assert_eq!(parse_hqes(ok).unwrap().state(), PrinterState::Ready);
        assert!(parse_hqes(b"\x02nothing\x03").is_err());
    }

    #[test]
    fn hi() {
        let id = parse_hi(b"\x02ZD421-203dpi,V84.20.18Z,8,8192KB\x03\r\n").unwrap();
        assert_eq!(id.dots_per_mm, 8);
        assert_eq!(id.model, "ZD421-203dpi");
        assert!(parse_hi(b"\x02ZD421,V84,9,8192KB\x03").is_err());
    }
}

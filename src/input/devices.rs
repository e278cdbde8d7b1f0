//! `scanstation devices`: what is plugged in that could be a scanner.
//!
//! Serial ports come from `serialport::available_ports` (built without libudev, so it scans
//! `/sys/class/tty`), enriched with the stable `/dev/serial/by-id/` link when there is one —
//! that link is what belongs in the config. Input devices come from evdev; each is marked as
//! a likely scanner by vendor id (the big scanner makers) or by name. The classification is a
//! pure function so it can be tested without hardware.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// One serial port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialListing {
    pub path: String,
    /// The `/dev/serial/by-id/...` link pointing at it, if any.
    pub by_id: Option<String>,
    /// `usb`, `pci`, `bluetooth` or `unknown`.
    pub kind: &'static str,
    pub vid: Option<u16>,
    pub pid: Option<u16>,
    pub serial_number: Option<String>,
    pub manufacturer: Option<String>,
    pub product: Option<String>,
}

impl SerialListing {
    pub fn to_json(&self) -> Value {
        json!({
            "path": self.path,
            "by_id": self.by_id,
            "kind": self.kind,
            "vid": self.vid.map(|vid| format!("{vid:04x}")),
            "pid": self.pid.map(|pid| format!("{pid:04x}")),
            "serial_number": self.serial_number,
            "manufacturer": self.manufacturer,
            "product": self.product,
            "scanner_vendor": self.vid.and_then(scanner_vendor),
        })
    }
}

/// One evdev input device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputListing {
    pub path: String,
    pub by_id: Option<String>,
    pub name: String,
    pub vid: u16,
    pub pid: u16,
    /// Why it looks like a scanner, when it does.
    pub scanner_hint: Option<String>,
    /// It has letter, digit and Enter keys (a keyboard wedge must).
    pub has_keys: bool,
}

impl InputListing {
    pub fn to_json(&self) -> Value {
        json!({
            "path": self.path,
            "by_id": self.by_id,
            "name": self.name,
            "vid": format!("{:04x}", self.vid),
            "pid": format!("{:04x}", self.pid),
            "keyboard": self.has_keys,
            "looks_like_scanner": self.scanner_hint.is_some(),
            "why": self.scanner_hint,
        })
    }
}

/// USB vendor ids of barcode scanner makers (from the USB ID repository).
const SCANNER_VENDORS: &[(u16, &str)] = &[
    (0x0c2e, "Honeywell / Metrologic"),
    (0x05e0, "Zebra / Symbol"),
    (0x05f9, "Datalogic"),
    (0x080c, "Datalogic"),
    (0x1eab, "Newland"),
    (0x065a, "Opticon"),
    (0x0536, "Hand Held Products"),
    (0x0d3d, "Code Corporation"),
    (
        0x1a86,
        "generic USB-serial (CH340), common in low-cost scanners",
    ),
    (0x2dd6, "Netum / generic scanner"),
    (0x34eb, "Zebex"),
    (0x26f1, "Unitech"),
    (0x0483, "STMicroelectronics (common in low-cost scanners)"),
];

/// The maker, when `vid` belongs to a scanner vendor.
pub fn scanner_vendor(vid: u16) -> Option<&'static str> {
    SCANNER_VENDORS
        .iter()
        .find(|(id, _)| *id == vid)
        .map(|(_, name)| *name)
}

/// Why an input device looks like a scanner (`None` when it does not).
pub fn scanner_hint(name: &str, vid: u16, has_keys: bool) -> Option<String> {
    if !has_keys {
        return None;
    }
    if let Some(vendor) = scanner_vendor(vid) {
        return Some(format!("USB vendor {vid:04x} is {vendor}"));
    }
    let lower = name.to_lowercase();
    [
        "barcode",
        "scanner",
        "scan",
        "honeywell",
        "zebra",
        "symbol",
        "datalogic",
        "newland",
        "opticon",
        "imager",
    ]
    .iter()
    .find(|word| lower.contains(*word))
    .map(|word| format!("name contains {word:?}"))
}

/// Maps each target of the symlinks in `folder` to the link path.
fn links_in(folder: &Path) -> HashMap<PathBuf, String> {
    let mut links = HashMap::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let link = entry.path();
        if let Ok(target) = std::fs::canonicalize(&link) {
            links.insert(target, link.display().to_string());
        }
    }
    links
}

/// Serial ports on this machine.
pub fn serial_ports() -> Vec<SerialListing> {
    // serialport's /sys scan panics when /sys/class/tty is missing (containers).
    if !Path::new("/sys/class/tty").is_dir() {
        return Vec::new();
    }
    let by_id = links_in(Path::new("/dev/serial/by-id"));
    let ports = serialport::available_ports().unwrap_or_default();
    ports
        .into_iter()
        .map(|port| {
            let canonical = std::fs::canonicalize(&port.port_name)
                .unwrap_or_else(|_| PathBuf::from(&port.port_name));
            let mut listing = SerialListing {
                by_id: by_id.get(&canonical).cloned(),
                path: port.port_name,
                kind: "unknown",
                vid: None,
                pid: None,
                serial_number: None,
                manufacturer: None,
                product: None,
            };
            match port.port_type {
                serialport::SerialPortType::UsbPort(usb) => {
                    listing.kind = "usb";
                    listing.vid = Some(usb.vid);
                    listing.pid = Some(usb.pid);
                    listing.serial_number = usb.serial_number;
                    listing.manufacturer = usb.manufacturer;
                    listing.product = usb.product;
                }
                serialport::SerialPortType::PciPort => listing.kind = "pci",
                serialport::SerialPortType::BluetoothPort => listing.kind = "bluetooth",
                serialport::SerialPortType::Unknown => {}
            }
            listing
        })
        .collect()
}

/// True when an input device can type a scan: it has Enter, letter and digit keys. A
/// scanner's consumer-control or system-control node (volume, power keys) has not.
/// `keys` is the device's `supported_keys()`.
pub fn can_type_scans(keys: Option<&evdev::AttributeSetRef<evdev::KeyCode>>) -> bool {
    keys.is_some_and(|keys| {
        (keys.contains(evdev::KeyCode::KEY_ENTER) || keys.contains(evdev::KeyCode::KEY_KPENTER))
            && keys.contains(evdev::KeyCode::KEY_A)
            && (keys.contains(evdev::KeyCode::KEY_1) || keys.contains(evdev::KeyCode::KEY_KP1))
    })
}

/// evdev input devices on this machine (those this user may open).
pub fn input_devices() -> Vec<InputListing> {
    let by_id = links_in(Path::new("/dev/input/by-id"));
    let mut listings: Vec<InputListing> = evdev::enumerate()
        .map(|(path, device)| {
            let name = device.name().unwrap_or("").to_owned();
            let id = device.input_id();
            let has_keys = can_type_scans(device.supported_keys());
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            InputListing {
                path: path.display().to_string(),
                by_id: by_id.get(&canonical).cloned(),
                scanner_hint: scanner_hint(&name, id.vendor(), has_keys),
                name,
                vid: id.vendor(),
                pid: id.product(),
                has_keys,
            }
        })
        .collect();
    listings.sort_by(|a, b| a.path.cmp(&b.path));
    listings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_hints() {
        assert!(scanner_hint("Honeywell Imaging & Mobility 1900", 0x0c2e, true).is_some());
        assert!(scanner_hint("USB Barcode Reader", 0x1234, true).is_some());
        assert!(scanner_hint("Logitech USB Keyboard", 0x046d, true).is_none());
        assert!(scanner_hint("Honeywell mouse", 0x0c2e, false).is_none());
    }
}

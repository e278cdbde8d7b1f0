//! ZPL II output: printer setup (sent on connect or when the profile changes) and one
//! `^XA … ^XZ` format per label.
//!
//! Safety rule: no byte of field data can become a command. Text goes through `^FH_` with
//! every byte outside [`is_safe`] written as `_XX`, so `^XZ^XA`, `~JA`, `\`, `_` and UTF-8
//! arrive as data (`^CI28` makes the printer read the bytes as UTF-8). Barcode fields carry
//! GS1 data that has been validated (no `^`, `~` or `\` in GS1 character sets), plain Code
//! 128 data from which `^` and `~` are refused, and QR data through `^FH_` like text.
//!
//! Barcodes use the narrow command forms every printer and renderer agrees on (ZPL II
//! Programming Guide): `^BCN,h,N,N,N,N` with the station's own code-set plan, `^BEN,h,N,N`,
//! `^BXN,h,200,,,,#,1` with `#1` as FNC1 for GS1 DataMatrix, `^BQN,2,m` with `MA,` (error
//! correction M, automatic mode). Human-readable lines are drawn by the station as text.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::barcode::{self, Symbology};
use super::layout::{BarcodeItem, ImageItem, Item, Layout, TextItem};
use super::template::{Align, Orientation};
use super::LabelError;

/// Media and print settings for the setup block, from the printer profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MediaSetup {
    /// Absolute darkness 0-30 (`~SD`); None keeps the printer's setting.
    #[serde(default)]
    pub darkness: Option<u8>,
    /// Print speed in inches per second (`^PR`, 2-14); None keeps the printer's setting.
    #[serde(default)]
    pub print_rate_ips: Option<u8>,
    #[serde(default)]
    pub media: MediaTracking,
    #[serde(default)]
    pub method: PrintMethod,
}

/// `^MN`: how the printer finds the next label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaTracking {
    /// Labels with gaps or notches (`^MNY`).
    #[default]
    Gap,
    /// Black mark (`^MNM`).
    Mark,
    /// Continuous media (`^MNN`), label length from `^LL`.
    Continuous,
}

/// `^MT`: direct thermal or thermal transfer (ribbon).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintMethod {
    #[default]
    DirectThermal,
    ThermalTransfer,
}

/// The setup block: darkness, print rate, media, width, length, orientation, UTF-8.
pub fn setup(laid_out: &Layout, media: &MediaSetup) -> Vec<u8> {
    let mut out = String::new();
    if let Some(darkness) = media.darkness {
        let _ = write!(out, "~SD{:02}", darkness.min(30));
    }
    out.push_str("^XA^CI28");
    if let Some(rate) = media.print_rate_ips {
        let rate = rate.clamp(2, 14);
        let _ = write!(out, "^PR{rate},{rate},{rate}");
    }
    out.push_str(match media.media {
        MediaTracking::Gap => "^MNY",
        MediaTracking::Mark => "^MNM",
        MediaTracking::Continuous => "^MNN",
    });
    out.push_str(match media.method {
        PrintMethod::DirectThermal => "^MTD",
        PrintMethod::ThermalTransfer => "^MTT",
    });
    let _ = write!(out, "^PW{}^LL{}^LH0,0", laid_out.width, laid_out.height);
    out.push_str(match laid_out.orientation {
        Orientation::Normal => "^PON",
        Orientation::Inverted => "^POI",
    });
    out.push_str("^XZ\n");
    out.into_bytes()
}

/// Bytes written as themselves inside `^FH_` text: letters, digits, space and `.,-/:()+`.
/// Everything else, including every byte of a non-ASCII character, is hex-escaped.
pub fn is_safe(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b" .,-/:()+".contains(&byte)
}

/// Hex-escapes text for a `^FH_` field.
pub fn escape_fh(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for byte in text.bytes() {
        if is_safe(byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "_{byte:02X}");
        }
    }
    out
}

/// One label format `^XA … ^XZ` (with `^PQ` copies).
pub fn render(laid_out: &Layout, copies: u32) -> Result<Vec<u8>, LabelError> {
    let mut out = String::with_capacity(1024);
    out.push_str("^XA\n^CI28\n");
    for item in &laid_out.items {
        match item {
            Item::Text(text) => write_text(&mut out, text),
            Item::Barcode(barcode) => write_barcode(&mut out, barcode)?,
            Item::Rect {
                x,
                y,
                width,
                height,
                thickness,
            } => {
                let t = thickness.unwrap_or((*width).min(*height)).max(1);
                let _ = writeln!(out, "^FO{x},{y}^GB{width},{height},{t},B,0^FS");
            }
            Item::Image(image) => write_image(&mut out, image),
        }
    }
    let _ = writeln!(out, "^PQ{},0,1,N", copies.max(1));
    out.push_str("^XZ\n");
    Ok(out.into_bytes())
}

fn write_text(out: &mut String, text: &TextItem) {
    let align = match text.align {
        Align::Left => 'L',
        Align::Center => 'C',
        Align::Right => 'R',
    };
    let _ = writeln!(
        out,
        "^FO{},{}^A0N,{},{}^FB{},{},0,{},0^FH_^FD{}^FS",
        text.x,
        text.y,
        text.height,
        text.height,
        text.width,
        text.max_lines.clamp(1, 9999),
        align,
        escape_fh(&text.text)
    );
}

fn write_barcode(out: &mut String, barcode: &BarcodeItem) -> Result<(), LabelError> {
    let unsupported = |message: String| LabelError::Unsupported {
        element: barcode.element.clone(),
        renderer: "ZPL",
        message,
    };
    // ZPL ^BY and ^BX/^BQ module sizes: 1-10 dots (^BY), 1-10 (^BQ magnification).
    if barcode.module > 10 {
        return Err(unsupported(format!(
            "a module of {} dots is more than ZPL's 10; use a smaller module_mm",
            barcode.module
        )));
    }
    let (x, y, m) = (barcode.x, barcode.y, barcode.module);
    match barcode.symbology {
        Symbology::Gs1_128 | Symbology::Code128 => {
            let plan = barcode
                .code128
                .as_deref()
                .ok_or_else(|| unsupported("no Code 128 plan (internal)".into()))?;
            let data = barcode::code128_zpl(plan).map_err(unsupported)?;
            let _ = writeln!(out, "^FO{x},{y}^BY{m}^BCN,{},N,N,N,N^FD{data}^FS", barcode.bar_height);
        }
        Symbology::Ean13 => {
            // ^BE takes 12 digits and adds the check digit itself.
            let digits = barcode.data.get(..12).unwrap_or(&barcode.data);
            let _ = writeln!(out, "^FO{x},{y}^BY{m}^BEN,{},N,N^FD{digits}^FS", barcode.bar_height);
        }
        Symbology::Gs1DataMatrix => {
            let gs1 = barcode.gs1.as_ref().ok_or_else(|| unsupported("no GS1 data (internal)".into()))?;
            let mut data = String::from("#1");
            for (ai, value, fnc1_after) in gs1.segments() {
                for part in [ai, value] {
                    if let Some(bad) = part.chars().find(|ch| !ch.is_ascii_graphic() || "#^~\\".contains(*ch)) {
                        return Err(unsupported(format!(
                            "({ai}) contains {bad:?}, which a ZPL Data Matrix field cannot carry safely"
                        )));
                    }
                }
                data.push_str(ai);
                data.push_str(value);
                if fnc1_after {
                    data.push_str("#1");
                }
            }
            let _ = writeln!(out, "^FO{x},{y}^BXN,{m},200,,,,#,1^FD{data}^FS");
        }
        Symbology::Qr => {
            let _ = writeln!(out, "^FO{x},{y}^BQN,2,{m}^FH_^FDMA,{}^FS", escape_fh(&barcode.data));
        }
        Symbology::Gs1Qr => {
            return Err(unsupported(
                "GS1 QR has no narrow ZPL form here; use gs1_datamatrix or a dl_qr (Digital Link) instead"
                    .into(),
            ))
        }
    }
    Ok(())
}

fn write_image(out: &mut String, image: &ImageItem) {
    let row_bytes = image.width.div_ceil(8) as usize;
    let total = row_bytes * image.height as usize;
    let _ = write!(
        out,
        "^FO{},{}^GFA,{total},{total},{row_bytes},",
        image.x, image.y
    );
    for row in image.bits.chunks(image.width.max(1) as usize) {
        for byte_bits in row.chunks(8) {
            let mut byte = 0u8;
            for (bit, &dark) in byte_bits.iter().enumerate() {
                if dark {
                    byte |= 0x80 >> bit;
                }
            }
            let _ = write!(out, "{byte:02X}");
        }
    }
    out.push_str("^FS\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_fh("ABC 12.3"), "ABC 12.3");
        assert_eq!(escape_fh("^XZ~JA\\_"), "_5EXZ_7EJA_5C_5F");
        assert_eq!(escape_fh("é"), "_C3_A9");
    }
}

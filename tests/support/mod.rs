//! Shared helpers of the label and printer tests: shipped templates with sample values,
//! the symbols a layout should scan as, and three independent decoders/renderers (rxing in
//! process, zxing-cpp through python3, the Zebrash ZPL renderer through node). A missing
//! external tool fails the test with the command that installs it; nothing is skipped.

#![allow(dead_code)]

pub mod fake_printer;

use std::path::{Path, PathBuf};
use std::process::Command;

use image::GrayImage;
use rxing::common::HybridBinarizer;
use rxing::{
    BinaryBitmap, DecodeHintValue, DecodeHints, Luma8LuminanceSource, MultiFormatReader,
    RXingResultMetadataType, RXingResultMetadataValue, Reader,
};
use scanstation::label::{FieldValues, Item, Layout, Template};

pub const TEMPLATES: [&str; 4] = ["serial", "lot", "pallet", "calibration"];

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

pub fn load_template(name: &str) -> Template {
    Template::load(&repo_path(&format!("labels/{name}.toml"))).unwrap()
}

/// Field values that fill every field of a shipped template.
pub fn sample_values(name: &str) -> FieldValues {
    let pairs: &[(&str, &str)] = match name {
        "serial" => &[
            ("gtin", "09506000134352"),
            ("lot", "ABC123"),
            ("serial", "SN0001"),
            ("expiry", "2026-12-31"),
            ("product_name", "Widget 40 mm"),
        ],
        "lot" => &[
            ("gtin", "09506000134352"),
            ("lot", "LOT-2025/07"),
            ("production", "2025-07-01"),
            ("expiry", "2026-06-30"),
            ("weight_kg", "8.45"),
            ("product_name", "Widget bulk"),
        ],
        "pallet" => &[
            ("sscc", "095060001234567893"),
            ("gtin", "09506000134352"),
            ("count", "48"),
            ("lot", "ABC123"),
            ("company", "Example Foods Ltd"),
            ("product_name", "Widget 40 mm"),
        ],
        "calibration" => &[],
        other => panic!("no sample values for {other}"),
    };
    let mut values = FieldValues::new();
    for (k, v) in pairs {
        values.set(k, v);
    }
    values
}

/// One symbol a label must scan as: AIM id, data as transmitted, and where it is (dots,
/// quiet zone included).
#[derive(Debug, Clone)]
pub struct Expected {
    pub aim: String,
    pub data: String,
    pub region: (u32, u32, u32, u32),
}

pub fn expected_symbols(laid_out: &Layout) -> Vec<Expected> {
    laid_out
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Barcode(barcode) => {
                let quiet = barcode.quiet_zone() + 4 * barcode.module;
                let x = barcode.x.saturating_sub(quiet);
                let y = barcode.y.saturating_sub(quiet);
                let w = (barcode.width() + 2 * quiet).min(laid_out.width - x);
                let h = (barcode.height() + 2 * quiet).min(laid_out.height - y);
                Some(Expected {
                    aim: barcode.symbology.aim_id().to_owned(),
                    data: barcode.data.clone(),
                    region: (x, y, w, h),
                })
            }
            _ => None,
        })
        .collect()
}

/// Decodes one region of an image with rxing: (AIM id, text with GS separators).
pub fn rxing_decode(
    image: &GrayImage,
    region: (u32, u32, u32, u32),
) -> Result<(String, String), String> {
    let (x, y, w, h) = region;
    let crop = image::imageops::crop_imm(image, x, y, w, h).to_image();
    let source = Luma8LuminanceSource::new(crop.into_raw(), w, h).map_err(|e| e.to_string())?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints::default()
        .with(DecodeHintValue::TryHarder(true))
        .with(DecodeHintValue::AssumeGs1(true));
    let result = MultiFormatReader::default()
        .decode_with_hints(&mut bitmap, &hints)
        .map_err(|e| format!("rxing found no symbol in {region:?}: {e}"))?;
    let aim = match result
        .getRXingResultMetadata()
        .get(&RXingResultMetadataType::SYMBOLOGY_IDENTIFIER)
    {
        Some(RXingResultMetadataValue::SymbologyIdentifier(id)) => id.clone(),
        other => return Err(format!("rxing gave no symbology identifier: {other:?}")),
    };
    // With AssumeGs1, rxing's Code 128 reader prefixes GS1-128 text with "]C1".
    let text = result
        .getText()
        .strip_prefix("]C1")
        .unwrap_or(result.getText())
        .to_owned();
    Ok((aim, text))
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct Decoded {
    pub format: String,
    pub aim: String,
    pub text: String,
}

/// Decodes every image with zxing-cpp (python3). Fails the test, naming the install
/// command, when zxing-cpp or Pillow is missing.
pub fn zxing_cpp_decode(paths: &[PathBuf]) -> Vec<Vec<Decoded>> {
    let output = Command::new("python3")
        .arg(repo_path("tests/tools/zxing_decode.py"))
        .args(paths)
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "cannot run python3 ({err}): install Python 3, then `pip install zxing-cpp pillow`"
            )
        });
    if !output.status.success() {
        panic!(
            "zxing-cpp decoding failed (status {}): {}\ninstall with `pip install zxing-cpp pillow`",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Checks that every expected symbol is among the decoded ones, with the same AIM id and
/// data, and that nothing else was decoded.
pub fn assert_decoded(context: &str, expected: &[Expected], decoded: &[Decoded]) {
    for want in expected {
        assert!(
            decoded
                .iter()
                .any(|got| got.aim == want.aim && got.text == want.data),
            "{context}: zxing-cpp did not find {} {:?}; it decoded {decoded:?}",
            want.aim,
            want.data
        );
    }
    assert_eq!(
        decoded.len(),
        expected.len(),
        "{context}: unexpected extra symbols {decoded:?}"
    );
}

/// Renders ZPL to PNG with the Zebrash renderer (node + zpl-renderer-js).
pub fn zebrash_render(
    zpl: &[u8],
    width_mm: f64,
    height_mm: f64,
    dots_per_mm: u32,
    dir: &Path,
    name: &str,
) -> PathBuf {
    let zpl_path = dir.join(format!("{name}.zpl"));
    let png_path = dir.join(format!("{name}.zebrash.png"));
    std::fs::write(&zpl_path, zpl).unwrap();
    let script = repo_path("tests/tools/zpl_render.cjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(&zpl_path)
        .arg(&png_path)
        .arg(width_mm.to_string())
        .arg(height_mm.to_string())
        .arg(dots_per_mm.to_string())
        .env("NODE_PATH", repo_path("tests/tools/node_modules"))
        .output()
        .unwrap_or_else(|err| {
            panic!("cannot run node ({err}): install Node.js, then `npm ci --prefix tests/tools`")
        });
    assert!(
        output.status.success(),
        "ZPL renderer failed: {}\ninstall with `npm ci --prefix tests/tools`",
        String::from_utf8_lossy(&output.stderr)
    );
    png_path
}

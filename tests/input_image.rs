//! Image decoding: barcodes encoded with rxing are decoded with rxing and, on the same files,
//! with an independent decoder (zxing-cpp via Python); clean, rotated, blurred, noisy, JPEG
//! and inverted variants; `decode-image --json`; and the `image_dir` source.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use image::{GrayImage, Luma};
use scanstation::input::image::{decode_file, render, DecodeOptions, Symbol};
use scanstation::input::{spawn_source, DropReason, InputEvent, ScannerConfig, SourceKind};

const GS1: &str = "0109506000134352\u{1d}10ABC-123\u{1d}17261231\u{1d}21Sn/42";
const PLAIN: &str = "Cal!\"#$%&/@[]{}|yZqAwM09";

/// (name, payload, symbol, expected format name, expected AIM id)
const CODES: &[(&str, &str, Symbol, &str, &str)] = &[
    (
        "gs1-datamatrix",
        GS1,
        Symbol::Gs1DataMatrix,
        "DataMatrix",
        "]d2",
    ),
    (
        "gs1-128",
        "0109506000134352\u{1d}10ABC-123",
        Symbol::Gs1Code128,
        "Code128",
        "]C1",
    ),
    ("code128", PLAIN, Symbol::Code128, "Code128", "]C0"),
    ("qr", PLAIN, Symbol::Qr, "QRCode", "]Q1"),
    ("ean13", "9506000134352", Symbol::Ean13, "EAN13", "]E0"),
];

/// A small deterministic generator (xorshift) so the noise is the same on every run.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Rotates by `degrees` around the centre on a larger white canvas (nearest neighbour).
fn rotate(image: &GrayImage, degrees: f64) -> GrayImage {
    let (width, height) = image.dimensions();
    let side = ((width * width + height * height) as f64).sqrt().ceil() as u32;
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (cx, cy) = (width as f64 / 2.0, height as f64 / 2.0);
    let half = side as f64 / 2.0;
    GrayImage::from_fn(side, side, |x, y| {
        let (dx, dy) = (x as f64 - half, y as f64 - half);
        let sx = cos * dx + sin * dy + cx;
        let sy = -sin * dx + cos * dy + cy;
        if sx >= 0.0 && sy >= 0.0 && (sx as u32) < width && (sy as u32) < height {
            *image.get_pixel(sx as u32, sy as u32)
        } else {
            Luma([255])
        }
    })
}

fn noisy(image: &GrayImage, seed: u64) -> GrayImage {
    let mut noise = Noise(seed);
    let mut out = image.clone();
    for pixel in out.pixels_mut() {
        let roll = noise.next() % 1000;
        pixel.0[0] = if roll < 4 {
            0
        } else if roll < 8 {
            255
        } else {
            let jitter = (noise.next() % 61) as i32 - 30;
            (pixel.0[0] as i32 + jitter).clamp(0, 255) as u8
        };
    }
    out
}

fn low_contrast_grey(image: &GrayImage) -> GrayImage {
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        Luma([90 + image.get_pixel(x, y).0[0] / 3])
    })
}

fn invert(image: &GrayImage) -> GrayImage {
    GrayImage::from_fn(image.width(), image.height(), |x, y| {
        Luma([255 - image.get_pixel(x, y).0[0]])
    })
}

/// Writes every code in every variant; returns (path, code index, variant name).
fn write_variants(dir: &Path) -> Vec<(PathBuf, usize, &'static str)> {
    let mut files = Vec::new();
    for (index, (name, payload, symbol, _, _)) in CODES.iter().enumerate() {
        let clean = render(payload, *symbol, 4, 120).unwrap();
        let variants: Vec<(&'static str, GrayImage)> = vec![
            ("clean", clean.clone()),
            ("rot90", image::imageops::rotate90(&clean)),
            // A long 1D symbol tilted by more than its height allows cannot be read by any
            // single scan line, so 1D codes are tilted less.
            (
                "tilted",
                rotate(
                    &clean,
                    if matches!(symbol, Symbol::Qr | Symbol::Gs1DataMatrix) {
                        7.0
                    } else {
                        3.0
                    },
                ),
            ),
            ("blur", image::imageops::blur(&clean, 1.2)),
            ("noise", noisy(&clean, 0x5EED + index as u64)),
            ("grey", low_contrast_grey(&clean)),
            ("inverted", invert(&clean)),
        ];
        for (variant, image) in variants {
            let path = dir.join(format!("{name}-{variant}.png"));
            image.save(&path).unwrap();
            files.push((path, index, variant));
        }
        let jpeg = dir.join(format!("{name}-jpeg.jpg"));
        let rgb = image::DynamicImage::ImageLuma8(image::imageops::blur(&clean, 0.8)).to_rgb8();
        let mut writer = std::fs::File::create(&jpeg).unwrap();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut writer, 60)
            .encode_image(&rgb)
            .unwrap();
        files.push((jpeg, index, "jpeg"));
    }
    files
}

/// Decodes `files` with zxing-cpp; one Vec of (format, symbology, text) per file.
fn zxing_cpp(files: &[PathBuf]) -> Vec<Vec<(String, String, String)>> {
    let script = r#"
import json, sys
try:
    import zxingcpp
    from PIL import Image
except ImportError as error:
    print("IMPORT-FAILED", error)
    sys.exit(0)
names = {"DataMatrix": "DataMatrix", "Code128": "Code128", "QRCode": "QRCode", "EAN13": "EAN13"}
for path in sys.argv[1:]:
    found = zxingcpp.read_barcodes(Image.open(path), text_mode=zxingcpp.TextMode.Plain, try_rotate=True, try_invert=True)
    print(json.dumps([[b.format.name, b.symbology_identifier, b.text] for b in found]))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(files)
        .output()
        .expect("python3 is needed for the zxing-cpp cross-check");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !stdout.starts_with("IMPORT-FAILED"),
        "zxing-cpp is not installed for python3 ({stdout}): run `pip install zxing-cpp pillow`"
    );
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn rxing_and_zxing_cpp_agree_on_every_variant() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_variants(dir.path());
    let paths: Vec<PathBuf> = files.iter().map(|(path, _, _)| path.clone()).collect();
    let reference = zxing_cpp(&paths);
    assert_eq!(reference.len(), files.len());
    let mut rxing_hits = 0;
    let mut zxing_hits = 0;
    let mut problems = Vec::new();
    for ((path, index, variant), zxing) in files.iter().zip(&reference) {
        let (name, payload, _, format, symbology) = CODES[*index];
        let found = decode_file(path, &DecodeOptions::default()).unwrap();
        let label = format!("{name}-{variant}");
        // Whatever either decoder reports must be exactly right: never a wrong read.
        for barcode in &found {
            let right = barcode.text == payload
                && barcode.symbology.as_deref() == Some(symbology)
                && scanstation::input::image::format_name(barcode.format) == format;
            if !right {
                problems.push(format!("{label}: rxing read {barcode:?}"));
            }
        }
        for (zxing_format, zxing_symbology, zxing_text) in zxing {
            if zxing_text != payload || zxing_symbology != symbology {
                problems.push(format!(
                    "{label}: zxing-cpp read {zxing_format} {zxing_symbology} {zxing_text:?}"
                ));
            }
        }
        rxing_hits += usize::from(found.len() == 1);
        zxing_hits += usize::from(zxing.len() == 1);
        // rxing must decode every variant; the independent decoder must at least confirm that
        // the clean symbol is valid (it misses some degraded ones that rxing reads).
        if found.len() != 1 {
            problems.push(format!("{label}: rxing found {found:?}"));
        }
        if zxing.len() != 1 && *variant == "clean" {
            problems.push(format!("{label}: zxing-cpp found {zxing:?}"));
        }
    }
    assert!(
        rxing_hits >= zxing_hits,
        "hit rate: rxing {rxing_hits}, zxing-cpp {zxing_hits} of {}",
        files.len()
    );
    assert!(
        problems.is_empty(),
        "rxing {rxing_hits}, zxing-cpp {zxing_hits} hits of {}:\n{}",
        files.len(),
        problems.join("\n")
    );
}

#[test]
fn several_barcodes_in_one_image() {
    let left = render(GS1, Symbol::Gs1DataMatrix, 4, 0).unwrap();
    let right = render(PLAIN, Symbol::Qr, 4, 0).unwrap();
    let mut canvas = GrayImage::from_pixel(
        left.width() + right.width() + 80,
        left.height().max(right.height()) + 40,
        Luma([255]),
    );
    image::imageops::overlay(&mut canvas, &left, 20, 20);
    image::imageops::overlay(&mut canvas, &right, i64::from(left.width()) + 60, 20);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.png");
    canvas.save(&path).unwrap();
    let mut texts: Vec<String> = decode_file(&path, &DecodeOptions::default())
        .unwrap()
        .into_iter()
        .map(|found| found.text)
        .collect();
    texts.sort();
    assert_eq!(texts, vec![GS1.to_owned(), PLAIN.to_owned()]);
}

#[test]
fn decode_image_cli_json_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let code = dir.path().join("code.png");
    render(GS1, Symbol::Gs1DataMatrix, 4, 0)
        .unwrap()
        .save(&code)
        .unwrap();
    let blank = dir.path().join("blank.png");
    GrayImage::from_pixel(120, 120, Luma([255]))
        .save(&blank)
        .unwrap();
    let binary = env!("CARGO_BIN_EXE_scanstation");

    let output = Command::new(binary)
        .arg("decode-image")
        .arg("--json")
        .arg(&code)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let line: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["file"], code.display().to_string());
    assert_eq!(line["format"], "DataMatrix");
    assert_eq!(line["symbology"], "]d2");
    assert_eq!(line["text"], GS1);
    assert_eq!(line["parsed"]["kind"], "gs1", "{line}");
    assert_eq!(line["parsed"]["symbology"], "]d2", "{line}");
    assert!(
        line["parsed"]["elements"]
            .as_array()
            .unwrap()
            .iter()
            .any(|element| element["ai"] == "10" && element["value"] == "ABC-123"),
        "{line}"
    );
    assert!(
        stdout.starts_with("{\"file\":"),
        "keys keep their documented order: {stdout}"
    );

    let output = Command::new(binary)
        .arg("decode-image")
        .arg("--json")
        .arg(&blank)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3));
    assert!(output.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no barcode found in"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = Command::new(binary)
        .args(["decode-image", "--formats", "qr_code", "--no-try-harder"])
        .arg(&code)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "restricting formats must skip the DataMatrix"
    );
}

#[test]
fn image_dir_source_scans_new_images_and_moves_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ScannerConfig::new("camera", SourceKind::ImageDir);
    config.path = Some(dir.path().display().to_string());
    config.poll_ms = 20;
    let (tx, rx) = crossbeam_channel::unbounded();
    let stop = Arc::new(AtomicBool::new(false));
    let handle = spawn_source(&config, tx, Arc::clone(&stop)).unwrap();
    render(GS1, Symbol::Gs1DataMatrix, 4, 0)
        .unwrap()
        .save(dir.path().join("label.png"))
        .unwrap();
    GrayImage::from_pixel(50, 50, Luma([255]))
        .save(dir.path().join("empty.png"))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut scans = Vec::new();
    let mut drops = Vec::new();
    while (scans.is_empty() || drops.is_empty()) && Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(InputEvent::Scan(scan)) => scans.push(scan),
            Ok(InputEvent::Dropped { reason, detail, .. }) => drops.push((reason, detail)),
            _ => {}
        }
    }
    assert_eq!(scans.len(), 1, "{scans:?} {drops:?}");
    assert_eq!(scans[0].symbology.as_deref(), Some("]d2"));
    assert_eq!(scans[0].bytes, GS1.as_bytes());
    assert!(
        matches!(&drops[..], [(DropReason::Image, detail)] if detail.contains("empty.png")),
        "{drops:?}"
    );
    let stopped = Instant::now();
    stop.store(true, Ordering::Relaxed);
    handle.join().unwrap();
    assert!(stopped.elapsed() < Duration::from_millis(300));
    assert!(dir.path().join("done/label.png").exists());
    assert!(dir.path().join("done/failed/empty.png").exists());
}

/// Issue 5 review: a file that cannot be moved away must not be decoded and sent again at
/// every poll. `done_dir` below a regular file cannot be created (even as root).
#[test]
fn image_dir_sends_an_unmovable_image_once() {
    let dir = tempfile::tempdir().unwrap();
    let watched = dir.path().join("in");
    std::fs::create_dir(&watched).unwrap();
    std::fs::write(dir.path().join("blocker"), b"a file, not a folder").unwrap();
    let mut config = ScannerConfig::new("camera", SourceKind::ImageDir);
    config.path = Some(watched.display().to_string());
    config.done_dir = Some(dir.path().join("blocker/done").display().to_string());
    config.poll_ms = 20;
    config.debounce_ms = 0;
    let (tx, rx) = crossbeam_channel::unbounded();
    let stop = Arc::new(AtomicBool::new(false));
    let handle = spawn_source(&config, tx, Arc::clone(&stop)).unwrap();
    render(GS1, Symbol::Gs1DataMatrix, 4, 0)
        .unwrap()
        .save(watched.join("label.png"))
        .unwrap();
    // Forty polls and more: every one would re-send the scan without the fix.
    let until = Instant::now() + Duration::from_millis(1200);
    let mut scans = 0;
    let mut move_problems = Vec::new();
    while Instant::now() < until {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(InputEvent::Scan(_)) => scans += 1,
            Ok(InputEvent::Dropped { detail, .. }) if detail.contains("cannot move") => {
                move_problems.push(detail)
            }
            _ => {}
        }
    }
    stop.store(true, Ordering::Relaxed);
    handle.join().unwrap();
    assert_eq!(scans, 1, "the image must be sent exactly once");
    assert_eq!(move_problems.len(), 1, "{move_problems:?}");
    assert!(
        move_problems[0].contains("not sent again"),
        "{move_problems:?}"
    );
    assert!(watched.join("label.png").exists());
}

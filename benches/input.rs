//! Input benchmarks: framing + key-event translation (target ≥ 1 M characters/s) and image
//! decoding per image, compared in the same run with zxing-cpp (Python) on the same files.
//!
//! `cargo bench --bench input`. The zxing-cpp comparison needs `pip install zxing-cpp pillow`;
//! without it the comparison is skipped with a note.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use image::{GrayImage, Luma};
use scanstation::input::config::GsForm;
use scanstation::input::framing::{Framer, FramingOptions};
use scanstation::input::hid::HidDecoder;
use scanstation::input::image::{decode_file, render, DecodeOptions, Symbol};
use scanstation::input::keymap::Layout;
use scanstation::input::{ScannerConfig, SourceKind};

const SCANS: &[&str] = &[
    "]d20109506000134352\u{1d}10ABC-123\u{1d}17261231\u{1d}21Sn/42\r",
    "]C10109506000134352\u{1d}3103000750\u{1d}10LOT42\r",
    "]C0Cal!\"#$%&/@[]{}|yZqAwM09\r",
    "]E09506000134352\r",
];

fn keyboard(c: &mut Criterion) {
    let layout = Layout::find("de", "").expect("de layout");
    let mut text = String::new();
    while text.len() < 100_000 {
        for scan in SCANS {
            text.push_str(scan);
        }
    }
    let events = layout
        .keystrokes(&text, GsForm::CtrlBracket)
        .expect("typeable");
    let chars = text.chars().count() as u64;
    let mut config = ScannerConfig::new("bench", SourceKind::Hid);
    config.path = Some("/dev/null".into());
    config.layout = "de".into();
    config.debounce_ms = 0;
    let mut group = c.benchmark_group("input");
    group.throughput(Throughput::Elements(chars));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("hid_keys_to_scans_de", |bench| {
        bench.iter(|| {
            let mut decoder = HidDecoder::new(&config).expect("decoder");
            let mut out = Vec::with_capacity(1024);
            for (index, (code, value)) in events.iter().enumerate() {
                decoder.feed(
                    *code,
                    *value,
                    Duration::from_micros(index as u64 * 100),
                    &mut out,
                );
                if out.len() > 1000 {
                    out.clear();
                }
            }
            black_box(out.len())
        })
    });
    let bytes = text.as_bytes();
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("serial_bytes_to_scans", |bench| {
        bench.iter(|| {
            let mut framer = Framer::new(FramingOptions {
                debounce: Duration::ZERO,
                ..FramingOptions::default()
            });
            let mut out = Vec::with_capacity(1024);
            for chunk in bytes.chunks(64) {
                framer.push(chunk, Duration::ZERO, &mut out);
                if out.len() > 1000 {
                    out.clear();
                }
            }
            black_box(out.len())
        })
    });
    group.finish();
}

/// A label-like picture: the code on a larger grey page with light noise, slightly tilted.
fn photo(code: &GrayImage, seed: u64) -> GrayImage {
    let (width, height) = (code.width() + 400, code.height() + 300);
    let mut state = seed;
    let (sin, cos) = 4f64.to_radians().sin_cos();
    let (cx, cy) = (width as f64 / 2.0, height as f64 / 2.0);
    GrayImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let (dx, dy) = (x as f64 - cx, y as f64 - cy);
        let sx = cos * dx + sin * dy + code.width() as f64 / 2.0;
        let sy = -sin * dx + cos * dy + code.height() as f64 / 2.0;
        let base = if sx >= 0.0
            && sy >= 0.0
            && (sx as u32) < code.width()
            && (sy as u32) < code.height()
        {
            code.get_pixel(sx as u32, sy as u32).0[0]
        } else {
            255
        };
        let value = 40 + i32::from(base) * 3 / 4 + (state % 31) as i32 - 15;
        Luma([value.clamp(0, 255) as u8])
    })
}

fn write_images(dir: &Path) -> Vec<PathBuf> {
    let codes = [
        (
            "gs1-datamatrix",
            "0109506000134352\u{1d}10ABC-123\u{1d}17261231\u{1d}21Sn/42",
            Symbol::Gs1DataMatrix,
        ),
        (
            "gs1-128",
            "0109506000134352\u{1d}10ABC-123",
            Symbol::Gs1Code128,
        ),
        ("qr", "Cal!\"#$%&/@[]{}|yZqAwM09", Symbol::Qr),
        ("ean13", "9506000134352", Symbol::Ean13),
    ];
    let mut files = Vec::new();
    for (index, (name, payload, symbol)) in codes.iter().enumerate() {
        let code = render(payload, *symbol, 4, 160).expect("render");
        let clean = dir.join(format!("{name}-clean.png"));
        code.save(&clean).expect("save");
        let photo_path = dir.join(format!("{name}-photo.jpg"));
        image::DynamicImage::ImageLuma8(photo(&code, 99 + index as u64))
            .to_rgb8()
            .save(&photo_path)
            .expect("save");
        files.push(clean);
        files.push(photo_path);
    }
    files
}

fn images(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("scanstation-bench-images");
    let _ = std::fs::create_dir_all(&dir);
    let files = write_images(&dir);
    let options = DecodeOptions::default();
    let mut group = c.benchmark_group("decode_image");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(2));
    for file in &files {
        let name = file
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("image")
            .to_owned();
        group.bench_function(name, |bench| {
            bench.iter(|| {
                black_box(
                    decode_file(file, &options)
                        .map(|found| found.len())
                        .unwrap_or(0),
                )
            })
        });
    }
    group.finish();
    compare_with_zxing_cpp(&files, &options);
}

/// Prints ms per image and hits for rxing and zxing-cpp on the same files.
fn compare_with_zxing_cpp(files: &[PathBuf], options: &DecodeOptions) {
    const ROUNDS: u32 = 5;
    let script = r#"
import sys, time
try:
    import zxingcpp
    from PIL import Image
except ImportError as error:
    print("missing", error); sys.exit(0)
rounds = int(sys.argv[1])
for path in sys.argv[2:]:
    start = time.perf_counter()
    for _ in range(rounds):
        image = Image.open(path); image.load()
        found = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    print(path, (time.perf_counter() - start) * 1000 / rounds, len(found))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(ROUNDS.to_string())
        .args(files)
        .output();
    let zxing: Vec<(String, f64, usize)> = match output {
        Ok(output) => String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| {
                let mut parts = line.split_whitespace();
                Some((
                    parts.next()?.to_owned(),
                    parts.next()?.parse().ok()?,
                    parts.next()?.parse().ok()?,
                ))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    println!("\nimage decode, ms per image (load + decode, mean of {ROUNDS}), barcodes found:");
    println!(
        "{:<28} {:>10} {:>6} {:>12} {:>6}",
        "file", "rxing ms", "found", "zxing-cpp ms", "found"
    );
    for file in files {
        let start = Instant::now();
        let mut found = 0;
        for _ in 0..ROUNDS {
            found = decode_file(file, options)
                .map(|found| found.len())
                .unwrap_or(0);
        }
        let rxing_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(ROUNDS);
        let path = file.display().to_string();
        let name = file
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("?");
        match zxing.iter().find(|(zxing_path, _, _)| *zxing_path == path) {
            Some((_, zxing_ms, zxing_found)) => {
                println!("{name:<28} {rxing_ms:>10.2} {found:>6} {zxing_ms:>12.2} {zxing_found:>6}")
            }
            None => println!(
                "{name:<28} {rxing_ms:>10.2} {found:>6} {:>12} {:>6}",
                "n/a", "-"
            ),
        }
    }
    if zxing.is_empty() {
        println!("(zxing-cpp not available: pip install zxing-cpp pillow)");
    }
}

criterion_group!(benches, keyboard, images);
criterion_main!(benches);

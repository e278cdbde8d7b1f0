//! Round trip of every shipped template at 203, 300 and 600 dpi: render PNG and PDF, decode
//! with rxing and with zxing-cpp, and compare AIM ids and data with what the fields say.

mod support;

use std::process::Command;

use scanstation::label::{layout, pdf, png, Dpi};
use support::*;

const DPIS: [Dpi; 3] = [Dpi::D203, Dpi::D300, Dpi::D600];

/// PNG at the printer resolution: rxing decodes each symbol's region, zxing-cpp the whole
/// label (which also proves nothing else on the label reads as a barcode).
#[test]
fn png_round_trip_every_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for name in TEMPLATES {
        let template = load_template(name);
        for dpi in DPIS {
            let laid_out = layout(&template, &sample_values(name), dpi).unwrap();
            let expected = expected_symbols(&laid_out);
            assert!(!expected.is_empty());
            let raster = png::raster(&laid_out).unwrap();
            assert_eq!(
                (raster.width(), raster.height()),
                (laid_out.width, laid_out.height)
            );
            for want in &expected {
                let (aim, text) = rxing_decode(&raster, want.region)
                    .unwrap_or_else(|err| panic!("{name} @{}: {err}", dpi.dpi()));
                assert_eq!(
                    (aim.as_str(), text.as_str()),
                    (want.aim.as_str(), want.data.as_str()),
                    "{name} @{} rxing",
                    dpi.dpi()
                );
            }
            let path = dir.path().join(format!("{name}-{}.png", dpi.dpi()));
            std::fs::write(&path, png::render(&laid_out).unwrap()).unwrap();
            cases.push((format!("{name} PNG @{}", dpi.dpi()), path, expected));
        }
    }
    let paths: Vec<_> = cases.iter().map(|(_, path, _)| path.clone()).collect();
    let decoded = zxing_cpp_decode(&paths);
    for ((context, _, expected), found) in cases.iter().zip(decoded) {
        assert_decoded(context, expected, &found);
    }
}

/// PDF: exact page size in mm (pdfinfo), rasterised by poppler's pdftoppm, decoded by
/// zxing-cpp.
#[test]
fn pdf_round_trip_every_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for name in TEMPLATES {
        let template = load_template(name);
        for dpi in [Dpi::D203, Dpi::D300] {
            let laid_out = layout(&template, &sample_values(name), dpi).unwrap();
            let pdf_path = dir.path().join(format!("{name}-{}.pdf", dpi.dpi()));
            std::fs::write(&pdf_path, pdf::render(&laid_out).unwrap()).unwrap();
            let info = Command::new("pdfinfo").arg(&pdf_path).output().unwrap_or_else(|err| {
                panic!("cannot run pdfinfo ({err}): install poppler-utils (apt-get install -y poppler-utils)")
            });
            let info = String::from_utf8_lossy(&info.stdout).to_string();
            let size_line = info
                .lines()
                .find(|l| l.starts_with("Page size:"))
                .unwrap_or_else(|| panic!("pdfinfo: {info}"));
            let points: Vec<f64> = size_line
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            let (width_mm, height_mm) = template.size_mm();
            assert!(
                (points[0] * 25.4 / 72.0 - width_mm).abs() < 0.05,
                "{name}: {size_line}"
            );
            assert!(
                (points[1] * 25.4 / 72.0 - height_mm).abs() < 0.05,
                "{name}: {size_line}"
            );
            let prefix = dir.path().join(format!("{name}-{}-pdf", dpi.dpi()));
            let status = Command::new("pdftoppm")
                .args([
                    "-r",
                    &(dpi.dpi() * 2).to_string(),
                    "-gray",
                    "-png",
                    "-singlefile",
                    "-aa",
                    "no",
                    "-aaVector",
                    "no",
                ])
                .arg(&pdf_path)
                .arg(&prefix)
                .status()
                .unwrap_or_else(|err| {
                    panic!("cannot run pdftoppm ({err}): apt-get install -y poppler-utils")
                });
            assert!(status.success());
            cases.push((
                format!("{name} PDF @{}", dpi.dpi()),
                prefix.with_extension("png"),
                expected_symbols(&laid_out),
            ));
        }
    }
    let paths: Vec<_> = cases.iter().map(|(_, path, _)| path.clone()).collect();
    let decoded = zxing_cpp_decode(&paths);
    for ((context, _, expected), found) in cases.iter().zip(decoded) {
        assert_decoded(context, expected, &found);
    }
}

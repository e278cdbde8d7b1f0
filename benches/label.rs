//! Label rendering speed: template + fields → ZPL (target < 100 µs) and → PNG for a
//! 100x50 mm label at 300 dpi (target < 20 ms). Both include layout (GS1 validation,
//! barcode encoding), as a print request does.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use scanstation::label::{layout, png, zpl, Dpi, FieldValues, Template};

fn lot_label() -> (Template, FieldValues) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/lot.toml");
    let template = Template::load(&path).expect("labels/lot.toml loads");
    let mut values = FieldValues::new();
    values
        .set("gtin", "09506000134352")
        .set("lot", "LOT-2025/07")
        .set("production", "2025-07-01")
        .set("expiry", "2026-06-30")
        .set("weight_kg", "8.45")
        .set("product_name", "Widget bulk");
    (template, values)
}

fn serial_label() -> (Template, FieldValues) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("labels/serial.toml");
    let template = Template::load(&path).expect("labels/serial.toml loads");
    let mut values = FieldValues::new();
    values
        .set("gtin", "09506000134352")
        .set("lot", "ABC123")
        .set("serial", "SN0001")
        .set("expiry", "2026-12-31");
    (template, values)
}

fn bench(c: &mut Criterion) {
    let (serial, serial_values) = serial_label();
    c.bench_function("serial template -> ZPL (203 dpi)", |b| {
        b.iter(|| {
            let laid_out =
                layout(black_box(&serial), black_box(&serial_values), Dpi::D203).expect("layout");
            zpl::render(&laid_out, 1).expect("zpl")
        })
    });
    let (lot, lot_values) = lot_label();
    c.bench_function("lot template 100x50 mm -> ZPL (300 dpi)", |b| {
        b.iter(|| {
            let laid_out =
                layout(black_box(&lot), black_box(&lot_values), Dpi::D300).expect("layout");
            zpl::render(&laid_out, 1).expect("zpl")
        })
    });
    c.bench_function("lot template 100x50 mm -> PNG (300 dpi)", |b| {
        b.iter(|| {
            let laid_out =
                layout(black_box(&lot), black_box(&lot_values), Dpi::D300).expect("layout");
            png::render(&laid_out).expect("png")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);

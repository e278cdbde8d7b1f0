//! Parse + validate throughput of typical scans (issue 3's figure: ≥ 1.5 M scans/s on one
//! core): a GS1 DataMatrix with GTIN, expiry, lot and serial; an SSCC logistic label; a
//! Digital Link URI. Run with `cargo bench --bench gs1_parse`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use scanstation::gs1::{parse, ParseOptions};

const SCANS: [(&str, &[u8]); 3] = [
    (
        "datamatrix_gtin_expiry_lot_serial",
        b"]d201095060001343521726123110ABC123\x1d21SN0001",
    ),
    (
        "gs1_128_sscc_logistic",
        b"]C100106141411234567897\x1d02095060001343523710\x1d",
    ),
    (
        "digital_link_uri",
        b"https://id.gs1.org/01/09506000134352/10/ABC123/21/SN0001?17=261231",
    ),
];

fn bench_parse(criterion: &mut Criterion) {
    let options = ParseOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
        ..ParseOptions::default()
    };
    let mut group = criterion.benchmark_group("gs1_parse");
    group.throughput(Throughput::Elements(1));
    for (name, scan) in SCANS {
        assert!(
            parse(scan, &options).is_valid(),
            "{name} must be a valid scan"
        );
        group.bench_with_input(BenchmarkId::from_parameter(name), scan, |bencher, scan| {
            bencher.iter(|| parse(std::hint::black_box(scan), &options))
        });
    }
    group.throughput(Throughput::Elements(SCANS.len() as u64));
    group.bench_function("mix_of_three", |bencher| {
        bencher.iter(|| {
            for (_, scan) in SCANS {
                std::hint::black_box(parse(std::hint::black_box(scan), &options));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);

//! GS1's own pass/fail vectors for the Barcode Syntax Dictionary linters, all 5,668 of them.
//!
//! `tests/data/linter-test-vectors.tsv` holds the `UNIT_TEST_PASS`/`UNIT_TEST_FAIL` cases of
//! GS1's C linters (gs1/gs1-syntax-dictionary, Apache-2.0, Copyright GS1 AISBL). Each row
//! names a linter, an input, the expected outcome, the `GS1_LINTER_*` code and the input with
//! the offending span between asterisks. This test runs every row and compares the outcome,
//! rendered the way GS1's C harness renders it, so code and span must both match. It collects
//! every mismatch before failing, and fails if a linter is missing or a row is skipped.
//!
//! A few rows exercise GS1's GS1 Company Prefix lookup hook: GS1's harness sets a mock
//! lookup's answer (invalid or offline) before them, and the TSV does not record that. For a
//! row expecting `GS1_LINTER_INVALID_GCP_PREFIX` or `GS1_LINTER_GCP_DATASOURCE_OFFLINE` that
//! the lookup-free linter passes, the test replays it with a lookup that answers "valid"
//! until the last lookup the linter makes, and the expected answer then; each such row
//! targets the last company prefix in its input.

use std::path::Path;

use scanstation::gs1::lint::{
    couponcode_with, gcppos1_with, gcppos2_with, lookup, GcpStatus, LintCode, LintError,
};

/// The number of vectors in the vendored file (GS1's C sources hold 14 more, built at run
/// time, which the TSV cannot carry; the unit tests next to the linters cover those).
const EXPECTED_VECTORS: usize = 5668;

/// One row of the TSV.
struct Vector {
    line: usize,
    linter: String,
    input: Vec<u8>,
    pass: bool,
    error: String,
    markup: Vec<u8>,
}

/// Turns a TSV field back into the bytes GS1's C test passed: undoes the backslash escapes
/// (`\\`, `\t`, `\n`, `\xNN`) and reads every other character as one Latin-1 byte.
///
/// The file writes control bytes as `\xNN` but bytes 0x80-0xFF (from C literals such as
/// `"\xF4"`) as the characters U+0080-U+00FF, that is UTF-8 "ô" for the single byte 0xF4.
fn unescape(field: &str, line: usize) -> Vec<u8> {
    let bytes: Vec<u8> = field
        .chars()
        .map(|c| {
            u8::try_from(u32::from(c))
                .unwrap_or_else(|_| panic!("line {line}: {c:?} is not a Latin-1 character"))
        })
        .collect();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(b'\\') => out.push(b'\\'),
            Some(b't') => out.push(b'\t'),
            Some(b'n') => out.push(b'\n'),
            Some(b'x') => {
                let hex = std::str::from_utf8(&bytes[i + 2..i + 4]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            other => panic!("line {line}: unknown escape \\{other:?} in {field:?}"),
        }
        i += 2;
    }
    out
}

fn read_vectors() -> Vec<Vector> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/linter-test-vectors.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    let mut vectors = Vec::new();
    for (index, row) in text.lines().enumerate() {
        let line = index + 1;
        if row.starts_with('#') || row.starts_with("linter\t") || row.is_empty() {
            continue;
        }
        let fields: Vec<&str> = row.split('\t').collect();
        assert_eq!(
            fields.len(),
            5,
            "line {line}: expected 5 tab-separated fields: {row:?}"
        );
        let pass = match fields[2] {
            "pass" => true,
            "fail" => false,
            other => panic!("line {line}: expect must be pass or fail, not {other:?}"),
        };
        vectors.push(Vector {
            line,
            linter: fields[0].to_owned(),
            input: unescape(fields[1], line),
            pass,
            error: fields[3].to_owned(),
            markup: unescape(fields[4], line),
        });
    }
    vectors
}

/// The input with the error's span between asterisks, as GS1's `UNIT_TEST_FAIL` builds it.
fn markup(input: &[u8], error: &LintError) -> Vec<u8> {
    let end = (error.start + error.len).min(input.len());
    let start = error.start.min(end);
    [
        &input[..start],
        b"*",
        &input[start..end],
        b"*",
        &input[end..],
    ]
    .concat()
}

/// Runs the GCP-aware variant of `linter` with a lookup that answers `Valid` to the first
/// `valid_calls` lookups and `status` after that; `None` for linters without a GCP hook.
fn run_with_gcp(
    linter: &str,
    input: &[u8],
    valid_calls: usize,
    status: GcpStatus,
) -> Option<(Result<(), LintError>, usize)> {
    let mut calls = 0;
    let mut gcp_lookup = |_: &[u8]| {
        calls += 1;
        if calls > valid_calls {
            status
        } else {
            GcpStatus::Valid
        }
    };
    let result = match linter {
        "gcppos1" => gcppos1_with(input, &mut gcp_lookup),
        "gcppos2" => gcppos2_with(input, &mut gcp_lookup),
        "couponcode" => couponcode_with(input, &mut gcp_lookup),
        _ => return None,
    };
    Some((result, calls))
}

/// Lints one vector and describes the outcome as "pass" or "fail CODE markup".
fn outcome(vector: &Vector) -> Result<String, String> {
    let linter = lookup(&vector.linter)
        .ok_or_else(|| format!("linter {:?} is not implemented", vector.linter))?;
    let mut result = linter(&vector.input);

    let gcp_status = match LintCode::from_gs1_name(&vector.error) {
        Some(LintCode::InvalidGcpPrefix) => Some(GcpStatus::Invalid),
        Some(LintCode::GcpDatasourceOffline) => Some(GcpStatus::Offline),
        _ => None,
    };
    if let (Some(status), Ok(())) = (gcp_status, result) {
        // Count the lookups a clean run makes, then fail the last one.
        if let Some((_, calls)) = run_with_gcp(&vector.linter, &vector.input, usize::MAX, status) {
            if calls == 0 {
                return Err("the linter made no GCP lookup".to_owned());
            }
            if let Some((replayed, _)) =
                run_with_gcp(&vector.linter, &vector.input, calls - 1, status)
            {
                result = replayed;
            }
        }
    }

    Ok(match result {
        Ok(()) => "pass".to_owned(),
        Err(error) => format!(
            "fail {} {}",
            error.code.gs1_name(),
            String::from_utf8_lossy(&markup(&vector.input, &error)).escape_debug()
        ),
    })
}

#[test]
fn every_gs1_linter_vector_passes() {
    let vectors = read_vectors();
    let mut mismatches = Vec::new();
    let mut ran = 0;
    for vector in &vectors {
        let expected = if vector.pass {
            "pass".to_owned()
        } else {
            format!(
                "fail {} {}",
                vector.error,
                String::from_utf8_lossy(&vector.markup).escape_debug()
            )
        };
        match outcome(vector) {
            Ok(actual) => {
                ran += 1;
                if actual != expected {
                    mismatches.push(format!(
                        "line {} {} {:?}: expected {expected}, got {actual}",
                        vector.line,
                        vector.linter,
                        String::from_utf8_lossy(&vector.input)
                    ));
                }
            }
            Err(problem) => mismatches.push(format!(
                "line {} {} {:?}: {problem}",
                vector.line,
                vector.linter,
                String::from_utf8_lossy(&vector.input)
            )),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} vectors do not match GS1's expectations:\n{}",
        mismatches.len(),
        vectors.len(),
        mismatches.join("\n")
    );
    assert_eq!(
        vectors.len(),
        EXPECTED_VECTORS,
        "the vector file changed size"
    );
    assert_eq!(ran, EXPECTED_VECTORS, "not every vector ran");
}

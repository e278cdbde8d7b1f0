//! ZPL output: golden files for every shipped template; every template rendered by an
//! independent ZPL interpreter (Zebrash via zpl-renderer-js) and decoded by zxing-cpp with
//! AIM ids; hostile field data that must stay data; a property test that no field value can
//! leave its `^FD…^FS`.

mod support;

use proptest::prelude::*;
use scanstation::label::{layout, zpl, Dpi, FieldValues, LabelError, Template};
use support::*;

fn golden_path(name: &str, dpi: Dpi) -> std::path::PathBuf {
    repo_path(&format!("tests/golden/{name}-{}.zpl", dpi.dpi()))
}

fn setup_and_label(name: &str, values: &FieldValues, dpi: Dpi) -> Vec<u8> {
    let template = load_template(name);
    let laid_out = layout(&template, values, dpi).unwrap();
    let mut out = zpl::setup(&laid_out, &Default::default());
    out.extend(zpl::render(&laid_out, 1).unwrap());
    out
}

/// Set UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
#[test]
fn golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for name in TEMPLATES {
        for dpi in [Dpi::D203, Dpi::D300] {
            let got = String::from_utf8(setup_and_label(name, &sample_values(name), dpi)).unwrap();
            let path = golden_path(name, dpi);
            if update {
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&path).unwrap_or_else(|err| {
                panic!(
                    "{}: {err}; run UPDATE_GOLDEN=1 cargo test --test label_zpl",
                    path.display()
                )
            });
            assert_eq!(
                got,
                want,
                "{} changed; if intended, UPDATE_GOLDEN=1 and review",
                path.display()
            );
        }
    }
}

/// The station's ZPL, interpreted by Zebrash (not our code), scans as the right symbols.
#[test]
fn independent_renderer_reads_every_template() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for name in TEMPLATES {
        let template = load_template(name);
        for dpi in [Dpi::D203, Dpi::D300] {
            let laid_out = layout(&template, &sample_values(name), dpi).unwrap();
            let zpl_bytes = zpl::render(&laid_out, 1).unwrap();
            let (width_mm, height_mm) = template.size_mm();
            let png = zebrash_render(
                &zpl_bytes,
                width_mm,
                height_mm,
                dpi.dots_per_mm(),
                dir.path(),
                &format!("{name}-{}", dpi.dpi()),
            );
            cases.push((
                format!("{name} ZPL @{}", dpi.dpi()),
                png,
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

const HOSTILE: &str = "^XZ^XA^FO0,0^FDpwned^FS~JA~JR\\_5E_ é Ж \u{1F600} ^";

/// The ^FD…^FS fields of a ZPL format and the format with their contents removed.
fn split_fields(zpl: &str) -> (Vec<String>, String) {
    let mut fields = Vec::new();
    let mut skeleton = String::new();
    let mut rest = zpl;
    while let Some(start) = rest.find("^FD") {
        skeleton.push_str(&rest[..start + 3]);
        let after = &rest[start + 3..];
        let end = after.find("^FS").expect("every ^FD has its ^FS");
        fields.push(after[..end].to_owned());
        rest = &after[end..];
    }
    skeleton.push_str(rest);
    (fields, skeleton)
}

fn assert_contained(zpl: &str, context: &str) {
    assert_eq!(
        zpl.matches("^XA").count(),
        1,
        "{context}: one format start\n{zpl}"
    );
    assert_eq!(
        zpl.matches("^XZ").count(),
        1,
        "{context}: one format end\n{zpl}"
    );
    let (fields, _) = split_fields(zpl);
    for field in fields {
        assert!(
            !field.contains('^') && !field.contains('~'),
            "{context}: a command character in field data {field:?}"
        );
        assert!(
            field.is_ascii(),
            "{context}: non-ASCII must be hex-escaped: {field:?}"
        );
    }
}

/// Hostile text in every text field of every shipped template stays inside its field, and
/// the label still renders and scans on the independent interpreter.
#[test]
fn hostile_data_in_every_text_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for name in TEMPLATES {
        let template = load_template(name);
        let mut values = sample_values(name);
        let text_fields: Vec<String> = template
            .fields()
            .filter(|(_, spec)| spec.kind == scanstation::label::fields::FieldKind::Text)
            .map(|(field, _)| field.to_owned())
            .collect();
        for field in &text_fields {
            let mut trial = values.clone();
            trial.set(field, HOSTILE);
            match layout(&template, &trial, Dpi::D203) {
                Ok(laid_out) => {
                    let zpl = String::from_utf8(zpl::render(&laid_out, 1).unwrap()).unwrap();
                    assert_contained(&zpl, &format!("{name}.{field}"));
                    assert!(
                        zpl.contains("_5EXZ_5EXA"),
                        "{name}.{field}: escaped, not dropped"
                    );
                    values.set(field, HOSTILE);
                }
                // Fields that go into GS1 data (lot, serial) are refused by validation.
                Err(LabelError::Gs1 { .. }) | Err(LabelError::BadFieldValue { .. }) => {}
                Err(other) => panic!("{name}.{field}: {other}"),
            }
        }
        // Every hostile-able field at once still gives a scannable label.
        if let Ok(laid_out) = layout(&template, &values, Dpi::D203) {
            let zpl_bytes = zpl::render(&laid_out, 1).unwrap();
            let (w, h) = template.size_mm();
            let png = zebrash_render(&zpl_bytes, w, h, 8, dir.path(), &format!("hostile-{name}"));
            cases.push((format!("hostile {name}"), png, expected_symbols(&laid_out)));
        }
    }
    assert!(!cases.is_empty());
    let paths: Vec<_> = cases.iter().map(|(_, path, _)| path.clone()).collect();
    for ((context, _, expected), found) in cases.iter().zip(zxing_cpp_decode(&paths)) {
        assert_decoded(context, expected, &found);
    }
}

#[test]
fn gs1_data_with_a_space_or_bad_check_digit_is_refused_with_the_reason() {
    let template = load_template("serial");
    let mut values = sample_values("serial");
    values.set("lot", "AB C");
    let err = layout(&template, &values, Dpi::D203).unwrap_err();
    assert!(err.to_string().contains("(10)"), "{err}");
    let mut values = sample_values("serial");
    values.set("gtin", "09506000134353");
    let err = layout(&template, &values, Dpi::D203).unwrap_err();
    assert!(err.to_string().contains("check digit"), "{err}");
}

const PROBE: &str = r#"
name = "probe"
width_mm = 100.0
height_mm = 60.0
dpi = 203
[fields.value]
kind = "text"
[[element]]
type = "text"
x_mm = 2.0
y_mm = 2.0
max_lines = 3
text = "A {value} B"
[[element]]
type = "qr"
x_mm = 5.0
y_mm = 20.0
module_mm = 0.25
data = "{value}"
[[element]]
type = "code128"
x_mm = 40.0
y_mm = 20.0
module_mm = 0.25
height_mm = 10.0
hri = false
data = "X{value}"
"#;

fn arbitrary_text() -> impl Strategy<Value = String> {
    let special = prop_oneof![
        Just('^'),
        Just('~'),
        Just('\\'),
        Just('_'),
        Just('>'),
        Just('#'),
        Just(' '),
        Just('é')
    ];
    prop::collection::vec(
        prop_oneof![3 => special, 5 => any::<char>(), 2 => proptest::char::range('!', '~')],
        0..24,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever a field holds, the ZPL has the same commands as with a harmless value: data
    /// never leaves its ^FD…^FS.
    #[test]
    fn field_values_never_escape_their_field(value in arbitrary_text()) {
        let template = Template::parse(PROBE, "probe").unwrap();
        let mut benign = FieldValues::new();
        benign.set("value", "x");
        let reference = zpl::render(&layout(&template, &benign, Dpi::D203).unwrap(), 1).unwrap();
        let (_, reference_skeleton) = split_fields(&String::from_utf8(reference).unwrap());
        let mut values = FieldValues::new();
        values.set("value", &value);
        let laid_out = match layout(&template, &values, Dpi::D203) {
            Ok(laid_out) => laid_out,
            // Refused (control characters, non-ASCII in Code 128, too long for the symbol).
            Err(_) => return Ok(()),
        };
        match zpl::render(&laid_out, 1) {
            Ok(bytes) => {
                let zpl_text = String::from_utf8(bytes).unwrap();
                assert_contained(&zpl_text, &format!("{value:?}"));
                let (_, skeleton) = split_fields(&zpl_text);
                // ^BY/^FO numbers do not depend on the value; only field contents differ.
                prop_assert_eq!(skeleton, reference_skeleton.clone());
            }
            Err(LabelError::Unsupported { .. }) => prop_assert!(value.contains('^') || value.contains('~')),
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }
}

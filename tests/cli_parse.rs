//! The `scanstation parse` command-line contract: one JSON object per input, exit code 0
//! for invalid scans, stdin lines as raw bytes (invalid UTF-8 is an invalid scan).

use std::io::Write;
use std::process::{Command, Stdio};

fn scanstation() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scanstation"))
}

fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

#[test]
fn arguments_give_one_json_object_each() {
    let output = scanstation()
        .args([
            "parse",
            "--json",
            "]d201095060001343521726123110ABC123\\x1d21SN0001",
            "(01)09506000134353",
            "https://id.gs1.org/01/09506000134352?3103=000845",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let objects = json_lines(&output.stdout);
    assert_eq!(objects.len(), 3);
    assert_eq!(objects[0]["valid"], true);
    assert_eq!(objects[0]["symbology"], "]d2");
    assert_eq!(objects[0]["kind"], "gs1");
    assert_eq!(objects[0]["elements"][1]["date"], "2026-12-31");
    assert_eq!(objects[0]["elements"][3]["value"], "SN0001");
    assert_eq!(objects[1]["valid"], false);
    assert_eq!(objects[1]["symbology"], serde_json::Value::Null);
    assert_eq!(objects[1]["errors"][0]["code"], "check_digit");
    assert_eq!(objects[2]["kind"], "digital_link");
    assert_eq!(objects[2]["elements"][1]["decimal"], "0.845");
    let keys: Vec<&String> = objects[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["input", "valid", "symbology", "kind", "elements", "errors"]
    );
}

#[test]
fn stdin_lines_are_raw_bytes_and_bad_utf8_is_an_invalid_scan() {
    let mut child = scanstation()
        .args(["parse", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"]d20109506000134352\x1d10LOT1\r\n]C0caf\xe9\n\n]Q1plain text\n")
        .unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let objects = json_lines(&output.stdout);
    assert_eq!(objects.len(), 4);
    assert_eq!(
        objects[0]["valid"], true,
        "CRLF line endings are stripped and GS is kept: {}",
        objects[0]
    );
    assert_eq!(objects[1]["valid"], false);
    assert_eq!(objects[1]["errors"][0]["code"], "illegal_char");
    assert_eq!(objects[2]["errors"][0]["code"], "empty");
    assert_eq!(objects[3]["kind"], "plain");
    assert_eq!(objects[3]["text"], "plain text");
}

#[test]
fn human_output_shows_hri_and_errors() {
    let output = scanstation()
        .args(["parse", "0109506000134353"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("INVALID gs1"), "{text}");
    assert!(text.contains("(01)09506000134353"), "{text}");
    assert!(text.contains("check_digit"), "{text}");
}

#[test]
fn usage_errors_exit_non_zero() {
    let output = scanstation()
        .args(["parse", "--no-such-flag"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let output = scanstation()
        .args(["parse", "--gs-substitute", "é", "x"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot stand in for GS"));
    // A character GS1 data can carry would split fields inside a value.
    for substitute in ["A", "5", "-", "%"] {
        let output = scanstation()
            .args(["parse", "--gs-substitute", substitute, "x"])
            .output()
            .unwrap();
        assert!(!output.status.success(), "{substitute}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("cannot stand in for GS"));
    }
}

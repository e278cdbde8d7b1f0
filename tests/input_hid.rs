//! Keyboard-wedge scanners with synthetic key events through `HidDecoder`, the same path the
//! evdev device loop uses: every layout, each GS form, modifier tracking, two devices
//! interleaved, terminators and fragments.

use std::time::Duration;

use scanstation::input::config::GsForm;
use scanstation::input::framing::Framed;
use scanstation::input::hid::HidDecoder;
use scanstation::input::keymap::{
    Layout, KEY_ENTER, KEY_LEFTALT, KEY_LEFTCTRL, KEY_LEFTSHIFT, KEY_RIGHTALT, KEY_RIGHTBRACE,
    KEY_TAB,
};
use scanstation::input::{DropReason, ScannerConfig, SourceKind};

fn config(layout: &str, variant: &str, forms: Option<Vec<GsForm>>) -> ScannerConfig {
    let config = unchecked_config(layout, variant, forms);
    assert!(config.validate().is_empty(), "{:?}", config.validate());
    config
}

fn unchecked_config(layout: &str, variant: &str, forms: Option<Vec<GsForm>>) -> ScannerConfig {
    let mut config = ScannerConfig::new("wedge", SourceKind::Hid);
    config.path = Some("/dev/input/event7".into());
    config.layout = layout.into();
    config.variant = variant.into();
    config.gs_forms = forms;
    config.debounce_ms = 0;
    config
}

/// Feeds events 2 ms apart and renders the output as text lines.
fn feed(decoder: &mut HidDecoder, events: &[(u16, i32)], start_ms: u64) -> Vec<String> {
    let mut out = Vec::new();
    for (index, (code, value)) in events.iter().enumerate() {
        decoder.feed(
            *code,
            *value,
            Duration::from_millis(start_ms + 2 * index as u64),
            &mut out,
        );
    }
    render(out)
}

/// A scan as `]C1text`, with ` (damaged)` when it lost characters; a drop as `drop reason`.
fn render(out: Vec<Framed>) -> Vec<String> {
    out.into_iter()
        .map(|item| match item {
            Framed::Scan {
                symbology,
                bytes,
                problems,
                ..
            } => {
                format!(
                    "{}{}{}",
                    symbology.unwrap_or_default(),
                    String::from_utf8(bytes).unwrap().replace('\u{1d}', "<GS>"),
                    if problems.is_empty() {
                        ""
                    } else {
                        " (damaged)"
                    }
                )
            }
            Framed::Dropped { reason, .. } => format!("drop {}", reason.as_str()),
        })
        .collect()
}

fn tap(events: &mut Vec<(u16, i32)>, code: u16) {
    events.push((code, 1));
    events.push((code, 0));
}

fn with_modifier(events: &mut Vec<(u16, i32)>, modifier: u16, code: u16) {
    events.push((modifier, 1));
    tap(events, code);
    events.push((modifier, 0));
}

const GS1: &str = "]d2010950600013435210yZ-q/7aw\u{1d}21Wz.M%&9";
const PLAIN: &str = "]C0Cal!\"#$%&/@[]{}|yZqAwM09";

#[test]
fn every_layout_decodes_what_a_scanner_set_to_it_types() {
    for layout in Layout::all() {
        for form in [GsForm::CtrlBracket, GsForm::AltKeypad] {
            let mut decoder =
                HidDecoder::new(&config(layout.name, layout.variant, Some(vec![form]))).unwrap();
            for text in [GS1, PLAIN] {
                let mut events = layout
                    .keystrokes(text, form)
                    .unwrap_or_else(|| panic!("{} cannot type {text:?}", layout.label()));
                tap(&mut events, KEY_ENTER);
                let expected = text.replace('\u{1d}', "<GS>");
                assert_eq!(
                    feed(&mut decoder, &events, 0),
                    vec![expected],
                    "layout {} with {form:?}",
                    layout.label()
                );
            }
        }
    }
}

/// Hand-written key sequences (independent of the layout tables' inverse).
#[test]
fn hand_written_sequences_per_layout() {
    // KEY_Y = 21, KEY_Z = 44, KEY_Q = 16, KEY_2 = 3, KEY_APOSTROPHE = 40, KEY_A = 30.
    type Case = (&'static str, &'static str, Vec<(u16, i32)>, &'static str);
    let cases: &[Case] = &[
        (
            "us",
            "",
            {
                let mut e = vec![];
                tap(&mut e, 21);
                tap(&mut e, 44);
                with_modifier(&mut e, KEY_LEFTSHIFT, 3);
                e
            },
            "yz@",
        ),
        (
            "de",
            "",
            {
                let mut e = vec![];
                tap(&mut e, 21);
                tap(&mut e, 44);
                with_modifier(&mut e, KEY_RIGHTALT, 16);
                e
            },
            "zy@",
        ),
        (
            "fr",
            "",
            {
                let mut e = vec![];
                tap(&mut e, 16);
                tap(&mut e, 30);
                with_modifier(&mut e, KEY_LEFTSHIFT, 3);
                with_modifier(&mut e, KEY_RIGHTALT, 11);
                e
            },
            "aq2@",
        ),
        (
            "gb",
            "",
            {
                let mut e = vec![];
                with_modifier(&mut e, KEY_LEFTSHIFT, 3);
                with_modifier(&mut e, KEY_LEFTSHIFT, 40);
                e
            },
            "\"@",
        ),
        (
            "es",
            "",
            {
                let mut e = vec![];
                with_modifier(&mut e, KEY_RIGHTALT, 3);
                with_modifier(&mut e, KEY_LEFTSHIFT, 3);
                e
            },
            "@\"",
        ),
        (
            "it",
            "",
            {
                let mut e = vec![];
                with_modifier(&mut e, KEY_RIGHTALT, 39);
                with_modifier(&mut e, KEY_LEFTSHIFT, 3);
                e
            },
            "@\"",
        ),
    ];
    for (layout, variant, events, expected) in cases {
        let mut decoder = HidDecoder::new(&config(layout, variant, None)).unwrap();
        let mut events = events.clone();
        tap(&mut events, KEY_ENTER);
        assert_eq!(
            feed(&mut decoder, &events, 0),
            vec![expected.to_string()],
            "layout {layout}"
        );
    }
}

/// How a key is pressed in the hand-written tables below.
#[derive(Clone, Copy)]
enum Level {
    Base,
    Shift,
    AltGr,
    ShiftAltGr,
}

fn press(events: &mut Vec<(u16, i32)>, level: Level, code: u16) {
    let (shift, altgr) = match level {
        Level::Base => (false, false),
        Level::Shift => (true, false),
        Level::AltGr => (false, true),
        Level::ShiftAltGr => (true, true),
    };
    if shift {
        events.push((KEY_LEFTSHIFT, 1));
    }
    if altgr {
        events.push((KEY_RIGHTALT, 1));
    }
    tap(events, code);
    if altgr {
        events.push((KEY_RIGHTALT, 0));
    }
    if shift {
        events.push((KEY_LEFTSHIFT, 0));
    }
}

// evdev key codes (linux/input-event-codes.h), written out so the tables read like a keyboard.
const GRAVE: u16 = 41;
const K1: u16 = 2;
const K2: u16 = 3;
const K3: u16 = 4;
const K4: u16 = 5;
const K5: u16 = 6;
const K6: u16 = 7;
const K7: u16 = 8;
const K8: u16 = 9;
const K9: u16 = 10;
const K0: u16 = 11;
const MINUS: u16 = 12;
const EQUAL: u16 = 13;
const LEFTBRACE: u16 = 26;
const RIGHTBRACE: u16 = 27;
const SEMICOLON: u16 = 39;
const APOSTROPHE: u16 = 40;
const BACKSLASH: u16 = 43;
const LESS_GREATER: u16 = 86; // KEY_102ND, the extra key of ISO keyboards
const COMMA: u16 = 51;
const DOT: u16 = 52;
const SLASH: u16 = 53;

/// The QWERTY position of each letter (us, gb, es, it); de swaps y/z, fr is AZERTY.
fn letter_key(layout: &str, letter: char) -> u16 {
    let qwerty = |letter: char| -> u16 {
        let rows: [(&str, u16); 3] = [("qwertyuiop", 16), ("asdfghjkl", 30), ("zxcvbnm", 44)];
        rows.iter()
            .find_map(|(row, first)| {
                row.find(letter)
                    .map(|index| first + u16::try_from(index).unwrap())
            })
            .unwrap()
    };
    match (layout, letter) {
        ("de", 'y') => qwerty('z'),
        ("de", 'z') => qwerty('y'),
        ("fr", 'a') => qwerty('q'),
        ("fr", 'q') => qwerty('a'),
        ("fr", 'z') => qwerty('w'),
        ("fr", 'w') => qwerty('z'),
        ("fr", 'm') => SEMICOLON,
        _ => qwerty(letter),
    }
}

/// The calibration characters and GS1's punctuation, per layout, from
/// /usr/share/X11/xkb/symbols/{us,de,fr,gb,es,it} ("basic"), written by hand: this table
/// does not come from `Layout::keystrokes` (the inverse of the generated tables), so a wrong
/// generated table fails here.
fn symbol_keys(layout: &str) -> Vec<(char, Level, u16)> {
    use Level::*;
    match layout {
        "us" => vec![
            ('!', Shift, K1),
            ('"', Shift, APOSTROPHE),
            ('#', Shift, K3),
            ('$', Shift, K4),
            ('%', Shift, K5),
            ('&', Shift, K7),
            ('/', Base, SLASH),
            ('@', Shift, K2),
            ('[', Base, LEFTBRACE),
            (']', Base, RIGHTBRACE),
            ('{', Shift, LEFTBRACE),
            ('}', Shift, RIGHTBRACE),
            ('|', Shift, BACKSLASH),
            ('-', Base, MINUS),
            ('.', Base, DOT),
            ('_', Shift, MINUS),
            ('+', Shift, EQUAL),
            (':', Shift, SEMICOLON),
        ],
        "de" => vec![
            ('!', Shift, K1),
            ('"', Shift, K2),
            ('#', Base, BACKSLASH),
            ('$', Shift, K4),
            ('%', Shift, K5),
            ('&', Shift, K6),
            ('/', Shift, K7),
            ('@', AltGr, 16),
            ('[', AltGr, K8),
            (']', AltGr, K9),
            ('{', AltGr, K7),
            ('}', AltGr, K0),
            ('|', AltGr, LESS_GREATER),
            ('-', Base, SLASH),
            ('.', Base, DOT),
            ('_', Shift, SLASH),
            ('+', Base, RIGHTBRACE),
            (':', Shift, DOT),
            ('ü', Base, LEFTBRACE),
            ('ß', Base, MINUS),
        ],
        "fr" => vec![
            ('!', Base, SLASH),
            ('"', Base, K3),
            ('#', AltGr, K3),
            ('$', Base, RIGHTBRACE),
            ('%', Shift, APOSTROPHE),
            ('&', Base, K1),
            ('/', Shift, DOT),
            ('@', AltGr, K0),
            ('[', AltGr, K5),
            (']', AltGr, MINUS),
            ('{', AltGr, K4),
            ('}', AltGr, EQUAL),
            ('|', AltGr, K6),
            ('-', Base, K6),
            ('.', Shift, COMMA),
            ('_', Base, K8),
            ('+', Shift, EQUAL),
            (':', Base, DOT),
            ('é', Base, K2),
            ('ù', Base, APOSTROPHE),
        ],
        "gb" => vec![
            ('!', Shift, K1),
            ('"', Shift, K2),
            ('#', Base, BACKSLASH),
            ('$', Shift, K4),
            ('%', Shift, K5),
            ('&', Shift, K7),
            ('/', Base, SLASH),
            ('@', Shift, APOSTROPHE),
            ('[', Base, LEFTBRACE),
            (']', Base, RIGHTBRACE),
            ('{', Shift, LEFTBRACE),
            ('}', Shift, RIGHTBRACE),
            ('|', Shift, LESS_GREATER),
            ('-', Base, MINUS),
            ('.', Base, DOT),
            ('£', Shift, K3),
            ('~', Shift, BACKSLASH),
            ('\\', Base, LESS_GREATER),
        ],
        "es" => vec![
            ('!', Shift, K1),
            ('"', Shift, K2),
            ('#', AltGr, K3),
            ('$', Shift, K4),
            ('%', Shift, K5),
            ('&', Shift, K6),
            ('/', Shift, K7),
            ('@', AltGr, K2),
            ('[', AltGr, LEFTBRACE),
            (']', AltGr, RIGHTBRACE),
            ('{', AltGr, APOSTROPHE),
            ('}', AltGr, BACKSLASH),
            ('|', AltGr, K1),
            ('-', Base, SLASH),
            ('.', Base, DOT),
            ('ñ', Base, SEMICOLON),
            ('\\', AltGr, GRAVE),
            ('?', Shift, MINUS),
        ],
        "it" => vec![
            ('!', Shift, K1),
            ('"', Shift, K2),
            ('#', AltGr, APOSTROPHE),
            ('$', Shift, K4),
            ('%', Shift, K5),
            ('&', Shift, K6),
            ('/', Shift, K7),
            ('@', AltGr, SEMICOLON),
            ('[', AltGr, LEFTBRACE),
            (']', AltGr, RIGHTBRACE),
            ('{', ShiftAltGr, LEFTBRACE),
            ('}', ShiftAltGr, RIGHTBRACE),
            ('|', Shift, GRAVE),
            ('-', Base, SLASH),
            ('.', Base, DOT),
            ('è', Base, LEFTBRACE),
            ('\\', Base, GRAVE),
            ('^', Shift, EQUAL),
        ],
        other => panic!("no hand-written table for {other}"),
    }
}

/// Every character of the calibration codes, digits and letters in both cases, typed as a
/// person would on each layout (hand-written, see `symbol_keys`).
#[test]
fn hand_written_keys_for_every_calibration_character() {
    use scanstation::input::calibrate::{CALIBRATION_GS1, CALIBRATION_PLAIN};
    for layout in ["us", "de", "fr", "gb", "es", "it"] {
        let mut table: Vec<(char, Level, u16)> = symbol_keys(layout);
        let digit_keys = [K0, K1, K2, K3, K4, K5, K6, K7, K8, K9];
        for (digit, code) in ('0'..='9').zip(digit_keys) {
            // AZERTY types digits with Shift.
            let level = if layout == "fr" {
                Level::Shift
            } else {
                Level::Base
            };
            table.push((digit, level, code));
        }
        for letter in 'a'..='z' {
            table.push((letter, Level::Base, letter_key(layout, letter)));
            table.push((
                letter.to_ascii_uppercase(),
                Level::Shift,
                letter_key(layout, letter),
            ));
        }
        for ch in CALIBRATION_GS1.chars().chain(CALIBRATION_PLAIN.chars()) {
            assert!(
                ch == '\u{1d}' || table.iter().any(|(known, _, _)| *known == ch),
                "{layout}: the hand-written table lacks {ch:?}"
            );
        }
        let mut decoder = HidDecoder::new(&config(layout, "", None)).unwrap();
        for (ch, level, code) in table {
            let mut events = vec![];
            press(&mut events, level, code);
            tap(&mut events, KEY_ENTER);
            assert_eq!(
                feed(&mut decoder, &events, 0),
                vec![ch.to_string()],
                "layout {layout}: {ch:?} as key {code}"
            );
        }
    }
}

/// CapsLock levels, hand-written: letters flip (and Shift flips them back), digits and
/// symbols do not; with libxkbcommon's Caps Lock transformation, a lower-case letter at the
/// base level of a non-letter key becomes upper case (fr é → É).
#[test]
fn hand_written_caps_lock_levels() {
    use Level::*;
    let cases: &[(&str, Level, u16, &str)] = &[
        ("us", Base, 21, "Y"),
        ("us", Shift, 21, "y"),
        ("us", Base, K1, "1"),
        ("us", Shift, K1, "!"),
        ("us", Base, LEFTBRACE, "["),
        ("us", Base, MINUS, "-"),
        ("de", Base, 21, "Z"),
        ("de", Shift, 44, "y"),
        ("de", Base, LEFTBRACE, "Ü"),
        ("de", Shift, LEFTBRACE, "ü"),
        ("de", Shift, K7, "/"),
        ("de", AltGr, 16, "@"),
        ("fr", Base, 16, "A"),
        ("fr", Shift, SEMICOLON, "m"),
        ("fr", Base, K2, "É"),
        ("fr", Shift, K2, "2"),
        ("fr", AltGr, K0, "@"),
        ("gb", Base, 17, "W"),
        ("gb", Shift, APOSTROPHE, "@"),
        ("es", Base, SEMICOLON, "Ñ"),
        ("es", AltGr, K2, "@"),
        ("it", Base, 50, "M"),
        ("it", Shift, K2, "\""),
    ];
    for (layout, level, code, expected) in cases {
        let mut decoder = HidDecoder::new(&config(layout, "", None)).unwrap();
        let mut events = vec![];
        tap(&mut events, 58); // CapsLock on
        press(&mut events, *level, *code);
        tap(&mut events, 58); // CapsLock off again
        press(&mut events, Level::Base, 30); // a/q: caps is off again
        tap(&mut events, KEY_ENTER);
        let after = if *layout == "fr" { "q" } else { "a" };
        assert_eq!(
            feed(&mut decoder, &events, 0),
            vec![format!("{expected}{after}")],
            "layout {layout}, CapsLock, key {code}"
        );
    }
}

#[test]
fn each_gs_form_only_when_enabled() {
    let ctrl = {
        let mut e = vec![];
        with_modifier(&mut e, KEY_LEFTCTRL, KEY_RIGHTBRACE);
        e
    };
    let alt = {
        let mut e = vec![(KEY_LEFTALT, 1)];
        for key in [82, 80, 73] {
            tap(&mut e, key);
        }
        e.push((KEY_LEFTALT, 0));
        e
    };
    let mapped = {
        let mut e = vec![];
        tap(&mut e, 66);
        e
    };
    let tilde = {
        let mut e = vec![];
        with_modifier(&mut e, KEY_LEFTSHIFT, 41);
        e
    };
    let forms: [(GsForm, &Vec<(u16, i32)>); 4] = [
        (GsForm::CtrlBracket, &ctrl),
        (GsForm::AltKeypad, &alt),
        (GsForm::MappedKey, &mapped),
        (GsForm::Substitute, &tilde),
    ];
    for (enabled, _) in &forms {
        let mut scanner = unchecked_config("us", "", Some(vec![*enabled]));
        scanner.gs_key = Some("KEY_F8".into());
        scanner.gs_substitute = Some("~".into());
        assert!(scanner.validate().is_empty(), "{:?}", scanner.validate());
        let mut decoder = HidDecoder::new(&scanner).unwrap();
        for (form, sequence) in &forms {
            let mut events = vec![];
            tap(&mut events, 30);
            events.extend_from_slice(sequence);
            tap(&mut events, 48);
            tap(&mut events, KEY_ENTER);
            let got = feed(&mut decoder, &events, 0);
            // A GS in a form that is not enabled is never silently removed: the scan is
            // delivered damaged (the station rejects it). A stand-in that is not enabled is
            // ordinary text.
            let expected: Vec<String> = if form == enabled {
                vec!["a<GS>b".into()]
            } else {
                match form {
                    GsForm::CtrlBracket | GsForm::AltKeypad => {
                        vec!["drop gs_form_disabled".into(), "ab (damaged)".into()]
                    }
                    GsForm::MappedKey => {
                        vec!["drop unmapped_key".into(), "ab (damaged)".into()]
                    }
                    _ => vec!["a~b".into()],
                }
            };
            assert_eq!(got, expected, "enabled {enabled:?}, typed {form:?}");
        }
    }
}

#[test]
fn modifiers_caps_lock_and_num_lock_are_tracked() {
    let mut decoder = HidDecoder::new(&config("us", "", None)).unwrap();
    let mut events = vec![];
    tap(&mut events, 58); // CapsLock on
    tap(&mut events, 30); // A
    with_modifier(&mut events, KEY_LEFTSHIFT, 30); // a
    tap(&mut events, 2); // 1 (not affected)
    tap(&mut events, 58); // CapsLock off
    tap(&mut events, 30); // a
    events.push((KEY_LEFTSHIFT, 1));
    events.push((KEY_LEFTSHIFT, 2)); // autorepeat of the modifier changes nothing
    tap(&mut events, 30); // A
    events.push((KEY_LEFTSHIFT, 0));
    tap(&mut events, 79); // keypad 1 with NumLock on
    tap(&mut events, 69); // NumLock off
    tap(&mut events, 79); // keypad End: no character
    tap(&mut events, KEY_ENTER);
    assert_eq!(
        feed(&mut decoder, &events, 0),
        vec!["drop unmapped_key", "Aa1aA1 (damaged)"]
    );
}

/// Issue 5 review: `10ABC<GS>21XYZ` typed with a GS form the station does not accept must
/// not arrive as lot `ABC21XYZ`: the scan carries a problem naming the lost GS and the
/// setting, which the station turns into a `malformed` rejection.
#[test]
fn lost_gs_is_named_with_the_setting_to_change() {
    let mut decoder = HidDecoder::new(&config("us", "", Some(vec![GsForm::AltKeypad]))).unwrap();
    let events = Layout::find("us", "")
        .unwrap()
        .keystrokes("]C110ABC\u{1d}21XYZ\r", GsForm::CtrlBracket)
        .unwrap();
    let mut out = Vec::new();
    for (index, (code, value)) in events.iter().enumerate() {
        decoder.feed(*code, *value, Duration::from_millis(index as u64), &mut out);
    }
    let problems = out
        .iter()
        .find_map(|item| match item {
            Framed::Scan {
                bytes, problems, ..
            } => {
                assert_eq!(bytes, b"10ABC21XYZ");
                Some(problems.clone())
            }
            _ => None,
        })
        .expect("the scan is delivered");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("GS separator typed as Ctrl+] was lost")
            && problems[0].contains("\"ctrl_bracket\""),
        "{problems:?}"
    );
}

/// Unplugging with Shift held (or a dead key / Alt number half typed) must not leak into the
/// first scan after the replug.
#[test]
fn keyboard_state_does_not_survive_a_reconnect() {
    use scanstation::input::hid::LedInfo;
    let mut decoder = HidDecoder::new(&config("de", "", None)).unwrap();
    let mut out = Vec::new();
    decoder.feed(KEY_LEFTSHIFT, 1, Duration::ZERO, &mut out);
    decoder.feed(41, 1, Duration::ZERO, &mut out); // dead key pending
    decoder.feed(KEY_LEFTALT, 1, Duration::ZERO, &mut out);
    decoder.feed(82, 1, Duration::ZERO, &mut out); // Alt number started
    decoder.flush(Duration::from_millis(1), &mut out);
    decoder.connected(LedInfo::default());
    let mut events = vec![];
    tap(&mut events, 30);
    tap(&mut events, KEY_ENTER);
    assert_eq!(feed(&mut decoder, &events, 1000), vec!["a"]);
    // The locks come from the LEDs when the device has them.
    decoder.connected(LedInfo {
        has_caps_lock_led: true,
        has_num_lock_led: true,
        caps_lock_on: Some(true),
        num_lock_on: Some(false),
    });
    let mut events = vec![];
    tap(&mut events, 30);
    tap(&mut events, 79); // keypad 1 with NumLock off: lost
    tap(&mut events, KEY_ENTER);
    assert_eq!(
        feed(&mut decoder, &events, 2000),
        vec!["drop unmapped_key", "A (damaged)"]
    );
}

/// SYN_DROPPED: the scan being typed lost key events, so it is delivered damaged.
#[test]
fn lost_events_damage_the_scan_in_progress() {
    let mut decoder = HidDecoder::new(&config("us", "", None)).unwrap();
    let mut events = vec![];
    tap(&mut events, 30);
    let mut out = Vec::new();
    for (code, value) in &events {
        decoder.feed(*code, *value, Duration::ZERO, &mut out);
    }
    decoder.events_lost(Duration::from_millis(1), &mut out);
    decoder.resync(|_| false);
    let mut events = vec![];
    tap(&mut events, 48);
    tap(&mut events, KEY_ENTER);
    for (code, value) in &events {
        decoder.feed(*code, *value, Duration::from_millis(2), &mut out);
    }
    assert_eq!(render(out), vec!["drop events_lost", "ab (damaged)"]);
}

#[test]
fn two_devices_interleaved_keep_their_own_state() {
    let mut first = HidDecoder::new(&config("us", "", None)).unwrap();
    let mut second = HidDecoder::new(&config("de", "", None)).unwrap();
    let first_events = Layout::find("us", "")
        .unwrap()
        .keystrokes("]C1ABC\u{1d}xyz\r", GsForm::CtrlBracket)
        .unwrap();
    let second_events = Layout::find("de", "")
        .unwrap()
        .keystrokes("lower@[yz]\r", GsForm::CtrlBracket)
        .unwrap();
    let mut out_first = Vec::new();
    let mut out_second = Vec::new();
    let longest = first_events.len().max(second_events.len());
    for index in 0..longest {
        let now = Duration::from_millis(index as u64);
        if let Some((code, value)) = first_events.get(index) {
            first.feed(*code, *value, now, &mut out_first);
        }
        if let Some((code, value)) = second_events.get(index) {
            second.feed(*code, *value, now, &mut out_second);
        }
    }
    assert_eq!(render(out_first), vec!["]C1ABC<GS>xyz"]);
    assert_eq!(render(out_second), vec!["lower@[yz]"]);
}

#[test]
fn enter_tab_and_eot_end_scans_and_fragments_are_dropped() {
    let mut decoder = HidDecoder::new(&config("us", "", None)).unwrap();
    let mut events = vec![];
    tap(&mut events, 30);
    tap(&mut events, KEY_TAB);
    tap(&mut events, 48);
    with_modifier(&mut events, KEY_LEFTCTRL, 32); // Ctrl+D = EOT
    tap(&mut events, 46);
    tap(&mut events, 96); // keypad Enter
    assert_eq!(feed(&mut decoder, &events, 0), vec!["a", "b", "c"]);
    // Typing that stops without Enter is a fragment once the inter-character timeout passes.
    let mut out = Vec::new();
    decoder.feed(30, 1, Duration::from_millis(1000), &mut out);
    decoder.feed(30, 0, Duration::from_millis(1001), &mut out);
    decoder.poll(Duration::from_millis(1200), &mut out);
    assert!(out.is_empty());
    decoder.poll(Duration::from_millis(1301), &mut out);
    assert!(
        matches!(
            &out[..],
            [Framed::Dropped {
                reason: DropReason::Fragment,
                ..
            }]
        ),
        "{out:?}"
    );
}

#[test]
fn example_config_is_valid() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/config/scanners.example.toml"
    ))
    .unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let tables = value["scanner"].as_array().unwrap();
    assert_eq!(tables.len(), 4);
    for table in tables {
        let config: ScannerConfig = table.clone().try_into().unwrap();
        assert!(
            config.validate().is_empty(),
            "{}: {:?}",
            config.id,
            config.validate()
        );
    }
}

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

fn render(out: Vec<Framed>) -> Vec<String> {
    out.into_iter()
        .map(|item| match item {
            Framed::Scan { symbology, bytes } => {
                format!(
                    "{}{}",
                    symbology.unwrap_or_default(),
                    String::from_utf8(bytes).unwrap().replace('\u{1d}', "<GS>")
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
            let expected: Vec<String> = if form == enabled {
                vec!["a<GS>b".into()]
            } else {
                match form {
                    GsForm::CtrlBracket | GsForm::AltKeypad => {
                        vec!["drop gs_form_disabled".into(), "ab".into()]
                    }
                    GsForm::MappedKey => vec!["drop unmapped_key".into(), "ab".into()],
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
        vec!["drop unmapped_key", "Aa1aA1"]
    );
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

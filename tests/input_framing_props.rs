//! Property tests for framing and key translation: arbitrary byte streams and key events,
//! with arbitrary timing, never panic and never produce a scan longer than `max_len`.

use std::time::Duration;

use proptest::prelude::*;
use scanstation::input::config::Terminator;
use scanstation::input::framing::{Encoding, Framed, Framer, FramingOptions};
use scanstation::input::hid::HidDecoder;
use scanstation::input::keymap::Layout;
use scanstation::input::{ScannerConfig, SourceKind};

fn terminator() -> impl Strategy<Value = Terminator> {
    prop_oneof![
        Just(Terminator::Cr),
        Just(Terminator::Lf),
        Just(Terminator::Crlf),
        Just(Terminator::Tab),
        Just(Terminator::Eot),
        Just(Terminator::None)
    ]
}

fn options() -> impl Strategy<Value = FramingOptions> {
    (
        terminator(),
        1usize..64,
        proptest::option::of(proptest::collection::vec(any::<u8>(), 1..4)),
        any::<bool>(),
        any::<bool>(),
        0u64..100,
        any::<bool>(),
    )
        .prop_map(
            |(terminator, max_len, substitute, latin1, aim, debounce, gs_byte)| FramingOptions {
                terminators: vec![terminator],
                idle_timeout: (terminator == Terminator::None).then(|| Duration::from_millis(20)),
                inter_char_timeout: (terminator != Terminator::None)
                    .then(|| Duration::from_millis(30)),
                max_len,
                strip_prefix: b"#".to_vec(),
                strip_suffix: b"!".to_vec(),
                aim,
                gs_byte,
                gs_substitutes: substitute.into_iter().collect(),
                debounce: Duration::from_millis(debounce),
                encoding: if latin1 {
                    Encoding::Latin1
                } else {
                    Encoding::Utf8
                },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn framing_never_panics_and_respects_max_len(
        options in options(),
        chunks in proptest::collection::vec((0u64..50, proptest::collection::vec(any::<u8>(), 0..80)), 0..20),
    ) {
        let max_len = options.max_len;
        let mut framer = Framer::new(options);
        let mut out = Vec::new();
        let mut now = 0u64;
        for (gap, bytes) in &chunks {
            now += gap;
            framer.push(bytes, Duration::from_millis(now), &mut out);
            framer.poll(Duration::from_millis(now), &mut out);
        }
        framer.flush(Duration::from_millis(now + 1000), &mut out);
        for item in &out {
            if let Framed::Scan { bytes, symbology, raw, problems } = item {
                prop_assert!(bytes.len() <= max_len, "scan of {} bytes, limit {}", bytes.len(), max_len);
                prop_assert!(raw.len() <= max_len);
                // A GS byte can only vanish from a scan by making it damaged.
                prop_assert!(problems.is_empty() || !bytes.is_empty());
                prop_assert!(!bytes.is_empty());
                prop_assert!(std::str::from_utf8(bytes).is_ok());
                prop_assert!(symbology.as_ref().is_none_or(|id| id.len() == 3));
            }
        }
        prop_assert!(!framer.is_pending());
    }

    #[test]
    fn key_events_never_panic(
        layout_index in 0usize..22,
        events in proptest::collection::vec((0u16..300, 0i32..3), 0..200),
    ) {
        let layout = &Layout::all()[layout_index % Layout::all().len()];
        let mut config = ScannerConfig::new("p", SourceKind::Hid);
        config.path = Some("/dev/null".into());
        config.layout = layout.name.into();
        config.variant = layout.variant.into();
        config.max_len = 32;
        let mut decoder = HidDecoder::new(&config).unwrap();
        let mut out = Vec::new();
        for (index, (code, value)) in events.iter().enumerate() {
            decoder.feed(*code, *value, Duration::from_millis(index as u64), &mut out);
        }
        for item in &out {
            if let Framed::Scan { bytes, .. } = item {
                prop_assert!(bytes.len() <= 32);
            }
        }
    }
}

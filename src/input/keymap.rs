//! Keyboard-wedge translation: evdev key events → characters, per device, per layout.
//!
//! **Decision: hand-held tables generated from libxkbcommon, not libxkbcommon at run time.**
//! libxkbcommon (crate `xkbcommon` 0.8, system library 1.5.0 + `xkb-data`) does build and
//! work here, and its answers are the reference: the tables in `keymaps/` are *generated* from
//! it (program and steps in `keymaps/README.md`), so every layout types exactly what a Linux
//! desktop types, including CapsLock rules (`é` → `É` on `fr`) and dead keys. We do not link it
//! at run time because (1) the station would then need `libxkbcommon` and `xkb-data` on every
//! Pi and `libxkbcommon-dev` for the arm64 target in every (cross) build, for the sake of the
//! ~50 keys a scanner actually presses; (2) the parts that matter most for scanners are not
//! xkb's business anyway: GS as Ctrl+], as Alt+0 2 9 on the keypad or as a mapped key, each
//! enabled per device, and AIM ids, so we need our own state machine around it; (3) the
//! tables are pure data, so translation is a pure function with per-device state (two scanners
//! never share modifiers), trivially testable with synthetic `(code, value)` events and fast
//! (well above the 1 M chars/s target, see `benches/input.rs`). Dead keys are modelled the way
//! scanners use them: a dead key followed by space (or a second dead key) types the spacing
//! character; composed accents are not needed for barcode data.
//!
//! Layouts: us (+intl), de (+nodeadkeys), fr (+nodeadkeys), gb (+extd), es (+nodeadkeys),
//! it (+nodeadkeys), ch (+fr), be, nl, pt, se, dk, no, fi, pl.

use super::config::GsForm;
use super::keymaps;

/// One key of a layout table (see `keymaps/mod.rs`).
#[derive(Debug, Clone, Copy)]
pub struct KeyEntry {
    pub code: u16,
    /// base, Shift, CapsLock, CapsLock+Shift, AltGr, AltGr+Shift.
    pub chars: [char; 6],
    /// Bit n: level n is a dead key.
    pub dead: u8,
}

/// A keyboard layout with its variant.
#[derive(Debug)]
pub struct Layout {
    pub name: &'static str,
    pub variant: &'static str,
    table: &'static [KeyEntry],
}

static LAYOUTS: &[Layout] = &[
    Layout {
        name: "us",
        variant: "",
        table: keymaps::US,
    },
    Layout {
        name: "us",
        variant: "intl",
        table: keymaps::US_INTL,
    },
    Layout {
        name: "de",
        variant: "",
        table: keymaps::DE,
    },
    Layout {
        name: "de",
        variant: "nodeadkeys",
        table: keymaps::DE_NODEADKEYS,
    },
    Layout {
        name: "fr",
        variant: "",
        table: keymaps::FR,
    },
    Layout {
        name: "fr",
        variant: "nodeadkeys",
        table: keymaps::FR_NODEADKEYS,
    },
    Layout {
        name: "gb",
        variant: "",
        table: keymaps::GB,
    },
    Layout {
        name: "gb",
        variant: "extd",
        table: keymaps::GB_EXTD,
    },
    Layout {
        name: "es",
        variant: "",
        table: keymaps::ES,
    },
    Layout {
        name: "es",
        variant: "nodeadkeys",
        table: keymaps::ES_NODEADKEYS,
    },
    Layout {
        name: "it",
        variant: "",
        table: keymaps::IT,
    },
    Layout {
        name: "it",
        variant: "nodeadkeys",
        table: keymaps::IT_NODEADKEYS,
    },
    Layout {
        name: "ch",
        variant: "",
        table: keymaps::CH,
    },
    Layout {
        name: "ch",
        variant: "fr",
        table: keymaps::CH_FR,
    },
    Layout {
        name: "be",
        variant: "",
        table: keymaps::BE,
    },
    Layout {
        name: "nl",
        variant: "",
        table: keymaps::NL,
    },
    Layout {
        name: "pt",
        variant: "",
        table: keymaps::PT,
    },
    Layout {
        name: "se",
        variant: "",
        table: keymaps::SE,
    },
    Layout {
        name: "dk",
        variant: "",
        table: keymaps::DK,
    },
    Layout {
        name: "no",
        variant: "",
        table: keymaps::NO,
    },
    Layout {
        name: "fi",
        variant: "",
        table: keymaps::FI,
    },
    Layout {
        name: "pl",
        variant: "",
        table: keymaps::PL,
    },
];

// evdev key codes (linux/input-event-codes.h).
pub const KEY_ESC: u16 = 1;
pub const KEY_BACKSPACE: u16 = 14;
pub const KEY_TAB: u16 = 15;
pub const KEY_ENTER: u16 = 28;
pub const KEY_LEFTCTRL: u16 = 29;
pub const KEY_D: u16 = 32;
pub const KEY_LEFTSHIFT: u16 = 42;
pub const KEY_RIGHTSHIFT: u16 = 54;
pub const KEY_LEFTALT: u16 = 56;
pub const KEY_SPACE: u16 = 57;
pub const KEY_CAPSLOCK: u16 = 58;
pub const KEY_NUMLOCK: u16 = 69;
pub const KEY_KPENTER: u16 = 96;
pub const KEY_RIGHTCTRL: u16 = 97;
pub const KEY_RIGHTALT: u16 = 100;
pub const KEY_RIGHTBRACE: u16 = 27;
pub const KEY_LEFTMETA: u16 = 125;
pub const KEY_RIGHTMETA: u16 = 126;
/// Keypad digit keys 0..9.
pub const KEYPAD_DIGITS: [u16; 10] = [82, 79, 80, 81, 75, 76, 77, 71, 72, 73];

/// The GS byte.
const GS: char = '\u{1d}';

impl Layout {
    /// The layout named `name` with `variant` (`""` for the basic one).
    pub fn find(name: &str, variant: &str) -> Option<&'static Layout> {
        let name = name.trim().to_ascii_lowercase();
        let variant = variant.trim().to_ascii_lowercase();
        LAYOUTS
            .iter()
            .find(|layout| layout.name == name && layout.variant == variant)
    }

    /// `us`, `us:intl`, ... for messages.
    pub fn names() -> Vec<String> {
        LAYOUTS.iter().map(|layout| layout.label()).collect()
    }

    pub fn all() -> &'static [Layout] {
        LAYOUTS
    }

    /// `de` or `de:nodeadkeys`.
    pub fn label(&self) -> String {
        if self.variant.is_empty() {
            self.name.to_owned()
        } else {
            format!("{}:{}", self.name, self.variant)
        }
    }

    /// The key events a keyboard configured for this layout sends to type `text`: Enter for
    /// CR, Tab for TAB, `gs_form` for GS, dead keys followed by space. `None` when a character
    /// cannot be typed on this layout.
    pub fn keystrokes(&self, text: &str, gs_form: GsForm) -> Option<Vec<(u16, i32)>> {
        let mut events = Vec::with_capacity(text.len() * 4);
        let tap = |events: &mut Vec<(u16, i32)>, code: u16| {
            events.push((code, 1));
            events.push((code, 0));
        };
        for ch in text.chars() {
            match ch {
                '\r' | '\n' => tap(&mut events, KEY_ENTER),
                '\t' => tap(&mut events, KEY_TAB),
                GS => match gs_form {
                    GsForm::AltKeypad => {
                        events.push((KEY_LEFTALT, 1));
                        for digit in [0, 2, 9] {
                            tap(&mut events, KEYPAD_DIGITS[digit]);
                        }
                        events.push((KEY_LEFTALT, 0));
                    }
                    _ => {
                        events.push((KEY_LEFTCTRL, 1));
                        tap(&mut events, KEY_RIGHTBRACE);
                        events.push((KEY_LEFTCTRL, 0));
                    }
                },
                '\u{4}' => {
                    events.push((KEY_LEFTCTRL, 1));
                    tap(&mut events, KEY_D);
                    events.push((KEY_LEFTCTRL, 0));
                }
                _ => {
                    let (entry, level) = self.find_char(ch)?;
                    let shift = level == 1 || level == 5;
                    let altgr = level >= 4;
                    if shift {
                        events.push((KEY_LEFTSHIFT, 1));
                    }
                    if altgr {
                        events.push((KEY_RIGHTALT, 1));
                    }
                    tap(&mut events, entry.code);
                    if altgr {
                        events.push((KEY_RIGHTALT, 0));
                    }
                    if shift {
                        events.push((KEY_LEFTSHIFT, 0));
                    }
                    if entry.dead & (1 << level) != 0 {
                        tap(&mut events, KEY_SPACE);
                    }
                }
            }
        }
        Some(events)
    }

    /// The key and level (0, 1, 4, 5: no CapsLock) that types `ch`, preferring main-block
    /// keys over the keypad and lower levels.
    pub fn find_char(&self, ch: char) -> Option<(&'static KeyEntry, usize)> {
        for level in [0, 1, 4, 5] {
            for entry in self.table {
                if is_keypad(entry.code) {
                    continue;
                }
                if entry.chars[level] == ch {
                    return Some((entry, level));
                }
            }
        }
        None
    }
}

fn is_keypad(code: u16) -> bool {
    matches!(code, 55 | 71..=83 | 96 | 98 | 121)
}

/// What one key event produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOutput {
    /// A character, including control characters: `\r` (Enter), `\t` (Tab), `\u{4}` (Ctrl+D),
    /// `\u{1d}` (GS, in one of the enabled forms).
    Char(char),
    /// A GS arrived in a form that is not enabled for this device; nothing was typed.
    GsDisabled(GsForm),
    /// A key without a character on this layout (or a keypad key with NumLock off).
    Unmapped(u16),
}

/// Which GS forms a keyboard accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyboardGs {
    pub ctrl_bracket: bool,
    pub alt_keypad: bool,
    /// The key code of the `mapped_key` form.
    pub mapped_key: Option<u16>,
}

impl KeyboardGs {
    pub fn from_forms(forms: &[GsForm], mapped_key: Option<u16>) -> KeyboardGs {
        KeyboardGs {
            ctrl_bracket: forms.contains(&GsForm::CtrlBracket),
            alt_keypad: forms.contains(&GsForm::AltKeypad),
            mapped_key: if forms.contains(&GsForm::MappedKey) {
                mapped_key
            } else {
                None
            },
        }
    }
}

/// The keyboard state of one device: modifiers, locks, a pending dead key and an Alt+keypad
/// number being typed.
#[derive(Debug, Clone)]
pub struct Keyboard {
    layout: &'static Layout,
    /// Key code → index into the layout table (`u8::MAX` = none).
    index: Box<[u8; 256]>,
    gs: KeyboardGs,
    shift_left: bool,
    shift_right: bool,
    ctrl_left: bool,
    ctrl_right: bool,
    alt_left: bool,
    alt_right: bool,
    caps_lock: bool,
    num_lock: bool,
    pending_dead: Option<char>,
    alt_number: Option<u32>,
}

impl Keyboard {
    pub fn new(layout: &'static Layout, gs: KeyboardGs, num_lock: bool) -> Keyboard {
        let mut index = Box::new([u8::MAX; 256]);
        for (position, entry) in layout.table.iter().enumerate() {
            if let (Some(slot), Ok(position)) = (
                index.get_mut(usize::from(entry.code)),
                u8::try_from(position),
            ) {
                if *slot == u8::MAX {
                    *slot = position;
                }
            }
        }
        Keyboard {
            layout,
            index,
            gs,
            shift_left: false,
            shift_right: false,
            ctrl_left: false,
            ctrl_right: false,
            alt_left: false,
            alt_right: false,
            caps_lock: false,
            num_lock,
            pending_dead: None,
            alt_number: None,
        }
    }

    pub fn layout(&self) -> &'static Layout {
        self.layout
    }

    pub fn caps_lock(&self) -> bool {
        self.caps_lock
    }

    pub fn num_lock(&self) -> bool {
        self.num_lock
    }

    /// Sets the lock states (e.g. from the device's LEDs when it is opened).
    pub fn set_locks(&mut self, caps_lock: bool, num_lock: bool) {
        self.caps_lock = caps_lock;
        self.num_lock = num_lock;
    }

    /// Forgets every held modifier, a pending dead key and a half-typed Alt number. Called
    /// when a device is (re)opened: a Shift held when the cable was pulled must not turn the
    /// first scan after the replug into upper case. Lock states are set separately
    /// ([`Keyboard::set_locks`]).
    pub fn reset(&mut self) {
        self.shift_left = false;
        self.shift_right = false;
        self.ctrl_left = false;
        self.ctrl_right = false;
        self.alt_left = false;
        self.alt_right = false;
        self.pending_dead = None;
        self.alt_number = None;
    }

    /// After key events were lost (`SYN_DROPPED`): forgets what was half typed and takes the
    /// held modifiers from the device's key state (`is_down(code)`, from `EVIOCGKEY`).
    pub fn resync(&mut self, is_down: impl Fn(u16) -> bool) {
        self.reset();
        self.shift_left = is_down(KEY_LEFTSHIFT);
        self.shift_right = is_down(KEY_RIGHTSHIFT);
        self.ctrl_left = is_down(KEY_LEFTCTRL);
        self.ctrl_right = is_down(KEY_RIGHTCTRL);
        self.alt_left = is_down(KEY_LEFTALT);
        self.alt_right = is_down(KEY_RIGHTALT);
    }

    /// True when any modifier is held or something is half typed (for tests and logs).
    pub fn is_mid_sequence(&self) -> bool {
        self.shift_left
            || self.shift_right
            || self.ctrl_left
            || self.ctrl_right
            || self.alt_left
            || self.alt_right
            || self.pending_dead.is_some()
            || self.alt_number.is_some()
    }

    /// Translates one key event (`value` 1 = press, 0 = release, 2 = autorepeat, ignored).
    #[inline]
    pub fn feed(&mut self, code: u16, value: i32, out: &mut Vec<KeyOutput>) {
        let pressed = match value {
            1 => true,
            0 => false,
            _ => return,
        };
        match code {
            KEY_LEFTSHIFT => self.shift_left = pressed,
            KEY_RIGHTSHIFT => self.shift_right = pressed,
            KEY_LEFTCTRL => self.ctrl_left = pressed,
            KEY_RIGHTCTRL => self.ctrl_right = pressed,
            KEY_LEFTALT | KEY_RIGHTALT => {
                if code == KEY_LEFTALT {
                    self.alt_left = pressed;
                } else {
                    self.alt_right = pressed;
                }
                if !pressed && !self.alt_left && !self.alt_right {
                    self.finish_alt_number(out);
                }
            }
            KEY_CAPSLOCK if pressed => self.caps_lock = !self.caps_lock,
            KEY_NUMLOCK if pressed => self.num_lock = !self.num_lock,
            KEY_CAPSLOCK | KEY_NUMLOCK | KEY_LEFTMETA | KEY_RIGHTMETA => {}
            _ if pressed => self.press(code, out),
            _ => {}
        }
    }

    fn press(&mut self, code: u16, out: &mut Vec<KeyOutput>) {
        if Some(code) == self.gs.mapped_key {
            self.emit(GS, out);
            return;
        }
        if self.alt_left || self.alt_right {
            if let Some(digit) = KEYPAD_DIGITS.iter().position(|&key| key == code) {
                let digit = u32::try_from(digit).unwrap_or(0);
                let number = self.alt_number.unwrap_or(0);
                self.alt_number = Some(
                    number
                        .saturating_mul(10)
                        .saturating_add(digit)
                        .min(0x10_FFFF),
                );
                return;
            }
        }
        match code {
            KEY_ENTER | KEY_KPENTER => return self.emit('\r', out),
            KEY_TAB => return self.emit('\t', out),
            KEY_ESC => return self.emit('\u{1b}', out),
            KEY_BACKSPACE => return self.emit('\u{8}', out),
            _ => {}
        }
        let Some(entry) = self.entry(code) else {
            if self.ctrl_left || self.ctrl_right {
                return;
            }
            out.push(KeyOutput::Unmapped(code));
            return;
        };
        let level = self.level();
        if self.ctrl_left || self.ctrl_right {
            // Ctrl+] (by character, or by the US key position as Windows does) is GS; other
            // Ctrl+letter combinations are the ASCII control characters (Ctrl+D = EOT).
            let base = entry.chars[if self.alt_right { level } else { level.min(1) }];
            let ch = if base == '\0' { entry.chars[0] } else { base };
            if ch == ']' || (code == KEY_RIGHTBRACE && !self.alt_right) {
                if self.gs.ctrl_bracket {
                    self.emit(GS, out);
                } else {
                    out.push(KeyOutput::GsDisabled(GsForm::CtrlBracket));
                }
                return;
            }
            let upper = ch.to_ascii_uppercase();
            if ('@'..='_').contains(&upper) {
                self.emit(char::from(upper as u8 & 0x1F), out);
            }
            return;
        }
        if is_keypad(code) && !self.num_lock {
            out.push(KeyOutput::Unmapped(code));
            return;
        }
        let ch = entry.chars[level];
        if ch == '\0' {
            out.push(KeyOutput::Unmapped(code));
            return;
        }
        if entry.dead & (1 << level) != 0 {
            match self.pending_dead.take() {
                Some(previous) if previous == ch => out.push(KeyOutput::Char(ch)),
                Some(previous) => {
                    out.push(KeyOutput::Char(previous));
                    self.pending_dead = Some(ch);
                }
                None => self.pending_dead = Some(ch),
            }
            return;
        }
        if let Some(dead) = self.pending_dead.take() {
            out.push(KeyOutput::Char(dead));
            if ch == ' ' {
                return;
            }
        }
        out.push(KeyOutput::Char(ch));
    }

    fn finish_alt_number(&mut self, out: &mut Vec<KeyOutput>) {
        let Some(number) = self.alt_number.take() else {
            return;
        };
        if number == 29 {
            if self.gs.alt_keypad {
                self.emit(GS, out);
            } else {
                out.push(KeyOutput::GsDisabled(GsForm::AltKeypad));
            }
            return;
        }
        // Alt codes below 256 are read as Latin-1 (Alt+0nnn on Windows; the CP437 meaning of
        // Alt+nnn above 127 is not used by scanners), larger ones as Unicode code points.
        if let Some(ch) = char::from_u32(number) {
            self.emit(ch, out);
        }
    }

    fn emit(&mut self, ch: char, out: &mut Vec<KeyOutput>) {
        if let Some(dead) = self.pending_dead.take() {
            out.push(KeyOutput::Char(dead));
        }
        out.push(KeyOutput::Char(ch));
    }

    #[inline]
    fn entry(&self, code: u16) -> Option<&'static KeyEntry> {
        let position = *self.index.get(usize::from(code))?;
        self.layout.table.get(usize::from(position))
    }

    #[inline]
    fn level(&self) -> usize {
        let shift = self.shift_left || self.shift_right;
        match (self.alt_right, self.caps_lock, shift) {
            (true, _, false) => 4,
            (true, _, true) => 5,
            (false, false, false) => 0,
            (false, false, true) => 1,
            (false, true, false) => 2,
            (false, true, true) => 3,
        }
    }
}

/// Translates a whole event sequence into text (GS as 0x1D); disabled forms and unmapped keys
/// are skipped. For tests, benchmarks and `calibrate`.
pub fn type_text(keyboard: &mut Keyboard, events: &[(u16, i32)]) -> String {
    let mut out = Vec::new();
    for &(code, value) in events {
        keyboard.feed(code, value, &mut out);
    }
    out.into_iter()
        .filter_map(|item| match item {
            KeyOutput::Char(ch) => Some(ch),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyboard(name: &str, variant: &str) -> Keyboard {
        let layout = Layout::find(name, variant).unwrap();
        Keyboard::new(
            layout,
            KeyboardGs {
                ctrl_bracket: true,
                alt_keypad: true,
                mapped_key: Some(66),
            },
            true,
        )
    }

    #[test]
    fn every_layout_round_trips_the_scanner_alphabet() {
        // GS1 CSET 82 plus what plain codes commonly carry.
        let text =
            "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        for layout in Layout::all() {
            let events = layout
                .keystrokes(text, GsForm::CtrlBracket)
                .unwrap_or_else(|| panic!("{}", layout.label()));
            let mut board = Keyboard::new(layout, KeyboardGs::default(), true);
            assert_eq!(
                type_text(&mut board, &events),
                text,
                "layout {}",
                layout.label()
            );
        }
    }

    #[test]
    fn same_keys_differ_between_layouts() {
        // What a scanner set to `us` sends for "yz@[" typed on other layouts.
        let events = Layout::find("us", "")
            .unwrap()
            .keystrokes("yz@[", GsForm::CtrlBracket)
            .unwrap();
        for (name, expected) in [
            ("us", "yz@["),
            ("de", "zy\"ü"),
            ("fr", "yw2"),
            ("gb", "yz\"["),
            ("es", "yz\""),
            ("it", "yz\"è"),
        ] {
            let mut board = keyboard(name, "");
            assert_eq!(type_text(&mut board, &events), expected, "layout {name}");
        }
    }

    #[test]
    fn caps_lock_inverts_letters_only() {
        let mut board = keyboard("us", "");
        let events = [
            (KEY_CAPSLOCK, 1),
            (KEY_CAPSLOCK, 0),
            (30, 1),
            (30, 0),
            (2, 1),
            (2, 0),
            (KEY_LEFTSHIFT, 1),
            (30, 1),
            (30, 0),
            (KEY_LEFTSHIFT, 0),
        ];
        assert_eq!(type_text(&mut board, &events), "A1a");
        assert!(board.caps_lock());
    }

    #[test]
    fn altgr_levels() {
        let mut board = keyboard("de", "");
        // AltGr+Q = @, AltGr+8 = [, AltGr+9 = ], AltGr+< = |.
        let events = [
            (KEY_RIGHTALT, 1),
            (16, 1),
            (16, 0),
            (9, 1),
            (9, 0),
            (10, 1),
            (10, 0),
            (86, 1),
            (86, 0),
            (KEY_RIGHTALT, 0),
        ];
        assert_eq!(type_text(&mut board, &events), "@[]|");
    }

    #[test]
    fn numlock_controls_the_keypad() {
        let mut board = keyboard("us", "");
        assert_eq!(type_text(&mut board, &[(79, 1), (79, 0)]), "1");
        let mut out = Vec::new();
        board.feed(KEY_NUMLOCK, 1, &mut out);
        board.feed(79, 1, &mut out);
        assert_eq!(out, vec![KeyOutput::Unmapped(79)]);
    }

    #[test]
    fn gs_forms() {
        let mut board = keyboard("us", "");
        let ctrl = [
            (KEY_LEFTCTRL, 1),
            (KEY_RIGHTBRACE, 1),
            (KEY_RIGHTBRACE, 0),
            (KEY_LEFTCTRL, 0),
        ];
        assert_eq!(type_text(&mut board, &ctrl), "\u{1d}");
        let alt = [
            (KEY_LEFTALT, 1),
            (82, 1),
            (82, 0),
            (80, 1),
            (80, 0),
            (73, 1),
            (73, 0),
            (KEY_LEFTALT, 0),
        ];
        assert_eq!(type_text(&mut board, &alt), "\u{1d}");
        assert_eq!(type_text(&mut board, &[(66, 1), (66, 0)]), "\u{1d}");
        let mut disabled =
            Keyboard::new(Layout::find("us", "").unwrap(), KeyboardGs::default(), true);
        let mut out = Vec::new();
        for (code, value) in ctrl.iter().chain(alt.iter()) {
            disabled.feed(*code, *value, &mut out);
        }
        assert_eq!(
            out,
            vec![
                KeyOutput::GsDisabled(GsForm::CtrlBracket),
                KeyOutput::GsDisabled(GsForm::AltKeypad)
            ]
        );
    }

    #[test]
    fn ctrl_bracket_on_german_layout() {
        // By character (Ctrl+AltGr+9) and by US position (Ctrl + the key right of Ü).
        let mut board = keyboard("de", "");
        let by_char = [
            (KEY_LEFTCTRL, 1),
            (KEY_RIGHTALT, 1),
            (10, 1),
            (10, 0),
            (KEY_RIGHTALT, 0),
            (KEY_LEFTCTRL, 0),
        ];
        assert_eq!(type_text(&mut board, &by_char), "\u{1d}");
        let by_position = [
            (KEY_LEFTCTRL, 1),
            (KEY_RIGHTBRACE, 1),
            (KEY_RIGHTBRACE, 0),
            (KEY_LEFTCTRL, 0),
        ];
        assert_eq!(type_text(&mut board, &by_position), "\u{1d}");
    }

    #[test]
    fn dead_keys_type_their_spacing_character() {
        let mut board = keyboard("de", "");
        // ^ then space = "^"; ^ ^ = "^"; ^ then a = "^a".
        let events = [
            (41, 1),
            (41, 0),
            (KEY_SPACE, 1),
            (KEY_SPACE, 0),
            (41, 1),
            (41, 0),
            (41, 1),
            (41, 0),
            (41, 1),
            (41, 0),
            (30, 1),
            (30, 0),
        ];
        assert_eq!(type_text(&mut board, &events), "^^^a");
        let mut nodead = keyboard("de", "nodeadkeys");
        assert_eq!(type_text(&mut nodead, &[(41, 1), (41, 0)]), "^");
    }

    #[test]
    fn autorepeat_is_ignored_and_enter_tab_end() {
        let mut board = keyboard("us", "");
        let events = [
            (30, 1),
            (30, 2),
            (30, 2),
            (30, 0),
            (KEY_ENTER, 1),
            (KEY_TAB, 1),
            (KEY_LEFTCTRL, 1),
            (KEY_D, 1),
        ];
        assert_eq!(type_text(&mut board, &events), "a\r\t\u{4}");
    }

    #[test]
    fn reset_and_resync_forget_held_keys() {
        let mut board = keyboard("de", "");
        let mut out = Vec::new();
        board.feed(KEY_LEFTSHIFT, 1, &mut out);
        board.feed(41, 1, &mut out); // dead key pending
        board.feed(KEY_LEFTALT, 1, &mut out);
        board.feed(82, 1, &mut out); // Alt number started
        assert!(board.is_mid_sequence());
        board.reset();
        assert!(!board.is_mid_sequence());
        assert_eq!(type_text(&mut board, &[(30, 1), (30, 0)]), "a");
        // Resync takes held modifiers from the device's key state.
        board.resync(|code| code == KEY_RIGHTSHIFT);
        assert_eq!(type_text(&mut board, &[(30, 1), (30, 0)]), "A");
        board.resync(|_| false);
        assert_eq!(type_text(&mut board, &[(30, 1), (30, 0)]), "a");
    }

    #[test]
    fn two_keyboards_keep_their_own_modifiers() {
        let mut first = keyboard("us", "");
        let mut second = keyboard("us", "");
        let mut out_first = Vec::new();
        let mut out_second = Vec::new();
        first.feed(KEY_LEFTSHIFT, 1, &mut out_first);
        second.feed(30, 1, &mut out_second);
        first.feed(30, 1, &mut out_first);
        assert_eq!(out_first, vec![KeyOutput::Char('A')]);
        assert_eq!(out_second, vec![KeyOutput::Char('a')]);
    }
}

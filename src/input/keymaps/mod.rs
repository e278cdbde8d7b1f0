//! Keyboard layout tables (generated data; see the `//!` header of `keymap.rs` for why tables
//! and `keymaps/README.md` for the generator). Each entry gives, for one evdev key code, the
//! character at six levels: base, Shift, CapsLock, CapsLock+Shift, AltGr, AltGr+Shift
//! (keypad keys with NumLock on); `dead` has bit `n` set when level `n` is a dead key, shown
//! here as its spacing character. `'\0'` means the level produces no character.

// Generated from libxkbcommon 1.5.0 / xkeyboard-config 2.35.1 (Debian 12) by the program in
// keymaps/README.md; do not edit by hand.

use super::keymap::KeyEntry;

pub(super) const US: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['`', '~', '`', '~', '`', '~'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '1', '!'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '@', '2', '@', '2', '@'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '3', '#'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '4', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '5', '%'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '^', '6', '^', '6', '^'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '&', '7', '&', '7', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '*', '8', '*', '8', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', '(', '9', '(', '9', '('],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', ')', '0', ')', '0', ')'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['-', '_', '-', '_', '-', '_'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['=', '+', '=', '+', '=', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', 'q', 'Q'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'w', 'W'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', 'e', 'E'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', 'r', 'R'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 't', 'T'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', 'y', 'Y'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', 'u', 'U'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', 'i', 'I'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'o', 'O'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'p', 'P'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['[', '{', '[', '{', '[', '{'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 27,
        chars: [']', '}', ']', '}', ']', '}'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'a', 'A'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 's', 'S'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'd', 'D'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'f', 'F'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'g', 'G'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'h', 'H'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', 'j', 'J'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'k', 'K'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'l', 'L'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: [';', ':', ';', ':', ';', ':'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['\'', '"', '\'', '"', '\'', '"'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 43,
        chars: ['\\', '|', '\\', '|', '\\', '|'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', 'z', 'Z'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', 'x', 'X'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', 'c', 'C'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', 'v', 'V'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', 'b', 'B'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', 'n', 'N'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'm', 'M'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', '<', ',', '<', ',', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', '>', '.', '>', '.', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['/', '?', '/', '?', '/', '?'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const US_INTL: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['`', '~', '`', '~', '`', '~'],
        dead: 0b001111,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¡', '¹'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '@', '2', '@', '²', '˝'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '³', '¯'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '¤', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '€', '¸'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '^', '6', '^', '¼', '^'],
        dead: 0b001010,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '&', '7', '&', '½', '\u{31b}'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '*', '8', '*', '¾', '˛'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', '(', '9', '(', '‘', '˘'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', ')', '0', ')', '’', '°'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 12,
        chars: ['-', '_', '-', '_', '¥', '\u{323}'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 13,
        chars: ['=', '+', '=', '+', '×', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', 'ä', 'Ä'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'å', 'Å'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', 'é', 'É'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '®', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', 'ü', 'Ü'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', 'ú', 'Ú'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', 'í', 'Í'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ó', 'Ó'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'ö', 'Ö'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['[', '{', '[', '{', '«', '“'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 27,
        chars: [']', '}', ']', '}', '»', '”'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'á', 'Á'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'f', 'F'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'g', 'G'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'h', 'H'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', 'j', 'J'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: [';', ':', ';', ':', '¶', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['´', '¨', '´', '¨', '\'', '"'],
        dead: 0b001111,
    },
    KeyEntry {
        code: 43,
        chars: ['\\', '|', '\\', '|', '¬', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 86,
        chars: ['\\', '|', '\\', '|', '\\', '|'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', 'x', 'X'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '©', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', 'v', 'V'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', 'b', 'B'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', 'ñ', 'Ñ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'µ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', '<', ',', '<', 'ç', 'Ç'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', '>', '.', '>', '˙', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 53,
        chars: ['/', '?', '/', '?', '¿', '\u{309}'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const DE: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['^', '°', '^', '°', '′', '″'],
        dead: 0b000101,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '²', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '§', '3', '§', '³', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '¼', '¤'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['ß', '?', 'ẞ', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['´', '`', '´', '`', '¸', '˛'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '€'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['z', 'Z', 'Z', 'z', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['ü', 'Ü', 'Ü', 'ü', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: ['+', '*', '+', '*', '~', '¯'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ſ', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ö', 'Ö', 'Ö', 'ö', '˝', '\u{323}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['ä', 'Ä', 'Ä', 'ä', '^', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['#', '\'', '#', '\'', '’', '˘'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['y', 'Y', 'Y', 'y', '»', '›'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '«', '‹'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '·', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '…', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '–', '—'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: [',', '\0', ',', '\0', ',', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const DE_NODEADKEYS: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['^', '°', '^', '°', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '²', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '§', '3', '§', '³', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '¼', '¤'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['ß', '?', 'ẞ', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['´', '`', '´', '`', '¸', '¸'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '€'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['z', 'Z', 'Z', 'z', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['ü', 'Ü', 'Ü', 'ü', '¨', '¨'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 27,
        chars: ['+', '*', '+', '*', '~', '¯'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ſ', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ö', 'Ö', 'Ö', 'ö', '˝', '˝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['ä', 'Ä', 'Ä', 'ä', '^', '^'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 43,
        chars: ['#', '\'', '#', '\'', '’', '`'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['y', 'Y', 'Y', 'y', '»', '›'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '«', '‹'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '·', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '…', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '–', '—'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: [',', '\0', ',', '\0', ',', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const FR: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['²', '~', '²', '~', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['&', '1', '&', '1', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['é', '2', 'É', '2', '~', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['"', '3', '"', '3', '#', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['\'', '4', '\'', '4', '{', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['(', '5', '(', '5', '[', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['-', '6', '-', '6', '|', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['è', '7', 'È', '7', '`', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['_', '8', '_', '8', '\\', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['ç', '9', 'Ç', '9', '^', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['à', '0', 'À', '0', '@', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: [')', '°', ')', '°', ']', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['=', '+', '=', '+', '}', '˛'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 16,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['^', '¨', '^', '¨', '¨', '°'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 27,
        chars: ['$', '£', '$', '£', '¤', '¯'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 30,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['ù', '%', 'Ù', '%', '^', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['*', 'µ', '*', '\0', '`', '˘'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['w', 'W', 'W', 'w', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: [',', '?', ',', '?', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 51,
        chars: [';', '.', ';', '.', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: [':', '/', ':', '/', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['!', '§', '!', '§', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const FR_NODEADKEYS: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['²', '~', '²', '~', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['&', '1', '&', '1', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['é', '2', 'É', '2', '~', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['"', '3', '"', '3', '#', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['\'', '4', '\'', '4', '{', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['(', '5', '(', '5', '[', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['-', '6', '-', '6', '|', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['è', '7', 'È', '7', '`', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['_', '8', '_', '8', '\\', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['ç', '9', 'Ç', '9', '^', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['à', '0', 'À', '0', '@', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: [')', '°', ')', '°', ']', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['=', '+', '=', '+', '}', '˛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 16,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['^', '¨', '^', '¨', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: ['$', '£', '$', '£', '¤', '¯'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['ù', '%', 'Ù', '%', '^', 'ˇ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 43,
        chars: ['*', 'µ', '*', '\0', '`', '˘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['w', 'W', 'W', 'w', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: [',', '?', ',', '?', '´', '˝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [';', '.', ';', '.', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: [':', '/', ':', '/', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['!', '§', '!', '§', '\u{323}', '˙'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const GB: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['`', '¬', '`', '¬', '|', '|'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '²', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '£', '3', '£', '³', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '€', '¼'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '^', '6', '^', '¾', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '&', '7', '&', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '*', '8', '*', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', '(', '9', '(', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', ')', '0', ')', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['-', '_', '-', '_', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['=', '+', '=', '+', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', 'e', 'E'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['[', '{', '[', '{', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: [']', '}', ']', '}', '~', '¯'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: [';', ':', ';', ':', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['\'', '@', '\'', '@', '^', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['#', '~', '#', '~', '`', '˘'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 86,
        chars: ['\\', '|', '\\', '|', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', '<', ',', '<', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', '>', '.', '>', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['/', '?', '/', '?', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const GB_EXTD: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['`', '¬', '`', '¬', '¦', '¬'],
        dead: 0b000101,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '¨', '½'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '£', '3', '£', '³', '⅓'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '€', '¼'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '^', '6', '^', '^', '⅝'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '&', '7', '&', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '*', '8', '*', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', '(', '9', '(', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', ')', '0', ')', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['-', '_', '-', '_', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['=', '+', '=', '+', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ẃ', 'Ẃ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', 'é', 'É'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', 'ý', 'Ý'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', 'ú', 'Ú'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', 'í', 'Í'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ó', 'Ó'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['[', '{', '[', '{', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: [']', '}', ']', '}', '~', '|'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'á', 'Á'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: [';', ':', ';', ':', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['\'', '@', '\'', '@', '´', '`'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 43,
        chars: ['#', '~', '#', '~', '~', '\\'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 86,
        chars: ['\\', '|', '\\', '|', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', 'ç', 'Ç'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', '<', ',', '<', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', '>', '.', '>', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['/', '?', '/', '?', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const ES: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['º', 'ª', 'º', 'ª', '\\', '\\'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '|', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '·', '3', '·', '#', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '~', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['\'', '?', '\'', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['¡', '¿', '¡', '¿', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['`', '^', '`', '^', '[', '°'],
        dead: 0b101111,
    },
    KeyEntry {
        code: 27,
        chars: ['+', '*', '+', '*', ']', '¯'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ñ', 'Ñ', 'Ñ', 'ñ', '~', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['´', '¨', '´', '¨', '{', 'ˇ'],
        dead: 0b101111,
    },
    KeyEntry {
        code: 43,
        chars: ['ç', 'Ç', 'Ç', 'ç', '}', '˘'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const ES_NODEADKEYS: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['º', 'ª', 'º', 'ª', '\\', '\\'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '|', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '·', '3', '·', '#', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '~', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['\'', '?', '\'', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['¡', '¿', '¡', '¿', '¸', '˛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['`', '^', '`', '^', '[', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 27,
        chars: ['+', '*', '+', '*', ']', '¯'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ñ', 'Ñ', 'Ñ', 'ñ', '~', '˝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['´', '¨', '´', '¨', '{', 'ˇ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 43,
        chars: ['ç', 'Ç', 'Ç', 'ç', '}', '˘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '\u{323}', '˙'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const IT: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['\\', '|', '\\', '|', '¬', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '²', '˝'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '£', '3', '£', '³', '~'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '¼', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '˛'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 12,
        chars: ['\'', '?', '\'', '?', '`', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['ì', '^', 'Ì', '^', '~', '^'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['è', 'é', 'È', 'É', '[', '{'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 27,
        chars: ['+', '*', '+', '*', ']', '}'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ò', 'ç', 'Ò', 'Ç', '@', '¸'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 40,
        chars: ['à', '°', 'À', '°', '#', '°'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 43,
        chars: ['ù', '§', 'Ù', '§', '`', '˘'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '«', '»'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', 'ñ', 'Ñ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '´', '×'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '¨'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '¯', '÷'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const IT_NODEADKEYS: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['\\', '|', '\\', '|', '¬', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '²', '˝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '£', '3', '£', '³', '~'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '¼', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '˛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['\'', '?', '\'', '?', '`', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['ì', '^', 'Ì', '^', '~', '^'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['è', 'é', 'È', 'É', '[', '{'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 27,
        chars: ['+', '*', '+', '*', ']', '}'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ò', 'ç', 'Ò', 'Ç', '@', '¸'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['à', '°', 'À', '°', '#', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 43,
        chars: ['ù', '§', 'Ù', '§', '`', '˘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '«', '»'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', 'ñ', 'Ñ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '´', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '¨'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '¯', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const CH: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['§', '°', '§', '°', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '+', '1', '+', '|', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '*', '3', '*', '#', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', 'ç', '4', 'Ç', '¼', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '|', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '¢', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['\'', '?', '\'', '?', '´', '¿'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 13,
        chars: ['^', '`', '^', '`', '~', '˛'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', 'E'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['z', 'Z', 'Z', 'z', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['ü', 'è', 'Ü', 'È', '[', '°'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 27,
        chars: ['¨', '!', '¨', '!', ']', '¯'],
        dead: 0b100101,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ö', 'é', 'Ö', 'É', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['ä', 'à', 'Ä', 'À', '{', 'ˇ'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 43,
        chars: ['$', '£', '$', '£', '}', '˘'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '\\', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['y', 'Y', 'Y', 'y', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const CH_FR: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['§', '°', '§', '°', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '+', '1', '+', '|', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '*', '3', '*', '#', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', 'ç', '4', 'Ç', '¼', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '|', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '¢', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['\'', '?', '\'', '?', '´', '¿'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 13,
        chars: ['^', '`', '^', '`', '~', '˛'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', 'E'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['z', 'Z', 'Z', 'z', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['è', 'ü', 'È', 'Ü', '[', '°'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 27,
        chars: ['¨', '!', '¨', '!', ']', '¯'],
        dead: 0b100101,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['é', 'ö', 'É', 'Ö', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['à', 'ä', 'À', 'Ä', '{', 'ˇ'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 43,
        chars: ['$', '£', '$', '£', '}', '˘'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '\\', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['y', 'Y', 'Y', 'y', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const BE: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['²', '³', '²', '³', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['&', '1', '&', '1', '|', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['é', '2', 'É', '2', '@', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['"', '3', '"', '3', '#', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['\'', '4', '\'', '4', '¼', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['(', '5', '(', '5', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['§', '6', '§', '6', '^', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['è', '7', 'È', '7', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['!', '8', '!', '8', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['ç', '9', 'Ç', '9', '{', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['à', '0', 'À', '0', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: [')', '°', ')', '°', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['-', '_', '-', '_', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 16,
        chars: ['a', 'A', 'A', 'a', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['z', 'Z', 'Z', 'z', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['^', '¨', '^', '¨', '[', '°'],
        dead: 0b101111,
    },
    KeyEntry {
        code: 27,
        chars: ['$', '*', '$', '*', ']', '¯'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 30,
        chars: ['q', 'Q', 'Q', 'q', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['m', 'M', 'M', 'm', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['ù', '%', 'Ù', '%', '´', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['µ', '£', '\0', '£', '`', '˘'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '\\', '\\'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['w', 'W', 'W', 'w', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: [',', '?', ',', '?', '¸', 'º'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 51,
        chars: [';', '.', ';', '.', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: [':', '/', ':', '/', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['=', '+', '=', '+', '~', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const NL: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['@', '§', '@', '§', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '²', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '³', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '¼', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¾', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '_', '7', '_', '£', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '{', '['],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', '}', ']'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '\'', '0', '\'', '°', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['/', '?', '/', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['°', '~', '°', '~', '¸', '˛'],
        dead: 0b111010,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', 'ÿ', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', 'ü', 'Ü'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', 'ï', 'Ï'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ò', 'Ò'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', '¶', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['¨', '^', '¨', '^', '~', '^'],
        dead: 0b001111,
    },
    KeyEntry {
        code: 27,
        chars: ['*', '|', '*', '|', '~', '¯'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'á', 'Á'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'ª', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['+', '±', '+', '±', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['´', '`', '´', '`', '\'', '`'],
        dead: 0b001111,
    },
    KeyEntry {
        code: 43,
        chars: ['<', '>', '<', '>', '`', '˘'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 86,
        chars: [']', '[', ']', '[', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', 'ñ', 'Ñ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'μ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '¸', '«'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '»'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '=', '-', '=', '\u{ad}', '˙'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const PT: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['\\', '|', '\\', '|', '¬', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¹', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '⅛'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '£', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '§', '$'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '⅜'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¬', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '⅞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['\'', '?', '\'', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['«', '»', '«', '»', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '¶', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ŧ', 'Ŧ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['+', '*', '+', '*', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: ['´', '`', '´', '`', '~', '¯'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ç', 'Ç', 'Ç', 'ç', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['º', 'ª', 'º', 'ª', '^', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['~', '^', '~', '^', '`', '˘'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '\\', '\\'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '¢', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '•', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: ['.', '\0', '.', '\0', '.', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const SE: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['§', '½', '§', '½', '¶', '¾'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¡', '¹'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '²'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '£', '³'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '¤', '4', '¤', '$', '¼'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¥', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '«'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '»'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['+', '?', '+', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['´', '`', '´', '`', '±', '¬'],
        dead: 0b001111,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '®', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['å', 'Å', 'Å', 'å', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: ['¨', '^', '¨', '^', '~', 'ˇ'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'ª', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ö', 'Ö', 'Ö', 'ö', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['ä', 'Ä', 'Ä', 'ä', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 43,
        chars: ['\'', '*', '\'', '*', '´', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '©', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '˙'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', '\u{a0}'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: [',', '\0', ',', '\0', ',', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const DK: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['½', '§', '½', '§', '¾', '¶'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¡', '¹'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '²'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '£', '³'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '¤', '4', '¤', '$', '¼'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¥', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '«'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '»'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['+', '?', '+', '?', '±', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['´', '`', '´', '`', '|', '¦'],
        dead: 0b001111,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '®', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['å', 'Å', 'Å', 'å', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: ['¨', '^', '¨', '^', '~', 'ˇ'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'ª', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['æ', 'Æ', 'Æ', 'æ', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['ø', 'Ø', 'Ø', 'ø', '^', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['\'', '*', '\'', '*', '˝', '×'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '\\', '¬'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '©', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '·', '˙'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', ' '],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: [',', '\0', ',', '\0', ',', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const NO: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['|', '§', '|', '§', '¦', '¶'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '¡', '¹'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '²'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '£', '³'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '¤', '4', '¤', '$', '¼'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '½', '‰'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '¥', '⅝'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '«'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '»'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['+', '?', '+', '?', '±', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['\\', '`', '\\', '`', '´', '¬'],
        dead: 0b011010,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', '@', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'ſ', '§'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '¢'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '®', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', 'ı'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'π', 'Π'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['å', 'Å', 'Å', 'å', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: ['¨', '^', '¨', '^', '~', 'ˇ'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'ª', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'đ', 'ª'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'ħ', 'Ħ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', '\u{309}', '\u{31b}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', '&'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: ['ø', 'Ø', 'Ø', 'ø', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['æ', 'Æ', 'Æ', 'æ', '^', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['\'', '*', '\'', '*', '˝', '×'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '½', '¾'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', '«', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '»', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', '©', '©'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‚'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '“', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', '”', '’'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', 'º'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '…', '·'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '–', '—'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', '\u{a0}', '\u{202f}'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '−', '-', '−', '−', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: [',', '\0', ',', '\0', ',', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '⋅', '*', '⋅', '×', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '∕', '/', '∕', '÷', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const FI: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['§', '½', '§', '½', '/', '\0'],
        dead: 0b010000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '\0', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '"', '2', '"', '@', '”'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '£', '»'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '¤', '4', '¤', '$', '«'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '‰', '“'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '&', '6', '&', '‚', '„'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '/', '7', '/', '{', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '(', '8', '(', '[', '<'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', ')', '9', ')', ']', '>'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', '=', '0', '=', '}', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['+', '?', '+', '?', '\\', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['´', '`', '´', '`', '¸', '˛'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', 'q', 'Q'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'w', 'W'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', '€', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', 'r', 'R'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', 'y', 'Y'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', 'u', 'U'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', 'ı', '|'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', '\u{31b}', '\u{309}'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 26,
        chars: ['å', 'Å', 'Å', 'å', '˝', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: ['¨', '^', '¨', '^', '~', '¯'],
        dead: 0b111111,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'ə', 'Ə'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ß', 'ẞ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'f', 'F'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'g', 'G'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', 'h', 'H'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', 'j', 'J'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', 'ĸ', 'µ'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', '/', '¤'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 39,
        chars: ['ö', 'Ö', 'Ö', 'ö', 'ø', 'Ø'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 40,
        chars: ['ä', 'Ä', 'Ä', 'ä', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 43,
        chars: ['\'', '*', '\'', '*', 'ˇ', '˘'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', 'ʒ', 'Ʒ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', '×', '·'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', 'c', 'C'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', 'v', 'V'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', 'b', 'B'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', '—'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', ';', ',', ';', '’', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', ':', '.', ':', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 53,
        chars: ['-', '_', '-', '_', '–', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', ' ', '\u{202f}'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: [',', '\0', ',', '\0', ',', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];
pub(super) const PL: &[KeyEntry] = &[
    KeyEntry {
        code: 41,
        chars: ['`', '~', '`', '~', '¬', '∨'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 2,
        chars: ['1', '!', '1', '!', '≠', '¡'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 3,
        chars: ['2', '@', '2', '@', '²', '¿'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 4,
        chars: ['3', '#', '3', '#', '³', '£'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 5,
        chars: ['4', '$', '4', '$', '¢', '¼'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 6,
        chars: ['5', '%', '5', '%', '€', '‰'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 7,
        chars: ['6', '^', '6', '^', '½', '∧'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 8,
        chars: ['7', '&', '7', '&', '§', '≈'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 9,
        chars: ['8', '*', '8', '*', '·', '¾'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 10,
        chars: ['9', '(', '9', '(', '«', '±'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 11,
        chars: ['0', ')', '0', ')', '»', '°'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 12,
        chars: ['-', '_', '-', '_', '–', '—'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 13,
        chars: ['=', '+', '=', '+', '¸', '˛'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 16,
        chars: ['q', 'Q', 'Q', 'q', 'π', 'Ω'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 17,
        chars: ['w', 'W', 'W', 'w', 'œ', 'Œ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 18,
        chars: ['e', 'E', 'E', 'e', 'ę', 'Ę'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 19,
        chars: ['r', 'R', 'R', 'r', '©', '®'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 20,
        chars: ['t', 'T', 'T', 't', 'ß', '™'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 21,
        chars: ['y', 'Y', 'Y', 'y', '←', '¥'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 22,
        chars: ['u', 'U', 'U', 'u', '↓', '↑'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 23,
        chars: ['i', 'I', 'I', 'i', '→', '↔'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 24,
        chars: ['o', 'O', 'O', 'o', 'ó', 'Ó'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 25,
        chars: ['p', 'P', 'P', 'p', 'þ', 'Þ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 26,
        chars: ['[', '{', '[', '{', '¨', '°'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 27,
        chars: [']', '}', ']', '}', '~', '¯'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 30,
        chars: ['a', 'A', 'A', 'a', 'ą', 'Ą'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 31,
        chars: ['s', 'S', 'S', 's', 'ś', 'Ś'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 32,
        chars: ['d', 'D', 'D', 'd', 'ð', 'Ð'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 33,
        chars: ['f', 'F', 'F', 'f', 'æ', 'Æ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 34,
        chars: ['g', 'G', 'G', 'g', 'ŋ', 'Ŋ'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 35,
        chars: ['h', 'H', 'H', 'h', '’', '•'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 36,
        chars: ['j', 'J', 'J', 'j', 'ə', 'Ə'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 37,
        chars: ['k', 'K', 'K', 'k', '…', '/'],
        dead: 0b100000,
    },
    KeyEntry {
        code: 38,
        chars: ['l', 'L', 'L', 'l', 'ł', 'Ł'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 39,
        chars: [';', ':', ';', ':', '´', '˝'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 40,
        chars: ['\'', '"', '\'', '"', '^', 'ˇ'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 43,
        chars: ['\\', '|', '\\', '|', '`', '˘'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 86,
        chars: ['<', '>', '<', '>', '|', '¦'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 44,
        chars: ['z', 'Z', 'Z', 'z', 'ż', 'Ż'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 45,
        chars: ['x', 'X', 'X', 'x', 'ź', 'Ź'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 46,
        chars: ['c', 'C', 'C', 'c', 'ć', 'Ć'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 47,
        chars: ['v', 'V', 'V', 'v', '„', '‘'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 48,
        chars: ['b', 'B', 'B', 'b', '”', '“'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 49,
        chars: ['n', 'N', 'N', 'n', 'ń', 'Ń'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 50,
        chars: ['m', 'M', 'M', 'm', 'µ', '∞'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 51,
        chars: [',', '<', ',', '<', '≤', '×'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 52,
        chars: ['.', '>', '.', '>', '≥', '÷'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 53,
        chars: ['/', '?', '/', '?', '\u{323}', '˙'],
        dead: 0b110000,
    },
    KeyEntry {
        code: 57,
        chars: [' ', ' ', ' ', ' ', '\u{a0}', '\u{a0}'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 71,
        chars: ['7', '\0', '7', '\0', '7', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 72,
        chars: ['8', '\0', '8', '\0', '8', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 73,
        chars: ['9', '\0', '9', '\0', '9', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 74,
        chars: ['-', '-', '-', '-', '-', '-'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 75,
        chars: ['4', '\0', '4', '\0', '4', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 76,
        chars: ['5', '\0', '5', '\0', '5', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 77,
        chars: ['6', '\0', '6', '\0', '6', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 78,
        chars: ['+', '+', '+', '+', '+', '+'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 79,
        chars: ['1', '\0', '1', '\0', '1', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 80,
        chars: ['2', '\0', '2', '\0', '2', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 81,
        chars: ['3', '\0', '3', '\0', '3', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 82,
        chars: ['0', '\0', '0', '\0', '0', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 83,
        chars: [',', '\0', ',', '\0', ',', '\0'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 55,
        chars: ['*', '*', '*', '*', '*', '*'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 98,
        chars: ['/', '/', '/', '/', '/', '/'],
        dead: 0b000000,
    },
    KeyEntry {
        code: 121,
        chars: ['.', '.', '.', '.', '.', '.'],
        dead: 0b000000,
    },
];

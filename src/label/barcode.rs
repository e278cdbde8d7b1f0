//! Barcode encoding: the symbologies a label can carry, the Code 128 code-set plan the
//! station chooses itself for ZPL, and module matrices (from rxing's encoders) for the
//! raster and PDF renderers.
//!
//! ZPL printers are told exactly which Code 128 code sets to use (`>;` start C, `>:` start
//! B, `>6` switch to B, `>8` FNC1, `>0` a literal `>`), because automatic mode differs
//! between firmware versions and independent renderers (ZPL II manual, `^BC` invocation
//! characters). The plan starts in code set C when the data starts with digits (every
//! GS1-128 symbol: FNC1 then a numeric AI) and switches to B once; it never switches back
//! to C with `>5`. The ZPL manual defines `>5` in subset B as "Code C", but not every
//! interpreter agrees: Zebrash (the independent renderer of our tests) emits FNC4 for it,
//! so a label using it would scan differently on such emulations. The cost is width: digits
//! after letters take one symbol character each instead of half.
//!
//! Matrices for PNG and PDF come from rxing with no quiet zone; renderers add the quiet
//! zone and scale each module to a whole number of dots.

use rxing::oned::{Code128Writer, EAN13Writer, OneDimensionalCodeWriter};
use rxing::{BarcodeFormat, EncodeHintValue, EncodeHints, MultiFormatWriter, Writer};

/// The symbologies a template can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbology {
    Gs1_128,
    Code128,
    Ean13,
    Gs1DataMatrix,
    Gs1Qr,
    Qr,
}

impl Symbology {
    /// The AIM symbology identifier a scanner reports for this symbol (ISO/IEC 15424).
    pub fn aim_id(self) -> &'static str {
        match self {
            Symbology::Gs1_128 => "]C1",
            Symbology::Code128 => "]C0",
            Symbology::Ean13 => "]E0",
            Symbology::Gs1DataMatrix => "]d2",
            Symbology::Gs1Qr => "]Q3",
            Symbology::Qr => "]Q1",
        }
    }

    pub fn is_linear(self) -> bool {
        matches!(
            self,
            Symbology::Gs1_128 | Symbology::Code128 | Symbology::Ean13
        )
    }

    /// Quiet zone on each side, in modules (X): Code 128 10X (ISO/IEC 15417 4.3.2), EAN-13
    /// 11X left (7X right, we keep 11 both sides), Data Matrix 1X (ISO/IEC 16022 5.2.7;
    /// GS1 recommends more, we keep 2X), QR 4X (ISO/IEC 18004 6.3.8).
    pub fn quiet_zone_modules(self) -> u32 {
        match self {
            Symbology::Gs1_128 | Symbology::Code128 => 10,
            Symbology::Ean13 => 11,
            Symbology::Gs1DataMatrix => 2,
            Symbology::Gs1Qr | Symbology::Qr => 4,
        }
    }
}

/// A module matrix: `width` x `height` modules, row-major, true = dark. Linear symbols
/// have `height` 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    pub width: u32,
    pub height: u32,
    bits: Vec<bool>,
}

impl Modules {
    pub fn get(&self, x: u32, y: u32) -> bool {
        if x >= self.width || y >= self.height {
            return false;
        }
        self.bits
            .get((y * self.width + x) as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Runs of dark modules in row `y` as (start, length).
    pub fn dark_runs(&self, y: u32) -> Vec<(u32, u32)> {
        let mut runs = Vec::new();
        let mut x = 0;
        while x < self.width {
            if self.get(x, y) {
                let start = x;
                while x < self.width && self.get(x, y) {
                    x += 1;
                }
                runs.push((start, x - start));
            } else {
                x += 1;
            }
        }
        runs
    }
}

/// What a symbol encodes: `data` is the text as a scanner transmits it (GS between GS1
/// fields that need one), `fnc1_positions` marks, for GS1 symbols, the GS characters that
/// are FNC1 separators (all of them).
pub fn matrix(symbology: Symbology, data: &str) -> Result<Modules, String> {
    let rx = |err: rxing::Exceptions| format!("encoder refused the data: {err}");
    match symbology {
        Symbology::Gs1_128 | Symbology::Code128 => {
            let contents = if symbology == Symbology::Gs1_128 {
                // rxing's Code 128 writer takes U+00F1 as FNC1 (as ZXing does).
                format!("\u{f1}{}", data.replace('\u{1d}', "\u{f1}"))
            } else {
                if data.chars().any(|ch| !(' '..='~').contains(&ch)) {
                    return Err("Code 128 here takes printable ASCII only".into());
                }
                data.to_owned()
            };
            let bars = Code128Writer
                .encode_oned_with_hints(&contents, &EncodeHints::default())
                .map_err(rx)?;
            Ok(linear(bars))
        }
        Symbology::Ean13 => {
            let bars = EAN13Writer.encode_oned(data).map_err(rx)?;
            Ok(linear(bars))
        }
        Symbology::Gs1DataMatrix => {
            let hints = EncodeHints::default()
                .with(EncodeHintValue::Gs1Format(true))
                .with(EncodeHintValue::DataMatrixCompact(true))
                .with(EncodeHintValue::DataMatrixShape(
                    rxing::datamatrix::encoder::SymbolShapeHint::FORCE_SQUARE,
                ))
                .with(EncodeHintValue::Margin("0".into()));
            let matrix = MultiFormatWriter
                .encode_with_hints(data, &BarcodeFormat::DATA_MATRIX, 0, 0, &hints)
                .map_err(rx)?;
            Ok(from_bit_matrix(&matrix))
        }
        Symbology::Gs1Qr | Symbology::Qr => {
            let mut hints = EncodeHints::default()
                .with(EncodeHintValue::ErrorCorrection("M".into()))
                .with(EncodeHintValue::Margin("0".into()));
            if symbology == Symbology::Gs1Qr {
                hints = hints.with(EncodeHintValue::Gs1Format(true));
            }
            if !data.is_ascii() {
                hints = hints.with(EncodeHintValue::CharacterSet("UTF-8".into()));
            }
            let matrix = MultiFormatWriter
                .encode_with_hints(data, &BarcodeFormat::QR_CODE, 0, 0, &hints)
                .map_err(rx)?;
            Ok(from_bit_matrix(&matrix))
        }
    }
}

/// ECC 200 square symbols: (size in modules, data codewords), ISO/IEC 16022 table 7.
const DATAMATRIX_SQUARE: [(u32, usize); 24] = [
    (10, 3),
    (12, 5),
    (14, 8),
    (16, 12),
    (18, 18),
    (20, 22),
    (22, 30),
    (24, 36),
    (26, 44),
    (32, 62),
    (36, 86),
    (40, 114),
    (44, 144),
    (48, 174),
    (52, 204),
    (64, 280),
    (72, 368),
    (80, 456),
    (88, 576),
    (96, 696),
    (104, 816),
    (120, 1050),
    (132, 1304),
    (144, 1558),
];

/// QR data codewords at error correction level M, versions 1-40 (ISO/IEC 18004 table 7).
const QR_M_CODEWORDS: [usize; 40] = [
    16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
    714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914,
    1992, 2102, 2216, 2334,
];

/// An upper bound on the size in modules of a matrix symbol, without running the encoder:
/// Data Matrix counted in ASCII encodation (digit pairs one codeword, FNC1 one, other ASCII
/// one, extended two), QR in byte mode at level M. Real encoders (rxing's minimal encoder,
/// the printer's) choose the same or a more compact encodation, so the symbol fits the
/// space laid out for it.
pub fn matrix_size_bound(symbology: Symbology, data: &str) -> Result<(u32, u32), String> {
    match symbology {
        Symbology::Gs1DataMatrix => {
            let bytes = data.as_bytes();
            let mut codewords = 1; // leading FNC1
            let mut index = 0;
            while index < bytes.len() {
                let byte = bytes[index];
                if byte.is_ascii_digit() && bytes.get(index + 1).is_some_and(u8::is_ascii_digit) {
                    index += 2;
                } else {
                    index += 1;
                }
                codewords += if byte > 127 { 2 } else { 1 };
            }
            DATAMATRIX_SQUARE
                .iter()
                .find(|(_, capacity)| *capacity >= codewords)
                .map(|(size, _)| (*size, *size))
                .ok_or_else(|| {
                    format!(
                        "{codewords} codewords is more than a Data Matrix holds; shorten the data"
                    )
                })
        }
        Symbology::Gs1Qr | Symbology::Qr => {
            // Mode indicator 4 bits, FNC1 mode 4, ECI 12 for UTF-8, count 8 or 16 bits.
            let header = 4
                + if symbology == Symbology::Gs1Qr { 4 } else { 0 }
                + if data.is_ascii() { 0 } else { 12 };
            QR_M_CODEWORDS
                .iter()
                .enumerate()
                .find(|(version, capacity)| {
                    let count_bits = if *version < 9 { 8 } else { 16 };
                    header + count_bits + 8 * data.len() <= 8 * **capacity
                })
                .map(|(version, _)| {
                    let size = 17 + 4 * (version as u32 + 1);
                    (size, size)
                })
                .ok_or_else(|| {
                    format!(
                        "{} bytes is more than a QR code holds at level M",
                        data.len()
                    )
                })
        }
        Symbology::Gs1_128 | Symbology::Code128 | Symbology::Ean13 => {
            Err("matrix_size_bound is for matrix symbols (internal)".into())
        }
    }
}

fn linear(bars: Vec<bool>) -> Modules {
    // rxing's Code 128 / EAN writers return the bars without quiet zones.
    Modules {
        width: bars.len() as u32,
        height: 1,
        bits: bars,
    }
}

fn from_bit_matrix(matrix: &rxing::common::BitMatrix) -> Modules {
    let (width, height) = (matrix.getWidth(), matrix.getHeight());
    let mut bits = Vec::with_capacity((width * height) as usize);
    for y in 0..height {
        for x in 0..width {
            bits.push(matrix.get(x, y));
        }
    }
    Modules {
        width,
        height,
        bits,
    }
}

/// One input unit of a Code 128 symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code128Input {
    Fnc1,
    /// A printable ASCII character (32-126).
    Char(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeSet {
    B,
    C,
}

/// One symbol character of a planned Code 128 symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code128Op {
    StartB,
    StartC,
    SwitchB,
    Fnc1,
    /// One character in code set B.
    Char(u8),
    /// Two digits in code set C.
    Pair(u8, u8),
}

/// The inputs of a GS1-128 symbol: FNC1 first, FNC1 after each variable-length field that
/// is not last.
pub fn gs1_inputs<'a>(
    segments: impl Iterator<Item = (&'a str, &'a str, bool)>,
) -> Vec<Code128Input> {
    let mut inputs = vec![Code128Input::Fnc1];
    for (ai, value, fnc1_after) in segments {
        inputs.extend(ai.bytes().chain(value.bytes()).map(Code128Input::Char));
        if fnc1_after {
            inputs.push(Code128Input::Fnc1);
        }
    }
    inputs
}

/// Plans code sets for the inputs: start C for leading digits (ISO/IEC 15417 annex E),
/// then B to the end (no `>5`, see the module documentation).
pub fn code128_plan(inputs: &[Code128Input]) -> Result<Vec<Code128Op>, String> {
    if inputs.is_empty() {
        return Err("no data for Code 128".into());
    }
    for input in inputs {
        if let Code128Input::Char(byte) = input {
            if !(32..=126).contains(byte) {
                return Err(format!(
                    "character 0x{byte:02X} is not printable ASCII; Code 128 labels take ASCII 32-126"
                ));
            }
        }
    }
    let digit_run = |from: usize| {
        inputs[from..]
            .iter()
            .take_while(|input| matches!(input, Code128Input::Char(b) if b.is_ascii_digit()))
            .count()
    };
    let first_data = usize::from(inputs.first() == Some(&Code128Input::Fnc1));
    let first_run = digit_run(first_data);
    let start_c =
        first_run >= 4 || (first_run >= 2 && (first_data == 1 || first_run == inputs.len()));
    let mut set = if start_c { CodeSet::C } else { CodeSet::B };
    let mut ops = vec![if start_c {
        Code128Op::StartC
    } else {
        Code128Op::StartB
    }];
    let mut index = 0;
    while index < inputs.len() {
        match inputs[index] {
            Code128Input::Fnc1 => {
                ops.push(Code128Op::Fnc1);
                index += 1;
            }
            Code128Input::Char(byte) => {
                let run = digit_run(index);
                match set {
                    CodeSet::C if run >= 2 => {
                        ops.push(Code128Op::Pair(byte, digit_at(inputs, index + 1)));
                        index += 2;
                    }
                    CodeSet::C => {
                        ops.push(Code128Op::SwitchB);
                        set = CodeSet::B;
                    }
                    CodeSet::B => {
                        ops.push(Code128Op::Char(byte));
                        index += 1;
                    }
                }
            }
        }
    }
    Ok(ops)
}

fn digit_at(inputs: &[Code128Input], index: usize) -> u8 {
    match inputs.get(index) {
        Some(Code128Input::Char(byte)) => *byte,
        _ => b'0',
    }
}

/// The symbol value of each op (ISO/IEC 15417 table 1), start character included.
fn code128_values(ops: &[Code128Op]) -> Vec<u32> {
    ops.iter()
        .map(|op| match *op {
            Code128Op::StartB => 104,
            Code128Op::StartC => 105,
            Code128Op::SwitchB => 100,
            Code128Op::Fnc1 => 102,
            Code128Op::Char(byte) => u32::from(byte) - 32,
            Code128Op::Pair(a, b) => u32::from(a - b'0') * 10 + u32::from(b - b'0'),
        })
        .collect()
}

/// The check character value (ISO/IEC 15417 4.2.4: start + sum of position x value, mod 103).
pub fn code128_check(ops: &[Code128Op]) -> u32 {
    let values = code128_values(ops);
    let mut sum = values.first().copied().unwrap_or(0);
    for (position, value) in values.iter().enumerate().skip(1) {
        sum += position as u32 * value;
    }
    sum % 103
}

/// Width of the planned symbol in modules without quiet zones: 11 per symbol character
/// (start, data, check) and 13 for the stop pattern.
pub fn code128_modules(ops: &[Code128Op]) -> u32 {
    11 * (ops.len() as u32 + 1) + 13
}

/// The `^FD` data for `^BCN,...,N,N,N,N`: explicit start code and code-set changes, so the
/// printer's automatic mode never decides. Only printable ASCII other than `^` and `~`
/// reaches here (ZPL command prefixes cannot occur in a field).
pub fn code128_zpl(ops: &[Code128Op]) -> Result<String, String> {
    let mut out = String::new();
    for op in ops {
        match *op {
            Code128Op::StartB => out.push_str(">:"),
            Code128Op::StartC => out.push_str(">;"),
            Code128Op::SwitchB => out.push_str(">6"),
            Code128Op::Fnc1 => out.push_str(">8"),
            Code128Op::Char(b'>') => out.push_str(">0"),
            Code128Op::Char(byte @ (b'^' | b'~')) => {
                return Err(format!(
                    "{:?} cannot be printed in a ZPL Code 128 field; remove it from the data",
                    byte as char
                ))
            }
            Code128Op::Char(byte) => out.push(byte as char),
            Code128Op::Pair(a, b) => {
                out.push(a as char);
                out.push(b as char);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_zpl(inputs: &[Code128Input]) -> String {
        code128_zpl(&code128_plan(inputs).unwrap()).unwrap()
    }

    fn chars(text: &str) -> Vec<Code128Input> {
        text.bytes().map(Code128Input::Char).collect()
    }

    #[test]
    fn gs1_plans() {
        let inputs = gs1_inputs(
            [
                ("01", "09506000134352", false),
                ("10", "ABC", true),
                ("21", "12345", false),
            ]
            .into_iter(),
        );
        assert_eq!(plan_zpl(&inputs), ">;>8010950600013435210>6ABC>82112345");
        let inputs = gs1_inputs([("00", "095060001234567893", false)].into_iter());
        assert_eq!(plan_zpl(&inputs), ">;>800095060001234567893");
    }

    #[test]
    fn plain_plans() {
        assert_eq!(plan_zpl(&chars("SN0001")), ">:SN0001");
        assert_eq!(plan_zpl(&chars("A1234B")), ">:A1234B");
        assert_eq!(plan_zpl(&chars("AB123456")), ">:AB123456");
        assert_eq!(plan_zpl(&chars("123456AB")), ">;123456>6AB");
        assert_eq!(plan_zpl(&chars("12")), ">;12");
        assert_eq!(plan_zpl(&chars("1>2")), ">:1>02");
        assert!(code128_zpl(&code128_plan(&chars("a^b")).unwrap()).is_err());
        assert!(code128_plan(&[Code128Input::Char(10)]).is_err());
    }

    #[test]
    fn check_character() {
        // ISO/IEC 15417 example "AIM": Start B (104) + 1*33 + 2*41 + 3*45 = 354, mod 103 = 45.
        let ops = code128_plan(&chars("AIM")).unwrap();
        assert_eq!(code128_check(&ops), 45);
        assert_eq!(code128_modules(&ops), 11 * 5 + 13);
    }

    #[test]
    fn matrices_have_no_quiet_zone() {
        let bars = matrix(Symbology::Code128, "AIM").unwrap();
        assert_eq!(bars.width, 11 * 5 + 13);
        assert!(bars.get(0, 0), "a Code 128 symbol starts with a bar");
        let dm = matrix(Symbology::Gs1DataMatrix, "0109506000134352").unwrap();
        assert_eq!(dm.width, dm.height);
        assert!(dm.get(0, dm.height - 1), "L finder pattern corner is dark");
    }

    #[test]
    fn size_bounds_hold_for_the_real_encoder() {
        for data in [
            "0109506000134352",
            "0109506000134352172612311 0ABC123\u{1d}21SN0001",
            "01095060001343521 0AB/CD-EF_GH",
        ] {
            let data = data.replace(' ', "");
            let dm = matrix(Symbology::Gs1DataMatrix, &data).unwrap();
            let (width, height) = matrix_size_bound(Symbology::Gs1DataMatrix, &data).unwrap();
            assert!(
                dm.width <= width && dm.height <= height,
                "{data:?}: {}x{} > {width}x{height}",
                dm.width,
                dm.height
            );
        }
        for data in [
            "https://id.gs1.org/01/09506000134352/10/ABC/21/1",
            "plain text é",
            "x",
        ] {
            let qr = matrix(Symbology::Qr, data).unwrap();
            let (width, _) = matrix_size_bound(Symbology::Qr, data).unwrap();
            assert!(qr.width <= width, "{data:?}: {} > {width}", qr.width);
        }
        assert_eq!(matrix_size_bound(Symbology::Qr, "x").unwrap(), (21, 21));
        assert_eq!(
            matrix_size_bound(Symbology::Gs1DataMatrix, "01").unwrap(),
            (10, 10)
        );
    }
}

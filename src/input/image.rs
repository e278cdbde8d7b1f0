//! Barcodes in images: decoding PNG/JPEG files with rxing (for `decode-image` and the
//! `image_dir` source) and rendering payloads as PNG (for `calibrate` and tests).
//!
//! rxing is used without its `image` feature: the `image` crate loads the file, we convert it
//! to 8-bit luma and hand rxing a `Luma8LuminanceSource` → `HybridBinarizer` →
//! `BinaryBitmap`, read by a `GenericMultipleBarcodeReader` around a `MultiFormatReader`
//! (every barcode in the picture, not only the first). The first pass looks only for the
//! configured formats (fast); when it finds nothing, a second pass adds TryHarder and
//! AlsoInverted. `AssumeGs1` is always on so that Code 128 FNC1 separators come back as GS
//! (0x1D) instead of being dropped; rxing then prefixes GS1-128 text with `]C1`, which we
//! remove because the AIM id is taken from the result metadata (`SymbologyIdentifier`).

use std::collections::HashSet;
use std::path::Path;

use ::image::{GrayImage, Luma};
use rxing::common::{BitMatrix, GlobalHistogramBinarizer, HybridBinarizer};
use rxing::multi::{GenericMultipleBarcodeReader, MultipleBarcodeReader};
use rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, EncodeHints, Luma8LuminanceSource,
    MultiFormatReader, MultiFormatWriter, RXingResult, RXingResultMetadataType,
    RXingResultMetadataValue, Writer,
};

/// Config names of the formats `formats = [...]` accepts.
pub const FORMAT_NAMES: &[&str] = &[
    "data_matrix",
    "code_128",
    "qr_code",
    "micro_qr_code",
    "ean_13",
    "ean_8",
    "upc_a",
    "upc_e",
    "itf",
    "code_39",
    "code_93",
    "codabar",
    "databar",
    "databar_expanded",
];

/// `"data_matrix"` → the rxing format.
pub fn parse_format(name: &str) -> Option<BarcodeFormat> {
    Some(
        match name.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "data_matrix" | "datamatrix" => BarcodeFormat::DATA_MATRIX,
            "code_128" | "code128" | "gs1_128" => BarcodeFormat::CODE_128,
            "qr_code" | "qr" | "qrcode" => BarcodeFormat::QR_CODE,
            "micro_qr_code" | "micro_qr" => BarcodeFormat::MICRO_QR_CODE,
            "ean_13" | "ean13" => BarcodeFormat::EAN_13,
            "ean_8" | "ean8" => BarcodeFormat::EAN_8,
            "upc_a" | "upca" => BarcodeFormat::UPC_A,
            "upc_e" | "upce" => BarcodeFormat::UPC_E,
            "itf" | "itf_14" => BarcodeFormat::ITF,
            "code_39" | "code39" => BarcodeFormat::CODE_39,
            "code_93" | "code93" => BarcodeFormat::CODE_93,
            "codabar" => BarcodeFormat::CODABAR,
            "databar" | "rss_14" => BarcodeFormat::RSS_14,
            "databar_expanded" | "rss_expanded" => BarcodeFormat::RSS_EXPANDED,
            _ => return None,
        },
    )
}

/// The name used in `decode-image --json` (`"DataMatrix"`, `"Code128"`, ...), the same
/// spelling zxing-cpp uses.
pub fn format_name(format: BarcodeFormat) -> &'static str {
    match format {
        BarcodeFormat::DATA_MATRIX => "DataMatrix",
        BarcodeFormat::CODE_128 => "Code128",
        BarcodeFormat::QR_CODE => "QRCode",
        BarcodeFormat::MICRO_QR_CODE => "MicroQRCode",
        BarcodeFormat::EAN_13 => "EAN13",
        BarcodeFormat::EAN_8 => "EAN8",
        BarcodeFormat::UPC_A => "UPCA",
        BarcodeFormat::UPC_E => "UPCE",
        BarcodeFormat::ITF => "ITF",
        BarcodeFormat::CODE_39 => "Code39",
        BarcodeFormat::CODE_93 => "Code93",
        BarcodeFormat::CODABAR => "Codabar",
        BarcodeFormat::RSS_14 => "DataBar",
        BarcodeFormat::RSS_EXPANDED => "DataBarExpanded",
        BarcodeFormat::PDF_417 => "PDF417",
        BarcodeFormat::AZTEC => "Aztec",
        BarcodeFormat::MAXICODE => "MaxiCode",
        _ => "Other",
    }
}

/// Errors reading an image.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("cannot read image {path}: {source} (PNG and JPEG are supported)")]
    Load {
        path: String,
        source: ::image::ImageError,
    },
    #[error("image {path} is empty or too large to decode ({width}x{height})")]
    Size {
        path: String,
        width: u32,
        height: u32,
    },
    #[error("cannot render {format} barcode for {text:?}: {message}")]
    Encode {
        format: String,
        text: String,
        message: String,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: ::image::ImageError,
    },
}

/// How to look for barcodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeOptions {
    pub formats: Vec<BarcodeFormat>,
    /// Retry with TryHarder + AlsoInverted when the fast pass finds nothing.
    pub try_harder: bool,
}

impl Default for DecodeOptions {
    fn default() -> DecodeOptions {
        DecodeOptions {
            formats: super::config::DEFAULT_IMAGE_FORMATS
                .iter()
                .filter_map(|name| parse_format(name))
                .collect(),
            try_harder: true,
        }
    }
}

/// One barcode found in an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub format: BarcodeFormat,
    /// AIM symbology identifier from the decoder (`]d2`, `]C1`, `]Q3`, `]E0`, ...).
    pub symbology: Option<String>,
    /// The data, GS kept as 0x1D, without the AIM id.
    pub text: String,
}

impl Decoded {
    /// AIM id + data, the form `gs1::parse` and the framer take.
    pub fn bytes_with_symbology(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.text.len() + 3);
        if let Some(symbology) = &self.symbology {
            out.extend_from_slice(symbology.as_bytes());
        }
        out.extend_from_slice(self.text.as_bytes());
        out
    }
}

/// Decodes every barcode in the PNG/JPEG file at `path`. An image without a barcode is
/// `Ok(vec![])`.
pub fn decode_file(path: &Path, options: &DecodeOptions) -> Result<Vec<Decoded>, ImageError> {
    let image = ::image::open(path).map_err(|source| ImageError::Load {
        path: path.display().to_string(),
        source,
    })?;
    let luma = image.to_luma8();
    let (width, height) = luma.dimensions();
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > 100_000_000 {
        return Err(ImageError::Size {
            path: path.display().to_string(),
            width,
            height,
        });
    }
    Ok(decode_luma(luma.into_raw(), width, height, options))
}

/// Decodes every barcode in an 8-bit grey image of `width` × `height` pixels.
///
/// Passes, each only when the ones before found nothing: (1) the configured formats with
/// the hybrid (local) binarizer; with `try_harder`: (2) TryHarder + AlsoInverted, (3) the
/// global-histogram binarizer, which copes better with uneven 1D bars, (4) the image
/// smoothed with a 3×3 box filter, against speckle noise and JPEG artefacts.
pub fn decode_luma(
    luma: Vec<u8>,
    width: u32,
    height: u32,
    options: &DecodeOptions,
) -> Vec<Decoded> {
    let formats: HashSet<BarcodeFormat> = options.formats.iter().copied().collect();
    let fast = DecodeHints {
        PossibleFormats: Some(formats),
        AssumeGs1: Some(true),
        ..DecodeHints::default()
    };
    let smoothed = if options.try_harder {
        Some(box_blur(&luma, width, height))
    } else {
        None
    };
    let Ok(source) = Luma8LuminanceSource::new(luma, width, height) else {
        return Vec::new();
    };
    let found = decode_pass(HybridBinarizer::new(source.clone()), &fast);
    if !found.is_empty() || !options.try_harder {
        return found;
    }
    let harder = DecodeHints {
        TryHarder: Some(true),
        AlsoInverted: Some(true),
        ..fast
    };
    let found = decode_pass(HybridBinarizer::new(source.clone()), &harder);
    if !found.is_empty() {
        return found;
    }
    let found = decode_pass(GlobalHistogramBinarizer::new(source), &harder);
    if !found.is_empty() {
        return found;
    }
    match smoothed.and_then(|pixels| Luma8LuminanceSource::new(pixels, width, height).ok()) {
        Some(source) => decode_pass(HybridBinarizer::new(source), &harder),
        None => Vec::new(),
    }
}

/// 3×3 box filter (edges clamped).
fn box_blur(luma: &[u8], width: u32, height: u32) -> Vec<u8> {
    let (width, height) = (width as usize, height as usize);
    let mut out = vec![255u8; luma.len()];
    if width == 0 || height == 0 || luma.len() != width * height {
        return out;
    }
    for y in 0..height {
        for x in 0..width {
            let mut sum = 0u32;
            for dy in [-1isize, 0, 1] {
                for dx in [-1isize, 0, 1] {
                    let sx = (x as isize + dx).clamp(0, width as isize - 1) as usize;
                    let sy = (y as isize + dy).clamp(0, height as isize - 1) as usize;
                    sum += u32::from(luma[sy * width + sx]);
                }
            }
            out[y * width + x] = (sum / 9) as u8;
        }
    }
    out
}

fn decode_pass<B: Binarizer>(binarizer: B, hints: &DecodeHints) -> Vec<Decoded> {
    let mut bitmap = BinaryBitmap::new(binarizer);
    let mut reader = GenericMultipleBarcodeReader::new(MultiFormatReader::default());
    let results = reader
        .decode_multiple_with_hints(&mut bitmap, hints)
        .unwrap_or_default();
    let mut decoded: Vec<Decoded> = Vec::new();
    for result in &results {
        let item = to_decoded(result);
        if !decoded.contains(&item) {
            decoded.push(item);
        }
    }
    decoded
}

fn to_decoded(result: &RXingResult) -> Decoded {
    let symbology = match result
        .getRXingResultMetadata()
        .get(&RXingResultMetadataType::SYMBOLOGY_IDENTIFIER)
    {
        Some(RXingResultMetadataValue::SymbologyIdentifier(id)) => Some(id.clone()),
        _ => None,
    };
    let mut text = result.getText().to_owned();
    // With AssumeGs1, rxing's Code 128 reader writes the AIM id of GS1-128 into the text.
    if let Some(id) = &symbology {
        if text.starts_with(id.as_str()) && id.starts_with("]C") {
            text.drain(..id.len());
        }
    }
    Decoded {
        format: *result.getBarcodeFormat(),
        symbology,
        text,
    }
}

/// What a payload should be rendered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    /// GS1 DataMatrix: the payload's GS bytes become FNC1, with a leading FNC1.
    Gs1DataMatrix,
    /// GS1-128: FNC1 in first position, GS bytes become FNC1.
    Gs1Code128,
    /// Plain Code 128 (ASCII).
    Code128,
    /// Plain QR Code.
    Qr,
    /// Plain DataMatrix.
    DataMatrix,
    /// EAN-13 (12 or 13 digits).
    Ean13,
}

/// Renders `payload` (GS as 0x1D) as a grey image with `module_px` pixels per module and a
/// quiet zone; 1D symbols are `bar_height_px` high.
pub fn render(
    payload: &str,
    symbol: Symbol,
    module_px: u32,
    bar_height_px: u32,
) -> Result<GrayImage, ImageError> {
    let error = |message: String| ImageError::Encode {
        format: format!("{symbol:?}"),
        text: payload.to_owned(),
        message,
    };
    let mut hints = EncodeHints::default();
    let (format, contents, one_d) = match symbol {
        Symbol::Gs1DataMatrix => {
            hints.Gs1Format = Some(true);
            hints.DataMatrixCompact = Some(true);
            (BarcodeFormat::DATA_MATRIX, payload.to_owned(), false)
        }
        Symbol::DataMatrix => (BarcodeFormat::DATA_MATRIX, payload.to_owned(), false),
        Symbol::Gs1Code128 => {
            // rxing's Code 128 writer takes 'ñ' (U+00F1) as FNC1.
            let mut contents = String::from('\u{f1}');
            contents.extend(
                payload
                    .chars()
                    .map(|ch| if ch == '\u{1d}' { '\u{f1}' } else { ch }),
            );
            (BarcodeFormat::CODE_128, contents, true)
        }
        Symbol::Code128 => (BarcodeFormat::CODE_128, payload.to_owned(), true),
        Symbol::Qr => {
            hints.Margin = Some("0".to_owned());
            (BarcodeFormat::QR_CODE, payload.to_owned(), false)
        }
        Symbol::Ean13 => (BarcodeFormat::EAN_13, payload.to_owned(), true),
    };
    let matrix = MultiFormatWriter
        .encode_with_hints(&contents, &format, 0, 0, &hints)
        .map_err(|source| error(source.to_string()))?;
    let quiet = if one_d { 10 } else { 4 };
    Ok(scale(
        &matrix,
        module_px.max(1),
        quiet,
        if one_d {
            Some(bar_height_px.max(1))
        } else {
            None
        },
    ))
}

/// A BitMatrix (one pixel per module; 1D symbols one row high) → white-background image.
fn scale(
    matrix: &BitMatrix,
    module_px: u32,
    quiet_modules: u32,
    bar_height_px: Option<u32>,
) -> GrayImage {
    let quiet = quiet_modules * module_px;
    let width = matrix.getWidth() * module_px + 2 * quiet;
    let body_height = bar_height_px.unwrap_or(matrix.getHeight() * module_px);
    let height = body_height + 2 * quiet;
    let mut image = GrayImage::from_pixel(width, height, Luma([255]));
    for y in 0..body_height {
        let source_y = if bar_height_px.is_some() {
            0
        } else {
            y / module_px
        };
        for x in 0..matrix.getWidth() * module_px {
            if matrix.get(x / module_px, source_y) {
                image.put_pixel(x + quiet, y + quiet, Luma([0]));
            }
        }
    }
    image
}

/// Renders and writes a PNG.
pub fn render_png(
    payload: &str,
    symbol: Symbol,
    module_px: u32,
    bar_height_px: u32,
    path: &Path,
) -> Result<(), ImageError> {
    render(payload, symbol, module_px, bar_height_px)?
        .save_with_format(path, ::image::ImageFormat::Png)
        .map_err(|source| ImageError::Write {
            path: path.display().to_string(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(image: GrayImage) -> Vec<Decoded> {
        let (width, height) = image.dimensions();
        decode_luma(image.into_raw(), width, height, &DecodeOptions::default())
    }

    #[test]
    fn gs1_datamatrix_round_trip_keeps_gs() {
        let payload = "0109506000134352\u{1d}10ABC123\u{1d}21XYZ";
        let found = decode(render(payload, Symbol::Gs1DataMatrix, 4, 0).unwrap());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].format, BarcodeFormat::DATA_MATRIX);
        assert_eq!(found[0].symbology.as_deref(), Some("]d2"));
        assert_eq!(found[0].text, "0109506000134352\u{1d}10ABC123\u{1d}21XYZ");
    }

    #[test]
    fn gs1_128_round_trip() {
        let payload = "0109506000134352\u{1d}10ABC";
        let found = decode(render(payload, Symbol::Gs1Code128, 2, 80).unwrap());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].symbology.as_deref(), Some("]C1"));
        assert_eq!(found[0].text, payload);
        assert_eq!(
            found[0].bytes_with_symbology(),
            b"]C10109506000134352\x1d10ABC"
        );
    }

    #[test]
    fn blank_image_has_no_barcode() {
        assert!(decode(GrayImage::from_pixel(200, 200, Luma([255]))).is_empty());
    }

    #[test]
    fn format_names_parse() {
        for name in FORMAT_NAMES {
            assert!(parse_format(name).is_some(), "{name}");
        }
        assert_eq!(parse_format("nope"), None);
    }
}

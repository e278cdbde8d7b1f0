//! Labels: declarative templates (`labels/*.toml`), field formatting, layout in printer dots
//! and the three renderers (ZPL II for the printer, PNG for previews, PDF for CUPS and
//! archives).
//!
//! The pipeline is `Template` + field values → [`layout`] → [`Layout`] (every position and
//! module width already a whole number of dots for one resolution) → `zpl` / `png` / `pdf`.
//! All three renderers draw the same `Layout`, so a preview shows what the printer prints,
//! at the same size. GS1 barcode data is built and validated before layout
//! ([`gs1_data`]); a label with invalid GS1 data never reaches a renderer. Apart from
//! [`Template::load`], which reads the template file and its images, nothing here does IO.

pub mod barcode;
pub mod fields;
mod font;
pub mod gs1_data;
pub mod layout;
pub mod pdf;
pub mod png;
pub mod template;
pub mod zpl;

pub use fields::FieldValues;
pub use layout::{layout, Item, Layout};
pub use template::Template;

/// A printer resolution. Zebra heads have a whole number of dots per millimetre
/// (8, 12, 24); "203/300/600 dpi" are their customary names (ZPL manual, `~HI`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Dpi {
    D203,
    D300,
    D600,
}

impl Dpi {
    /// The resolution for a customary dpi value (203, 300, 600; 8/12/24 dots per mm also
    /// accepted as 200/304/600-ish spellings are not).
    pub fn from_dpi(dpi: u32) -> Option<Dpi> {
        match dpi {
            203 => Some(Dpi::D203),
            300 => Some(Dpi::D300),
            600 => Some(Dpi::D600),
            _ => None,
        }
    }

    /// The resolution for a dots-per-millimetre figure as `~HI` reports it.
    pub fn from_dots_per_mm(dots_per_mm: u32) -> Option<Dpi> {
        match dots_per_mm {
            8 => Some(Dpi::D203),
            12 => Some(Dpi::D300),
            24 => Some(Dpi::D600),
            _ => None,
        }
    }

    pub fn dots_per_mm(self) -> u32 {
        match self {
            Dpi::D203 => 8,
            Dpi::D300 => 12,
            Dpi::D600 => 24,
        }
    }

    pub fn dpi(self) -> u32 {
        match self {
            Dpi::D203 => 203,
            Dpi::D300 => 300,
            Dpi::D600 => 600,
        }
    }

    /// Millimetres to dots, rounded to the nearest dot.
    pub fn dots(self, mm: f64) -> u32 {
        let dots = (mm * f64::from(self.dots_per_mm())).round();
        if dots <= 0.0 {
            0
        } else {
            dots as u32
        }
    }
}

/// Everything that can go wrong between a template and rendered bytes. Every variant says
/// which template, field or element is at fault and what to change.
#[derive(Debug, thiserror::Error)]
pub enum LabelError {
    #[error("cannot read template {path}: {message}")]
    Read { path: String, message: String },
    #[error("template {template} is not valid TOML for a label: {message}")]
    Syntax { template: String, message: String },
    #[error("template {template} has {} problem(s):\n  {}", .problems.len(), .problems.join("\n  "))]
    Invalid {
        template: String,
        problems: Vec<String>,
    },
    #[error("field {field:?} is required by template {template}: pass --set {field}=VALUE")]
    MissingField { template: String, field: String },
    #[error("template {template} has no field {field:?} (it has: {known}); check the spelling")]
    UnknownField {
        template: String,
        field: String,
        known: String,
    },
    #[error("field {field} = {value:?}: {reason}")]
    BadFieldValue {
        field: String,
        value: String,
        reason: String,
    },
    #[error("{element}: invalid GS1 data, label refused:\n  {}", .problems.join("\n  "))]
    Gs1 {
        element: String,
        problems: Vec<String>,
    },
    #[error("{element}: {message}")]
    Element { element: String, message: String },
    #[error("{element}: the {renderer} renderer cannot draw this: {message}")]
    Unsupported {
        element: String,
        renderer: &'static str,
        message: String,
    },
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("PNG: {0}")]
    Png(String),
}

/// Renders a template with field values straight to bytes in one format, at `dpi`.
/// `copies` only affects ZPL (`^PQ`); PNG and PDF show one label.
pub fn render(
    template: &Template,
    values: &FieldValues,
    dpi: Dpi,
    format: Format,
    copies: u32,
) -> Result<Vec<u8>, LabelError> {
    let laid_out = layout(template, values, dpi)?;
    match format {
        Format::Zpl => zpl::render(&laid_out, copies),
        Format::Png => png::render(&laid_out),
        Format::Pdf => pdf::render(&laid_out),
    }
}

/// An output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Zpl,
    Png,
    Pdf,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "zpl" => Some(Format::Zpl),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

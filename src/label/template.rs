//! The label template format: a human-editable TOML file giving the label size in mm, the
//! printer resolution it was designed for, the fields it takes and its elements, each
//! positioned in mm from the top-left corner of the label.
//!
//! ```toml
//! name = "serial"
//! width_mm = 50.0
//! height_mm = 30.0
//! dpi = 203                      # 203 | 300 | 600; a printer profile may override it
//!
//! [fields.gtin]
//! kind = "gtin"                  # text | date | decimal | integer | gtin | sscc
//!
//! [[element]]
//! type = "gs1_datamatrix"        # text | gs1_128 | gs1_datamatrix | gs1_qr | code128 |
//! x_mm = 2.0                     # ean13 | qr | dl_qr | line | box | image
//! y_mm = 2.0
//! module_mm = 0.5
//! data = [["01", "{gtin}"], ["10", "{lot}"]]
//! ```
//!
//! Text and data strings hold placeholders `{field}` or `{field:format}` (see
//! [`crate::label::fields`]); `{{` and `}}` are literal braces. Unknown keys are errors, so a
//! typo in a template is found when it is loaded, not when a label comes out wrong.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::fields::{self, FieldKind};
use super::{Dpi, LabelError};

/// A loaded and checked template. Fields are private: build one with [`Template::parse`]
/// or [`Template::load`], which check every element and placeholder.
#[derive(Debug, Clone)]
pub struct Template {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) width_mm: f64,
    pub(crate) height_mm: f64,
    pub(crate) dpi: Dpi,
    pub(crate) orientation: Orientation,
    pub(crate) fields: BTreeMap<String, FieldSpec>,
    pub(crate) elements: Vec<Element>,
    /// Images referenced by `image` elements, by their `path`, as 8-bit grey pixels.
    pub(crate) images: HashMap<String, image::GrayImage>,
}

/// Which way up the label comes out of the printer. `inverted` turns the whole label by 180
/// degrees on the media (`^POI`); previews are always drawn upright.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    #[default]
    Normal,
    Inverted,
}

/// One declared field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub kind: FieldKind,
    /// A field without a default is required.
    #[serde(default)]
    pub default: Option<String>,
    /// Longest accepted value in characters (text fields).
    #[serde(default)]
    pub max_len: Option<usize>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Font {
    /// ZPL font 0 (CG Triumvirate), Helvetica in PDF.
    #[default]
    Sans,
    SansBold,
    /// Courier in PDF; ZPL font 0 on the printer.
    Mono,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Horizontal,
    Vertical,
}

/// One `[[element]]` of a template.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Element {
    Text(TextElement),
    #[serde(rename = "gs1_128")]
    Gs1_128(LinearGs1Element),
    Gs1Datamatrix(MatrixGs1Element),
    Gs1Qr(MatrixGs1Element),
    #[serde(rename = "code128")]
    Code128(LinearElement),
    #[serde(rename = "ean13")]
    Ean13(LinearElement),
    Qr(QrElement),
    DlQr(DlQrElement),
    Line(LineElement),
    Box(BoxElement),
    Image(ImageElement),
}

fn default_text_size() -> f64 {
    3.0
}
fn default_hri_size() -> f64 {
    2.5
}
fn default_max_lines() -> u32 {
    1
}
fn yes() -> bool {
    true
}
fn default_dl_base() -> String {
    "https://id.gs1.org".to_owned()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextElement {
    pub x_mm: f64,
    pub y_mm: f64,
    /// Width of the text block for alignment and wrapping; defaults to the rest of the label.
    #[serde(default)]
    pub width_mm: Option<f64>,
    /// Character height.
    #[serde(default = "default_text_size")]
    pub size_mm: f64,
    #[serde(default)]
    pub font: Font,
    #[serde(default)]
    pub align: Align,
    /// Lines the text may wrap onto; text beyond them is cut.
    #[serde(default = "default_max_lines")]
    pub max_lines: u32,
    pub text: String,
}

/// GS1-128: (AI, value) pairs, each value a template string.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearGs1Element {
    pub x_mm: f64,
    pub y_mm: f64,
    /// X dimension (narrow bar width).
    pub module_mm: f64,
    pub height_mm: f64,
    pub data: Vec<(String, String)>,
    /// Print the bracketed human-readable interpretation under the symbol.
    #[serde(default = "yes")]
    pub hri: bool,
    #[serde(default = "default_hri_size")]
    pub hri_size_mm: f64,
}

/// GS1 DataMatrix and GS1 QR.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatrixGs1Element {
    pub x_mm: f64,
    pub y_mm: f64,
    pub module_mm: f64,
    pub data: Vec<(String, String)>,
    #[serde(default = "yes")]
    pub hri: bool,
    #[serde(default = "default_hri_size")]
    pub hri_size_mm: f64,
}

/// Plain Code 128 and EAN-13: one data string.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinearElement {
    pub x_mm: f64,
    pub y_mm: f64,
    pub module_mm: f64,
    pub height_mm: f64,
    pub data: String,
    #[serde(default = "yes")]
    pub hri: bool,
    #[serde(default = "default_hri_size")]
    pub hri_size_mm: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QrElement {
    pub x_mm: f64,
    pub y_mm: f64,
    pub module_mm: f64,
    pub data: String,
}

/// A QR code carrying a GS1 Digital Link URI built from (AI, value) pairs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DlQrElement {
    pub x_mm: f64,
    pub y_mm: f64,
    pub module_mm: f64,
    pub data: Vec<(String, String)>,
    #[serde(default = "default_dl_base")]
    pub base_uri: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineElement {
    pub x_mm: f64,
    pub y_mm: f64,
    pub length_mm: f64,
    #[serde(default)]
    pub direction: Direction,
    pub thickness_mm: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxElement {
    pub x_mm: f64,
    pub y_mm: f64,
    pub width_mm: f64,
    pub height_mm: f64,
    pub thickness_mm: f64,
}

/// A logo: a PNG or JPEG file (relative to the template), thresholded to black and white
/// and scaled to `width_mm` keeping its aspect ratio.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageElement {
    pub x_mm: f64,
    pub y_mm: f64,
    pub width_mm: f64,
    pub path: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: String,
    width_mm: f64,
    height_mm: f64,
    dpi: u32,
    #[serde(default)]
    orientation: Orientation,
    #[serde(default)]
    fields: BTreeMap<String, FieldSpec>,
    #[serde(default, rename = "element")]
    elements: Vec<Element>,
}

impl Element {
    /// A short name for messages: `element 3 (gs1_128)`.
    pub fn describe(&self, index: usize) -> String {
        format!("element {} ({})", index + 1, self.type_name())
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Element::Text(_) => "text",
            Element::Gs1_128(_) => "gs1_128",
            Element::Gs1Datamatrix(_) => "gs1_datamatrix",
            Element::Gs1Qr(_) => "gs1_qr",
            Element::Code128(_) => "code128",
            Element::Ean13(_) => "ean13",
            Element::Qr(_) => "qr",
            Element::DlQr(_) => "dl_qr",
            Element::Line(_) => "line",
            Element::Box(_) => "box",
            Element::Image(_) => "image",
        }
    }

    /// Every template string of the element (text, data values), for placeholder checks.
    fn strings(&self) -> Vec<&str> {
        match self {
            Element::Text(text) => vec![text.text.as_str()],
            Element::Gs1_128(element) => element.data.iter().map(|(_, v)| v.as_str()).collect(),
            Element::Gs1Datamatrix(element) | Element::Gs1Qr(element) => {
                element.data.iter().map(|(_, v)| v.as_str()).collect()
            }
            Element::Code128(element) | Element::Ean13(element) => vec![element.data.as_str()],
            Element::Qr(element) => vec![element.data.as_str()],
            Element::DlQr(element) => element.data.iter().map(|(_, v)| v.as_str()).collect(),
            Element::Line(_) | Element::Box(_) | Element::Image(_) => Vec::new(),
        }
    }

    /// Numbers that must be positive, with their key names.
    fn sizes(&self) -> Vec<(&'static str, f64)> {
        match self {
            Element::Text(e) => vec![("size_mm", e.size_mm)],
            Element::Gs1_128(e) => {
                vec![("module_mm", e.module_mm), ("height_mm", e.height_mm)]
            }
            Element::Gs1Datamatrix(e) | Element::Gs1Qr(e) => vec![("module_mm", e.module_mm)],
            Element::Code128(e) | Element::Ean13(e) => {
                vec![("module_mm", e.module_mm), ("height_mm", e.height_mm)]
            }
            Element::Qr(e) => vec![("module_mm", e.module_mm)],
            Element::DlQr(e) => vec![("module_mm", e.module_mm)],
            Element::Line(e) => vec![("length_mm", e.length_mm), ("thickness_mm", e.thickness_mm)],
            Element::Box(e) => vec![
                ("width_mm", e.width_mm),
                ("height_mm", e.height_mm),
                ("thickness_mm", e.thickness_mm),
            ],
            Element::Image(e) => vec![("width_mm", e.width_mm)],
        }
    }

    pub(crate) fn origin_mm(&self) -> (f64, f64) {
        match self {
            Element::Text(e) => (e.x_mm, e.y_mm),
            Element::Gs1_128(e) => (e.x_mm, e.y_mm),
            Element::Gs1Datamatrix(e) | Element::Gs1Qr(e) => (e.x_mm, e.y_mm),
            Element::Code128(e) | Element::Ean13(e) => (e.x_mm, e.y_mm),
            Element::Qr(e) => (e.x_mm, e.y_mm),
            Element::DlQr(e) => (e.x_mm, e.y_mm),
            Element::Line(e) => (e.x_mm, e.y_mm),
            Element::Box(e) => (e.x_mm, e.y_mm),
            Element::Image(e) => (e.x_mm, e.y_mm),
        }
    }
}

impl Template {
    /// Reads a template file and the images it references (relative to the file).
    pub fn load(path: &Path) -> Result<Template, LabelError> {
        let text = std::fs::read_to_string(path).map_err(|err| LabelError::Read {
            path: path.display().to_string(),
            message: format!("{err}; check the path (shipped templates are in labels/)"),
        })?;
        let fallback_name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("label");
        let mut template = Template::parse(&text, fallback_name)?;
        let base = path.parent().unwrap_or_else(|| Path::new("."));
        let image_paths: Vec<String> = template
            .elements
            .iter()
            .filter_map(|element| match element {
                Element::Image(image) => Some(image.path.clone()),
                _ => None,
            })
            .collect();
        for image_path in image_paths {
            let full_path = base.join(&image_path);
            let bytes = std::fs::read(&full_path).map_err(|err| LabelError::Read {
                path: full_path.display().to_string(),
                message: format!("{err}; image paths are relative to the template file"),
            })?;
            template.add_image(&image_path, &bytes)?;
        }
        Ok(template)
    }

    /// Parses and checks a template from TOML text. Image elements need their pixels added
    /// with [`Template::add_image`] (done by [`Template::load`]) before layout.
    pub fn parse(text: &str, fallback_name: &str) -> Result<Template, LabelError> {
        let raw: RawTemplate = toml::from_str(text).map_err(|err| LabelError::Syntax {
            template: fallback_name.to_owned(),
            message: err.to_string(),
        })?;
        let name = raw.name.clone().unwrap_or_else(|| fallback_name.to_owned());
        let mut problems = Vec::new();
        if !(raw.width_mm > 0.0 && raw.width_mm <= 1000.0) {
            problems.push(format!(
                "width_mm = {}: give the label width in mm (0-1000)",
                raw.width_mm
            ));
        }
        if !(raw.height_mm > 0.0 && raw.height_mm <= 1000.0) {
            problems.push(format!(
                "height_mm = {}: give the label height in mm (0-1000)",
                raw.height_mm
            ));
        }
        let dpi = Dpi::from_dpi(raw.dpi);
        if dpi.is_none() {
            problems.push(format!("dpi = {}: use 203, 300 or 600", raw.dpi));
        }
        for (field_name, spec) in &raw.fields {
            if !field_name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
            {
                problems.push(format!(
                    "fields.{field_name}: use lower-case letters, digits and '_' in field names"
                ));
            }
            if let Some(default) = &spec.default {
                if let Err(reason) = fields::check_value(spec.kind, default) {
                    problems.push(format!(
                        "fields.{field_name}.default = {default:?}: {reason}"
                    ));
                }
            }
        }
        for (index, element) in raw.elements.iter().enumerate() {
            let key = format!("element[{index}] ({})", element.type_name());
            let (x_mm, y_mm) = element.origin_mm();
            if !(x_mm >= 0.0 && x_mm < raw.width_mm && y_mm >= 0.0 && y_mm < raw.height_mm) {
                problems.push(format!(
                    "{key}: position ({x_mm}, {y_mm}) mm is outside the {}x{} mm label",
                    raw.width_mm, raw.height_mm
                ));
            }
            for (size_key, value) in element.sizes() {
                if !(value > 0.0 && value.is_finite()) {
                    problems.push(format!("{key}.{size_key} = {value}: must be more than 0"));
                }
            }
            if let Element::Text(text) = element {
                if text.max_lines == 0 {
                    problems.push(format!("{key}.max_lines: must be at least 1"));
                }
            }
            for string in element.strings() {
                match fields::placeholders(string) {
                    Ok(found) => {
                        for placeholder in found {
                            match raw.fields.get(&placeholder.name) {
                                None => problems.push(format!(
                                    "{key}: placeholder {{{}}} names no field; declare [fields.{}]",
                                    placeholder.name, placeholder.name
                                )),
                                Some(spec) => {
                                    if let Err(reason) = fields::check_format(
                                        spec.kind,
                                        placeholder.format.as_deref(),
                                    ) {
                                        problems.push(format!(
                                            "{key}: {{{}:{}}}: {reason}",
                                            placeholder.name,
                                            placeholder.format.as_deref().unwrap_or("")
                                        ));
                                    }
                                }
                            }
                        }
                    }
                    Err(reason) => problems.push(format!("{key}: {string:?}: {reason}")),
                }
            }
            match element {
                Element::Gs1_128(e) => check_pairs(&key, &e.data, &mut problems),
                Element::Gs1Datamatrix(e) | Element::Gs1Qr(e) => {
                    check_pairs(&key, &e.data, &mut problems)
                }
                Element::DlQr(e) => {
                    check_pairs(&key, &e.data, &mut problems);
                    if !(e.base_uri.starts_with("https://") || e.base_uri.starts_with("http://")) {
                        problems.push(format!(
                            "{key}.base_uri = {:?}: use an http(s) URI such as https://id.gs1.org",
                            e.base_uri
                        ));
                    }
                }
                _ => {}
            }
        }
        if raw.elements.is_empty() {
            problems.push("no [[element]]: a label needs at least one element".to_owned());
        }
        let Some(dpi) = dpi else {
            return Err(LabelError::Invalid {
                template: name,
                problems,
            });
        };
        if !problems.is_empty() {
            return Err(LabelError::Invalid {
                template: name,
                problems,
            });
        }
        Ok(Template {
            name,
            description: raw.description,
            width_mm: raw.width_mm,
            height_mm: raw.height_mm,
            dpi,
            orientation: raw.orientation,
            fields: raw.fields,
            elements: raw.elements,
            images: HashMap::new(),
        })
    }

    /// Adds the pixels of an image element's file.
    pub fn add_image(&mut self, path: &str, bytes: &[u8]) -> Result<(), LabelError> {
        let decoded = image::load_from_memory(bytes).map_err(|err| LabelError::Read {
            path: path.to_owned(),
            message: format!("{err}; use a PNG or JPEG file"),
        })?;
        self.images.insert(path.to_owned(), decoded.to_luma8());
        Ok(())
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// The resolution the template was designed for.
    pub fn dpi(&self) -> Dpi {
        self.dpi
    }

    pub fn size_mm(&self) -> (f64, f64) {
        (self.width_mm, self.height_mm)
    }

    pub fn orientation(&self) -> Orientation {
        self.orientation
    }

    /// Declared fields and their kinds, in name order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &FieldSpec)> {
        self.fields.iter().map(|(name, spec)| (name.as_str(), spec))
    }

    pub fn elements(&self) -> &[Element] {
        &self.elements
    }
}

fn check_pairs(key: &str, pairs: &[(String, String)], problems: &mut Vec<String>) {
    if pairs.is_empty() {
        problems.push(format!("{key}.data: give at least one [AI, value] pair"));
    }
    for (ai, _) in pairs {
        if !(2..=4).contains(&ai.len()) || !ai.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(format!("{key}.data: {ai:?} is not an AI (2-4 digits)"));
        }
    }
}

//! Layout: a template plus field values becomes a list of items positioned in printer dots
//! for one resolution. This is where GS1 data is built and validated, barcodes are encoded,
//! module widths are rounded to whole dots and quiet zones are checked, so that every
//! renderer draws the same geometry and a label that cannot scan is refused here, before
//! any renderer or printer sees it.

use std::sync::OnceLock;

use super::barcode::{self, Code128Input, Code128Op, Modules, Symbology};
use super::fields::{self};
use super::gs1_data::{self, Gs1Data};
use super::template::{Align, Direction, Element, Font, Orientation, Template};
use super::{Dpi, FieldValues, LabelError};

/// A label laid out in dots.
#[derive(Debug, Clone)]
pub struct Layout {
    pub template: String,
    pub dpi: Dpi,
    /// Label size in dots.
    pub width: u32,
    pub height: u32,
    pub width_mm: f64,
    pub height_mm: f64,
    pub orientation: Orientation,
    pub items: Vec<Item>,
}

/// One thing to draw, positioned in dots from the top-left corner.
#[derive(Debug, Clone)]
pub enum Item {
    Text(TextItem),
    Barcode(BarcodeItem),
    /// A filled rectangle (`thickness` None: lines) or an outline `thickness` dots wide.
    Rect {
        x: u32,
        y: u32,
        width: u32,
        height: u32,
        thickness: Option<u32>,
    },
    Image(ImageItem),
}

#[derive(Debug, Clone)]
pub struct TextItem {
    pub x: u32,
    pub y: u32,
    /// Width of the block that alignment and wrapping use.
    pub width: u32,
    /// Character height in dots.
    pub height: u32,
    pub font: Font,
    pub align: Align,
    pub max_lines: u32,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct BarcodeItem {
    /// `element 2 (gs1_128)`, for messages.
    pub element: String,
    pub symbology: Symbology,
    pub x: u32,
    pub y: u32,
    /// Dots per module (X dimension).
    pub module: u32,
    /// Bar height in dots (linear symbols); matrix symbols are `size_modules.1 * module`.
    pub bar_height: u32,
    /// The data as a scanner transmits it (GS between GS1 fields that need one).
    pub data: String,
    /// The validated GS1 data of GS1 symbols.
    pub gs1: Option<Gs1Data>,
    /// Size in modules that layout reserves: exact for linear symbols (the wider of rxing's
    /// symbol and the ZPL plan), an upper bound for matrix symbols (see
    /// `barcode::matrix_size_bound`), so that ZPL output never runs the 2D encoders.
    pub size_modules: (u32, u32),
    /// The module matrix (rxing, no quiet zone), encoded on first use by PNG and PDF.
    matrix: OnceLock<Result<Modules, String>>,
    /// The station's own Code 128 plan (code sets, FNC1) for ZPL, for Code 128 symbols.
    pub code128: Option<Vec<Code128Op>>,
}

impl BarcodeItem {
    /// Width of the symbol in dots, without quiet zones: the wider of the raster matrix and
    /// the ZPL plan, so bounds checks hold for every renderer.
    pub fn width(&self) -> u32 {
        self.size_modules.0 * self.module
    }

    pub fn height(&self) -> u32 {
        if self.symbology.is_linear() {
            self.bar_height
        } else {
            self.size_modules.1 * self.module
        }
    }

    /// The module matrix, encoding it on first use. An encoder result larger than the space
    /// layout reserved is an error, never an overlap.
    pub fn modules(&self) -> Result<&Modules, LabelError> {
        let encoded = self
            .matrix
            .get_or_init(|| barcode::matrix(self.symbology, &self.data));
        let modules = encoded.as_ref().map_err(|message| LabelError::Element {
            element: self.element.clone(),
            message: message.clone(),
        })?;
        let height_bound = if self.symbology.is_linear() {
            1
        } else {
            self.size_modules.1
        };
        if modules.width > self.size_modules.0 || modules.height > height_bound {
            return Err(LabelError::Element {
                element: self.element.clone(),
                message: format!(
                    "the encoder made a {}x{} symbol, more than the {}x{} modules reserved; shorten the data",
                    modules.width, modules.height, self.size_modules.0, height_bound
                ),
            });
        }
        Ok(modules)
    }

    pub fn quiet_zone(&self) -> u32 {
        self.symbology.quiet_zone_modules() * self.module
    }
}

#[derive(Debug, Clone)]
pub struct ImageItem {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// Row-major, true = black.
    pub bits: Vec<bool>,
}

/// Lays out a template at `dpi` with the given field values.
pub fn layout(template: &Template, values: &FieldValues, dpi: Dpi) -> Result<Layout, LabelError> {
    let resolved = values.resolve(template)?;
    let width = dpi.dots(template.width_mm);
    let height = dpi.dots(template.height_mm);
    let mut items = Vec::new();
    let expand = |text: &str| fields::expand(text, &resolved, template);
    let expand_pairs = |pairs: &[(String, String)]| -> Result<Vec<(String, String)>, LabelError> {
        pairs
            .iter()
            .map(|(ai, value)| Ok((ai.clone(), expand(value)?)))
            .collect()
    };
    // GS1 associations (requisites, exclusions) hold across the whole label.
    let mut label_pairs: Vec<(String, String)> = Vec::new();
    for element in &template.elements {
        let pairs = match element {
            Element::Gs1_128(e) => &e.data,
            Element::Gs1Datamatrix(e) | Element::Gs1Qr(e) => &e.data,
            Element::DlQr(e) => &e.data,
            _ => continue,
        };
        label_pairs.extend(expand_pairs(pairs)?);
    }
    if !label_pairs.is_empty() {
        let borrowed: Vec<(&str, &str)> = label_pairs
            .iter()
            .map(|(a, v)| (a.as_str(), v.as_str()))
            .collect();
        gs1_data::check_associations(&borrowed).map_err(|problems| LabelError::Gs1 {
            element: "label".to_owned(),
            problems,
        })?;
    }
    for (index, element) in template.elements.iter().enumerate() {
        let name = element.describe(index);
        match element {
            Element::Text(text) => {
                let x = dpi.dots(text.x_mm);
                let block = text
                    .width_mm
                    .map_or(width.saturating_sub(x), |w| dpi.dots(w));
                items.push(Item::Text(TextItem {
                    x,
                    y: dpi.dots(text.y_mm),
                    width: block.max(1),
                    height: dpi.dots(text.size_mm).max(1),
                    font: text.font,
                    align: text.align,
                    max_lines: text.max_lines,
                    text: expand(&text.text)?,
                }));
            }
            Element::Gs1_128(e) => {
                let gs1 = build_gs1(&name, &expand_pairs(&e.data)?)?;
                let plan = barcode::code128_plan(&barcode::gs1_inputs(gs1.segments())).map_err(
                    |message| LabelError::Element {
                        element: name.clone(),
                        message,
                    },
                )?;
                let item = barcode_item(
                    &name,
                    Symbology::Gs1_128,
                    (e.x_mm, e.y_mm, e.module_mm, Some(e.height_mm)),
                    dpi,
                    gs1.data(),
                    Some(gs1),
                    Some(plan),
                )?;
                let hri = e
                    .hri
                    .then(|| hri_below(&item, dpi.dots(e.hri_size_mm), dpi));
                items.push(Item::Barcode(item));
                items.extend(hri);
            }
            Element::Gs1Datamatrix(e) | Element::Gs1Qr(e) => {
                let symbology = if matches!(element, Element::Gs1Qr(_)) {
                    Symbology::Gs1Qr
                } else {
                    Symbology::Gs1DataMatrix
                };
                let gs1 = build_gs1(&name, &expand_pairs(&e.data)?)?;
                let hri_lines: Vec<String> = gs1
                    .elements()
                    .iter()
                    .map(|(ai, value)| format!("({ai}){value}"))
                    .collect();
                let item = barcode_item(
                    &name,
                    symbology,
                    (e.x_mm, e.y_mm, e.module_mm, None),
                    dpi,
                    gs1.data(),
                    Some(gs1),
                    None,
                )?;
                if e.hri {
                    let text_height = dpi.dots(e.hri_size_mm).max(1);
                    let left = item.x + item.width() + item.quiet_zone();
                    for (line, text) in hri_lines.into_iter().enumerate() {
                        items.push(Item::Text(TextItem {
                            x: left,
                            y: item.y + line as u32 * (text_height + text_height / 4),
                            width: width.saturating_sub(left).max(1),
                            height: text_height,
                            font: Font::Sans,
                            align: Align::Left,
                            max_lines: 1,
                            text,
                        }));
                    }
                }
                items.push(Item::Barcode(item));
            }
            Element::Code128(e) => {
                let data = expand(&e.data)?;
                let inputs: Vec<Code128Input> = data.bytes().map(Code128Input::Char).collect();
                let plan =
                    barcode::code128_plan(&inputs).map_err(|message| LabelError::Element {
                        element: name.clone(),
                        message,
                    })?;
                let item = barcode_item(
                    &name,
                    Symbology::Code128,
                    (e.x_mm, e.y_mm, e.module_mm, Some(e.height_mm)),
                    dpi,
                    data,
                    None,
                    Some(plan),
                )?;
                let hri = e.hri.then(|| {
                    let mut text = hri_below(&item, dpi.dots(e.hri_size_mm), dpi);
                    if let Item::Text(t) = &mut text {
                        t.text = item.data.clone();
                    }
                    text
                });
                items.push(Item::Barcode(item));
                items.extend(hri);
            }
            Element::Ean13(e) => {
                let data = expand(&e.data)?;
                let digits = match data.len() {
                    13 => data.clone(),
                    14 if data.starts_with('0') => data[1..].to_owned(),
                    _ => String::new(),
                };
                if digits.len() != 13
                    || !digits.bytes().all(|b| b.is_ascii_digit())
                    || fields::check_value(fields::FieldKind::Gtin, &digits).is_err()
                {
                    return Err(LabelError::Element {
                        element: name,
                        message: format!(
                            "{data:?} is not a GTIN-13 with a valid check digit (use {{gtin:gtin13}})"
                        ),
                    });
                }
                let item = barcode_item(
                    &name,
                    Symbology::Ean13,
                    (e.x_mm, e.y_mm, e.module_mm, Some(e.height_mm)),
                    dpi,
                    digits,
                    None,
                    None,
                )?;
                let hri = e.hri.then(|| {
                    let mut text = hri_below(&item, dpi.dots(e.hri_size_mm), dpi);
                    if let Item::Text(t) = &mut text {
                        t.text = item.data.clone();
                    }
                    text
                });
                items.push(Item::Barcode(item));
                items.extend(hri);
            }
            Element::Qr(e) => {
                let data = expand(&e.data)?;
                items.push(Item::Barcode(barcode_item(
                    &name,
                    Symbology::Qr,
                    (e.x_mm, e.y_mm, e.module_mm, None),
                    dpi,
                    data,
                    None,
                    None,
                )?));
            }
            Element::DlQr(e) => {
                let gs1 = build_gs1(&name, &expand_pairs(&e.data)?)?;
                let uri = gs1_data::digital_link_uri(&gs1, &e.base_uri).map_err(|problems| {
                    LabelError::Gs1 {
                        element: name.clone(),
                        problems,
                    }
                })?;
                items.push(Item::Barcode(barcode_item(
                    &name,
                    Symbology::Qr,
                    (e.x_mm, e.y_mm, e.module_mm, None),
                    dpi,
                    uri,
                    None,
                    None,
                )?));
            }
            Element::Line(e) => {
                let length = dpi.dots(e.length_mm).max(1);
                let thickness = dpi.dots(e.thickness_mm).max(1);
                let (w, h) = match e.direction {
                    Direction::Horizontal => (length, thickness),
                    Direction::Vertical => (thickness, length),
                };
                items.push(Item::Rect {
                    x: dpi.dots(e.x_mm),
                    y: dpi.dots(e.y_mm),
                    width: w,
                    height: h,
                    thickness: None,
                });
            }
            Element::Box(e) => {
                let w = dpi.dots(e.width_mm).max(1);
                let h = dpi.dots(e.height_mm).max(1);
                let thickness = dpi.dots(e.thickness_mm).clamp(1, w.min(h));
                items.push(Item::Rect {
                    x: dpi.dots(e.x_mm),
                    y: dpi.dots(e.y_mm),
                    width: w,
                    height: h,
                    thickness: Some(thickness),
                });
            }
            Element::Image(e) => {
                let Some(source) = template.images.get(&e.path) else {
                    return Err(LabelError::Element {
                        element: name,
                        message: format!(
                            "image {:?} was not loaded; load the template from its file",
                            e.path
                        ),
                    });
                };
                items.push(Item::Image(scale_image(
                    source,
                    dpi.dots(e.x_mm),
                    dpi.dots(e.y_mm),
                    dpi.dots(e.width_mm),
                )));
            }
        }
    }
    let laid_out = Layout {
        template: template.name.clone(),
        dpi,
        width,
        height,
        width_mm: template.width_mm,
        height_mm: template.height_mm,
        orientation: template.orientation,
        items,
    };
    check_geometry(&laid_out)?;
    Ok(laid_out)
}

fn build_gs1(element: &str, pairs: &[(String, String)]) -> Result<Gs1Data, LabelError> {
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, v)| (a.as_str(), v.as_str()))
        .collect();
    gs1_data::build(&borrowed).map_err(|problems| LabelError::Gs1 {
        element: element.to_owned(),
        problems,
    })
}

fn barcode_item(
    name: &str,
    symbology: Symbology,
    (x_mm, y_mm, module_mm, height_mm): (f64, f64, f64, Option<f64>),
    dpi: Dpi,
    data: String,
    gs1: Option<Gs1Data>,
    code128: Option<Vec<Code128Op>>,
) -> Result<BarcodeItem, LabelError> {
    let element_error = |message: String| LabelError::Element {
        element: name.to_owned(),
        message,
    };
    let matrix = OnceLock::new();
    let size_modules = if symbology.is_linear() {
        // Linear encoding is cheap (a few µs): do it now for the exact width.
        let modules = barcode::matrix(symbology, &data).map_err(element_error)?;
        let planned = code128.as_deref().map_or(0, barcode::code128_modules);
        let size = (modules.width.max(planned), 1);
        let _ = matrix.set(Ok(modules));
        size
    } else {
        barcode::matrix_size_bound(symbology, &data).map_err(element_error)?
    };
    Ok(BarcodeItem {
        element: name.to_owned(),
        symbology,
        x: dpi.dots(x_mm),
        y: dpi.dots(y_mm),
        module: dpi.dots(module_mm).max(1),
        bar_height: height_mm.map_or(0, |h| dpi.dots(h).max(1)),
        data,
        gs1,
        size_modules,
        matrix,
        code128,
    })
}

/// HRI text centred under a linear symbol, a third of the text height below the bars.
fn hri_below(item: &BarcodeItem, text_height: u32, dpi: Dpi) -> Item {
    let quiet = item.quiet_zone();
    Item::Text(TextItem {
        x: item.x.saturating_sub(quiet),
        y: item.y + item.bar_height + text_height / 3 + dpi.dots(0.2),
        width: item.width() + 2 * quiet,
        height: text_height.max(1),
        font: Font::Sans,
        align: Align::Center,
        max_lines: 1,
        text: item
            .gs1
            .as_ref()
            .map_or_else(|| item.data.clone(), Gs1Data::hri),
    })
}

fn scale_image(source: &image::GrayImage, x: u32, y: u32, width: u32) -> ImageItem {
    let (source_width, source_height) = source.dimensions();
    let width = width.max(1);
    let height = ((u64::from(width) * u64::from(source_height)) / u64::from(source_width.max(1)))
        .max(1) as u32;
    let mut bits = Vec::with_capacity((width * height) as usize);
    for dy in 0..height {
        for dx in 0..width {
            let sx = (u64::from(dx) * u64::from(source_width) / u64::from(width)) as u32;
            let sy = (u64::from(dy) * u64::from(source_height) / u64::from(height)) as u32;
            let luma = source.get_pixel_checked(sx, sy).map_or(255, |p| p.0[0]);
            bits.push(luma < 128);
        }
    }
    ImageItem {
        x,
        y,
        width,
        height,
        bits,
    }
}

type Rect = (i64, i64, i64, i64);

fn intersects(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Every symbol with its quiet zone lies on the label, and nothing else is drawn in a
/// symbol's quiet zone (a line through it is the classic unscannable label).
fn check_geometry(laid_out: &Layout) -> Result<(), LabelError> {
    let mut zones: Vec<(&str, Rect)> = Vec::new();
    for item in &laid_out.items {
        let Item::Barcode(barcode) = item else {
            continue;
        };
        let quiet = i64::from(barcode.quiet_zone());
        let vertical_quiet = if barcode.symbology.is_linear() {
            0
        } else {
            quiet
        };
        let zone = (
            i64::from(barcode.x) - quiet,
            i64::from(barcode.y) - vertical_quiet,
            i64::from(barcode.width()) + 2 * quiet,
            i64::from(barcode.height()) + 2 * vertical_quiet,
        );
        if zone.0 < 0
            || zone.1 < 0
            || zone.0 + zone.2 > i64::from(laid_out.width)
            || zone.1 + zone.3 > i64::from(laid_out.height)
        {
            let mm = |dots: i64| dots as f64 / f64::from(laid_out.dpi.dots_per_mm());
            return Err(LabelError::Element {
                element: barcode.element.clone(),
                message: format!(
                    "the symbol with its quiet zone spans x {:.1}..{:.1} mm, y {:.1}..{:.1} mm \
                     and does not fit on the {}x{} mm label at {} dpi: move it, shorten the data \
                     or use a smaller module_mm",
                    mm(zone.0),
                    mm(zone.0 + zone.2),
                    mm(zone.1),
                    mm(zone.1 + zone.3),
                    laid_out.width_mm,
                    laid_out.height_mm,
                    laid_out.dpi.dpi()
                ),
            });
        }
        zones.push((&barcode.element, zone));
    }
    for item in &laid_out.items {
        let shapes: Vec<Rect> = match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                thickness,
            } => {
                let (x, y, w, h) = (
                    i64::from(*x),
                    i64::from(*y),
                    i64::from(*width),
                    i64::from(*height),
                );
                match thickness {
                    None => vec![(x, y, w, h)],
                    Some(t) => {
                        let t = i64::from(*t);
                        vec![
                            (x, y, w, t),
                            (x, y + h - t, w, t),
                            (x, y, t, h),
                            (x + w - t, y, t, h),
                        ]
                    }
                }
            }
            Item::Image(image) => vec![(
                i64::from(image.x),
                i64::from(image.y),
                i64::from(image.width),
                i64::from(image.height),
            )],
            Item::Barcode(barcode) => vec![(
                i64::from(barcode.x),
                i64::from(barcode.y),
                i64::from(barcode.width()),
                i64::from(barcode.height()),
            )],
            Item::Text(_) => Vec::new(),
        };
        let own = match item {
            Item::Barcode(barcode) => Some(barcode.element.as_str()),
            _ => None,
        };
        for (element, zone) in &zones {
            if Some(*element) == own {
                continue;
            }
            if shapes.iter().any(|shape| intersects(*shape, *zone)) {
                return Err(LabelError::Element {
                    element: (*element).to_owned(),
                    message: "another element is drawn inside the symbol or its quiet zone; \
                              move one of them"
                        .to_owned(),
                });
            }
        }
    }
    Ok(())
}

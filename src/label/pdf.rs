//! PDF output (printpdf 0.12): one page of exactly the label size in mm, for previews, CUPS
//! queues and archives. Geometry comes from the same dot layout as ZPL and PNG, converted
//! back to mm at the layout's dots per mm, so bars are exactly as wide as the printer would
//! make them. Barcodes and rules are filled vector rectangles; text uses the standard
//! Helvetica/Courier faces (WinAnsi; characters outside it show as `?`); logos are embedded
//! as 1-bit-looking grey images at the printer resolution.

use printpdf::{
    BuiltinFont, Color, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, RawImage, RawImageData, RawImageFormat, Rgb,
    TextItem as PdfText, WindingOrder, XObjectTransform,
};

use super::font::Font as BitmapFont;
use super::layout::{Item, Layout, TextItem};
use super::png::wrap;
use super::template::{Align, Font};
use super::LabelError;

/// Converts layout dots to PDF points with the origin at the bottom left.
struct Frame {
    dots_per_mm: f32,
    page_height_mm: f32,
}

impl Frame {
    fn x(&self, dots: u32) -> Pt {
        Mm(dots as f32 / self.dots_per_mm).into()
    }

    /// A y coordinate in dots from the top, as points from the bottom.
    fn y(&self, dots: u32) -> Pt {
        Mm(self.page_height_mm - dots as f32 / self.dots_per_mm).into()
    }

    fn ring(&self, x: u32, y: u32, width: u32, height: u32) -> PolygonRing {
        let corner = |cx: u32, cy: u32| LinePoint {
            p: Point {
                x: self.x(cx),
                y: self.y(cy),
            },
            bezier: false,
        };
        PolygonRing {
            points: vec![
                corner(x, y),
                corner(x + width, y),
                corner(x + width, y + height),
                corner(x, y + height),
            ],
        }
    }
}

fn fill(rings: Vec<PolygonRing>) -> Op {
    Op::DrawPolygon {
        polygon: Polygon {
            rings,
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    }
}

/// The label as a one-page PDF.
pub fn render(laid_out: &Layout) -> Result<Vec<u8>, LabelError> {
    let frame = Frame {
        dots_per_mm: laid_out.dpi.dots_per_mm() as f32,
        page_height_mm: laid_out.height_mm as f32,
    };
    let mut document = PdfDocument::new(&laid_out.template);
    let mut ops = vec![Op::SetFillColor {
        col: Color::Rgb(Rgb {
            r: 0.0,
            g: 0.0,
            b: 0.0,
            icc_profile: None,
        }),
    }];
    for item in &laid_out.items {
        match item {
            Item::Rect {
                x,
                y,
                width,
                height,
                thickness,
            } => {
                let rings = match thickness {
                    None => vec![frame.ring(*x, *y, *width, *height)],
                    Some(t) => vec![
                        frame.ring(*x, *y, *width, *t),
                        frame.ring(*x, (y + height).saturating_sub(*t), *width, *t),
                        frame.ring(*x, *y, *t, *height),
                        frame.ring((x + width).saturating_sub(*t), *y, *t, *height),
                    ],
                };
                ops.push(fill(rings));
            }
            Item::Barcode(barcode) => {
                let m = barcode.module;
                let modules = barcode.modules()?;
                let mut rings = Vec::new();
                if barcode.symbology.is_linear() {
                    for (start, length) in modules.dark_runs(0) {
                        rings.push(frame.ring(
                            barcode.x + start * m,
                            barcode.y,
                            length * m,
                            barcode.bar_height,
                        ));
                    }
                } else {
                    for row in 0..modules.height {
                        for (start, length) in modules.dark_runs(row) {
                            rings.push(frame.ring(
                                barcode.x + start * m,
                                barcode.y + row * m,
                                length * m,
                                m,
                            ));
                        }
                    }
                }
                if !rings.is_empty() {
                    ops.push(fill(rings));
                }
            }
            Item::Text(text) => ops.extend(text_ops(&frame, text)),
            Item::Image(image) => {
                let pixels = image
                    .bits
                    .iter()
                    .map(|&dark| if dark { 0u8 } else { 255u8 })
                    .collect();
                let raw = RawImage {
                    pixels: RawImageData::U8(pixels),
                    width: image.width as usize,
                    height: image.height as usize,
                    data_format: RawImageFormat::R8,
                    tag: Vec::new(),
                };
                let id = document.add_image(&raw);
                ops.push(Op::UseXobject {
                    id,
                    transform: XObjectTransform {
                        translate_x: Some(frame.x(image.x)),
                        translate_y: Some(frame.y(image.y + image.height)),
                        dpi: Some(frame.dots_per_mm * 25.4),
                        ..XObjectTransform::default()
                    },
                });
            }
        }
    }
    let page = PdfPage::new(
        Mm(laid_out.width_mm as f32),
        Mm(laid_out.height_mm as f32),
        ops,
    );
    document.with_pages(vec![page]);
    let mut warnings = Vec::new();
    let bytes = document.save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.is_empty() {
        return Err(LabelError::Pdf(format!(
            "printpdf produced no bytes: {warnings:?}"
        )));
    }
    Ok(bytes)
}

fn text_ops(frame: &Frame, text: &TextItem) -> Vec<Op> {
    let font = match text.font {
        Font::Sans => BuiltinFont::Helvetica,
        Font::SansBold => BuiltinFont::HelveticaBold,
        Font::Mono => BuiltinFont::Courier,
    };
    // The character height in dots is the font's em size; wrapping uses the same character
    // count per line as the raster preview so both break lines alike.
    let size_mm = text.height as f32 / frame.dots_per_mm;
    let size = Pt::from(Mm(size_mm));
    let advance = BitmapFont::get().advance(text.height);
    let max_chars = (text.width / advance.max(1)) as usize;
    let line_pitch = text.height + text.height / 5;
    let mut ops = Vec::new();
    for (line_index, line) in wrap(&text.text, max_chars, text.max_lines)
        .iter()
        .enumerate()
    {
        // Average Helvetica advance is about 0.55 em; Courier is 0.6 em.
        let estimated_width = (line.chars().count() as f32 * 0.55 * text.height as f32) as u32;
        let left = match text.align {
            Align::Left => text.x,
            Align::Center => text.x + text.width.saturating_sub(estimated_width) / 2,
            Align::Right => text.x + text.width.saturating_sub(estimated_width),
        };
        let baseline = text.y + line_index as u32 * line_pitch + text.height * 4 / 5;
        ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::Builtin(font),
                size,
            },
            Op::SetTextCursor {
                pos: Point {
                    x: frame.x(left),
                    y: frame.y(baseline),
                },
            },
            Op::ShowText {
                items: vec![PdfText::Text(line.clone())],
            },
            Op::EndTextSection,
        ]);
    }
    ops
}

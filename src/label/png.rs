//! Raster output: the label as an 8-bit grey PNG at the printer's resolution, one pixel per
//! dot. Barcode modules are whole dots (no scaling, no anti-aliasing) and quiet zones are
//! kept clear by layout, so the preview scans like the printed label. Text uses the embedded
//! Terminus bitmap font (see `font.rs`); the printer's own fonts differ slightly in width.

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{GrayImage, ImageEncoder, Luma};

use super::font::Font;
use super::layout::{BarcodeItem, Item, Layout, TextItem};
use super::template::Align;
use super::LabelError;

const BLACK: Luma<u8> = Luma([0]);

/// Draws the label into a grey image, `layout.width` x `layout.height` pixels.
pub fn raster(laid_out: &Layout) -> Result<GrayImage, LabelError> {
    let mut canvas =
        GrayImage::from_pixel(laid_out.width.max(1), laid_out.height.max(1), Luma([255]));
    for item in &laid_out.items {
        match item {
            Item::Text(text) => draw_text(&mut canvas, text),
            Item::Barcode(barcode) => draw_barcode(&mut canvas, barcode)?,
            Item::Rect {
                x,
                y,
                width,
                height,
                thickness,
            } => match thickness {
                None => fill(&mut canvas, *x, *y, *width, *height),
                Some(t) => {
                    fill(&mut canvas, *x, *y, *width, *t);
                    fill(&mut canvas, *x, (y + height).saturating_sub(*t), *width, *t);
                    fill(&mut canvas, *x, *y, *t, *height);
                    fill(&mut canvas, (x + width).saturating_sub(*t), *y, *t, *height);
                }
            },
            Item::Image(image) => {
                for (index, &dark) in image.bits.iter().enumerate() {
                    if dark {
                        let index = index as u32;
                        put(
                            &mut canvas,
                            image.x + index % image.width,
                            image.y + index / image.width,
                        );
                    }
                }
            }
        }
    }
    Ok(canvas)
}

/// The label as PNG bytes.
pub fn render(laid_out: &Layout) -> Result<Vec<u8>, LabelError> {
    let canvas = raster(laid_out)?;
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(&mut bytes, CompressionType::Fast, FilterType::Sub)
        .write_image(
            canvas.as_raw(),
            canvas.width(),
            canvas.height(),
            image::ExtendedColorType::L8,
        )
        .map_err(|err| LabelError::Png(err.to_string()))?;
    Ok(bytes)
}

fn put(canvas: &mut GrayImage, x: u32, y: u32) {
    if x < canvas.width() && y < canvas.height() {
        canvas.put_pixel(x, y, BLACK);
    }
}

fn fill(canvas: &mut GrayImage, x: u32, y: u32, width: u32, height: u32) {
    let x_end = x.saturating_add(width).min(canvas.width());
    let y_end = y.saturating_add(height).min(canvas.height());
    for row in y..y_end {
        for column in x..x_end {
            canvas.put_pixel(column, row, BLACK);
        }
    }
}

fn draw_barcode(canvas: &mut GrayImage, barcode: &BarcodeItem) -> Result<(), LabelError> {
    let m = barcode.module;
    let modules = barcode.modules()?;
    if barcode.symbology.is_linear() {
        for (start, length) in modules.dark_runs(0) {
            fill(
                canvas,
                barcode.x + start * m,
                barcode.y,
                length * m,
                barcode.bar_height,
            );
        }
    } else {
        for row in 0..modules.height {
            for (start, length) in modules.dark_runs(row) {
                fill(
                    canvas,
                    barcode.x + start * m,
                    barcode.y + row * m,
                    length * m,
                    m,
                );
            }
        }
    }
    Ok(())
}

/// Splits text into at most `max_lines` lines of at most `max_chars` characters, breaking
/// at spaces where possible. Text beyond the last line is dropped.
pub(crate) fn wrap(text: &str, max_chars: usize, max_lines: u32) -> Vec<String> {
    let max_chars = max_chars.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let mut word = word.to_owned();
        loop {
            let current_len = current.chars().count();
            let word_len = word.chars().count();
            let needed = if current.is_empty() {
                word_len
            } else {
                current_len + 1 + word_len
            };
            if needed <= max_chars {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&word);
                break;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            // A word longer than a line: break it.
            let head: String = word.chars().take(max_chars).collect();
            word = word.chars().skip(max_chars).collect();
            lines.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines.truncate(max_lines.max(1) as usize);
    lines
}

fn draw_text(canvas: &mut GrayImage, text: &TextItem) {
    let font = Font::get();
    let advance = font.advance(text.height);
    let max_chars = (text.width / advance.max(1)) as usize;
    let line_pitch = text.height + text.height / 5;
    for (line_index, line) in wrap(&text.text, max_chars, text.max_lines)
        .iter()
        .enumerate()
    {
        let line_width = advance * line.chars().count() as u32;
        let left = match text.align {
            Align::Left => text.x,
            Align::Center => text.x + text.width.saturating_sub(line_width) / 2,
            Align::Right => text.x + text.width.saturating_sub(line_width),
        };
        let top = text.y + line_index as u32 * line_pitch;
        for (char_index, ch) in line.chars().enumerate() {
            font.draw_char(
                ch,
                left + char_index as u32 * advance,
                top,
                text.height,
                &mut |x, y| put(canvas, x, y),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping() {
        assert_eq!(wrap("one two three", 7, 3), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4, 5), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("one two three", 3, 1), vec!["one"]);
        assert_eq!(wrap("", 3, 1), vec![""]);
    }
}

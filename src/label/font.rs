//! The bitmap font of the raster renderer: Terminus Font Bold 16x32 (SIL Open Font License
//! 1.1, see `font/LICENSE-terminus-font.txt`), embedded as the PSF2 console font Debian's
//! `console-setup-linux` package ships (`Uni2-TerminusBold32x16.psf`, 512 glyphs: Latin,
//! Greek, Cyrillic, box drawing).
//!
//! Why a bitmap font: the station works offline on a Pi, with no fontconfig and no font
//! rasteriser among its dependencies; a PNG preview only needs legible text at label sizes.
//! Glyphs are scaled to the requested height by nearest neighbour. The printer draws ZPL
//! text with its own fonts and the PDF uses the standard Helvetica, so this font only shapes
//! previews.

use std::collections::HashMap;
use std::sync::OnceLock;

static PSF: &[u8] = include_bytes!("font/Uni2-TerminusBold32x16.psf");

/// PSF2 header magic (Linux kbd documentation, `psf.h`).
const PSF2_MAGIC: u32 = 0x864a_b572;
const PSF2_HAS_UNICODE_TABLE: u32 = 1;

pub(crate) struct Font {
    glyph_width: u32,
    glyph_height: u32,
    bytes_per_glyph: usize,
    glyphs: &'static [u8],
    by_char: HashMap<char, usize>,
    fallback: usize,
}

fn read_u32(bytes: &[u8], offset: usize) -> u32 {
    bytes
        .get(offset..offset + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

impl Font {
    /// The embedded font. Parsed once; a damaged embedded file (impossible short of a bad
    /// build) gives a font without glyphs rather than a panic.
    pub(crate) fn get() -> &'static Font {
        static FONT: OnceLock<Font> = OnceLock::new();
        FONT.get_or_init(|| Font::parse(PSF))
    }

    fn parse(bytes: &'static [u8]) -> Font {
        let empty = Font {
            glyph_width: 16,
            glyph_height: 32,
            bytes_per_glyph: 64,
            glyphs: &[],
            by_char: HashMap::new(),
            fallback: 0,
        };
        if read_u32(bytes, 0) != PSF2_MAGIC {
            return empty;
        }
        let header_size = read_u32(bytes, 8) as usize;
        let flags = read_u32(bytes, 12);
        let count = read_u32(bytes, 16) as usize;
        let bytes_per_glyph = read_u32(bytes, 20) as usize;
        let glyph_height = read_u32(bytes, 24);
        let glyph_width = read_u32(bytes, 28);
        let glyphs_end = header_size + count * bytes_per_glyph;
        let Some(glyphs) = bytes.get(header_size..glyphs_end) else {
            return empty;
        };
        let mut by_char = HashMap::new();
        if flags & PSF2_HAS_UNICODE_TABLE != 0 {
            // One entry per glyph: UTF-8 characters, 0xFE starts a multi-character sequence
            // (ignored here), 0xFF ends the entry.
            let mut table = bytes.get(glyphs_end..).unwrap_or(&[]);
            for glyph_index in 0..count {
                let end = table.iter().position(|&b| b == 0xFF).unwrap_or(table.len());
                let entry = &table[..end];
                let singles = entry.split(|&b| b == 0xFE).next().unwrap_or(&[]);
                if let Ok(text) = std::str::from_utf8(singles) {
                    for ch in text.chars() {
                        by_char.entry(ch).or_insert(glyph_index);
                    }
                }
                table = table.get(end + 1..).unwrap_or(&[]);
            }
        }
        let fallback = by_char.get(&'?').copied().unwrap_or(0);
        Font {
            glyph_width,
            glyph_height,
            bytes_per_glyph,
            glyphs,
            by_char,
            fallback,
        }
    }

    /// Advance width of one character at a character height of `height` dots.
    pub(crate) fn advance(&self, height: u32) -> u32 {
        (height * self.glyph_width)
            .div_ceil(self.glyph_height)
            .max(1)
    }

    /// Calls `plot(x, y)` for every dark pixel of `ch` drawn with its top-left corner at
    /// (`left`, `top`) and a height of `height` dots.
    pub(crate) fn draw_char(
        &self,
        ch: char,
        left: u32,
        top: u32,
        height: u32,
        plot: &mut impl FnMut(u32, u32),
    ) {
        let index = self.by_char.get(&ch).copied().unwrap_or(self.fallback);
        let Some(glyph) = self
            .glyphs
            .get(index * self.bytes_per_glyph..(index + 1) * self.bytes_per_glyph)
        else {
            return;
        };
        let width = self.advance(height);
        let row_bytes = self.glyph_width.div_ceil(8) as usize;
        for dy in 0..height {
            let source_y = (dy * self.glyph_height / height.max(1)) as usize;
            for dx in 0..width {
                let source_x = (dx * self.glyph_width / width.max(1)) as usize;
                let byte = glyph
                    .get(source_y * row_bytes + source_x / 8)
                    .copied()
                    .unwrap_or(0);
                if byte & (0x80 >> (source_x % 8)) != 0 {
                    plot(left + dx, top + dy);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_font_parses() {
        let font = Font::get();
        assert_eq!((font.glyph_width, font.glyph_height), (16, 32));
        assert!(font.by_char.contains_key(&'A'));
        assert!(font.by_char.contains_key(&'é'));
        assert!(font.by_char.contains_key(&'Ж'));
        let mut dark = 0;
        font.draw_char('A', 0, 0, 32, &mut |_, _| dark += 1);
        assert!(dark > 30, "an A has ink");
    }
}

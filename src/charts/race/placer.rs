//! Labels on the plot that must not cover each other: seven runners may leave
//! the saddle through the same edge a few pixels apart. Each label takes the
//! first free place near its point, trying beside it, then above and below.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::charts::axis::{boxed_text, line_height, pxi, text_width};
use crate::charts::cliff::layout::Rect;
use crate::charts::Theme;

/// A box of device pixels: left, top, right, bottom.
type Area = (i32, i32, i32, i32);

/// The boxes taken so far inside `inside`.
pub(super) struct Placer {
    inside: Rect,
    taken: Vec<Area>,
}

impl Placer {
    pub(super) fn new(inside: Rect) -> Self {
        Placer {
            inside,
            taken: Vec::new(),
        }
    }

    /// A free place for text `rel` wide `w` near `(x, y)`: its top-left corner.
    fn find(&self, theme: &Theme, w: i32, rel: f64, (x, y): (i32, i32)) -> Option<(i32, i32)> {
        let lh = line_height(theme, rel);
        let (m, off) = (pxi(theme, 3.0), pxi(theme, 12.0));
        let r = self.inside;
        let fits = |(x0, y0): (i32, i32)| {
            let b = (x0 - m, y0, x0 + w + m, y0 + lh);
            b.0 >= r.x0
                && b.2 <= r.x1
                && b.1 >= r.y0
                && b.3 <= r.y1
                && self
                    .taken
                    .iter()
                    .all(|t| b.2 <= t.0 || t.2 <= b.0 || b.3 <= t.1 || t.3 <= b.1)
        };
        let beside = [x + off, x - off - w];
        let mut tries = Vec::new();
        for n in 0..=12 {
            for dy in [n, -n] {
                for &x0 in &beside {
                    tries.push((x0, y - lh / 2 + dy * lh));
                }
                if n == 1 {
                    tries.push((x - w / 2, y - off - lh));
                    tries.push((x - w / 2, y + off));
                }
            }
        }
        // Failing those, slid along inside the plot on the same rows.
        let slid = tries
            .clone()
            .into_iter()
            .map(|(x0, y0)| (x0.clamp(r.x0 + m, (r.x1 - m - w).max(r.x0 + m)), y0));
        tries.into_iter().chain(slid).find(|&p| fits(p))
    }

    /// Draws `text` at the first free place near `at`, on a pale box, and takes
    /// that place. Where none is free the text is left out (Ok(false)).
    pub(super) fn label<DB: DrawingBackend>(
        &mut self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
        text: &str,
        colour: RGBColor,
        at: (i32, i32),
    ) -> Result<bool, String> {
        let rel = 1.0;
        let w = text_width(theme, rel, text);
        let Some((x0, y0)) = self.find(theme, w, rel, at) else {
            return Ok(false);
        };
        let m = pxi(theme, 3.0);
        self.taken
            .push((x0 - m, y0, x0 + w + m, y0 + line_height(theme, rel)));
        boxed_text(
            root,
            theme,
            text,
            rel,
            colour,
            (x0, y0),
            (HPos::Left, VPos::Top),
        )?;
        Ok(true)
    }
}

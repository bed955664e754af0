//! Rows of coloured cells drawn as runs: cells of one colour side by side become one
//! rectangle. The pixels are the same; a canvas gets far fewer calls (a confident
//! region of the decision map, or a saturated unit's thumbnail, is one flat colour).

use plotters::element::{Drawable, PointCollection};
use plotters_backend::{BackendCoord, DrawingBackend, DrawingErrorKind};

/// An RGB image of `size` device pixels with its top left at `pos`, drawn in one
/// `blit_bitmap` call: for backends that copy bitmaps themselves ([`super::Theme::raster`]).
pub struct Bitmap {
    pub pos: (i32, i32),
    pub size: (u32, u32),
    /// Row-major RGB, 3 bytes a pixel.
    pub rgb: Vec<u8>,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Bitmap {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.pos)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Bitmap {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.blit_bitmap(at, self.size, &self.rgb),
            None => Ok(()),
        }
    }
}

/// The bounds of `cells` equal parts of `len` pixels, as `rectangle` cells are drawn:
/// part i covers pixels `len·i/cells` up to (not including) `len·(i+1)/cells`.
pub fn part_of_each_pixel(len: i32, cells: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(len.max(0) as usize);
    for i in 0..cells {
        let (a, b) = (
            len * i as i32 / cells as i32,
            len * (i as i32 + 1) / cells as i32,
        );
        out.extend(std::iter::repeat_n(i, (b - a).max(0) as usize));
    }
    out
}

/// The runs of one row of `len` cells: `(from, to, colour)` with `from..to` the cells,
/// in order, covering the row once; neighbouring runs differ in colour.
pub fn runs<C: PartialEq>(len: usize, colour: impl Fn(usize) -> C) -> Vec<(usize, usize, C)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < len {
        let c = colour(i);
        let mut end = i + 1;
        while end < len && colour(end) == c {
            end += 1;
        }
        out.push((i, end, c));
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{part_of_each_pixel, runs};
    use proptest::prelude::*;

    #[test]
    fn each_pixel_belongs_to_the_cell_whose_rectangle_covers_it() {
        for len in 0..120 {
            for cells in [1, 3, 16] {
                let parts = part_of_each_pixel(len, cells);
                assert_eq!(parts.len(), len as usize);
                for (px, &i) in parts.iter().enumerate() {
                    let (a, b) = (
                        len * i as i32 / cells as i32,
                        len * (i as i32 + 1) / cells as i32,
                    );
                    assert!(
                        (a..b).contains(&(px as i32)),
                        "len {len}, pixel {px} in cell {i}"
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn runs_cover_the_row_once_with_each_cells_colour(cells in proptest::collection::vec(0u8..3, 0..40)) {
            let r = runs(cells.len(), |i| cells[i]);
            let mut next = 0;
            for (k, &(from, to, c)) in r.iter().enumerate() {
                prop_assert_eq!(from, next);
                prop_assert!(to > from);
                prop_assert!(cells[from..to].iter().all(|&x| x == c));
                if k > 0 {
                    prop_assert_ne!(r[k - 1].2, c);
                }
                next = to;
            }
            prop_assert_eq!(next, cells.len());
        }
    }
}

//! Rows of coloured cells drawn as runs: cells of one colour side by side become one
//! rectangle. The pixels are the same; a canvas gets far fewer calls (a confident
//! region of the decision map, or a saturated unit's thumbnail, is one flat colour).

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
    use super::runs;
    use proptest::prelude::*;

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

//! The page's two sorts. Every element type and comparator given to the standard
//! library's sorts compiles its own copy of them into the wasm (a stable sort is
//! several KB each); the page sorts only short lists and one kind of long one, so
//! these two cover every use.

/// Sorts a short list in place (stable: equal elements keep their order), by `less`.
/// Insertion sort: quadratic, so only for the lists of a page (settings, entrants,
/// arrows — tens of elements), where it is also the smallest code.
pub fn sort_small<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sorts pairs by their first element, smallest first (in f64's total order); for
/// long lists: the diagram's strongest links, the distinct labels of a data file.
pub fn sort_by_first(v: &mut [(f64, usize)]) {
    v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sort_small_is_the_standard_stable_sort(v in proptest::collection::vec((0u8..5, 0u16..1000), 0..60)) {
            let mut ours = v.clone();
            sort_small(&mut ours, |a, b| a.0 < b.0);
            let mut std = v;
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_by_first_orders_by_the_first(v in proptest::collection::vec((-1e3f64..1e3, 0usize..9), 0..200)) {
            let mut s = v.clone();
            sort_by_first(&mut s);
            prop_assert!(s.windows(2).all(|w| w[0].0 <= w[1].0));
            let mut a = s.clone();
            let mut b = v;
            a.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            b.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            prop_assert_eq!(a, b, "a permutation of the input");
        }
    }
}

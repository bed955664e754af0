//! The page's sorts. Every element type and comparator given to the standard
//! library's sorts compiles its own copy of them into the wasm (a stable sort is
//! several KB each, an unstable one with its selection about 4 KB); an insertion
//! sort for short lists and a heapsort (a few hundred bytes each) cover every use.

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
    // The standard one: the diagram draws equal links in the order it leaves them,
    // and the pinned pictures hold that order.
    v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
}

/// Numbers sorted, smallest first (f64 in its total order).
pub fn sort_numbers<T: Number>(v: &mut [T]) {
    heap_sort(v, T::less);
}

/// What [`sort_numbers`] sorts.
pub trait Number: Copy {
    fn less(a: &Self, b: &Self) -> bool;
}

impl Number for f64 {
    fn less(a: &f64, b: &f64) -> bool {
        a.total_cmp(b).is_lt()
    }
}

macro_rules! integer_numbers {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn less(a: &$t, b: &$t) -> bool {
                a < b
            }
        }
    )*};
}
integer_numbers!(u32, u64, usize);

/// Heapsort (not stable): O(n log n) in little code; `less` is a plain function so
/// each element type compiles it once.
fn heap_sort<T>(v: &mut [T], less: fn(&T, &T) -> bool) {
    let sift = |v: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[root], &v[child]) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for root in (0..n / 2).rev() {
        sift(v, root, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
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
        fn sort_numbers_is_the_standard_sort(v in proptest::collection::vec(-1e3f64..1e3, 0..300), w in proptest::collection::vec(0usize..50, 0..300)) {
            let (mut a, mut b) = (v.clone(), v);
            sort_numbers(&mut a);
            b.sort_by(f64::total_cmp);
            prop_assert_eq!(a, b);
            let (mut a, mut b) = (w.clone(), w);
            sort_numbers(&mut a);
            b.sort_unstable();
            prop_assert_eq!(a, b);
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

//! The 8×8 handwritten digits (UCI, Alpaydin & Kaynak 1998).
//!
//! `data/digits.bin` holds 1 797 records of 65 bytes: the label, then 64 pixel counts
//! 0..=16 row by row. Its provenance and licence are in `data/README.md`.
//!
//! Natively the file is compiled in. The page fetches it beside the wasm instead
//! ([`provide`]): the images are 46 KiB of the page's budget once gzipped, and most
//! scenes never read them. Until they are there, [`available`] is false and a config
//! asking for them does not validate, so no run can start without its data.

use ndarray::Array2;

use super::data::{Dataset, Task};
use super::rng::Rng;

/// Images in the set.
pub const IMAGES: usize = 1797;
/// Pixels per image (8×8).
pub const PIXELS: usize = 64;
pub const CLASSES: usize = 10;
/// Where the images come from, for captions and chart notes.
pub const SOURCE: &str = "8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0)";
/// The file the page fetches, relative to the page.
pub const FILE: &str = "digits.bin";

const RECORD: usize = 1 + PIXELS;
/// The size of the file: every record whole.
pub const BYTES: usize = IMAGES * RECORD;

#[cfg(not(target_arch = "wasm32"))]
static RAW: &[u8] = include_bytes!("../../data/digits.bin");

#[cfg(target_arch = "wasm32")]
static LOADED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

fn raw() -> Option<&'static [u8]> {
    #[cfg(not(target_arch = "wasm32"))]
    return Some(RAW);
    #[cfg(target_arch = "wasm32")]
    return LOADED.get().map(Vec::as_slice);
}

/// Whether the images are there to draw from.
pub fn available() -> bool {
    raw().is_some()
}

/// Hands the engine the file's bytes (the page, once it has fetched them). A file of
/// the wrong size, a label over 9 or a pixel over 16 is refused, so a damaged or
/// mistaken download never becomes a data set. Natively the compiled-in copy stays.
pub fn provide(bytes: Vec<u8>) -> Result<(), String> {
    check(&bytes)?;
    #[cfg(target_arch = "wasm32")]
    let _ = LOADED.set(bytes);
    Ok(())
}

fn check(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() != BYTES {
        return Err(crate::t!(
            "engine.digits.size",
            file = FILE,
            bytes = bytes.len(),
            want = BYTES,
            images = IMAGES
        ));
    }
    for (i, r) in bytes.chunks_exact(RECORD).enumerate() {
        if usize::from(r[0]) >= CLASSES || r[1..].iter().any(|&p| p > 16) {
            return Err(crate::t!("engine.digits.image", file = FILE, image = i));
        }
    }
    Ok(())
}

/// Label and pixels of image `i`, in file order.
fn record(raw: &'static [u8], i: usize) -> (usize, &'static [u8]) {
    let r = &raw[i * RECORD..(i + 1) * RECORD];
    (usize::from(r[0]), &r[1..])
}

/// `samples` images (at most all 1 797) drawn without repetition, pixels scaled to
/// [0, 1], labels one-hot; `noise` is the standard deviation of Gaussian noise added
/// to each scaled pixel (none is drawn at 0, so the clean set takes no noise draws).
///
/// Configs reach this only once [`available`]: validation refuses digits before.
pub fn digits(samples: usize, noise: f64, rng: &mut Rng) -> Dataset {
    let raw = raw().expect("the digits are checked available when the config is validated");
    let mut order: Vec<usize> = (0..IMAGES).collect();
    rng.shuffle(&mut order);
    order.truncate(samples.min(IMAGES));
    // Back in file order: the caller shuffles once more, like every other set.
    crate::engine::sorting::sort_numbers(&mut order);
    let n = order.len();
    let mut x = Array2::zeros((n, PIXELS));
    let mut y = Array2::zeros((n, CLASSES));
    for (row, &i) in order.iter().enumerate() {
        let (label, pixels) = record(raw, i);
        y[[row, label]] = 1.0;
        for (j, &p) in pixels.iter().enumerate() {
            x[[row, j]] = f64::from(p) / 16.0;
            if noise > 0.0 {
                x[[row, j]] += noise * rng.normal();
            }
        }
    }
    Dataset {
        x,
        y,
        task: Task::Multiclass(CLASSES),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_holds_1797_images_with_the_known_class_counts() {
        assert_eq!(RAW.len(), BYTES);
        check(RAW).unwrap();
        let mut counts = [0usize; CLASSES];
        for i in 0..IMAGES {
            let (label, pixels) = record(RAW, i);
            counts[label] += 1;
            assert!(pixels.iter().all(|&p| p <= 16), "image {i}");
        }
        // The UCI test set's class sizes, as scikit-learn's DESCR and load_digits give.
        assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
        // scikit-learn's digits.images[0] is a zero, first row 0 0 5 13 9 1 0 0.
        let (label, pixels) = record(RAW, 0);
        assert_eq!(label, 0);
        assert_eq!(&pixels[..8], &[0, 0, 5, 13, 9, 1, 0, 0]);
    }

    #[test]
    fn a_subset_is_scaled_one_hot_and_reproducible() {
        let a = digits(500, 0.0, &mut Rng::new(3));
        let b = digits(500, 0.0, &mut Rng::new(3));
        assert_eq!(a, b);
        assert_eq!((a.x.nrows(), a.x.ncols(), a.y.ncols()), (500, 64, 10));
        assert!(a.x.iter().all(|&v| (0.0..=1.0).contains(&v)));
        assert!(a.x.iter().any(|&v| v == 1.0));
        for row in a.y.outer_iter() {
            assert_eq!(row.sum(), 1.0);
        }
        assert_ne!(a, digits(500, 0.0, &mut Rng::new(4)));
        // Asking for more than there are gives all of them, each once.
        let all = digits(5000, 0.0, &mut Rng::new(1));
        assert_eq!(all.x.nrows(), IMAGES);
        let noisy = digits(IMAGES, 0.1, &mut Rng::new(1));
        let moved = (&noisy.x - &all.x).mapv(f64::abs).mean().unwrap();
        assert!((0.05..0.12).contains(&moved), "{moved}");
    }

    #[test]
    fn provide_refuses_a_damaged_file() {
        provide(RAW.to_vec()).unwrap();
        let e = provide(RAW[..100].to_vec()).unwrap_err();
        assert!(e.contains("100 bytes"), "{e}");
        let mut bad = RAW.to_vec();
        bad[RECORD * 5 + 3] = 17;
        assert!(provide(bad).unwrap_err().contains("image 5"));
        let mut bad = RAW.to_vec();
        bad[0] = 10;
        assert!(provide(bad).unwrap_err().contains("image 0"));
    }
}

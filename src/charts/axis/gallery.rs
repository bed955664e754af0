//! `CHARTS_GALLERY=/tmp/charts cargo test --lib gallery -- --ignored` writes
//! every panel for two presets in both themes, to look at.

use super::test_support::*;
use crate::charts::{Panel, Theme, ThemeKind};

#[test]
#[ignore]
fn write_gallery() {
    let Ok(dir) = std::env::var("CHARTS_GALLERY") else {
        return;
    };
    std::fs::create_dir_all(&dir).expect("directory");
    let runs = [
        ("e2-deep-tanh", 200),
        ("e1-no-clip", 500),
        ("e3-sigmoid", 300),
    ]
    .map(|(preset, steps)| (preset, trained(preset, steps)));
    let (deep, deep_snap) = trained_with("e2-deep-tanh", 100, |c| c.hidden = vec![4; 10]);
    let empty = crate::scenes::network::history::History::new(3);
    for (preset, (h, s)) in runs.iter().map(|(p, (h, s))| (*p, (h, Some(s)))).chain([
        ("deep11", (&deep, Some(&deep_snap))),
        ("empty", (&empty, None)),
    ]) {
        for panel in Panel::ALL {
            for (kind, scale, size, suffix) in [
                (ThemeKind::Default, 1.0, (900, 500), ""),
                (ThemeKind::Projector, 1.0, (520, 416), "-projector"),
                (ThemeKind::Projector, 1.0, (1100, 416), "-projector-wide"),
                (ThemeKind::Projector, 2.0, (1920, 1080), "-export"),
            ] {
                let svg = svg_sized(panel, h, s, &Theme::new(kind, scale), size);
                let name = format!("{dir}/{preset}-{}{suffix}.svg", panel.word());
                std::fs::write(name, svg).expect("write");
            }
        }
    }
}

//! PLACEHOLDER until the race charts land (branch race-charts replaces this file).
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::{ChartResult, Theme};
use crate::scenes::race::replay::Replay;

pub fn draw_plane<DB: DrawingBackend>(
    _: &DrawingArea<DB, Shift>,
    _: &Replay,
    _: &Theme,
) -> ChartResult {
    Ok(())
}
pub fn draw_loss<DB: DrawingBackend>(
    _: &DrawingArea<DB, Shift>,
    _: &Replay,
    _: &Theme,
) -> ChartResult {
    Ok(())
}
pub fn draw_rates<DB: DrawingBackend>(
    _: &DrawingArea<DB, Shift>,
    _: &Replay,
    _: &Theme,
) -> ChartResult {
    Ok(())
}
pub fn draw_score<DB: DrawingBackend>(
    _: &DrawingArea<DB, Shift>,
    _: &Replay,
    _: &Theme,
) -> ChartResult {
    Ok(())
}
pub fn locate(_: (u32, u32), _: &Theme, _: &Replay, _: f64, _: f64) -> Option<(f64, f64)> {
    None
}

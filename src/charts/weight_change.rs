//! placeholder
use super::{ChartResult, Theme, View};
use plotters::coord::Shift;
use plotters::prelude::*;
pub fn draw<DB: DrawingBackend>(_a: &DrawingArea<DB, Shift>, _v: &View, _t: &Theme) -> ChartResult {
    Ok(())
}

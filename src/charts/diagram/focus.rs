//! One unit of the diagram shown large in the model panel while the pointer rests
//! on it: its output over the input plane, on the same diverging scale as its
//! thumbnail, with the data points over it.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::axis::{header, pxi, Item, Swatch};
use super::super::{fail, ChartResult, Theme, View};
use super::{diverging, sig3, NEGATIVE, POSITIVE};
use crate::scenes::network::diagram::THUMB;
use crate::scenes::network::snapshot::ModelView;

/// Draws unit `unit` of layer `layer` (0 for the inputs) over `area`; None when
/// there is no such thumbnail (the model panel then draws as usual).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    view: &View,
    theme: &Theme,
    (layer, unit): (usize, usize),
) -> Option<ChartResult> {
    let snapshot = view.snapshot?;
    let t = snapshot.diagram.thumbnails.as_ref()?;
    let image = t.images.get(layer)?.get(unit)?;
    let scale = t.scale[layer];
    let name = if layer == 0 {
        crate::t!("chart.diagram.input", name = snapshot.diagram.inputs[unit])
    } else {
        let act = snapshot.diagram.params[layer - 1].activation;
        crate::t!(
            "chart.diagram.unit-output",
            layer = layer,
            unit = unit + 1,
            act = act
        )
    };
    Some((|| {
        let items = [
            Item::new(Swatch::Block(POSITIVE), format!("+{}", sig3(scale)), theme),
            Item::new(Swatch::Block(NEGATIVE), format!("−{}", sig3(scale)), theme),
        ];
        let top = header(area, theme, &name, &items)?;
        let (w, h) = area.dim_in_pixel();
        let pad = pxi(theme, 12.0);
        let side = (w as i32 - 2 * pad).min(h as i32 - top - pad).max(1);
        let (x0, y0) = ((w as i32 - side) / 2, top + (h as i32 - top - side) / 2);
        for j in 0..THUMB {
            let cy1 = y0 + side - side * j as i32 / THUMB as i32;
            let cy0 = y0 + side - side * (j as i32 + 1) / THUMB as i32;
            for i in 0..THUMB {
                let cx0 = x0 + side * i as i32 / THUMB as i32;
                let cx1 = x0 + side * (i as i32 + 1) / THUMB as i32;
                let c = diverging(theme, image[j * THUMB + i], scale);
                area.draw(&Rectangle::new([(cx0, cy0), (cx1, cy1)], c.filled()))
                    .map_err(fail)?;
            }
        }
        // The training points, where they lie on the plane.
        if let ModelView::Regions { train, .. } = &snapshot.model {
            let (xr, yr) = (t.x, t.y);
            for &(px, py, class) in train.iter().take(400) {
                let sx = x0 + ((px - xr.0) / (xr.1 - xr.0) * f64::from(side)) as i32;
                let sy = y0 + side - ((py - yr.0) / (yr.1 - yr.0) * f64::from(side)) as i32;
                area.draw(&Circle::new(
                    (sx, sy),
                    theme.px_u(2.5),
                    theme.class_colour(class).stroke_width(theme.px_u(1.0)),
                ))
                .map_err(fail)?;
            }
        }
        area.draw(&Rectangle::new(
            [(x0, y0), (x0 + side, y0 + side)],
            theme.muted.stroke_width(theme.px_u(1.0)),
        ))
        .map_err(fail)
    })())
}

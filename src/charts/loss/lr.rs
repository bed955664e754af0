//! The loss panel's learning-rate strip: drawn under the loss, on the same step
//! axis, once the rate has moved (a schedule or a change made mid-run).

use super::*;

/// The (step, lr) of each kept step, when the lr was not the same throughout. The
/// steps rather than the evaluated epochs: with `eval_every` > 1 those would miss
/// the epochs in between.
pub(super) fn lr_series(h: &History) -> Option<Vec<(f64, f64)>> {
    let first = *h.lr.first()?;
    h.lr.iter().any(|&v| v != first).then(|| {
        h.steps
            .iter()
            .zip(&h.lr)
            .map(|(&s, &v)| (s as f64, v))
            .collect()
    })
}

/// The learning rate at each kept step, drawn as steps (a step's lr holds from the
/// point before), on a log axis under the loss plot whose plotting area spans
/// `left`..`right`.
pub(super) fn draw_lr<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    lr: &[(f64, f64)],
    (left, right, x0, x1): (i32, i32, f64, f64),
) -> ChartResult {
    let pad = pxi(theme, PAD);
    let row = line_height(theme, 1.0);
    let (w, h) = area.dim_in_pixel();
    let frame = Frame {
        top: row + pxi(theme, 6.0),
        right: w as i32 - right,
        left: left - pad,
        bottom: pxi(theme, 4.0),
    };
    let plot_h = h as i32 - pad - frame.top - frame.bottom;
    if plot_h < row {
        return Ok(());
    }
    let y = LossAxis::new(theme, lr.iter().map(|p| p.1), true, plot_h);
    let mut chart = frame
        .builder(theme, area)
        .build_cartesian_2d(Ticked::new((x0, x1), Vec::new(), Vec::new()), y.ticked())
        .map_err(fail)?;
    let fmt_y = |v: &f64| y.label(*v);
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, theme, "", "");
    mesh.y_label_formatter(&fmt_y).draw().map_err(fail)?;
    // Each point's lr from the previous point to its own.
    let mut points = Vec::with_capacity(2 * lr.len());
    let mut from = x0;
    for &(step, v) in lr.iter().filter(|p| p.1 > 0.0 && p.1.is_finite()) {
        points.push((from, v.log10()));
        points.push((step, v.log10()));
        from = step;
    }
    chart
        .draw_series(std::iter::once(PathElement::new(
            points,
            OKABE_ITO[2].stroke_width(theme.line()),
        )))
        .map_err(fail)?;
    let (lx, ly) = local(area, chart.backend_coord(&(x0, y.range.1)));
    area.draw(&Text::new(
        "learning rate",
        (lx, ly - row - pxi(theme, 2.0)),
        theme.text_in(1.0, theme.muted),
    ))
    .map_err(fail)?;
    Ok(())
}

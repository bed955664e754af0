//! Text over a plot: where anchored text sits, text on a pale box, and a
//! muted note wrapped and centred on a plot.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{line_height, pxi, style, text_width};
use crate::charts::{fail, ChartResult, Theme};

/// Where text `rel` anchored at `(x, y)` by `(h, v)` sits: its top-left
/// corner, width and line height, in device pixels.
pub(crate) fn text_box(
    theme: &Theme,
    text: &str,
    rel: f64,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
) -> (i32, i32, i32, i32) {
    let w = text_width(theme, rel, text);
    let lh = line_height(theme, rel);
    let x0 = match h {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    let y0 = match v {
        VPos::Top => y,
        VPos::Center => y - lh / 2,
        VPos::Bottom => y - lh,
    };
    (x0, y0, w, lh)
}

/// Text on a pale box so it reads over lines and fills.
pub(crate) fn boxed_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    rel: f64,
    colour: RGBColor,
    (x, y): (i32, i32),
    (h, v): (HPos, VPos),
) -> ChartResult {
    let (x0, y0, w, lh) = text_box(theme, text, rel, (x, y), (h, v));
    let m = pxi(theme, 3.0);
    area.draw(&Rectangle::new(
        [(x0 - m, y0), (x0 + w + m, y0 + lh)],
        theme.background.mix(0.85).filled(),
    ))
    .map_err(fail)?;
    area.draw_text(
        text,
        &style(theme, rel, colour, HPos::Left, VPos::Center),
        (x0, y0 + lh / 2),
    )
    .map_err(fail)
}

/// The note an empty plot shows before the first step, centred on its pixel box.
pub(crate) fn no_steps_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    plot: (i32, i32, i32, i32),
) -> ChartResult {
    centred_note(area, theme, crate::t!("chart.no-steps"), plot)
}

/// A muted note centred on `area`'s pixel box `(x0, y0)..(x1, y1)`, wrapped
/// onto as many lines as its width needs.
pub(crate) fn centred_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
) -> ChartResult {
    let lines = wrap(theme, text, (x1 - x0 - pxi(theme, 12.0)).max(1));
    let lh = line_height(theme, 1.0);
    let top = (y0 + y1) / 2 - lh * lines.len() as i32 / 2;
    for (i, line) in lines.iter().enumerate() {
        boxed_text(
            area,
            theme,
            line,
            1.0,
            theme.muted,
            ((x0 + x1) / 2, top + i as i32 * lh),
            (HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}

/// `text` split at spaces into lines at most `width` pixels wide (a word
/// longer than that gets a line of its own).
pub(crate) fn wrap(theme: &Theme, text: &str, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if text_width(theme, 1.0, &format!("{line} {word}")) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

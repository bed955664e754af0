//! The header of a panel: its title at the top left and a legend after it
//! (swatches and labels), wrapping onto new lines as the width requires.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::shapes::{draw_shape, Shape};
use super::{line_height, pxi, style, text_width, PAD};
use crate::charts::{fail, ChartResult, Theme};

/// What a legend entry shows before its label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Swatch {
    /// A line of this width (device pixels).
    Line(RGBColor, u32),
    Dashed(RGBColor, u32),
    /// A filled square, for areas (histograms, regions).
    Block(RGBColor),
    /// A filled circle with an outline: training points.
    Dot(RGBColor),
    /// A hollow circle: test points.
    Ring(RGBColor),
    /// A line of this width with a marker on it: a series told apart by its shape too.
    Marked(RGBColor, u32, Shape),
    /// A marker alone (a target, a point of interest).
    Marker(RGBColor, Shape),
    /// Text only.
    None,
}

/// One entry of a header: a swatch and its label.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    pub swatch: Swatch,
    pub label: String,
    pub colour: RGBColor,
    /// Start a new line before this entry.
    pub newline: bool,
}

impl Item {
    pub fn new(swatch: Swatch, label: impl Into<String>, theme: &Theme) -> Self {
        Item {
            swatch,
            label: label.into(),
            colour: theme.foreground,
            newline: false,
        }
    }
    /// A text-only entry in `colour`.
    pub fn text(label: impl Into<String>, colour: RGBColor) -> Self {
        Item {
            swatch: Swatch::None,
            label: label.into(),
            colour,
            newline: false,
        }
    }
}

fn swatch_width(theme: &Theme, s: Swatch) -> i32 {
    match s {
        Swatch::None => 0,
        Swatch::Line(..) | Swatch::Dashed(..) | Swatch::Marked(..) => pxi(theme, 26.0),
        Swatch::Block(_) | Swatch::Dot(_) | Swatch::Ring(_) | Swatch::Marker(..) => {
            pxi(theme, 14.0)
        }
    }
}

fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    s: Swatch,
    x: i32,
    cy: i32,
) -> ChartResult {
    let w = swatch_width(theme, s);
    match s {
        Swatch::None => Ok(()),
        Swatch::Line(c, width) => area
            .draw(&PathElement::new(
                vec![(x, cy), (x + w, cy)],
                c.stroke_width(width),
            ))
            .map_err(fail),
        Swatch::Dashed(c, width) => {
            let dash = w / 3;
            for k in 0..2 {
                let x0 = x + k * 2 * dash;
                area.draw(&PathElement::new(
                    vec![(x0, cy), (x0 + dash, cy)],
                    c.stroke_width(width),
                ))
                .map_err(fail)?;
            }
            Ok(())
        }
        Swatch::Marked(c, width, shape) => {
            area.draw(&PathElement::new(
                vec![(x, cy), (x + w, cy)],
                c.stroke_width(width),
            ))
            .map_err(fail)?;
            draw_shape(
                area,
                theme,
                shape,
                (x + w / 2, cy),
                pxi(theme, 4.5),
                c,
                theme.foreground,
            )
        }
        Swatch::Marker(c, shape) => draw_shape(
            area,
            theme,
            shape,
            (x + w / 2, cy),
            pxi(theme, 4.5),
            c,
            theme.foreground,
        ),
        Swatch::Block(c) => {
            let h = w / 2;
            area.draw(&Rectangle::new([(x, cy - h), (x + w, cy + h)], c.filled()))
                .map_err(fail)?;
            area.draw(&Rectangle::new(
                [(x, cy - h), (x + w, cy + h)],
                theme.foreground.stroke_width(theme.px_u(1.0)),
            ))
            .map_err(fail)
        }
        Swatch::Dot(c) => {
            let r = (w / 2) as u32;
            area.draw(&Circle::new((x + w / 2, cy), r, c.filled()))
                .map_err(fail)?;
            area.draw(&Circle::new(
                (x + w / 2, cy),
                r,
                theme.foreground.stroke_width(theme.px_u(1.0)),
            ))
            .map_err(fail)
        }
        Swatch::Ring(c) => area
            .draw(&Circle::new(
                (x + w / 2, cy),
                (w / 2 - theme.px_u(1.0) as i32).max(1) as u32,
                c.stroke_width(theme.px_u(2.0)),
            ))
            .map_err(fail),
    }
}

/// Draws the title at the top left and the entries after it, wrapping onto
/// new lines as the width requires. Returns the y just below the header.
pub(crate) fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    items: &[Item],
) -> Result<i32, String> {
    let (w, _) = area.dim_in_pixel();
    let (places, bottom) = header_layout(theme, w, title, items);
    let pad = pxi(theme, PAD);
    area.draw_text(
        title,
        &style(theme, 1.15, theme.foreground, HPos::Left, VPos::Center),
        (pad, pad + line_height(theme, 1.15) / 2),
    )
    .map_err(fail)?;
    let gap = pxi(theme, 6.0);
    for (item, (x, cy)) in items.iter().zip(places) {
        draw_swatch(area, theme, item.swatch, x, cy)?;
        let sw = swatch_width(theme, item.swatch);
        let tx = x + sw + if sw > 0 { gap } else { 0 };
        area.draw_text(
            &item.label,
            &style(theme, 1.0, item.colour, HPos::Left, VPos::Center),
            (tx, cy),
        )
        .map_err(fail)?;
    }
    Ok(bottom)
}

/// The y just below the header [`header`] draws for `title` and `items` on an
/// area `width` pixels wide, found without drawing: for layouts that must
/// agree with a drawing without one (turning a click into data coordinates).
pub(crate) fn header_height(theme: &Theme, width: u32, title: &str, items: &[Item]) -> i32 {
    header_layout(theme, width, title, items).1
}

/// Where [`header`] puts each entry (its left edge and vertical centre) after the
/// title, wrapping as `width` requires, and the y just below the header.
fn header_layout(theme: &Theme, width: u32, title: &str, items: &[Item]) -> (Vec<(i32, i32)>, i32) {
    let w = width as i32;
    let pad = pxi(theme, PAD);
    let row = line_height(theme, 1.0);
    let gap = pxi(theme, 6.0);
    let between = pxi(theme, 18.0);
    let (mut x, mut top, mut height) = (
        pad + text_width(theme, 1.15, title) + pxi(theme, 24.0),
        pad,
        line_height(theme, 1.15),
    );
    let mut places = Vec::with_capacity(items.len());
    for item in items {
        let sw = swatch_width(theme, item.swatch);
        let tw = text_width(theme, 1.0, &item.label);
        let width = sw + if sw > 0 { gap } else { 0 } + tw;
        if item.newline || (x > pad && x + width > w - pad) {
            top += height;
            height = row;
            x = pad;
        }
        places.push((x, top + height / 2));
        x += width + between;
    }
    (places, top + height)
}

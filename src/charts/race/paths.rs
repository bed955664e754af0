//! Lines through many points, drawn so that they read: plotters strokes a
//! polyline with mitred joins, which spike wherever a run zigzags (momentum
//! on the bowl, a loss that flickers between two values in f32). So a line
//! is broken into polylines at its sharp turns, with a disc at each, and a
//! series is first reduced to one point per pixel column, its spread in that
//! column kept as a vertical stroke.

/// A point in device pixels.
pub(super) type Px = (i32, i32);
/// A polyline, or a stroke, in device pixels.
pub(super) type Line = Vec<Px>;

/// `pts` split where the line turns by more than 45°, and the points where it does.
pub(super) fn at_turns(pts: &[Px]) -> (Vec<Line>, Vec<Px>) {
    let mut pts = pts.to_vec();
    pts.dedup();
    let (mut lines, mut turns) = (Vec::new(), Vec::new());
    let mut line = Vec::new();
    for (k, &p) in pts.iter().enumerate() {
        line.push(p);
        let (Some(&a), Some(&z)) = (k.checked_sub(1).and_then(|i| pts.get(i)), pts.get(k + 1))
        else {
            continue;
        };
        let (u, v) = ((p.0 - a.0, p.1 - a.1), (z.0 - p.0, z.1 - p.1));
        let dot = f64::from(u.0) * f64::from(v.0) + f64::from(u.1) * f64::from(v.1);
        let len = f64::from(u.0).hypot(f64::from(u.1)) * f64::from(v.0).hypot(f64::from(v.1));
        if dot < 0.7 * len {
            lines.push(std::mem::replace(&mut line, vec![p]));
            turns.push(p);
        }
    }
    if line.len() > 1 {
        lines.push(line);
    }
    (lines, turns)
}

/// Pixels `pts` (x increasing) as one point per column, its last, and the
/// columns where the values spread over two pixels or more, as strokes.
pub(super) fn columns(pts: &[Px]) -> (Line, Vec<Line>) {
    let (mut line, mut spread): (Line, Vec<Line>) = (Vec::new(), Vec::new());
    let mut col: Option<(i32, i32, i32, i32)> = None; // x, min, max, last
    let mut flush = |c: (i32, i32, i32, i32)| {
        line.push((c.0, c.3));
        if c.2 - c.1 >= 2 {
            spread.push(vec![(c.0, c.1), (c.0, c.2)]);
        }
    };
    for &(x, y) in pts {
        col = match col {
            Some(c) if c.0 == x => Some((x, c.1.min(y), c.2.max(y), y)),
            Some(c) => {
                flush(c);
                Some((x, y, y, y))
            }
            None => Some((x, y, y, y)),
        };
    }
    if let Some(c) = col {
        flush(c);
    }
    (line, spread)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_sharp_turns_only() {
        let (lines, turns) = at_turns(&[(0, 0), (10, 0), (20, 2), (20, 12), (10, 12), (10, 12)]);
        assert_eq!(turns, vec![(20, 2), (20, 12)]);
        assert_eq!(
            lines,
            vec![
                vec![(0, 0), (10, 0), (20, 2)],
                vec![(20, 2), (20, 12)],
                vec![(20, 12), (10, 12)]
            ]
        );
        assert_eq!(at_turns(&[(1, 1)]), (Vec::new(), Vec::new()));
    }

    #[test]
    fn columns_keep_the_last_value_and_the_spread() {
        let (line, spread) = columns(&[(0, 5), (0, 9), (0, 6), (1, 6), (1, 7), (2, 3)]);
        assert_eq!(line, vec![(0, 6), (1, 7), (2, 3)]);
        assert_eq!(spread, vec![vec![(0, 5), (0, 9)]]);
    }
}

//! A recurrent run (E6) as CSV, the one writer of the page's through-time CSV and of
//! `gradient-lab rnn --format csv`: one row per training step with the loss, the
//! gradient norm, whether clipping acted, whether the step went non-finite, the
//! recurrent matrix's spectral radius and ‖∂L/∂h_t‖ for t = 1..T.
//!
//! The page writes the steps it kept (thinned, see [`trace`](super::trace)), the
//! command line every step it prints; both with these columns and numbers written
//! by [`number`](crate::scenes::network::history::number) (shortest round-trip form,
//! `nan`, `inf`, `-inf`).

use super::trace::Column;
use crate::engine::recurrent::trainer::RnnStepReport;
use crate::scenes::network::history::number;

/// The columns before the per-time-step ones (`dh_1..dh_T`).
pub const COLUMNS: [&str; 6] = [
    "step",
    "loss",
    "grad_norm",
    "clipped",
    "non_finite",
    "spectral_radius",
];

/// One step's numbers, as a row needs them.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    pub step: usize,
    pub loss: f64,
    pub grad_norm: f64,
    pub clipped: bool,
    pub non_finite: bool,
    pub radius: f64,
    /// dh[t − 1] = ‖∂L/∂h_t‖.
    pub dh: &'a [f64],
}

impl<'a> From<&'a RnnStepReport> for Row<'a> {
    fn from(r: &'a RnnStepReport) -> Self {
        Row {
            step: r.step,
            loss: r.loss,
            grad_norm: r.grad_norm,
            clipped: r.clipped,
            non_finite: r.non_finite,
            radius: r.radius,
            dh: &r.dh_norms,
        }
    }
}

impl<'a> From<&'a Column> for Row<'a> {
    fn from(c: &'a Column) -> Self {
        Row {
            step: c.step,
            loss: c.loss,
            grad_norm: c.grad_norm,
            clipped: c.clipped,
            non_finite: c.non_finite,
            radius: c.radius,
            dh: &c.dh,
        }
    }
}

/// Every column's name for a run of `t` time steps, in order.
pub fn columns(t: usize) -> Vec<String> {
    let mut cols: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    cols.extend((1..=t).map(|k| format!("dh_{k}")));
    cols
}

/// The header line (no newline) for a run of `t` time steps.
pub fn header(t: usize) -> String {
    columns(t).join(",")
}

/// One step's line (no newline).
pub fn row<'a>(r: impl Into<Row<'a>>) -> String {
    let r = r.into();
    let mut cells = vec![
        r.step.to_string(),
        number(r.loss),
        number(r.grad_norm),
        u8::from(r.clipped).to_string(),
        u8::from(r.non_finite).to_string(),
        number(r.radius),
    ];
    cells.extend(r.dh.iter().map(|&v| number(v)));
    cells.join(",")
}

/// A whole CSV: the header for `t` time steps, then one line per step.
pub fn csv<'a, R: Into<Row<'a>>>(t: usize, steps: impl IntoIterator<Item = R>) -> String {
    let mut out = header(t);
    out.push('\n');
    for r in steps {
        out.push_str(&row(r));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenes::recurrent::trace::ThroughTime;

    fn report(step: usize, loss: f64) -> RnnStepReport {
        RnnStepReport {
            step,
            loss,
            grad_norm: 0.25,
            clipped: step == 2,
            radius: 1.5,
            dh_norms: vec![1e-30, f64::INFINITY],
            non_finite: !loss.is_finite(),
        }
    }

    #[test]
    fn header_and_rows_line_up() {
        assert_eq!(
            header(3),
            "step,loss,grad_norm,clipped,non_finite,spectral_radius,dh_1,dh_2,dh_3"
        );
        assert_eq!(header(0), COLUMNS.join(","));
        assert_eq!(
            row(&report(2, 0.5)),
            "2,0.5,0.25,1,0,1.5,0.000000000000000000000000000001,inf"
        );
        assert_eq!(
            row(&report(3, f64::NAN)),
            "3,nan,0.25,0,1,1.5,0.000000000000000000000000000001,inf"
        );
    }

    #[test]
    fn the_page_and_the_command_line_write_the_same_rows() {
        let reports: Vec<RnnStepReport> = (1..=4).map(|s| report(s, 1.0 / s as f64)).collect();
        let mut trace = ThroughTime::default();
        for r in &reports {
            trace.push(r.clone());
        }
        let page = csv(2, &trace.columns);
        assert_eq!(page, csv(2, &reports));
        assert_eq!(page.lines().count(), 5);
        assert!(page
            .lines()
            .all(|l| l.split(',').count() == COLUMNS.len() + 2));
    }
}

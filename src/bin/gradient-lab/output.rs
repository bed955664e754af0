//! How the commands end and write numbers: the closing summary (after a table on
//! standard output, else on standard error after a flush, so CSV and JSON Lines stay
//! machine-readable) and numbers as the library's CSV writes them.

use std::io::{self, Write};

use crate::args::Format;
use crate::CliResult;

/// The closing summary: after a table on standard output; on standard error after
/// CSV or JSON Lines, so those stay machine-readable.
pub fn print_summary(out: &mut impl Write, format: Format, summary: &str) -> CliResult<()> {
    if format == Format::Table {
        writeln!(out, "{summary}")?;
    } else {
        out.flush()?;
        writeln!(io::stderr().lock(), "{summary}")?;
    }
    Ok(())
}

/// A number as the library's CSV writes it: shortest round-trip form, `inf`, `-inf`
/// or `nan` for the non-finite.
pub fn report_number(v: f64) -> String {
    gradient_lab::scenes::network::history::number(v)
}

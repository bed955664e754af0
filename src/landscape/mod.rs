//! Loss landscapes: surfaces over two parameters and descents across them.
//! [`cliff`] is Pascanu's recurrent unit; [`descent`] walks a surface with and
//! without gradient clipping; [`surface`] samples loss and gradient on a grid;
//! [`config`] holds the settings every way in (page, URL, command line) shares.

pub mod cliff;
pub mod config;
pub mod descent;
pub mod replay;
pub mod surface;

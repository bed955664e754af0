//! The page's state without the page: [`link`] reads and writes the URL hash,
//! [`session`] holds the one open scene and plays it. Both are target-independent
//! and tested natively; the browser layer only turns DOM events into calls here.

pub mod link;
pub mod page;
pub mod session;

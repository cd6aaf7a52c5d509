//! Dramatis: a calm desktop reader that shows an article's cast.
//!
//! (Crate docs: architecture, code map and invariants — to be written.)

pub mod analysis;
pub mod document;
pub mod span;
pub mod ui;

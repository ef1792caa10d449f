//! Live preview.

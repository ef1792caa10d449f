pub mod diag;
pub mod load;
pub mod model;
pub mod parse;

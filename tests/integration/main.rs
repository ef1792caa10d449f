//! The one integration-test binary (one link step on a 2-core machine): small fixture
//! sites in `tests/fixtures/`, built through the library and the real CLI.

mod build;
mod content;
mod errors;
mod hostile;
mod i18n;
mod publish;
mod search;
mod serve;
mod session;
mod snapshot;
mod snapshots;
mod support;

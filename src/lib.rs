//! Groundwork's core: workspace storage (SQLite), the search index (tantivy), the interview log,
//! teams and search. It knows nothing of Tauri; the desktop shell and the `groundwork` CLI are two
//! thin hosts over the same calls.

#![deny(missing_docs)]

pub mod api;
pub mod error;
pub mod export;
pub mod import;
pub mod metrics;
pub mod research;
pub mod roadmap;
pub mod search;
pub mod store;
pub mod surveys;

pub use error::{ApiError, Error, ErrorCode, Result};

/// This build's version: the same in the core, the app, its package and `groundwork --version`
/// (a test keeps the manifests in step).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use store::workspace::Workspace;

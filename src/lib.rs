//! Groundwork's core: workspace storage (SQLite), the search index (tantivy), the interview log,
//! teams and search. It knows nothing of Tauri; the desktop shell and the `groundwork` CLI are two
//! thin hosts over the same calls.

#![deny(missing_docs)]

pub mod api;
pub mod db;
pub mod demo;
pub mod documents;
pub mod error;
pub mod export;
pub mod import;
pub mod interviews;
pub mod maintenance;
pub mod markdown;
pub mod metrics;
pub mod notes;
pub mod outbox;
pub mod palette;
pub mod scoring;
pub mod search;
pub mod session;
pub mod surveys;
pub mod teams;
pub mod themes;
pub mod tickets;
pub mod workspace;

pub use error::{ApiError, Error, ErrorCode, Result};
pub use workspace::Workspace;

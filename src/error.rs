//! One error type for the core, and its serializable form for the UI and the CLI.

use serde::Serialize;
use std::path::PathBuf;
use ts_rs::TS;

/// Everything that can go wrong in a core operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller supplied something we cannot accept; `field` names the input at fault.
    #[error("{message}")]
    InvalidInput {
        /// The input field at fault, when there is one (e.g. `title`, `date`).
        field: Option<String>,
        /// What is wrong, in words a user understands.
        message: String,
    },
    /// A record the caller named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The workspace was written by a newer Groundwork; it is left untouched.
    #[error("the workspace {} was written by a newer version of Groundwork (schema version {found}; this version understands up to {supported}). Upgrade Groundwork to open it; nothing in the workspace was changed", path.display())]
    WorkspaceTooNew {
        /// Workspace folder.
        path: PathBuf,
        /// Schema version found in the database.
        found: i64,
        /// Newest schema version this build knows.
        supported: i64,
    },
    /// The workspace folder (or its database) cannot be written.
    #[error("the workspace folder {} is read-only: Groundwork needs to write its database and index there ({reason})", path.display())]
    ReadOnly {
        /// Workspace folder.
        path: PathBuf,
        /// What the operating system said.
        reason: String,
    },
    /// Another process holds the workspace (database busy or index writer locked).
    #[error("{0}")]
    Locked(String),
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// tantivy failed.
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A file-system operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What we were doing, naming the path.
        context: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The record changed since the caller read it (another window, the CLI); nothing was saved.
    #[error("{0}")]
    Conflict(String),
    /// The action would take away evidence (quotes, links) the user relies on; nothing was
    /// changed. Asked again with confirmation (the app: a dialog; the CLI: `--force`), it goes ahead.
    #[error("{0}")]
    NeedsConfirmation(String),
    /// The user cancelled a long operation; nothing was changed.
    #[error("cancelled: nothing was changed")]
    Cancelled,
    /// A bug or an impossible state.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Result alias used across the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable, machine-readable error codes; the UI branches on these, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Bad input from the user or a file.
    InvalidInput,
    /// The named record does not exist.
    NotFound,
    /// Workspace from a newer schema.
    WorkspaceTooNew,
    /// Workspace folder not writable.
    WorkspaceReadOnly,
    /// Another process holds the workspace.
    WorkspaceLocked,
    /// SQLite failure.
    Database,
    /// tantivy failure.
    Index,
    /// File-system failure.
    Io,
    /// Saved elsewhere since the edit began; nothing was saved.
    Conflict,
    /// The action would take away evidence; nothing changed until it is confirmed.
    NeedsConfirmation,
    /// Cancelled by the user; nothing changed.
    Cancelled,
    /// A bug.
    Internal,
}

/// The error as it crosses the boundary to the UI or `--json` output: `{code, message, field}`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    /// Machine-readable code.
    pub code: ErrorCode,
    /// Human-readable message.
    pub message: String,
    /// The input field at fault, if any.
    pub field: Option<String>,
}

impl Error {
    /// Shorthand for an [`Error::InvalidInput`] naming a field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    /// Shorthand for an [`Error::Io`] with context.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::WorkspaceTooNew { .. } => ErrorCode::WorkspaceTooNew,
            Error::ReadOnly { .. } => ErrorCode::WorkspaceReadOnly,
            Error::Locked(_) => ErrorCode::WorkspaceLocked,
            Error::Database(e) if is_busy(e) => ErrorCode::WorkspaceLocked,
            Error::Database(e) if is_readonly(e) => ErrorCode::WorkspaceReadOnly,
            Error::Database(_) => ErrorCode::Database,
            Error::Index(_) => ErrorCode::Index,
            Error::Io { .. } => ErrorCode::Io,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::NeedsConfirmation(_) => ErrorCode::NeedsConfirmation,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::Internal(_) => ErrorCode::Internal,
        }
    }

    /// True when the error is the caller's fault (CLI exit code 2).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self.code(),
            ErrorCode::InvalidInput
                | ErrorCode::NotFound
                | ErrorCode::NeedsConfirmation
                | ErrorCode::Conflict
        )
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn is_readonly(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly))
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        let field = match &e {
            Error::InvalidInput { field, .. } => field.clone(),
            _ => None,
        };
        let message = match &e {
            Error::Database(inner) if is_busy(inner) => {
                "the workspace is busy: another Groundwork process is writing to it; try again in a moment".to_string()
            }
            _ => e.to_string(),
        };
        ApiError {
            code: e.code(),
            message,
            field,
        }
    }
}

impl ApiError {
    /// An internal error (a bug or a crashed worker thread) for the boundary.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError {
            code: ErrorCode::Internal,
            message: message.into(),
            field: None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

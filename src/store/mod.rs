//! Workspace storage: the folder a workspace is, the one way to open its SQLite database (pragmas,
//! migrations, version check), the outbox of changes waiting for the index, and maintenance
//! (backup, restore, the consistency check). The only place that opens SQLite.

pub mod db;
pub mod maintenance;
pub mod meta;
pub mod outbox;
pub mod trash;
pub mod workspace;

//! The research evidence: every document whatever its kind (`documents`), interviews, imported
//! tickets and notes, teams, the Markdown renderer for notes, and the demo data.

pub mod demo;
pub mod documents;
pub mod interviews;
pub mod markdown;
pub mod notes;
pub mod teams;
pub mod tickets;

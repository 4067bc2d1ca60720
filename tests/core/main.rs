//! The core's integration tests on real temporary workspaces and the CLI, gathered into one test
//! binary so the suite links the core once, not once per file. Each module is one area; `common`
//! holds the helpers they share. Run one area with `cargo test -p groundwork --test core import::`.

mod common;

mod cli;
mod codes;
mod concurrency;
mod coverage;
mod crash;
mod export;
mod export_golden;
mod fuzz_regressions;
mod guides;
mod hostile;
mod import;
mod import_bounds;
mod index_damage;
mod interviews;
mod metrics;
mod ownership;
mod people;
mod query_props;
mod reader;
mod refi;
mod scoring;
mod scoring_props;
mod search;
mod session;
mod shell_security;
mod similar;
mod suggest;
mod surveys;
mod theme_passages;
mod themes;
mod transcript_import;
mod transcripts;
mod trash;
mod upgrade;
mod workspace;

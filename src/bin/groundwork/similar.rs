//! `groundwork similar`: passages like a code's passages (or coded passages by id).

use crate::print;
use clap::Args;
use groundwork::search::similar::{SimilarRequest, SimilarResults};
use groundwork::{Result, Workspace};
use std::path::PathBuf;

#[derive(Args)]
pub struct SimilarArgs {
    /// A code's path or id: its passages (and its children's) are the seeds.
    #[arg(long, required_unless_present = "passages")]
    code: Option<String>,
    /// Coded passages (highlight ids) to find more like; repeatable.
    #[arg(long = "passage", num_args = 1..)]
    passages: Vec<i64>,
    /// Most passages to print.
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// A static word-embedding file (`word v1 v2 …` a line, optional `count dims` header) to use
    /// instead of the word vectors learned from the workspace.
    #[arg(long)]
    model: Option<PathBuf>,
}

pub fn run(ws: &Workspace, json: bool, args: SimilarArgs) -> Result<()> {
    let found = ws.similar(
        &SimilarRequest {
            code: args.code,
            passages: args.passages,
            limit: Some(args.limit),
        },
        args.model.as_deref(),
    )?;
    print(json, &found, text);
    Ok(())
}

fn text(r: &SimilarResults) -> String {
    if r.hits.is_empty() {
        return format!("no uncoded passage like these {} seed(s)", r.seeds);
    }
    let mut lines = vec![format!(
        "{} passage(s) like {} seed(s), of {}; code one with `groundwork code add DOC --start N --end M --code …`",
        r.hits.len(),
        r.seeds,
        r.passages
    )];
    for h in &r.hits {
        let text: String = h.text.chars().take(100).collect();
        let more = if h.text.chars().count() > 100 {
            "…"
        } else {
            ""
        };
        lines.push(format!(
            "{:.3}  doc {:<5} {}..{}  {:?}{more}  ({})",
            h.score, h.document, h.start, h.end, text, h.title
        ));
    }
    lines.join("\n")
}

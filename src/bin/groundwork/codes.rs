//! `groundwork code …`: coded passages of documents; `groundwork codebook …`: the codes.

use crate::print;
use clap::Subcommand;
use groundwork::research::code_matrix::{CodeCooccurrence, CodeTeamMatrix};
use groundwork::research::codebook::{Code, CodeInput};
use groundwork::research::highlights::{Highlight, HighlightInput};
use groundwork::{Result, Workspace};

#[derive(Subcommand)]
pub enum CodeCmd {
    /// Code a passage of a document: by its text (--quote) or its characters (--start/--end).
    Add {
        /// Document id.
        document: i64,
        /// A code's path (made when missing, parents too) or id; repeatable.
        #[arg(long = "code", required = true)]
        codes: Vec<String>,
        /// The passage's exact text (spaces may differ); it must be in the document.
        #[arg(long, conflicts_with_all = ["start", "end"])]
        quote: Option<String>,
        /// First character of the passage (0-based, Unicode characters of the document's text).
        #[arg(long, requires = "end")]
        start: Option<u64>,
        /// One past its last character.
        #[arg(long, requires = "start")]
        end: Option<u64>,
    },
    /// Coded passages: of a code (its children's too), of a document, or all.
    List {
        /// A code's path or id.
        #[arg(long)]
        code: Option<String>,
        /// A document id.
        #[arg(long)]
        document: Option<i64>,
    },
    /// Take codes off a passage; a passage left with none is removed.
    Uncode {
        /// Passage (highlight) id.
        id: i64,
        /// Codes to take off (paths or ids).
        #[arg(long = "code", required = true)]
        codes: Vec<String>,
    },
    /// Remove a coded passage (the document is untouched).
    Remove {
        /// Passage (highlight) id.
        id: i64,
    },
    /// Say a suggested passage (from `groundwork similar`) is not like a code: it is not
    /// suggested for that code again. Accepting one is `code add DOC --code PATH --start --end`.
    Reject {
        /// Document id.
        document: i64,
        /// The code it is not like (path or id).
        #[arg(long)]
        code: String,
        /// First character of the passage.
        #[arg(long)]
        start: u64,
        /// One past its last character.
        #[arg(long)]
        end: u64,
    },
}

#[derive(Subcommand)]
pub enum CodebookCmd {
    /// Every code by path, with its passages, documents, people and teams.
    List,
    /// Add a code by path; parents are made as needed.
    Add {
        /// `Parent/Child` path.
        path: String,
        /// What the code means.
        #[arg(long, default_value = "")]
        description: String,
        /// A CSS colour, e.g. #2a9d8f.
        #[arg(long, default_value = "")]
        color: String,
    },
    /// Rename a code (it keeps its place and passages).
    Rename {
        /// The code's path or id.
        code: String,
        /// Its new name.
        name: String,
    },
    /// Move a code and its children under another code, or to the top with --top.
    Move {
        /// The code's path or id.
        code: String,
        /// The new parent's path or id.
        #[arg(required_unless_present = "top")]
        parent: Option<String>,
        /// Move it to the top level.
        #[arg(long, conflicts_with = "parent")]
        top: bool,
    },
    /// Fold a code into another: its passages and children follow.
    Merge {
        /// The code that stays.
        into: String,
        /// The code folded in (deleted).
        from: String,
    },
    /// Change a code's description and colour.
    Describe {
        /// The code's path or id.
        code: String,
        /// What the code means (empty clears it).
        #[arg(long, default_value = "")]
        description: String,
        /// A CSS colour, e.g. #2a9d8f (empty for the default).
        #[arg(long, default_value = "")]
        color: String,
    },
    /// A matrix over the codebook: code × team (each code with its subtree), or which codes
    /// co-occur on the same or overlapping passages.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["teams", "cooccurrence"])))]
    Matrix {
        /// Per code (with the codes under it) and per team: passages, documents, people.
        #[arg(long)]
        teams: bool,
        /// Pairs of codes on the same or overlapping passages: places and documents.
        #[arg(long)]
        cooccurrence: bool,
    },
    /// Delete a code and its children; passages stay uncoded, or move to --into.
    Delete {
        /// The code's path or id.
        code: String,
        /// Code the passages move to.
        #[arg(long)]
        into: Option<String>,
    },
}

fn passage(h: &Highlight) -> String {
    let text: String = h.text.chars().take(80).collect();
    let more = if h.text.chars().count() > 80 {
        "…"
    } else {
        ""
    };
    let lost = if h.status == "lost" {
        " [LOST: its text was edited away]"
    } else {
        ""
    };
    format!(
        "#{:<5} doc {:<5} {}..{}  {:?}{more}  [{}]{lost}  ({})",
        h.id,
        h.document,
        h.start,
        h.end,
        text,
        h.codes.join(", "),
        h.title
    )
}

fn code_line(c: &Code) -> String {
    format!(
        "#{:<4} {:<40} {:>4} passages  {:>4} docs  {:>3} people  {:>3} teams",
        c.id, c.path, c.passages, c.documents, c.people, c.teams
    )
}

fn team_matrix(m: &CodeTeamMatrix) -> String {
    if m.rows.is_empty() {
        return "the codebook is empty (`groundwork codebook add PATH`)".into();
    }
    let width = m
        .rows
        .iter()
        .map(|r| r.code.path.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!("{:<width$}", "code");
    for t in &m.teams {
        out.push_str(&format!("  {:>12}", t.name));
    }
    out.push_str(&format!("  {:>12}", "all teams"));
    for r in &m.rows {
        out.push_str(&format!("\n{:<width$}", r.code.path));
        for c in r.cells.iter().chain([&r.total]) {
            let cell = format!("{}p {}ppl", c.passages, c.people);
            out.push_str(&format!("  {cell:>12}"));
        }
    }
    out.push_str("\n(each code with the codes under it; p: passages, ppl: distinct people)");
    out
}

fn cooccurrence(m: &CodeCooccurrence) -> String {
    if m.pairs.is_empty() {
        return "no two codes are on the same or overlapping passages".into();
    }
    let path = |id: i64| {
        m.codes
            .iter()
            .find(|c| c.id == id)
            .map_or("?", |c| c.path.as_str())
    };
    m.pairs
        .iter()
        .map(|p| {
            format!(
                "{}  +  {}: {} passages in {} documents",
                path(p.a),
                path(p.b),
                p.passages,
                p.documents
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn run_code(ws: &Workspace, json: bool, cmd: CodeCmd) -> Result<()> {
    match cmd {
        CodeCmd::Add {
            document,
            codes,
            quote,
            start,
            end,
        } => {
            let h = ws.code_passage(&HighlightInput {
                document,
                quote,
                start,
                end,
                codes,
            })?;
            print(json, &h, passage);
        }
        CodeCmd::List { code, document } => {
            let list = ws.highlights(code.as_deref(), document)?;
            print(json, &list, |l| {
                if l.is_empty() {
                    return "no coded passages".into();
                }
                l.iter().map(passage).collect::<Vec<_>>().join("\n")
            });
        }
        CodeCmd::Uncode { id, codes } => {
            let left = ws.uncode_passage(id, &codes)?;
            print(json, &left, |l| match l {
                Some(h) => passage(h),
                None => format!("passage #{id} had no code left: removed"),
            });
        }
        CodeCmd::Reject {
            document,
            code,
            start,
            end,
        } => {
            ws.reject_suggestion(&code, document, start, end)?;
            print(
                json,
                &serde_json::json!({ "code": code, "document": document, "start": start, "end": end }),
                |_| format!("#{document} {start}..{end} is not suggested for {code:?} again"),
            );
        }
        CodeCmd::Remove { id } => {
            ws.remove_highlight(id)?;
            print(json, &serde_json::json!({ "removed": id }), |_| {
                format!("removed passage #{id}")
            });
        }
    }
    Ok(())
}

pub fn run_codebook(ws: &Workspace, json: bool, cmd: CodebookCmd) -> Result<()> {
    match cmd {
        CodebookCmd::List => {
            let codes = ws.codes()?;
            print(json, &serde_json::json!({ "codes": codes }), |_| {
                if codes.is_empty() {
                    return "the codebook is empty (`groundwork codebook add PATH`)".into();
                }
                codes.iter().map(code_line).collect::<Vec<_>>().join("\n")
            });
        }
        CodebookCmd::Add {
            path,
            description,
            color,
        } => {
            let c = ws.add_code(&CodeInput {
                path,
                description,
                color,
            })?;
            print(json, &c, code_line);
        }
        CodebookCmd::Rename { code, name } => {
            let c = ws.rename_code(&code, &name)?;
            print(json, &c, code_line);
        }
        CodebookCmd::Move { code, parent, top } => {
            let c = ws.move_code(&code, if top { None } else { parent.as_deref() })?;
            print(json, &c, code_line);
        }
        CodebookCmd::Merge { into, from } => {
            let c = ws.merge_codes(&into, &from)?;
            print(json, &c, code_line);
        }
        CodebookCmd::Describe {
            code,
            description,
            color,
        } => {
            let c = ws.describe_code(&code, &description, &color)?;
            print(json, &c, code_line);
        }
        CodebookCmd::Matrix {
            teams,
            cooccurrence: _,
        } => {
            if teams {
                print(json, &ws.code_team_matrix()?, team_matrix);
            } else {
                print(json, &ws.code_cooccurrence()?, cooccurrence);
            }
        }
        CodebookCmd::Delete { code, into } => {
            ws.delete_code(&code, into.as_deref())?;
            print(json, &serde_json::json!({ "deleted": code }), |_| {
                format!("deleted code {code:?}")
            });
        }
    }
    Ok(())
}

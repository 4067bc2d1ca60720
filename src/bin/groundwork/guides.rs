//! `groundwork guide add | list | show | answers | attach | detach | match | notes | rename |
//! delete`: interview guides, the interviews that followed them and what each answered.

use crate::print;
use clap::Subcommand;
use groundwork::research::guides::{self, GuideInput, QuestionInput};
use groundwork::{Error, Result, Workspace};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum GuideCmd {
    /// Create a guide from a Markdown/text file (headings → sections, questions as lines or items
    /// ending in '?' or opening with Describe/Tell/Walk…, indented items → follow-ups,
    /// "(Nudge: …)" → hint) and/or questions given one by one.
    Add {
        /// Name (default: the file's `# Heading`, else its file name).
        name: Option<String>,
        /// The guide file.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
        /// A question, appended after the file's (repeatable).
        #[arg(long = "question", value_name = "TEXT")]
        questions: Vec<String>,
    },
    /// Every guide with its question and interview counts.
    List,
    /// A guide's questions by section, with how many attached interviews answer each.
    Show {
        /// Guide id or name.
        guide: String,
    },
    /// What every attached interview answered to question N (from 1).
    Answers {
        /// Guide id or name.
        guide: String,
        /// Question number.
        question: u32,
    },
    /// Attach interviews that followed the guide.
    Attach {
        /// Guide id or name.
        guide: String,
        /// Interview ids.
        #[arg(required = true)]
        interviews: Vec<i64>,
    },
    /// Detach interviews from the guide.
    Detach {
        /// Guide id or name.
        guide: String,
        /// Interview ids.
        #[arg(required = true)]
        interviews: Vec<i64>,
    },
    /// The sections found in an interview: which turn or heading asks which question.
    Match {
        /// Guide id or name.
        guide: String,
        /// Interview id.
        interview: i64,
    },
    /// The notes a new interview following the guide starts with (a heading per question).
    Notes {
        /// Guide id or name.
        guide: String,
    },
    /// Rename a guide.
    Rename {
        /// Guide id or name.
        guide: String,
        /// New name.
        name: String,
    },
    /// Delete a guide and its links (the interviews stay).
    Delete {
        /// Guide id or name.
        guide: String,
    },
}

fn ms(v: Option<u64>) -> String {
    v.map(|ms| {
        let s = ms / 1000;
        format!(" {:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    })
    .unwrap_or_default()
}

pub fn guide(ws: &Workspace, json: bool, cmd: GuideCmd) -> Result<()> {
    match cmd {
        GuideCmd::Add {
            name,
            from,
            questions,
        } => {
            let mut input = match &from {
                Some(path) => guides::read_file(path, name.as_deref())?,
                None => GuideInput {
                    name: name.clone().unwrap_or_default(),
                    questions: Vec::new(),
                },
            };
            if from.is_none() && questions.is_empty() {
                return Err(Error::InvalidInput {
                    field: Some("questions".into()),
                    message: "give the guide's questions: --from FILE or --question TEXT".into(),
                });
            }
            input
                .questions
                .extend(questions.into_iter().map(|text| QuestionInput {
                    text,
                    ..Default::default()
                }));
            let g = ws.create_guide(&input)?;
            print(json, &g, |g| {
                format!(
                    "guide {} {:?}: {} question(s)",
                    g.id,
                    g.name,
                    g.questions.len()
                )
            });
        }
        GuideCmd::List => print(json, &ws.guides()?, |list| {
            if list.is_empty() {
                return "no guides (groundwork guide add NAME --from FILE)".into();
            }
            list.iter()
                .map(|g| {
                    format!(
                        "{:>4}  {}  ({} questions, {} interviews)",
                        g.id, g.name, g.questions, g.interviews
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        GuideCmd::Show { guide } => {
            let g = ws.guide(&guide)?;
            let coverage = ws.guide_coverage(g.id)?;
            #[derive(serde::Serialize)]
            struct Shown {
                #[serde(flatten)]
                guide: guides::Guide,
                coverage: Vec<guides::QuestionCoverage>,
            }
            let shown = Shown { guide: g, coverage };
            print(json, &shown, |s| {
                let mut out = format!(
                    "{} (guide {}, {} interviews attached)\n",
                    s.guide.name,
                    s.guide.id,
                    s.guide.interviews.len()
                );
                let mut section = None;
                for c in &s.coverage {
                    let q = &c.question;
                    if section != Some(&q.section) && !q.section.is_empty() {
                        out += &format!("\n## {}\n", q.section);
                    }
                    section = Some(&q.section);
                    out += &format!(
                        "{:>3}. {}  [{}/{} answered]\n",
                        q.seq, q.text, c.answered, c.interviews
                    );
                    if !q.hint.is_empty() {
                        out += &format!("       hint: {}\n", q.hint);
                    }
                    for f in &q.follow_ups {
                        out += &format!("       - {f}\n");
                    }
                }
                out.trim_end().to_string()
            });
        }
        GuideCmd::Answers { guide, question } => {
            let g = ws.guide(&guide)?;
            let answers = ws.guide_answers(g.id, question)?;
            let text = g
                .questions
                .iter()
                .find(|q| q.seq == question)
                .map(|q| q.text.clone())
                .unwrap_or_default();
            print(json, &answers, |list| {
                let mut out = format!("{question}. {text}\n");
                if list.is_empty() {
                    out += "no attached interview answers it yet";
                }
                let mut last = None;
                for a in list {
                    if last != Some(a.interview_id) {
                        out += &format!(
                            "\n#{} {} — {} {}\n",
                            a.interview_id, a.title, a.participant, a.date
                        );
                        last = Some(a.interview_id);
                    }
                    let who = a
                        .speaker
                        .as_deref()
                        .map(|s| format!("{s}{}: ", ms(a.start_ms)))
                        .unwrap_or_default();
                    out += &format!("  {who}{}\n", a.text);
                }
                out.trim_end().to_string()
            });
        }
        GuideCmd::Attach { guide, interviews } => {
            let g = ws.guide(&guide)?;
            let g = ws.attach_to_guide(g.id, &interviews)?;
            print(json, &g, |g| {
                format!(
                    "{:?} has {} interview(s) attached",
                    g.name,
                    g.interviews.len()
                )
            });
        }
        GuideCmd::Detach { guide, interviews } => {
            let g = ws.guide(&guide)?;
            let g = ws.detach_from_guide(g.id, &interviews)?;
            print(json, &g, |g| {
                format!(
                    "{:?} has {} interview(s) attached",
                    g.name,
                    g.interviews.len()
                )
            });
        }
        GuideCmd::Match { guide, interview } => {
            let g = ws.guide(&guide)?;
            let s = ws.guide_sections(g.id, interview)?;
            print(json, &s, |s| {
                let mut out = format!(
                    "#{} {}: {} of {} questions\n",
                    s.interview_id,
                    s.title,
                    s.questions_matched,
                    g.questions.len()
                );
                for sec in &s.sections {
                    let q = g
                        .questions
                        .iter()
                        .find(|q| q.seq == sec.question_seq)
                        .map(|q| q.text.as_str())
                        .unwrap_or("");
                    let at = sec
                        .turn_seq
                        .map(|t| format!("turn {t}, "))
                        .unwrap_or_default();
                    out += &format!(
                        "Q{} {q}\n    asked ({at}score {:.2}): {}\n    {} answer(s)\n",
                        sec.question_seq,
                        sec.score,
                        sec.asked.replace('\n', " "),
                        sec.answers.len()
                    );
                }
                out.trim_end().to_string()
            });
        }
        GuideCmd::Notes { guide } => {
            let g = ws.guide(&guide)?;
            let notes = ws.guide_notes(g.id)?;
            print(json, &notes, |n| n.trim_end().to_string());
        }
        GuideCmd::Rename { guide, name } => {
            let g = ws.guide(&guide)?;
            let g = ws.rename_guide(g.id, &name)?;
            print(json, &g, |g| format!("guide {} is now {:?}", g.id, g.name));
        }
        GuideCmd::Delete { guide } => {
            let g = ws.guide(&guide)?;
            ws.delete_guide(g.id)?;
            print(json, &serde_json::json!({"deleted": g.id}), |_| {
                format!(
                    "deleted the guide {:?} ({} interview(s) stay as they are)",
                    g.name,
                    g.interviews.len()
                )
            });
        }
    }
    Ok(())
}

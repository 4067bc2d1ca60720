//! `groundwork people …`: the engineers behind the evidence, their aliases, merges and splits;
//! `groundwork coverage`: who has been heard lately.

use crate::print;
use clap::Subcommand;
use groundwork::research::people::{Person, PersonInput};
use groundwork::{Error, Result, Workspace};

#[derive(Subcommand)]
pub enum PeopleCmd {
    /// Every person with their aliases, how many documents name them and when they were last heard.
    List,
    /// One person and every document naming them (ID or any alias).
    Show {
        /// Person id, or one of their aliases.
        who: String,
    },
    /// Add a person.
    Add {
        /// Their name.
        name: String,
        /// Another spelling, an email or a handle (repeatable).
        #[arg(long = "alias")]
        aliases: Vec<String>,
        /// Their team.
        #[arg(long)]
        team: Option<String>,
        /// Their role.
        #[arg(long, default_value = "")]
        role: String,
        /// How long they have been there ("3 years").
        #[arg(long, default_value = "")]
        tenure: String,
    },
    /// Add aliases to a person.
    Alias {
        /// Person id or alias.
        who: String,
        /// The aliases to add.
        #[arg(required = true)]
        aliases: Vec<String>,
    },
    /// Fold other persons into one: their aliases and documents become theirs.
    Merge {
        /// The person who stays (id or alias).
        into: String,
        /// The persons folded in (ids or aliases).
        #[arg(required = true)]
        from: Vec<String>,
    },
    /// Take aliases out of a person into a new person named after the first.
    Split {
        /// Person id or alias.
        who: String,
        /// The aliases that are someone else.
        #[arg(required = true)]
        aliases: Vec<String>,
    },
    /// Delete a person (their names count as unlinked names again).
    Delete {
        /// Person id or alias.
        who: String,
    },
    /// Names in the evidence that no person holds yet.
    Unlinked,
    /// Names that look like one engineer, to merge or make a person of.
    Suggest,
}

/// The person `who` names: an id, else an alias (any spelling).
fn find(ws: &Workspace, who: &str) -> Result<Person> {
    let people = ws.people()?;
    if let Ok(id) = who.trim().trim_start_matches('#').parse::<i64>() {
        if let Some(p) = people.iter().find(|p| p.id == id) {
            return Ok(p.clone());
        }
    }
    let key = groundwork::research::people::key(who);
    people
        .into_iter()
        .find(|p| {
            p.aliases
                .iter()
                .any(|a| groundwork::research::people::key(&a.alias) == key)
        })
        .ok_or_else(|| Error::invalid("who", format!("no person is {who:?} (an id or an alias)")))
}

fn line(p: &Person) -> String {
    let aliases: Vec<&str> = p
        .aliases
        .iter()
        .map(|a| a.alias.as_str())
        .filter(|a| *a != p.name)
        .collect();
    format!(
        "#{:<4} {:<24} {:<16} {:>4} doc(s)  last {}{}",
        p.id,
        p.name,
        p.team.as_deref().unwrap_or("-"),
        p.documents,
        p.last_seen.as_deref().unwrap_or("-"),
        if aliases.is_empty() {
            String::new()
        } else {
            format!("  aka {}", aliases.join(", "))
        }
    )
}

pub fn run(ws: &Workspace, json: bool, cmd: PeopleCmd) -> Result<()> {
    match cmd {
        PeopleCmd::List => {
            let people = ws.people()?;
            print(json, &people, |people| {
                if people.is_empty() {
                    return "no people yet (see `groundwork people unlinked` and `people suggest`)"
                        .into();
                }
                people.iter().map(line).collect::<Vec<_>>().join("\n")
            });
        }
        PeopleCmd::Show { who } => {
            let p = find(ws, &who)?;
            let detail = ws.person(p.id)?;
            print(json, &detail, |d| {
                let mut out = line(&d.person);
                for m in &d.mentions {
                    out += &format!(
                        "\n  #{:<5} {:<10} {:<12} {} (as {:?})",
                        m.id,
                        m.date.as_deref().unwrap_or("-"),
                        m.as_what,
                        m.title,
                        m.named_as
                    );
                }
                out
            });
        }
        PeopleCmd::Add {
            name,
            aliases,
            team,
            role,
            tenure,
        } => {
            let p = ws.save_person(&PersonInput {
                id: None,
                name,
                team,
                role,
                tenure,
                aliases,
            })?;
            print(json, &p, |p| format!("added {}", line(p)));
        }
        PeopleCmd::Alias { who, aliases } => {
            let p = find(ws, &who)?;
            let p = ws.add_person_alias(p.id, &aliases)?;
            print(json, &p, line);
        }
        PeopleCmd::Merge { into, from } => {
            let into = find(ws, &into)?;
            let from = from
                .iter()
                .map(|f| find(ws, f).map(|p| p.id))
                .collect::<Result<Vec<_>>>()?;
            let p = ws.merge_people(into.id, &from)?;
            print(json, &p, |p| format!("merged into {}", line(p)));
        }
        PeopleCmd::Split { who, aliases } => {
            let p = find(ws, &who)?;
            let new = ws.split_person(p.id, &aliases)?;
            print(json, &new, |p| format!("split off {}", line(p)));
        }
        PeopleCmd::Delete { who } => {
            let p = find(ws, &who)?;
            ws.delete_person(p.id)?;
            print(json, &serde_json::json!({ "deleted": p.id }), |_| {
                format!("deleted {} (#{})", p.name, p.id)
            });
        }
        PeopleCmd::Unlinked => {
            let names = ws.unlinked_names()?;
            print(json, &names, |names| {
                if names.is_empty() {
                    return "every name in the evidence is a person".into();
                }
                names
                    .iter()
                    .map(|n| {
                        format!(
                            "{:<32} {:>4} doc(s)  {}",
                            n.name,
                            n.documents,
                            n.team.as_deref().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        PeopleCmd::Suggest => {
            let s = ws.suggest_people()?;
            print(json, &s, |s| {
                if s.is_empty() {
                    return "no names look alike".into();
                }
                s.iter()
                    .map(|g| match &g.person_name {
                        Some(p) => format!("{p}: {} ({})", g.names.join(", "), g.reason),
                        None => format!("new person: {} ({})", g.names.join(", "), g.reason),
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}

/// `groundwork coverage`: per team, who was heard lately and when last; teams never interviewed;
/// themes resting on one voice.
pub fn coverage(ws: &Workspace, json: bool) -> Result<()> {
    let c = ws.coverage()?;
    print(json, &c, |c| {
        let mut out = format!(
            "{:<24} {:>9} {:>13} {:>13} {:>7}  last contact (as of {}, last {} days)",
            "team", "headcount", "interviews", "people heard", "share", c.today, c.recent_days
        );
        for t in &c.teams {
            out += &format!(
                "\n{:<24} {:>9} {:>13} {:>13} {:>7}  {}",
                t.team,
                t.headcount.map(|h| h.to_string()).unwrap_or("?".into()),
                format!("{} ({} ever)", t.interviews_recent, t.interviews),
                t.people_recent,
                t.share_heard
                    .map(|s| format!("{:.0}%", s * 100.0))
                    .unwrap_or("-".into()),
                match (&t.last_contact, t.days_since) {
                    (Some(d), Some(n)) => format!("{d} ({n} days ago)"),
                    _ => "never".into(),
                }
            );
        }
        if !c.never_interviewed.is_empty() {
            out += &format!("\nnever interviewed: {}", c.never_interviewed.join(", "));
        }
        for t in &c.fragile_themes {
            out += &format!(
                "\ntheme {:?} rests on {} ({} documents, {} people, {} teams)",
                t.name, t.rests_on, t.documents, t.people, t.teams
            );
        }
        out
    });
    Ok(())
}

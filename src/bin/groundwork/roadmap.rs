//! `groundwork item | model | rank | sensitivity | compare | snapshot`: roadmap scoring.

use crate::print;
use clap::{Args, Subcommand};
use groundwork::roadmap::api::ItemFromEvidence;
use groundwork::roadmap::items::{ItemInput, ItemStatus, LinkInput, ManualInput};
use groundwork::roadmap::model::{Criterion, ModelConfig, ModelInput, ModelKind};
use groundwork::roadmap::rank::{RankRequest, RankedItem};
use groundwork::roadmap::sensitivity::{CompareRequest, ScenarioSide, SensitivityRequest};
use groundwork::roadmap::{is_fraction, slot};
use groundwork::{Error, Result, Workspace};

fn usage(field: &str, message: String) -> Error {
    Error::InvalidInput {
        field: Some(field.into()),
        message,
    }
}

/// Fields shared by `item add` and `item edit`.
#[derive(Args, Default)]
pub struct ItemFields {
    /// Title.
    #[arg(long)]
    title: Option<String>,
    /// Description (Markdown).
    #[arg(long)]
    description: Option<String>,
    /// Owner.
    #[arg(long)]
    owner: Option<String>,
    /// Status: idea, planned, in_progress, shipped, dropped.
    #[arg(long)]
    status: Option<String>,
    /// Effort in person-weeks.
    #[arg(long)]
    effort: Option<f64>,
    /// An affected team (repeat for several; replaces the list on edit).
    #[arg(long = "team", value_name = "TEAM")]
    teams: Vec<String>,
    /// The metric it should move (deployment frequency, MTTR, time saved, ...).
    #[arg(long)]
    metric: Option<String>,
    /// Mark it a team-specific exception for TEAM ("" clears it).
    #[arg(long, value_name = "TEAM")]
    exception_team: Option<String>,
    /// An input typed by hand: KEY=VALUE (fractions accept 80%). Keys: reach, impact,
    /// confidence, effort, ease, business_value, time_criticality, risk_reduction, job_size,
    /// hours_saved, adoption, hourly_cost, and overrides of demand, sentiment, ...
    #[arg(long = "input", value_name = "KEY=VALUE")]
    inputs: Vec<String>,
    /// The range of an input: KEY=LOW..HIGH (its uncertainty, for sensitivity and ROI).
    #[arg(long = "range", value_name = "KEY=LOW..HIGH")]
    ranges: Vec<String>,
    /// Remove a manual input (the derived value applies again).
    #[arg(long = "clear-input", value_name = "KEY")]
    clear: Vec<String>,
}

#[derive(Subcommand)]
pub enum ItemCmd {
    /// Add a roadmap item; prints its id.
    Add(ItemFields),
    /// Change an item.
    Edit {
        /// Item id or title.
        item: String,
        #[command(flatten)]
        fields: ItemFields,
    },
    /// Every item.
    List,
    /// An item with its evidence, links and every input (manual beside derived).
    Show {
        /// Item id or title.
        item: String,
    },
    /// Link evidence: a theme, a document, or a quoted passage of a document.
    Link {
        /// Item id or title.
        item: String,
        /// Theme name or id.
        #[arg(long, conflicts_with = "document")]
        theme: Option<String>,
        /// Document id (from `search`).
        #[arg(long)]
        document: Option<i64>,
        /// A passage of that document.
        #[arg(long, requires = "document")]
        quote: Option<String>,
    },
    /// Remove an evidence link.
    Unlink {
        /// Link id (from `item show`).
        link: i64,
    },
    /// Make an item from a theme, linked to it.
    FromTheme {
        /// Theme name or id.
        theme: String,
        /// Title (default: the theme's name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Make an item from a quoted passage of a document, linked to it.
    FromQuote {
        /// Document id.
        document: i64,
        /// The passage.
        quote: String,
        /// Title (default: the start of the quote).
        #[arg(long)]
        title: Option<String>,
    },
    /// Delete an item and its links.
    Delete {
        /// Item id or title.
        item: String,
    },
}

#[derive(Subcommand)]
pub enum ModelCmd {
    /// Every model: presets, then the workspace's own.
    List,
    /// A model's kind, criteria, formula or settings.
    Show {
        /// Model name.
        name: String,
    },
    /// Create a model or change one (a preset's name customizes the preset).
    Set {
        /// Model name.
        name: String,
        /// rice, ice, wsjf, weighted, roi or formula (default: the model's current kind).
        #[arg(long)]
        kind: Option<String>,
        /// One line on what it is for.
        #[arg(long)]
        description: Option<String>,
        /// Formula over input names (formula models), e.g. "reach * impact / effort".
        #[arg(long, allow_hyphen_values = true)]
        formula: Option<String>,
        /// A criterion of a weighted model: KEY=WEIGHT or KEY=WEIGHT:MIN..MAX (negative weights
        /// count against an item). Repeat; replaces the criteria.
        #[arg(
            long = "criterion",
            value_name = "KEY=WEIGHT",
            allow_hyphen_values = true
        )]
        criteria: Vec<String>,
        /// Change one criterion's weight: KEY=WEIGHT (keeps the others).
        #[arg(long = "weight", value_name = "KEY=WEIGHT", allow_hyphen_values = true)]
        weights: Vec<String>,
        /// ROI: working weeks a year.
        #[arg(long)]
        weeks_per_year: Option<f64>,
        /// ROI: hours in a person-week.
        #[arg(long)]
        hours_per_week: Option<f64>,
        /// ROI: loaded hourly cost for items that set none.
        #[arg(long)]
        hourly_cost: Option<f64>,
    },
    /// Delete a workspace model, or restore a preset.
    Reset {
        /// Model name.
        name: String,
    },
}

#[derive(Args)]
pub struct RankArgs {
    /// Model: rice, ice, wsjf, weighted, roi, time-saved or a saved model's name.
    #[arg(long, default_value = "rice")]
    model: String,
    /// Print only the first N.
    #[arg(long)]
    top: Option<u32>,
    /// A team's view: scores weighted by that team's share of each item's demand.
    #[arg(long)]
    team: Option<String>,
    /// Also rank shipped and dropped items.
    #[arg(long)]
    all: bool,
    /// Try a weight without saving it: KEY=WEIGHT (weighted models).
    #[arg(long = "weight", value_name = "KEY=WEIGHT", allow_hyphen_values = true)]
    weights: Vec<String>,
}

#[derive(Subcommand)]
pub enum SnapshotCmd {
    /// Save the current ranking for a review.
    Save {
        /// Name ("Q3 review").
        name: String,
        /// Model.
        #[arg(long, default_value = "rice")]
        model: String,
        /// A team's view.
        #[arg(long)]
        team: Option<String>,
    },
    /// Saved snapshots, newest first.
    List,
    /// What moved from snapshot A to snapshot B ("now": the current ranking), and which input
    /// moved it.
    Diff {
        /// Earlier snapshot.
        a: String,
        /// Later snapshot, or now.
        #[arg(default_value = "now")]
        b: String,
    },
    /// Delete a snapshot.
    Delete {
        /// Name.
        name: String,
    },
}

fn number(key: &str, text: &str) -> Result<f64> {
    let t = text.trim();
    let (t, pct) = match t.strip_suffix('%') {
        Some(t) => (t.trim(), true),
        None => (t, false),
    };
    let v: f64 = t.parse().map_err(|_| {
        usage(
            &format!("inputs.{key}"),
            format!("{key}: {text:?} is not a number"),
        )
    })?;
    if pct {
        if slot(key).is_some_and(is_fraction) {
            return Ok(v / 100.0);
        }
        return Err(usage(
            &format!("inputs.{key}"),
            format!("{key} is not a fraction; write it without %"),
        ));
    }
    Ok(v)
}

fn pair<'a>(flag: &str, text: &'a str) -> Result<(&'a str, &'a str)> {
    text.split_once('=')
        .map(|(k, v)| (k.trim(), v.trim()))
        .ok_or_else(|| usage(flag, format!("--{flag} {text:?}: write it as KEY=VALUE")))
}

fn range(key: &str, text: &str) -> Result<(f64, f64)> {
    let (lo, hi) = text.split_once("..").ok_or_else(|| {
        usage(
            "range",
            format!("--range {key}={text}: write it as LOW..HIGH"),
        )
    })?;
    Ok((number(key, lo)?, number(key, hi)?))
}

fn apply(input: &mut ItemInput, f: ItemFields) -> Result<()> {
    if let Some(t) = f.title {
        input.title = t;
    }
    if let Some(d) = f.description {
        input.description = d;
    }
    if let Some(o) = f.owner {
        input.owner = o;
    }
    if let Some(s) = f.status {
        input.status = ItemStatus::parse(&s)?;
    }
    if let Some(e) = f.effort {
        input.effort = Some(e);
    }
    if !f.teams.is_empty() {
        input.teams = f.teams;
    }
    if let Some(m) = f.metric {
        input.target_metric = m;
    }
    if let Some(t) = f.exception_team {
        input.exception_team = Some(t).filter(|t| !t.trim().is_empty());
    }
    for key in &f.clear {
        if key == "effort" {
            input.effort = None;
            input.effort_low = None;
            input.effort_high = None;
        }
        input.inputs.retain(|i| i.key != *key);
    }
    for text in &f.inputs {
        let (key, value) = pair("input", text)?;
        let value = number(key, value)?;
        if key == "effort" {
            input.effort = Some(value);
            continue;
        }
        input.inputs.retain(|i| i.key != key);
        input.inputs.push(ManualInput {
            key: key.to_string(),
            value,
            low: None,
            high: None,
        });
    }
    for text in &f.ranges {
        let (key, r) = pair("range", text)?;
        let (lo, hi) = range(key, r)?;
        if key == "effort" {
            input.effort_low = Some(lo);
            input.effort_high = Some(hi);
            continue;
        }
        let Some(i) = input.inputs.iter_mut().find(|i| i.key == key) else {
            return Err(usage(
                &format!("inputs.{key}"),
                format!("--range {key}: give its estimate too, with --input {key}=VALUE"),
            ));
        };
        i.low = Some(lo);
        i.high = Some(hi);
    }
    Ok(())
}

fn fmt(v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(x) if x.abs() >= 1000.0 => format!("{x:.0}"),
        Some(x) if x.fract() == 0.0 => format!("{x:.0}"),
        Some(x) => format!("{x:.2}"),
    }
}

fn id_of(ws: &Workspace, key: &str) -> Result<i64> {
    Ok(ws.find_item(key)?.id)
}

pub fn item(ws: &Workspace, json: bool, cmd: ItemCmd) -> Result<()> {
    match cmd {
        ItemCmd::Add(fields) => {
            let mut input = ItemInput::default();
            apply(&mut input, fields)?;
            let item = ws.save_item(&input)?;
            print(json, &item, |i| {
                format!("added item #{} {:?}", i.id, i.title)
            });
        }
        ItemCmd::Edit { item, fields } => {
            let current = ws.find_item(&item)?;
            let mut input = groundwork::roadmap::items::to_input(&current);
            apply(&mut input, fields)?;
            let item = ws.save_item(&input)?;
            print(json, &item, |i| {
                format!("item #{} {:?} saved", i.id, i.title)
            });
        }
        ItemCmd::List => {
            let items = ws.items()?;
            print(json, &items, |items| {
                if items.is_empty() {
                    return "no roadmap items (add one with `groundwork item add --title T`)"
                        .into();
                }
                items
                    .iter()
                    .map(|i| {
                        format!(
                            "#{:<4} {:<40} {:<11} effort {:>5}  {} link(s)  {}",
                            i.id,
                            i.title,
                            i.status.as_str(),
                            fmt(i.effort),
                            i.links,
                            i.teams.join(", ")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ItemCmd::Show { item } => {
            let d = ws.item(ws.find_item(&item)?.id)?;
            print(json, &d, |d| {
                let i = &d.item;
                let mut out = format!(
                    "#{} {}\nstatus: {} ({})\nowner: {}\neffort: {}{}\nteams: {}\ntarget metric: {}{}\n",
                    i.id,
                    i.title,
                    i.status.as_str(),
                    i.history
                        .iter()
                        .map(|h| format!("{} {}", h.status.as_str(), &h.at[..10.min(h.at.len())]))
                        .collect::<Vec<_>>()
                        .join(" → "),
                    if i.owner.is_empty() { "—" } else { &i.owner },
                    fmt(i.effort),
                    match (i.effort_low, i.effort_high) {
                        (Some(l), Some(h)) => format!(" ({}..{})", fmt(Some(l)), fmt(Some(h))),
                        _ => String::new(),
                    },
                    if i.teams.is_empty() { "—".into() } else { i.teams.join(", ") },
                    if i.target_metric.is_empty() { "—" } else { &i.target_metric },
                    i.exception_team
                        .as_deref()
                        .map(|t| format!("\nexception for: {t}"))
                        .unwrap_or_default()
                );
                let e = &d.evidence;
                out += &format!(
                    "\nevidence: {} documents ({} interviews, {} tickets, {} survey responses, {} notes), {} quotes, {} teams, {} people, demand {:.2}, sentiment {}\n",
                    e.documents, e.interviews, e.tickets, e.survey_responses, e.notes, e.quotes,
                    e.teams, e.people, e.demand, fmt(e.sentiment)
                );
                if let Some(spoken) = &e.spoken {
                    out += &format!("  ({spoken})\n");
                }
                out += "\ninputs:\n";
                for r in &d.inputs {
                    let src = format!("{:?}", r.source).to_lowercase();
                    out += &format!(
                        "  {:<18} {:>9}  {:<8} {}\n",
                        r.key,
                        fmt(r.value),
                        src,
                        r.note
                    );
                }
                if !d.links.is_empty() {
                    out += "\nlinks:\n";
                    for l in &d.links {
                        out += &format!(
                            "  link #{} {:?} {}{}\n",
                            l.id,
                            l.kind,
                            l.label,
                            l.quote
                                .as_deref()
                                .map(|q| format!(": “{q}”"))
                                .unwrap_or_default()
                        );
                    }
                }
                out.trim_end().to_string()
            });
        }
        ItemCmd::Link {
            item,
            theme,
            document,
            quote,
        } => {
            let id = id_of(ws, &item)?;
            let theme = match theme {
                Some(t) => Some(ws.find_theme(&t)?.id),
                None => None,
            };
            if theme.is_none() && document.is_none() {
                return Err(usage("link", "give --theme or --document".into()));
            }
            let link = ws.link_item(&LinkInput {
                item: id,
                theme,
                document,
                quote,
            })?;
            print(json, &link, |l| {
                format!("linked #{} ({:?} {}) to item #{id}", l.id, l.kind, l.label)
            });
        }
        ItemCmd::Unlink { link } => {
            ws.unlink_item(link)?;
            print(json, &serde_json::json!({ "unlinked": link }), |_| {
                format!("removed link #{link}")
            });
        }
        ItemCmd::FromTheme { theme, title } => {
            let t = ws.find_theme(&theme)?;
            let d = ws.item_from_evidence(&ItemFromEvidence {
                title,
                theme: Some(t.id),
                ..Default::default()
            })?;
            print(json, &d.item, |i| {
                format!(
                    "added item #{} {:?} linked to theme {:?}",
                    i.id, i.title, t.name
                )
            });
        }
        ItemCmd::FromQuote {
            document,
            quote,
            title,
        } => {
            let d = ws.item_from_evidence(&ItemFromEvidence {
                title,
                theme: None,
                document: Some(document),
                quote: Some(quote),
            })?;
            print(json, &d.item, |i| {
                format!(
                    "added item #{} {:?} linked to document #{document}",
                    i.id, i.title
                )
            });
        }
        ItemCmd::Delete { item } => {
            let id = id_of(ws, &item)?;
            ws.delete_item(id)?;
            print(json, &serde_json::json!({ "deleted": id }), |_| {
                format!("deleted item #{id}")
            });
        }
    }
    Ok(())
}

fn weight_pair(text: &str) -> Result<(String, f64, Option<f64>, Option<f64>)> {
    let (key, rest) = pair("criterion", text)?;
    let (w, scale) = match rest.split_once(':') {
        Some((w, s)) => (w, Some(s)),
        None => (rest, None),
    };
    let weight: f64 = w.trim().parse().map_err(|_| {
        usage(
            &format!("criteria.{key}"),
            format!("{key}: weight {w:?} is not a number"),
        )
    })?;
    let (min, max) = match scale {
        Some(s) => {
            let (lo, hi) = range(key, s)?;
            (Some(lo), Some(hi))
        }
        None => (None, None),
    };
    Ok((key.to_string(), weight, min, max))
}

fn with_weights(mut config: ModelConfig, weights: &[String]) -> Result<ModelConfig> {
    for text in weights {
        let (key, weight, _, _) = weight_pair(text)?;
        match config.criteria.iter_mut().find(|c| c.key == key) {
            Some(c) => c.weight = weight,
            None if config.kind == ModelKind::Weighted => config.criteria.push(Criterion {
                key,
                weight,
                min: None,
                max: None,
            }),
            None => {
                return Err(usage(
                    "weight",
                    format!(
                        "--weight applies to weighted models; this one is {}",
                        config.kind.as_str()
                    ),
                ))
            }
        }
    }
    Ok(config)
}

fn describe_model(m: &groundwork::roadmap::model::Model) -> String {
    let c = &m.config;
    let mut out = format!(
        "{} ({}{})\n{}\n",
        m.name,
        c.kind.as_str(),
        if m.customized {
            ", customized preset"
        } else if m.preset {
            ", preset"
        } else {
            ""
        },
        c.description
    );
    match c.kind {
        ModelKind::Weighted => {
            for cr in &c.criteria {
                out += &format!(
                    "  {:<18} weight {:>6}  scale {}..{}\n",
                    cr.key,
                    cr.weight,
                    cr.min.map_or("lowest".into(), |v| fmt(Some(v))),
                    cr.max.map_or("highest".into(), |v| fmt(Some(v)))
                );
            }
        }
        ModelKind::Formula => out += &format!("  formula: {}\n", c.formula),
        ModelKind::Roi => {
            out += &format!(
                "  {} weeks a year, {} hours a person-week, hourly cost {}\n",
                c.roi.weeks_per_year,
                c.roi.hours_per_week,
                fmt(c.roi.hourly_cost)
            )
        }
        _ => {}
    }
    out += &format!("  reads: {}", m.reads.join(", "));
    out
}

pub fn model(ws: &Workspace, json: bool, cmd: ModelCmd) -> Result<()> {
    match cmd {
        ModelCmd::List => {
            let list = ws.models()?;
            print(json, &list, |l| {
                l.iter()
                    .map(|m| {
                        format!(
                            "{:<16} {:<9} {}{}",
                            m.name,
                            m.config.kind.as_str(),
                            if m.customized { "(customized) " } else { "" },
                            m.config.description
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ModelCmd::Show { name } => {
            let m = ws.model(&name)?;
            print(json, &m, describe_model);
        }
        ModelCmd::Set {
            name,
            kind,
            description,
            formula,
            criteria,
            weights,
            weeks_per_year,
            hours_per_week,
            hourly_cost,
        } => {
            let mut config = match ws.model(&name) {
                Ok(m) => m.config,
                Err(_) => ModelConfig::default(),
            };
            if let Some(k) = kind {
                config.kind = ModelKind::parse(&k)?;
            } else if !ws
                .models()?
                .iter()
                .any(|m| m.name == name.trim().to_lowercase())
            {
                config.kind = if formula.is_some() {
                    ModelKind::Formula
                } else if !criteria.is_empty() {
                    ModelKind::Weighted
                } else {
                    return Err(usage(
                        "kind",
                        format!("{name:?} is a new model: give --kind"),
                    ));
                };
            }
            if let Some(d) = description {
                config.description = d;
            }
            if let Some(f) = formula {
                config.formula = f;
            }
            if !criteria.is_empty() {
                config.criteria = criteria
                    .iter()
                    .map(|t| {
                        let (key, weight, min, max) = weight_pair(t)?;
                        Ok(Criterion {
                            key,
                            weight,
                            min,
                            max,
                        })
                    })
                    .collect::<Result<_>>()?;
            }
            config = with_weights(config, &weights)?;
            if let Some(w) = weeks_per_year {
                config.roi.weeks_per_year = w;
            }
            if let Some(h) = hours_per_week {
                config.roi.hours_per_week = h;
            }
            if let Some(c) = hourly_cost {
                config.roi.hourly_cost = Some(c);
            }
            let m = ws.save_model(&ModelInput { name, config })?;
            print(json, &m, describe_model);
        }
        ModelCmd::Reset { name } => {
            let m = ws.reset_model(&name)?;
            print(json, &m, |m| format!("{} is back to its preset", m.name));
        }
    }
    Ok(())
}

fn row(i: &RankedItem) -> String {
    let rank = i.rank.map_or("  —".into(), |r| format!("{r:>3}"));
    let tail = if !i.missing.is_empty() {
        format!("   missing: {}", i.missing.join(", "))
    } else if let Some(p) = &i.problem {
        format!("   {p}")
    } else {
        String::new()
    };
    format!(
        "{rank}  {:>10}  #{:<4} {}{tail}",
        fmt(i.score),
        i.id,
        i.title
    )
}

pub fn rank(ws: &Workspace, json: bool, args: RankArgs) -> Result<()> {
    let draft = if args.weights.is_empty() {
        None
    } else {
        Some(with_weights(ws.model(&args.model)?.config, &args.weights)?)
    };
    let ranking = ws.rank(&RankRequest {
        model: args.model,
        draft,
        team: args.team,
        top: args.top,
        all: args.all,
    })?;
    print(json, &ranking, |r| {
        let mut out = format!(
            "{} ranking{}: {} scored, {} unscored{}\n rank      score  item\n",
            r.model.name,
            r.team
                .as_deref()
                .map(|t| format!(" for {t}"))
                .unwrap_or_default(),
            r.scored,
            r.unscored,
            if r.excluded > 0 {
                format!(", {} shipped or dropped left out (--all)", r.excluded)
            } else {
                String::new()
            }
        );
        for i in &r.items {
            out += &row(i);
            out.push('\n');
        }
        if !r.exceptions.is_empty() {
            out += "\nteam-specific exceptions (outside the shared ranking):\n";
            for i in &r.exceptions {
                out += &format!(
                    "{}   for {}\n",
                    row(i),
                    i.exception_team.as_deref().unwrap_or("")
                );
            }
        }
        out.trim_end().to_string()
    });
    Ok(())
}

#[derive(Args)]
pub struct SensitivityArgs {
    /// Model.
    #[arg(long, default_value = "rice")]
    model: String,
    /// Monte Carlo runs.
    #[arg(long, default_value_t = 1000)]
    runs: u32,
    /// Seed (the same seed gives the same figures).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// N of "chance of being in the top N".
    #[arg(long, default_value_t = 5)]
    top: u32,
    /// How far each weight may move (0.25: ± 25 %).
    #[arg(long, default_value_t = 0.25)]
    spread: f64,
    /// A team's view.
    #[arg(long)]
    team: Option<String>,
}

pub fn sensitivity(ws: &Workspace, json: bool, a: SensitivityArgs) -> Result<()> {
    let s = ws.sensitivity(&SensitivityRequest {
        model: a.model,
        draft: None,
        team: a.team,
        runs: a.runs,
        seed: a.seed,
        top: a.top,
        spread: a.spread,
    })?;
    print(json, &s, |s| {
        let mut out = format!(
            "{}: {} runs, seed {}; varied: {}\n rank  5%–95%   median  top {}  item\n",
            s.model,
            s.runs,
            s.seed,
            if s.varied.is_empty() {
                "nothing (no weights to move and no input has a range)".into()
            } else {
                s.varied.join("; ")
            },
            s.top
        );
        for i in &s.items {
            out += &format!(
                "{:>5}  {:>3}–{:<3}  {:>6}  {:>5.0}%  #{} {}\n",
                i.rank,
                i.low,
                i.high,
                i.median,
                i.top_chance * 100.0,
                i.id,
                i.title
            );
        }
        out.trim_end().to_string()
    });
    Ok(())
}

pub fn compare(
    ws: &Workspace,
    json: bool,
    a: String,
    b: String,
    team: Option<String>,
) -> Result<()> {
    let side = |m: String| ScenarioSide {
        model: m,
        draft: None,
        label: None,
    };
    let c = ws.compare(&CompareRequest {
        a: side(a),
        b: side(b),
        team,
    })?;
    print(json, &c, |c| {
        let mut out = format!(
            "{} → {}: Spearman ρ {} over {} items, {} moved\n {:>4} {:>4}  move  item\n",
            c.a,
            c.b,
            c.spearman.map_or("—".into(), |r| format!("{r:.3}")),
            c.common,
            c.moved,
            "A",
            "B"
        );
        for i in &c.items {
            let r = |x: Option<u32>| x.map_or("—".into(), |v| v.to_string());
            let mv = match i.moved {
                Some(m) if m > 0 => format!("▲{m}"),
                Some(m) if m < 0 => format!("▼{}", -m),
                Some(_) => "=".into(),
                None => "".into(),
            };
            out += &format!(
                " {:>4} {:>4}  {:<4}  #{} {}\n",
                r(i.rank_a),
                r(i.rank_b),
                mv,
                i.id,
                i.title
            );
        }
        out.trim_end().to_string()
    });
    Ok(())
}

pub fn snapshot(ws: &Workspace, json: bool, cmd: SnapshotCmd) -> Result<()> {
    match cmd {
        SnapshotCmd::Save { name, model, team } => {
            let s = ws.save_snapshot(
                &name,
                &RankRequest {
                    model,
                    team,
                    ..Default::default()
                },
            )?;
            print(json, &s, |s| {
                format!(
                    "saved snapshot {:?} ({} items, {})",
                    s.name, s.items, s.model
                )
            });
        }
        SnapshotCmd::List => {
            let list = ws.snapshots()?;
            print(json, &list, |l| {
                if l.is_empty() {
                    return "no snapshots (save one with `groundwork snapshot save NAME`)".into();
                }
                l.iter()
                    .map(|s| {
                        format!(
                            "{:<24} {:<12} {:>4} items  {}",
                            s.name, s.model, s.items, s.created_at
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        SnapshotCmd::Diff { a, b } => {
            let d = ws.snapshot_diff(&a, &b)?;
            print(json, &d, |d| {
                let mut out = format!(
                    "{} → {}{}\n",
                    d.from,
                    d.to,
                    if d.model_changed {
                        " (the model or its weights changed too)"
                    } else {
                        ""
                    }
                );
                for i in &d.items {
                    let r = |x: Option<u32>| x.map_or("—".into(), |v| v.to_string());
                    out += &format!(
                        "{:<8} {:>3} → {:<3} #{} {}",
                        format!("{:?}", i.change).to_lowercase(),
                        r(i.rank_from),
                        r(i.rank_to),
                        i.id,
                        i.title
                    );
                    let drivers: Vec<String> = i
                        .drivers
                        .iter()
                        .take(3)
                        .map(|c| {
                            format!(
                                "{} {} → {}{}",
                                c.key,
                                fmt(c.from),
                                fmt(c.to),
                                c.effect.map(|e| format!(" ({e:+.2})")).unwrap_or_default()
                            )
                        })
                        .collect();
                    if !drivers.is_empty() {
                        out += &format!("   because {}", drivers.join("; "));
                    }
                    out.push('\n');
                }
                out.trim_end().to_string()
            });
        }
        SnapshotCmd::Delete { name } => {
            ws.delete_snapshot(&name)?;
            print(json, &serde_json::json!({ "deleted": name }), |_| {
                format!("deleted snapshot {name:?}")
            });
        }
    }
    Ok(())
}

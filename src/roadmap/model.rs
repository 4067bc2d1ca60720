//! Scoring models: the presets platform teams start from, the `scoring_models` table that saves a
//! workspace's own (a saved model named like a preset replaces it), and [`Scorer`], a model
//! compiled for scoring value rows fast.

use super::formula::Formula;
use super::{slot, unknown_variable, var, NV, VARIABLES};
use crate::error::{Error, Result};
use crate::store::db::now;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The family a model belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModelKind {
    /// Reach × impact × confidence ÷ effort.
    #[default]
    Rice,
    /// Impact × confidence × ease.
    Ice,
    /// (Business value + time criticality + risk reduction) ÷ job size.
    Wsjf,
    /// User-defined criteria, each normalized to 0–1 and weighted.
    Weighted,
    /// Developer-productivity return on investment.
    Roi,
    /// A custom formula.
    Formula,
}

impl ModelKind {
    /// Serialized name.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelKind::Rice => "rice",
            ModelKind::Ice => "ice",
            ModelKind::Wsjf => "wsjf",
            ModelKind::Weighted => "weighted",
            ModelKind::Roi => "roi",
            ModelKind::Formula => "formula",
        }
    }

    /// Reads a kind name.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "rice" => Ok(ModelKind::Rice),
            "ice" => Ok(ModelKind::Ice),
            "wsjf" => Ok(ModelKind::Wsjf),
            "weighted" => Ok(ModelKind::Weighted),
            "roi" => Ok(ModelKind::Roi),
            "formula" => Ok(ModelKind::Formula),
            _ => Err(Error::invalid(
                "kind",
                format!("unknown model kind {s:?}; use rice, ice, wsjf, weighted, roi or formula"),
            )),
        }
    }
}

/// One criterion of a weighted model. The value is normalized to 0–1 over `min`..`max` (clamped);
/// when either end is unset, the lowest / highest value among the items being ranked is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Criterion {
    /// Input or evidence name.
    pub key: String,
    /// Weight; negative weights count against an item (effort, say).
    pub weight: f64,
    /// Value that scores 0 (unset: the lowest among the items).
    #[serde(default)]
    pub min: Option<f64>,
    /// Value that scores 1 (unset: the highest among the items).
    #[serde(default)]
    pub max: Option<f64>,
}

/// Settings of the ROI model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RoiSettings {
    /// Working weeks in a year (hours saved per week become a year's value).
    pub weeks_per_year: f64,
    /// Hours in a person-week (effort becomes cost).
    pub hours_per_week: f64,
    /// Loaded hourly cost used for items that do not set `hourly_cost`.
    #[serde(default)]
    pub hourly_cost: Option<f64>,
}

impl Default for RoiSettings {
    fn default() -> Self {
        RoiSettings {
            weeks_per_year: 46.0,
            hours_per_week: 40.0,
            hourly_cost: None,
        }
    }
}

/// What a model computes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModelConfig {
    /// Family.
    pub kind: ModelKind,
    /// One line on what it is for.
    #[serde(default)]
    pub description: String,
    /// Criteria of a weighted model.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// Formula of a formula model.
    #[serde(default)]
    pub formula: String,
    /// Settings of an ROI model.
    #[serde(default)]
    pub roi: RoiSettings,
}

/// A model as the workspace sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Model {
    /// Name (`rice`, `ice`, `wsjf`, `weighted`, `roi`, `time-saved`, or the workspace's own).
    pub name: String,
    /// What it computes.
    pub config: ModelConfig,
    /// One of the presets.
    pub preset: bool,
    /// A preset this workspace has changed (reset restores it).
    pub customized: bool,
    /// Names it reads.
    pub reads: Vec<String>,
}

/// A model to save.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ModelInput {
    /// Name; saving under a preset's name customizes the preset.
    pub name: String,
    /// What it computes.
    pub config: ModelConfig,
}

fn criterion(key: &str, weight: f64, min: Option<f64>, max: Option<f64>) -> Criterion {
    Criterion {
        key: key.into(),
        weight,
        min,
        max,
    }
}

/// The presets, in the order they are listed.
pub fn presets() -> Vec<(String, ModelConfig)> {
    let cfg = |kind, description: &str| ModelConfig {
        kind,
        description: description.into(),
        ..Default::default()
    };
    vec![
        (
            "rice".into(),
            cfg(
                ModelKind::Rice,
                "Reach × Impact × Confidence ÷ Effort. Reach: engineers affected; impact: 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive; confidence: 0–1; effort: person-weeks.",
            ),
        ),
        (
            "ice".into(),
            cfg(
                ModelKind::Ice,
                "Impact × Confidence × Ease. Impact and ease on 1–10; confidence 0–1.",
            ),
        ),
        (
            "wsjf".into(),
            cfg(
                ModelKind::Wsjf,
                "(Business value + Time criticality + Risk reduction / opportunity enablement) ÷ Job size, each on the 1, 2, 3, 5, 8, 13, 20 scale. Job size falls back to effort.",
            ),
        ),
        (
            "weighted".into(),
            ModelConfig {
                kind: ModelKind::Weighted,
                description: "Platform criteria: demand from the evidence, engineers reached, impact and confidence count for an item; effort counts against it.".into(),
                criteria: vec![
                    criterion("demand", 3.0, Some(0.0), None),
                    criterion("reach", 2.0, Some(0.0), None),
                    criterion("impact", 3.0, Some(0.0), Some(3.0)),
                    criterion("confidence", 1.0, Some(0.0), Some(1.0)),
                    criterion("effort", -2.0, Some(0.0), None),
                ],
                ..Default::default()
            },
        ),
        (
            "roi".into(),
            cfg(
                ModelKind::Roi,
                "Developer-productivity ROI: hours saved per engineer per week × engineers (reach) × adoption × weeks × loaded hourly cost, against effort × hours per week × hourly cost. Ranked by ROI; low / expected / high from the inputs' ranges.",
            ),
        ),
        (
            "time-saved".into(),
            ModelConfig {
                kind: ModelKind::Formula,
                description: "Engineer-hours saved each week per person-week invested.".into(),
                formula: "hours_saved * reach * adoption / effort".into(),
                ..Default::default()
            },
        ),
    ]
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name", "a model needs a name"));
    }
    if name.chars().count() > 60
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
    {
        return Err(Error::invalid(
            "name",
            format!("{name:?}: a model name has at most 60 letters, digits, spaces, - or _"),
        ));
    }
    Ok(name.to_lowercase())
}

/// Checks a configuration by compiling it.
pub fn check(config: &ModelConfig) -> Result<()> {
    Scorer::compile(config).map(drop)
}

fn saved(conn: &Connection) -> Result<Vec<(String, ModelConfig)>> {
    let mut stmt = conn.prepare("SELECT name, config FROM scoring_models ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for r in rows {
        let (name, json) = r?;
        let config: ModelConfig = serde_json::from_str(&json).map_err(|e| {
            Error::Internal(format!("the saved model {name:?} cannot be read: {e}"))
        })?;
        out.push((name, config));
    }
    Ok(out)
}

fn model(name: String, config: ModelConfig, preset: bool, customized: bool) -> Model {
    let reads = Scorer::compile(&config)
        .map(|s| {
            s.reads()
                .iter()
                .map(|&k| VARIABLES[k].to_string())
                .collect()
        })
        .unwrap_or_default();
    Model {
        name,
        config,
        preset,
        customized,
        reads,
    }
}

/// Every model: the presets (as customized here), then the workspace's own by name.
pub fn list(conn: &Connection) -> Result<Vec<Model>> {
    let mut own = saved(conn)?;
    let mut out = Vec::new();
    for (name, config) in presets() {
        match own.iter().position(|(n, _)| *n == name) {
            Some(k) => {
                let (_, c) = own.remove(k);
                out.push(model(name, c, true, true));
            }
            None => out.push(model(name, config, true, false)),
        }
    }
    out.extend(own.into_iter().map(|(n, c)| model(n, c, false, false)));
    Ok(out)
}

/// A model by name (case-insensitive).
pub fn get(conn: &Connection, name: &str) -> Result<Model> {
    let key = name.trim().to_lowercase();
    list(conn)?
        .into_iter()
        .find(|m| m.name == key)
        .ok_or_else(|| {
            Error::invalid(
                "model",
                format!(
                    "no model named {name:?}; the models are: {}",
                    list(conn)
                        .map(|l| l.iter().map(|m| m.name.clone()).collect::<Vec<_>>())
                        .unwrap_or_default()
                        .join(", ")
                ),
            )
        })
}

/// Saves a model after checking it compiles.
pub fn save(conn: &Connection, input: &ModelInput) -> Result<Model> {
    let name = check_name(&input.name)?;
    check(&input.config)?;
    let json = serde_json::to_string(&input.config)
        .map_err(|e| Error::Internal(format!("model config: {e}")))?;
    conn.execute(
        "INSERT INTO scoring_models (name, config, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at",
        params![name, json, now()],
    )?;
    get(conn, &name)
}

/// Deletes a workspace model, or restores a customized preset.
pub fn reset(conn: &Connection, name: &str) -> Result<Model> {
    let key = name.trim().to_lowercase();
    let before = get(conn, &key)?;
    let n = conn.execute("DELETE FROM scoring_models WHERE name = ?1", [&key])?;
    if n == 0 && before.preset {
        return Ok(before);
    }
    if before.preset {
        get(conn, &key)
    } else {
        Ok(before)
    }
}

/// A compiled criterion: slot, weight divided by the sum of |weights|, and fixed ends.
#[derive(Debug, Clone)]
pub struct Weighted {
    /// Variable slot.
    pub slot: usize,
    /// Weight as configured.
    pub weight: f64,
    /// Weight ÷ Σ|weight|, so scaling every weight changes nothing.
    pub share: f64,
    /// Configured ends.
    pub min: Option<f64>,
    /// Configured ends.
    pub max: Option<f64>,
}

/// The ends each criterion is normalized over, resolved for one ranking.
pub type Norm = Vec<(f64, f64)>;

/// A model compiled for scoring.
#[derive(Debug, Clone)]
pub struct Scorer {
    /// Family.
    pub kind: ModelKind,
    /// Criteria (weighted models).
    pub criteria: Vec<Weighted>,
    /// Formula (formula models).
    pub formula: Option<Formula>,
    /// ROI settings.
    pub roi: RoiSettings,
    reads: Vec<usize>,
}

/// Weighted scores are reported in points out of 100.
pub const POINTS: f64 = 100.0;

impl Scorer {
    /// Compiles and checks a configuration.
    pub fn compile(config: &ModelConfig) -> Result<Self> {
        let mut criteria = Vec::new();
        let mut formula = None;
        let reads: Vec<usize> = match config.kind {
            ModelKind::Rice => vec![var::REACH, var::IMPACT, var::CONFIDENCE, var::EFFORT],
            ModelKind::Ice => vec![var::IMPACT, var::CONFIDENCE, var::EASE],
            ModelKind::Wsjf => vec![
                var::BUSINESS_VALUE,
                var::TIME_CRITICALITY,
                var::RISK_REDUCTION,
                var::JOB_SIZE,
            ],
            ModelKind::Roi => {
                let r = &config.roi;
                if !(r.weeks_per_year > 0.0 && r.weeks_per_year <= 53.0) {
                    return Err(Error::invalid(
                        "roi.weeks_per_year",
                        "weeks per year must be between 0 and 53",
                    ));
                }
                if !(r.hours_per_week > 0.0 && r.hours_per_week <= 168.0) {
                    return Err(Error::invalid(
                        "roi.hours_per_week",
                        "hours per week must be between 0 and 168",
                    ));
                }
                if r.hourly_cost.is_some_and(|c| !(c.is_finite() && c > 0.0)) {
                    return Err(Error::invalid(
                        "roi.hourly_cost",
                        "the hourly cost must be a positive number",
                    ));
                }
                vec![
                    var::HOURS_SAVED,
                    var::REACH,
                    var::ADOPTION,
                    var::HOURLY_COST,
                    var::EFFORT,
                ]
            }
            ModelKind::Weighted => {
                if config.criteria.is_empty() {
                    return Err(Error::invalid(
                        "criteria",
                        "a weighted model needs at least one criterion",
                    ));
                }
                let total: f64 = config.criteria.iter().map(|c| c.weight.abs()).sum();
                if !(total.is_finite() && total > 0.0) {
                    return Err(Error::invalid(
                        "criteria",
                        "at least one criterion needs a weight other than 0",
                    ));
                }
                let mut reads = Vec::new();
                for c in &config.criteria {
                    let field = format!("criteria.{}", c.key);
                    let s = slot(&c.key).ok_or_else(|| unknown_variable(&field, &c.key))?;
                    if reads.contains(&s) {
                        return Err(Error::invalid(&field, format!("{} is listed twice", c.key)));
                    }
                    if !c.weight.is_finite() {
                        return Err(Error::invalid(&field, "the weight is not a number"));
                    }
                    if let (Some(lo), Some(hi)) = (c.min, c.max) {
                        if !(lo.is_finite() && hi.is_finite() && hi > lo) {
                            return Err(Error::invalid(
                                &field,
                                format!("{}: the scale's max must be above its min", c.key),
                            ));
                        }
                    }
                    reads.push(s);
                    criteria.push(Weighted {
                        slot: s,
                        weight: c.weight,
                        share: c.weight / total,
                        min: c.min,
                        max: c.max,
                    });
                }
                reads
            }
            ModelKind::Formula => {
                let f = Formula::parse(&config.formula)?;
                let reads = f.slots().to_vec();
                formula = Some(f);
                reads
            }
        };
        Ok(Scorer {
            kind: config.kind,
            criteria,
            formula,
            roi: config.roi.clone(),
            reads,
        })
    }

    /// Slots the model reads; an item missing any of them is not scored.
    pub fn reads(&self) -> &[usize] {
        &self.reads
    }

    /// The normalization ends for a set of value rows.
    pub fn norm<'a>(&self, rows: impl Iterator<Item = &'a [f64; NV]> + Clone) -> Norm {
        self.criteria
            .iter()
            .map(|c| {
                let seen = rows.clone().map(|r| r[c.slot]).filter(|v| v.is_finite());
                let lo = c
                    .min
                    .unwrap_or_else(|| seen.clone().fold(f64::INFINITY, f64::min));
                let hi = c
                    .max
                    .unwrap_or_else(|| seen.fold(f64::NEG_INFINITY, f64::max));
                if lo.is_finite() && hi.is_finite() {
                    (lo, hi)
                } else {
                    (0.0, 0.0)
                }
            })
            .collect()
    }

    /// The score of a value row, or `None` when an input it reads is missing or the arithmetic
    /// has no answer (a zero effort, a formula dividing by zero).
    #[inline]
    pub fn score(&self, row: &[f64; NV], norm: &Norm) -> Option<f64> {
        let s = match self.kind {
            ModelKind::Rice => {
                row[var::REACH] * row[var::IMPACT] * row[var::CONFIDENCE] / row[var::EFFORT]
            }
            ModelKind::Ice => row[var::IMPACT] * row[var::CONFIDENCE] * row[var::EASE],
            ModelKind::Wsjf => {
                (row[var::BUSINESS_VALUE] + row[var::TIME_CRITICALITY] + row[var::RISK_REDUCTION])
                    / row[var::JOB_SIZE]
            }
            ModelKind::Roi => roi(row, &self.roi).roi,
            ModelKind::Weighted => {
                let mut s = 0.0;
                for (c, &(lo, hi)) in self.criteria.iter().zip(norm) {
                    s += c.share * normalize(row[c.slot], lo, hi);
                }
                s * POINTS
            }
            ModelKind::Formula => return self.formula.as_ref().and_then(|f| f.eval(row)),
        };
        s.is_finite().then_some(s)
    }
}

/// `v` on the 0–1 scale between `lo` and `hi`, clamped. When the ends meet, every item is at 1.
#[inline]
pub fn normalize(v: f64, lo: f64, hi: f64) -> f64 {
    if hi > lo {
        ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

/// The ROI arithmetic for one value row.
#[derive(Debug, Clone, Copy)]
pub struct RoiFigures {
    /// Hours saved in a year across the engineers who adopt it.
    pub hours_per_year: f64,
    /// Their value (× hourly cost).
    pub annual_value: f64,
    /// Effort × hours per week × hourly cost.
    pub cost: f64,
    /// (Value − cost) ÷ cost.
    pub roi: f64,
    /// Months until the value covers the cost.
    pub payback_months: f64,
}

/// ROI figures for a value row.
#[inline]
pub fn roi(row: &[f64; NV], s: &RoiSettings) -> RoiFigures {
    let hours_per_year =
        row[var::HOURS_SAVED] * row[var::REACH] * row[var::ADOPTION] * s.weeks_per_year;
    let annual_value = hours_per_year * row[var::HOURLY_COST];
    let cost = row[var::EFFORT] * s.hours_per_week * row[var::HOURLY_COST];
    RoiFigures {
        hours_per_year,
        annual_value,
        cost,
        roi: (annual_value - cost) / cost,
        payback_months: if annual_value > 0.0 {
            cost / (annual_value / 12.0)
        } else {
            f64::INFINITY
        },
    }
}

//! The workspace's roadmap calls: what the desktop commands and the CLI both run.

use super::evidence::{EvidenceBase, EvidenceStats};
use super::inputs::{self, ResolvedInput};
use super::items::{self, Item, ItemInput, ItemLink, LinkInput, ManualInput};
use super::model::{self, Model, ModelInput};
use super::rank::{self, RankRequest, Ranking};
use super::sensitivity::{self, CompareRequest, Comparison, Sensitivity, SensitivityRequest};
use super::snapshots::{self, SnapshotDiff, SnapshotInfo};
use crate::error::{Error, Result};
use crate::Workspace;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// An item with its evidence links, what they add up to, and every input resolved.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ItemDetail {
    /// The item.
    pub item: Item,
    /// Its evidence links, newest first.
    pub links: Vec<ItemLink>,
    /// What the evidence adds up to.
    pub evidence: EvidenceStats,
    /// Every input: manual beside derived, or missing.
    pub inputs: Vec<ResolvedInput>,
}

/// A new item made from a theme or from a quoted passage.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ItemFromEvidence {
    /// Title (default: the theme's name, or the start of the quote).
    #[serde(default)]
    pub title: Option<String>,
    /// The theme to link.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub theme: Option<i64>,
    /// The document a quote comes from.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub document: Option<i64>,
    /// The quoted passage.
    #[serde(default)]
    pub quote: Option<String>,
}

impl Workspace {
    /// The evidence base, read again when the database has changed since the last read.
    pub fn evidence_base(&self) -> Result<Arc<EvidenceBase>> {
        let version = crate::search::palette::data_version(self.conn())?;
        let mut slot = self
            .evidence
            .lock()
            .map_err(|_| Error::Internal("the evidence lock was poisoned".into()))?;
        if let Some(base) = slot.as_ref() {
            if base.version == version {
                return Ok(base.clone());
            }
        }
        let today = self.today();
        let base = Arc::new(EvidenceBase::load(
            self.conn(),
            self.search_index(),
            version,
            today,
        )?);
        *slot = Some(base.clone());
        Ok(base)
    }

    /// Every roadmap item, by id.
    pub fn items(&self) -> Result<Vec<Item>> {
        items::list(self.conn())
    }

    /// An item (by id or title, as typed on a command line).
    pub fn find_item(&self, key: &str) -> Result<Item> {
        items::find(self.conn(), key)
    }

    /// An item with its links, evidence and resolved inputs.
    pub fn item(&self, id: i64) -> Result<ItemDetail> {
        let item = items::get(self.conn(), id)?;
        let base = self.evidence_base()?;
        let k = base
            .items
            .iter()
            .position(|i| i.id == item.id)
            .ok_or_else(|| {
                Error::Internal(format!("item {} is not in the evidence base", item.id))
            })?;
        let stats = base.stats_of(k..k + 1).swap_remove(0);
        let hourly = model::get(self.conn(), "roi")?.config.roi.hourly_cost;
        let row = inputs::row(&base, k, &stats, hourly);
        Ok(ItemDetail {
            inputs: inputs::resolved(&base, k, &stats, &row),
            links: items::links(self.conn(), item.id)?,
            evidence: stats,
            item,
        })
    }

    /// Creates or updates an item.
    pub fn save_item(&self, input: &ItemInput) -> Result<Item> {
        items::save(self.conn(), input)
    }

    /// Sets some of an item's manual inputs, keeping the rest.
    pub fn set_item_inputs(&self, id: i64, inputs: &[ManualInput]) -> Result<Item> {
        items::set_inputs(self.conn(), id, inputs)
    }

    /// Deletes an item.
    pub fn delete_item(&self, id: i64) -> Result<()> {
        crate::store::trash::delete_item(self.conn(), id)
    }

    /// Links evidence to an item.
    pub fn link_item(&self, input: &LinkInput) -> Result<ItemLink> {
        items::link(self.conn(), input)
    }

    /// Removes an evidence link.
    pub fn unlink_item(&self, link: i64) -> Result<()> {
        items::unlink(self.conn(), link)
    }

    /// Creates an item straight from a theme or a quote, linked to it, in one transaction.
    pub fn item_from_evidence(&self, input: &ItemFromEvidence) -> Result<ItemDetail> {
        let (title, link) = match (input.theme, input.document) {
            (Some(theme), None) => {
                let t = crate::search::themes::find(self.conn(), &theme.to_string())?;
                (
                    t.name,
                    LinkInput {
                        item: 0,
                        theme: Some(t.id),
                        document: None,
                        quote: None,
                    },
                )
            }
            (None, Some(doc)) => {
                let quote = input.quote.clone().filter(|q| !q.trim().is_empty());
                let from_quote = quote.as_deref().map(|q| {
                    let q = q.trim();
                    let mut t: String = q.chars().take(80).collect();
                    if q.chars().count() > 80 {
                        t.push('…');
                    }
                    t
                });
                let title = match from_quote {
                    Some(t) => t,
                    None => crate::research::documents::live_title(self.conn(), doc)?,
                };
                (
                    title,
                    LinkInput {
                        item: 0,
                        theme: None,
                        document: Some(doc),
                        quote,
                    },
                )
            }
            _ => {
                return Err(Error::invalid(
                    "link",
                    "make an item from one theme or one document (with its quote)",
                ))
            }
        };
        let title = input
            .title
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(title);
        let id = crate::store::db::transaction(self.conn(), |tx| {
            let item = items::save(
                tx,
                &ItemInput {
                    title: title.clone(),
                    ..Default::default()
                },
            )?;
            items::link(
                tx,
                &LinkInput {
                    item: item.id,
                    ..link.clone()
                },
            )?;
            Ok(item.id)
        })?;
        self.item(id)
    }

    /// Every model: presets (as customized here) and the workspace's own.
    pub fn models(&self) -> Result<Vec<Model>> {
        model::list(self.conn())
    }

    /// A model by name.
    pub fn model(&self, name: &str) -> Result<Model> {
        model::get(self.conn(), name)
    }

    /// Saves a model (under a preset's name: customizes the preset).
    pub fn save_model(&self, input: &ModelInput) -> Result<Model> {
        model::save(self.conn(), input)
    }

    /// Deletes a workspace model, or restores a preset.
    pub fn reset_model(&self, name: &str) -> Result<Model> {
        model::reset(self.conn(), name)
    }

    /// Ranks the items.
    pub fn rank(&self, req: &RankRequest) -> Result<Ranking> {
        let base = self.evidence_base()?;
        let p = rank::prepare(self.conn(), &base, req)?;
        Ok(p.ranking(req.top))
    }

    /// How stable the ranking is under perturbed weights and uncertain inputs.
    pub fn sensitivity(&self, req: &SensitivityRequest) -> Result<Sensitivity> {
        let base = self.evidence_base()?;
        let p = rank::prepare(
            self.conn(),
            &base,
            &RankRequest {
                model: req.model.clone(),
                draft: req.draft.clone(),
                team: req.team.clone(),
                ..Default::default()
            },
        )?;
        sensitivity::run(&p, req)
    }

    /// Two scenarios side by side.
    pub fn compare(&self, req: &CompareRequest) -> Result<Comparison> {
        let base = self.evidence_base()?;
        let side = |s: &sensitivity::ScenarioSide| {
            rank::prepare(
                self.conn(),
                &base,
                &RankRequest {
                    model: s.model.clone(),
                    draft: s.draft.clone(),
                    team: req.team.clone(),
                    ..Default::default()
                },
            )
        };
        let (a, b) = (side(&req.a)?, side(&req.b)?);
        let label = |s: &sensitivity::ScenarioSide| s.label.clone().unwrap_or(s.model.clone());
        Ok(sensitivity::compare_rankings(
            &a,
            &b,
            label(&req.a),
            label(&req.b),
        ))
    }

    /// Saves the current ranking under `name`.
    pub fn save_snapshot(&self, name: &str, req: &RankRequest) -> Result<SnapshotInfo> {
        let base = self.evidence_base()?;
        let p = rank::prepare(self.conn(), &base, req)?;
        snapshots::save(self.conn(), name, &p)
    }

    /// Saved snapshots, newest first.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        snapshots::list(self.conn())
    }

    /// Deletes a snapshot.
    pub fn delete_snapshot(&self, name: &str) -> Result<()> {
        snapshots::delete(self.conn(), name)
    }

    /// What moved between snapshot `from` and snapshot `to` (or `now`: the current ranking with
    /// `from`'s model and team view).
    pub fn snapshot_diff(&self, from: &str, to: &str) -> Result<SnapshotDiff> {
        if to.trim().eq_ignore_ascii_case("now") {
            let (name, config, team) = snapshots::model_of(self.conn(), from)?;
            let base = self.evidence_base()?;
            let model = Model {
                name,
                config,
                preset: false,
                customized: false,
                reads: Vec::new(),
            };
            let p = rank::prepare_with(self.conn(), &base, model, team.as_deref(), false)?;
            snapshots::diff(self.conn(), from, to, Some(&p))
        } else {
            snapshots::diff(self.conn(), from, to, None)
        }
    }
}

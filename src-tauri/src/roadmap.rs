//! Roadmap commands: items, evidence links, models, rankings, sensitivity, scenarios, snapshots.
//! Each is one line over the core.

use crate::state::AppState;
use crate::Res;
use groundwork::scoring::api::{ItemDetail, ItemFromEvidence};
use groundwork::scoring::items::{Item, ItemInput, ItemLink, LinkInput};
use groundwork::scoring::model::{Model, ModelInput};
use groundwork::scoring::rank::{RankRequest, Ranking};
use groundwork::scoring::sensitivity::{
    CompareRequest, Comparison, Sensitivity, SensitivityRequest,
};
use groundwork::scoring::snapshots::{SnapshotDiff, SnapshotInfo};
use tauri::State;

#[tauri::command]
pub async fn list_items(s: State<'_, AppState>) -> Res<Vec<Item>> {
    s.read(|ws| ws.items())
}

#[tauri::command]
pub async fn get_item(s: State<'_, AppState>, id: i64) -> Res<ItemDetail> {
    s.read(|ws| ws.item(&id.to_string()))
}

#[tauri::command]
pub async fn save_item(s: State<'_, AppState>, input: ItemInput) -> Res<Item> {
    s.write(|ws| ws.save_item(&input))
}

#[tauri::command]
pub async fn delete_item(s: State<'_, AppState>, id: i64) -> Res<()> {
    s.write(|ws| ws.delete_item(id))
}

#[tauri::command]
pub async fn link_item(s: State<'_, AppState>, input: LinkInput) -> Res<ItemLink> {
    s.write(|ws| ws.link_item(&input))
}

#[tauri::command]
pub async fn unlink_item(s: State<'_, AppState>, link: i64) -> Res<()> {
    s.write(|ws| ws.unlink_item(link))
}

#[tauri::command]
pub async fn item_from_evidence(
    s: State<'_, AppState>,
    input: ItemFromEvidence,
) -> Res<ItemDetail> {
    s.write(|ws| ws.item_from_evidence(&input))
}

#[tauri::command]
pub async fn list_models(s: State<'_, AppState>) -> Res<Vec<Model>> {
    s.read(|ws| ws.models())
}

#[tauri::command]
pub async fn save_model(s: State<'_, AppState>, input: ModelInput) -> Res<Model> {
    s.write(|ws| ws.save_model(&input))
}

#[tauri::command]
pub async fn reset_model(s: State<'_, AppState>, name: String) -> Res<Model> {
    s.write(|ws| ws.reset_model(&name))
}

#[tauri::command]
pub async fn rank(s: State<'_, AppState>, request: RankRequest) -> Res<Ranking> {
    s.read(|ws| ws.rank(&request))
}

#[tauri::command]
pub async fn sensitivity(s: State<'_, AppState>, request: SensitivityRequest) -> Res<Sensitivity> {
    s.read(|ws| ws.sensitivity(&request))
}

#[tauri::command]
pub async fn compare_scenarios(s: State<'_, AppState>, request: CompareRequest) -> Res<Comparison> {
    s.read(|ws| ws.compare(&request))
}

#[tauri::command]
pub async fn save_snapshot(
    s: State<'_, AppState>,
    name: String,
    request: RankRequest,
) -> Res<SnapshotInfo> {
    s.write(|ws| ws.save_snapshot(&name, &request))
}

#[tauri::command]
pub async fn list_snapshots(s: State<'_, AppState>) -> Res<Vec<SnapshotInfo>> {
    s.read(|ws| ws.snapshots())
}

#[tauri::command]
pub async fn delete_snapshot(s: State<'_, AppState>, name: String) -> Res<()> {
    s.write(|ws| ws.delete_snapshot(&name))
}

#[tauri::command]
pub async fn snapshot_diff(s: State<'_, AppState>, from: String, to: String) -> Res<SnapshotDiff> {
    s.read(|ws| ws.snapshot_diff(&from, &to))
}

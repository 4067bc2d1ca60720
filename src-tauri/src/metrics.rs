//! Metrics commands: import events and series, read metrics over time, an item's impact. Each is
//! one line over the core.

use crate::state::AppState;
use crate::Res;
use groundwork::metrics::dora::{MetricsRequest, MetricsView};
use groundwork::metrics::impact::{Impact, ImpactRequest, ItemMetricsInput, TrackRecord};
use groundwork::metrics::import::{MetricsImportOptions, MetricsImportReport};
use std::path::Path;
use tauri::State;

#[tauri::command]
pub async fn import_metrics(
    s: State<'_, AppState>,
    path: String,
    options: MetricsImportOptions,
) -> Res<MetricsImportReport> {
    s.write(|ws| ws.import_metrics(Path::new(&path), &options))
}

#[tauri::command]
pub async fn metrics_view(s: State<'_, AppState>, request: MetricsRequest) -> Res<MetricsView> {
    s.read(|ws| ws.metrics(&request))
}

#[tauri::command]
pub async fn item_impact(s: State<'_, AppState>, request: ImpactRequest) -> Res<Impact> {
    s.read(|ws| ws.impact(&request))
}

#[tauri::command]
pub async fn save_item_metrics(s: State<'_, AppState>, input: ItemMetricsInput) -> Res<Impact> {
    s.write(|ws| ws.save_item_metrics(&input))
}

#[tauri::command]
pub async fn track_record(s: State<'_, AppState>) -> Res<Vec<TrackRecord>> {
    s.read(|ws| ws.track_record())
}

#[tauri::command]
pub async fn apply_track_record(s: State<'_, AppState>) -> Res<Vec<TrackRecord>> {
    s.write(|ws| ws.apply_track_record())
}

//! Groundwork's desktop shell: one-line commands over the core, the window, and its plugins.

mod export;
mod metrics;
mod roadmap;
mod settings;
mod state;

use groundwork::import::batches::ImportBatch;
use groundwork::import::{self, ImportOptions, ImportPreview, ImportReport, Rejected};
use groundwork::interviews::{Interview, InterviewFacets, InterviewFilter, InterviewInput};
use groundwork::maintenance::{BackupReport, CheckReport};
use groundwork::palette::PaletteEntry;
use groundwork::search::suggest::SuggestedTheme;
use groundwork::search::{DocumentView, Granularity, SearchRequest, SearchResults};
use groundwork::surveys::{FacetFilter, SurveyInfo, SurveySummary};
use groundwork::teams::{Team, TeamInput};
use groundwork::themes::{Quote, Theme, ThemeInput, ThemeOverview, ThemeSummary};
use groundwork::workspace::WorkspaceStatus;
use groundwork::{demo, markdown, ApiError, Workspace};
use state::AppState;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager, State};

pub(crate) type Res<T> = Result<T, ApiError>;

#[tauri::command]
async fn workspace_status(s: State<'_, AppState>) -> Res<WorkspaceStatus> {
    s.read(|ws| ws.status())
}

#[tauri::command]
async fn open_workspace(s: State<'_, AppState>, path: String) -> Res<WorkspaceStatus> {
    s.switch(&PathBuf::from(path), |_| Ok(()))
}

#[tauri::command]
async fn open_demo_workspace(s: State<'_, AppState>) -> Res<WorkspaceStatus> {
    s.switch(&Workspace::default_demo_dir(), |ws| {
        demo::seed(ws).map(drop)
    })
}

#[tauri::command]
async fn list_interviews(s: State<'_, AppState>, filter: InterviewFilter) -> Res<Vec<Interview>> {
    s.read(|ws| ws.interviews(&filter))
}

#[tauri::command]
async fn get_interview(s: State<'_, AppState>, id: i64) -> Res<Interview> {
    s.read(|ws| ws.interview(id))
}

#[tauri::command]
async fn save_interview(s: State<'_, AppState>, input: InterviewInput) -> Res<Interview> {
    s.write(|ws| ws.save_interview(&input))
}

#[tauri::command]
async fn delete_interview(s: State<'_, AppState>, id: i64) -> Res<()> {
    s.write(|ws| ws.delete_interview(id))
}

#[tauri::command]
async fn restore_interview(s: State<'_, AppState>, id: i64) -> Res<Interview> {
    s.write(|ws| ws.restore_interview(id))
}

#[tauri::command]
async fn interview_facets(s: State<'_, AppState>) -> Res<InterviewFacets> {
    s.read(|ws| ws.interview_facets())
}

#[tauri::command]
async fn list_teams(s: State<'_, AppState>) -> Res<Vec<Team>> {
    s.read(|ws| ws.teams())
}

#[tauri::command]
async fn save_team(s: State<'_, AppState>, input: TeamInput) -> Res<Team> {
    s.write(|ws| ws.save_team(&input))
}

#[tauri::command]
async fn delete_team(s: State<'_, AppState>, id: i64) -> Res<()> {
    s.write(|ws| ws.delete_team(id))
}

#[tauri::command]
async fn search(s: State<'_, AppState>, request: SearchRequest) -> Res<SearchResults> {
    s.read(|ws| ws.search(&request))
}

#[tauri::command]
async fn render_markdown(text: String) -> Res<String> {
    Ok(markdown::render(&text))
}

#[tauri::command]
async fn preview_import(
    s: State<'_, AppState>,
    path: String,
    options: ImportOptions,
) -> Res<ImportPreview> {
    s.read(|ws| ws.preview_import(Path::new(&path), &options))
}

#[tauri::command]
async fn import_file(
    app: AppHandle,
    s: State<'_, AppState>,
    path: String,
    options: ImportOptions,
) -> Res<ImportReport> {
    // Off the async runtime: an import of 100k tickets takes seconds. Progress becomes an event.
    let st = s.inner().clone();
    let run = move || {
        st.import(Path::new(&path), &options, &mut |p| {
            drop(app.emit("import-progress", p))
        })
    };
    tauri::async_runtime::spawn_blocking(run)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
}

#[tauri::command]
async fn cancel_import(s: State<'_, AppState>) -> Res<()> {
    s.cancel_import()
}

#[tauri::command]
async fn list_imports(s: State<'_, AppState>) -> Res<Vec<ImportBatch>> {
    s.read(|ws| ws.import_batches())
}

#[tauri::command]
async fn undo_import(s: State<'_, AppState>, batch: i64) -> Res<ImportBatch> {
    s.write(|ws| ws.undo_import(batch))
}

#[tauri::command]
async fn save_rejected(path: String, rejected: Vec<Rejected>) -> Res<()> {
    import::save_rejected(Path::new(&path), &rejected).map_err(Into::into)
}

#[tauri::command]
async fn list_surveys(s: State<'_, AppState>) -> Res<Vec<SurveyInfo>> {
    s.read(|ws| ws.surveys())
}

#[tauri::command]
async fn survey_summary(
    s: State<'_, AppState>,
    id: i64,
    filters: Vec<FacetFilter>,
) -> Res<SurveySummary> {
    s.read(|ws| ws.survey_summary(id, &filters))
}

#[tauri::command]
async fn open_document(s: State<'_, AppState>, id: i64, query: String) -> Res<DocumentView> {
    s.read(|ws| ws.open_document(id, &query))
}

#[tauri::command]
async fn list_themes(s: State<'_, AppState>) -> Res<Vec<ThemeOverview>> {
    s.read(|ws| ws.theme_overview())
}

#[tauri::command]
async fn save_theme(s: State<'_, AppState>, input: ThemeInput) -> Res<Theme> {
    s.write(|ws| ws.save_theme(&input))
}

#[tauri::command]
async fn delete_theme(s: State<'_, AppState>, id: i64) -> Res<()> {
    s.write(|ws| ws.delete_theme(id))
}

#[tauri::command]
async fn theme_summary(s: State<'_, AppState>, id: i64, by: Granularity) -> Res<ThemeSummary> {
    s.read(|ws| ws.theme_summary(&id.to_string(), by))
}

#[tauri::command]
async fn pin_quote(s: State<'_, AppState>, theme: i64, document: i64, text: String) -> Res<Quote> {
    s.write(|ws| ws.pin_quote(theme, document, &text))
}

#[tauri::command]
async fn unpin_quote(s: State<'_, AppState>, quote: i64) -> Res<()> {
    s.write(|ws| ws.unpin_quote(quote))
}

#[tauri::command]
async fn suggest_themes(s: State<'_, AppState>) -> Res<Vec<SuggestedTheme>> {
    s.read(|ws| ws.suggest_themes(12))
}

#[tauri::command]
async fn palette(s: State<'_, AppState>, query: String) -> Res<Vec<PaletteEntry>> {
    s.read(|ws| ws.palette(&query, 30))
}

#[tauri::command]
async fn reindex(s: State<'_, AppState>) -> Res<u64> {
    s.read(|ws| ws.reindex())
}

/// Where save dialogs start: the user's Documents folder, else home, else the temp folder.
pub(crate) fn documents_dir(app: &AppHandle) -> PathBuf {
    [app.path().document_dir(), app.path().home_dir()]
        .into_iter()
        .flatten()
        .find(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir)
}

/// Where the Back up… dialog starts: `groundwork-backup-<today>.sqlite3` in Documents (else home).
#[tauri::command]
async fn backup_default_path(app: AppHandle, s: State<'_, AppState>) -> Res<String> {
    let dir = documents_dir(&app);
    s.read(|ws| {
        let name = format!("groundwork-backup-{}.sqlite3", ws.today());
        Ok(dir.join(name).display().to_string())
    })
}

#[tauri::command]
async fn backup_workspace(s: State<'_, AppState>, path: String) -> Res<BackupReport> {
    let path = PathBuf::from(path);
    if !path.is_absolute() {
        let e = groundwork::Error::invalid("file", "give the backup's full path, or choose it");
        return Err(e.into());
    }
    s.read(|ws| ws.backup(&path))
}

#[tauri::command]
async fn check_workspace(s: State<'_, AppState>) -> Res<CheckReport> {
    s.read(|ws| ws.check())
}

/// Never let the webview navigate away from the app (a link in a note, a dropped file).
fn navigation_guard<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| {
            matches!(url.scheme(), "tauri")
                || matches!(url.host_str(), Some("tauri.localhost") | Some("localhost"))
        })
        .build()
}

/// Starts the desktop app.
pub fn run() {
    let state = AppState::new(state::startup_dir());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation_guard())
        .manage(state)
        .manage(export::Exported::default())
        .invoke_handler(tauri::generate_handler![
            workspace_status,
            open_workspace,
            open_demo_workspace,
            list_interviews,
            get_interview,
            save_interview,
            delete_interview,
            restore_interview,
            interview_facets,
            list_teams,
            save_team,
            delete_team,
            search,
            render_markdown,
            reindex,
            backup_default_path,
            backup_workspace,
            check_workspace,
            preview_import,
            import_file,
            cancel_import,
            list_imports,
            undo_import,
            save_rejected,
            list_surveys,
            survey_summary,
            open_document,
            list_themes,
            save_theme,
            delete_theme,
            theme_summary,
            pin_quote,
            unpin_quote,
            suggest_themes,
            palette,
            roadmap::list_items,
            roadmap::get_item,
            roadmap::save_item,
            roadmap::delete_item,
            roadmap::link_item,
            roadmap::unlink_item,
            roadmap::item_from_evidence,
            roadmap::list_models,
            roadmap::save_model,
            roadmap::reset_model,
            roadmap::rank,
            roadmap::sensitivity,
            roadmap::compare_scenarios,
            roadmap::save_snapshot,
            roadmap::list_snapshots,
            roadmap::delete_snapshot,
            roadmap::snapshot_diff,
            export::export_default_path,
            export::export_to_file,
            export::open_export,
            export::reveal_export,
            metrics::import_metrics,
            metrics::metrics_view,
            metrics::item_impact,
            metrics::save_item_metrics,
            metrics::track_record,
            metrics::apply_track_record,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("groundwork: the app could not start: {e}");
            std::process::exit(1);
        });
}

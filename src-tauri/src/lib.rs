//! Groundwork's desktop shell: one-line commands over the core, the window, and its plugins.

mod export;
mod paths;
mod settings;
mod state;

use export::{open_export, open_source, reveal_export};
use groundwork::research::demo;
use groundwork::store::workspace::{IndexProgress, WorkspaceStatus};
use groundwork::{ApiError, Workspace};
use paths::choose_path;
use state::AppState;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tauri::{AppHandle, Emitter, Manager, State};

pub(crate) type Res<T> = Result<T, ApiError>;

/// Declares the shell's commands once: the handler registers them, `build.rs` reads this list to
/// write their permissions and the capability file, and the core's tests (`groundwork::api`)
/// check it against the host commands, the capability file and the UI's command type.
macro_rules! shell_commands {
    ($($name:ident),* $(,)?) => {
        fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

// The core's table through `call`, and what only a host can do (`groundwork::api::HOST_COMMANDS`).
shell_commands![
    call,
    open_workspace,
    open_demo_workspace,
    cancel_import,
    open_export,
    reveal_export,
    open_source,
    choose_path,
];

/// Runs one command of the core's table (`groundwork::api`), off the async runtime: reads and
/// writes alike, so a long ranking or export never stalls the app. Import progress becomes the
/// `import-progress` event; files an export wrote may then be opened by `open_export`.
#[tauri::command]
async fn call(
    app: AppHandle,
    s: State<'_, AppState>,
    command: String,
    args: serde_json::Value,
) -> Res<serde_json::Value> {
    let st = s.inner().clone();
    let documents = documents_dir(&app);
    let run = move || {
        let exported = app.state::<export::Exported>();
        let mut progress = |p| drop(app.emit("import-progress", p));
        let mut written = |p: &std::path::Path| exported.remember(p);
        st.session()
            .call(&command, args, &mut progress, documents, &mut written)
    };
    tauri::async_runtime::spawn_blocking(run)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
}

/// Opens a workspace folder the user chose in this session (`choose_path`). A rebuild of its
/// index is shown as the `index-progress` event.
#[tauri::command]
async fn open_workspace(
    app: AppHandle,
    s: State<'_, AppState>,
    path: String,
) -> Res<WorkspaceStatus> {
    let dir = paths::workspace_dir(&s, &path)?;
    s.switch(&dir, |_| Ok(()), &mut index_progress(app))
}

#[tauri::command]
async fn open_demo_workspace(app: AppHandle, s: State<'_, AppState>) -> Res<WorkspaceStatus> {
    let seed = |ws: &Workspace| demo::seed(ws).map(drop);
    s.switch(
        &Workspace::default_demo_dir(),
        seed,
        &mut index_progress(app),
    )
}

/// Tells the window how a rebuild of the search index is going.
fn index_progress(app: AppHandle) -> impl FnMut(IndexProgress) {
    move |p| drop(app.emit("index-progress", p))
}

/// Stops the running import. Takes no lock: it reaches an import holding the writer. A click
/// that comes after the import finished is ignored rather than kept for the next one.
#[tauri::command]
async fn cancel_import(s: State<'_, AppState>) -> Res<()> {
    s.session().cancel_running_import();
    Ok(())
}

/// Where save dialogs start: the user's Documents folder, else home, else the temp folder.
pub(crate) fn documents_dir(app: &AppHandle) -> PathBuf {
    [app.path().document_dir(), app.path().home_dir()]
        .into_iter()
        .flatten()
        .find(|d| d.is_dir())
        .unwrap_or_else(std::env::temp_dir)
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
    // The workspace opens while the window loads; a rebuild of a damaged index is shown as it
    // goes (events before the window listens are dropped: it says "Opening…" until it hears).
    let window: Arc<OnceLock<AppHandle>> = Arc::default();
    let tell = window.clone();
    let state = AppState::new(state::startup_dir(), move |p| {
        if let Some(app) = tell.get() {
            drop(app.emit("index-progress", p));
        }
    });
    tauri::Builder::default()
        .setup(move |app| {
            let _ = window.set(app.handle().clone());
            Ok(())
        })
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation_guard())
        .on_window_event(paths::on_window_event)
        .manage(state)
        .manage(export::Exported::default())
        .invoke_handler(handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("groundwork: the app could not start: {e}");
            std::process::exit(1);
        });
}

//! The desktop shell's security settings, read from its files (no Tauri needed): the webview's
//! Content-Security-Policy allows nothing but the app's own files and its IPC, and the
//! capabilities grant exactly the commands and plugin calls the UI makes — no more.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A CSP as directive → sources, from the config's object or string form.
fn directives(csp: &Value) -> BTreeMap<String, Vec<String>> {
    match csp {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let sources = match v {
                    Value::String(s) => s.split_whitespace().map(String::from).collect(),
                    Value::Array(a) => a
                        .iter()
                        .map(|s| s.as_str().expect("a CSP source").to_string())
                        .collect(),
                    other => panic!("CSP directive {k}: unexpected {other}"),
                };
                (k.to_lowercase(), sources)
            })
            .collect(),
        Value::String(s) => s
            .split(';')
            .filter(|d| !d.trim().is_empty())
            .map(|d| {
                let mut words = d.split_whitespace();
                let name = words.next().unwrap().to_lowercase();
                (name, words.map(String::from).collect())
            })
            .collect(),
        other => panic!("the CSP must be set, found {other}"),
    }
}

fn check_csp(name: &str, csp: &Value) {
    let d = directives(csp);
    let get = |k: &str| {
        d.get(k)
            .unwrap_or_else(|| panic!("{name}: the CSP lacks {k}"))
            .clone()
    };
    assert_eq!(get("default-src"), ["'self'"], "{name}: default-src");
    assert_eq!(
        get("script-src"),
        ["'self'"],
        "{name}: script-src must be only 'self' (no inline script, no eval, no remote origin)"
    );
    for k in ["object-src", "frame-src", "base-uri", "form-action"] {
        assert_eq!(get(k), ["'none'"], "{name}: {k}");
    }
    // Beyond 'self' and 'none', each directive may name only what the app needs.
    let extra: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("img-src", &["data:"][..]),
        ("style-src", &["'unsafe-inline'"][..]),
        ("connect-src", &["ipc:", "http://ipc.localhost"][..]),
    ]);
    for (directive, sources) in &d {
        for s in sources {
            let ok = s == "'self'"
                || s == "'none'"
                || extra
                    .get(directive.as_str())
                    .is_some_and(|e| e.contains(&s.as_str()));
            assert!(
                ok,
                "{name}: {directive} allows {s:?}; only 'self', 'none' and {:?} may appear there",
                extra.get(directive.as_str()).copied().unwrap_or_default()
            );
        }
    }
}

#[test]
fn the_webview_csp_is_strict() {
    let conf = json("src-tauri/tauri.conf.json");
    let security = &conf["app"]["security"];
    check_csp("app.security.csp", &security["csp"]);
    if !security["devCsp"].is_null() {
        check_csp("app.security.devCsp", &security["devCsp"]);
    }
    assert_ne!(
        security["dangerousDisableAssetCspModification"],
        Value::Bool(true),
        "Tauri must keep adding its script hashes to the CSP"
    );
    assert_eq!(
        security["freezePrototype"],
        Value::Bool(true),
        "freezePrototype"
    );
    assert!(
        security["assetProtocol"]["enable"] != Value::Bool(true),
        "the asset protocol would let the webview read files"
    );
    assert!(
        conf["app"]["withGlobalTauri"] != Value::Bool(true),
        "withGlobalTauri puts the IPC on window for any script"
    );
    for w in conf["app"]["windows"].as_array().unwrap() {
        if let Some(url) = w["url"].as_str() {
            assert!(
                !url.contains("://"),
                "window {} loads a remote url {url}",
                w["label"]
            );
        }
    }
}

/// The commands the shell registers: its `shell_commands![…]` list in src-tauri/src/lib.rs (the
/// core's table is reached through `call`).
fn commands() -> Vec<String> {
    let lib = read("src-tauri/src/lib.rs");
    let start = lib
        .find("shell_commands![")
        .expect("shell_commands![…] in src-tauri/src/lib.rs")
        + "shell_commands![".len();
    let end = start + lib[start..].find(']').unwrap();
    let list: Vec<String> = lib[start..end]
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    assert!(
        list.contains(&"call".to_string()),
        "shell_commands parsed as {list:?}"
    );
    list
}

/// Every TypeScript and Svelte file of the UI but tests and the fake backends, concatenated.
fn ui_sources() -> String {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                if name != "test" && name != "bindings" {
                    walk(&p, out);
                }
            } else if (name.ends_with(".ts") || name.ends_with(".svelte"))
                && !name.contains(".test.")
                && !name.starts_with("fake")
            {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("ui/src"), &mut files);
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The capability files, by name.
fn capabilities() -> Vec<(String, Value)> {
    let dir = root().join("src-tauri/capabilities");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name.ends_with(".json"),
                "{name}: capabilities are JSON here, so this test reads them all"
            );
            let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn capabilities_grant_exactly_what_the_ui_uses() {
    let caps = capabilities();
    assert_eq!(
        caps.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["main.json"],
        "one capability file, for the main window"
    );
    let commands = commands();
    let tauri_ts = read("ui/src/lib/platform/tauri.ts");
    let ui = ui_sources();
    let (name, cap) = &caps[0];
    assert_eq!(
        cap["windows"],
        serde_json::json!(["main"]),
        "{name}: windows"
    );
    assert!(
        cap["remote"].is_null(),
        "{name}: remote origins must get no IPC"
    );
    assert!(cap["webviews"].is_null(), "{name}: webviews");

    // What each plugin permission is for: the UI code that needs it.
    let plugin_uses: BTreeMap<&str, Vec<&str>> = BTreeMap::from([
        (
            "core:event:allow-listen",
            vec!["from '@tauri-apps/api/event'", "listen<"],
        ),
        (
            "core:event:allow-unlisten",
            vec!["from '@tauri-apps/api/event'", "listen<"],
        ),
        (
            "core:window:allow-destroy",
            vec!["getCurrentWindow().onCloseRequested("],
        ),
    ]);

    let mut granted = BTreeSet::new();
    for p in cap["permissions"].as_array().unwrap() {
        let p = p
            .as_str()
            .unwrap_or_else(|| panic!("{name}: permission {p} is scoped; none needs a scope"));
        assert!(granted.insert(p), "{name}: {p} is listed twice");
        assert!(
            !p.contains('*') && !p.ends_with("default") && !p.starts_with("allow-all"),
            "{name}: {p} grants a whole set; list each call the UI makes instead"
        );
        for banned in [
            "dialog:",
            "fs:",
            "shell:",
            "http:",
            "process:",
            "opener:",
            "core:webview:",
        ] {
            assert!(
                !p.starts_with(banned),
                "{name}: {p}: the UI calls nothing of `{banned}` (the shell shows dialogs and opens exports itself)"
            );
        }
        if let Some(cmd) = p.strip_prefix("allow-") {
            let cmd = cmd.replace('-', "_");
            assert!(
                commands.contains(&cmd),
                "{name}: {p} names no command in shell_commands![…] (src-tauri/src/lib.rs)"
            );
            assert!(
                tauri_ts.contains(&format!("'{cmd}'")),
                "{name}: {p}: the UI never invokes '{cmd}' (ui/src/lib/platform/tauri.ts); remove the permission or the command"
            );
        } else {
            let uses = plugin_uses.get(p).unwrap_or_else(|| {
                panic!("{name}: {p} is a plugin permission no UI code is known to need")
            });
            for u in uses {
                assert!(
                    ui.contains(u),
                    "{name}: {p} is granted but the UI no longer has `{u}`; remove the permission"
                );
            }
        }
    }
    for cmd in &commands {
        let p = format!("allow-{}", cmd.replace('_', "-"));
        assert!(
            granted.contains(p.as_str()),
            "{name}: command {cmd} has no {p}"
        );
    }
    // And the other way round: each plugin the UI imports has its permissions.
    for (p, uses) in &plugin_uses {
        if uses.iter().all(|u| ui.contains(u)) {
            assert!(
                granted.contains(p),
                "the UI uses {p}'s call but {name} lacks it"
            );
        }
    }
}

/// The webview names only paths the user chose: dialogs run in the shell (`choose_path`), which
/// grants what they return, and dropped files reach the UI through the shell's `file-drop` event,
/// sent after it granted them. So the UI may not open dialogs or hear of drops on its own, and the
/// shell confines its session's paths at start and checks the folder `open_workspace` gets.
#[test]
fn paths_reach_the_core_only_through_the_shells_dialogs_and_drops() {
    let ui = ui_sources();
    for banned in [
        "@tauri-apps/plugin-dialog",
        "onDragDropEvent",
        "tauri://drag-drop",
    ] {
        assert!(
            !ui.contains(banned),
            "the UI uses {banned}: the shell would not know what the user chose"
        );
    }
    let tauri_ts = read("ui/src/lib/platform/tauri.ts");
    assert!(tauri_ts.contains("host<string | null>('choose_path'"));
    assert!(tauri_ts.contains("listen<FileDrop>('file-drop'"));
    assert!(commands().contains(&"choose_path".to_string()));

    let state = read("src-tauri/src/state.rs");
    assert!(
        state.contains("session.confine_paths();"),
        "the app's session must confine paths"
    );
    let paths = read("src-tauri/src/paths.rs");
    for needed in [
        "session.grant_path(what, &path);",
        "session.session().grant_path(PathUse::Read, p);",
        "s.session().path(path, PathUse::Workspace)",
    ] {
        assert!(
            paths.contains(needed),
            "src-tauri/src/paths.rs lacks {needed}"
        );
    }
    let lib = read("src-tauri/src/lib.rs");
    assert!(lib.contains("let dir = paths::workspace_dir(&s, &path)?;"));
    assert!(lib.contains(".on_window_event(paths::on_window_event)"));
}

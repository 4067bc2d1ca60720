//! Metrics files (deployments, incidents, series; CSV/TSV or JSON) imported into a workspace.
#![no_main]
use groundwork::metrics::import::MetricsImportOptions;
use groundwork::metrics::MetricsKind;
use groundwork::Workspace;
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    runs: u64,
}

fn fixture() -> &'static Mutex<Fixture> {
    static F: OnceLock<Mutex<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::open(dir.path().join("ws")).expect("workspace");
        Mutex::new(Fixture {
            _dir: dir,
            ws,
            runs: 0,
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let kind = match pick % 4 {
        0 => None,
        1 => Some(MetricsKind::Deployments),
        2 => Some(MetricsKind::Incidents),
        _ => Some(MetricsKind::Series),
    };
    let mut f = fixture().lock().unwrap_or_else(|e| e.into_inner());
    let path = f._dir.path().join("metrics.csv");
    std::fs::write(&path, rest).expect("write input");
    let opts = MetricsImportOptions {
        kind,
        map: Vec::new(),
    };
    if let Ok(report) = f.ws.import_metrics(&path, &opts) {
        if let Some(k) = kind {
            assert_eq!(report.kind, k);
        }
    }
    f.runs += 1;
    if f.runs % 1000 == 0 {
        // Keep the database small over a long run.
        f.ws.conn()
            .execute_batch(
                "DELETE FROM deployments; DELETE FROM incidents; DELETE FROM metric_series;",
            )
            .expect("clear metrics");
    }
});

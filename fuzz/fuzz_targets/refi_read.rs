//! REFI-QDA files read through `research::refi::import` as a dry run: a `.qdpx` archive, a bare
//! project (`.qde`) or a codebook (`.qdc`). A damaged file is bad input naming the file — never a
//! crash, never an internal error — and a dry run stores nothing.
#![no_main]
use groundwork::{ErrorCode, Workspace};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

struct Fixture {
    dir: tempfile::TempDir,
    ws: Workspace,
}

fn fixture() -> &'static Mutex<Fixture> {
    static F: OnceLock<Mutex<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::open(dir.path().join("ws")).expect("workspace");
        Mutex::new(Fixture { dir, ws })
    })
}

fuzz_target!(|data: &[u8]| {
    // The file's kind as a user's file would say it: a zip is a project archive; XML naming a
    // codebook root is a codebook; anything else is read as a bare project.
    let has = |needle: &[u8]| data.windows(needle.len()).any(|w| w == needle);
    let ext = if data.starts_with(b"PK") {
        "qdpx"
    } else if has(b"<CodeBook") && !has(b"<Project") {
        "qdc"
    } else {
        "qde"
    };
    let f = fixture().lock().unwrap_or_else(|e| e.into_inner());
    let path = f.dir.path().join(format!("input.{ext}"));
    std::fs::write(&path, data).expect("write input");
    match f.ws.import_refi(&path, true) {
        Ok(report) => assert!(report.batch.is_none(), "a dry run stores nothing"),
        Err(e) => {
            let code = e.code();
            assert_eq!(code, ErrorCode::InvalidInput, "{e}");
            assert!(e.to_string().contains("input."), "the error names the file: {e}");
        }
    }
});

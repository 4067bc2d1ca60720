//! The search query reader and the tantivy query built from it: any text reads as a query (never
//! an error), reading how it was read gives the same query, and running it on a seeded workspace's
//! index never fails.
#![no_main]
use groundwork::search::{self, query};
use groundwork::Workspace;
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

struct Fixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
}

fn fixture() -> &'static Mutex<Fixture> {
    static F: OnceLock<Mutex<Fixture>> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let ws = Workspace::open(dir.path().join("ws")).expect("workspace");
        groundwork::research::demo::seed(&ws).expect("demo data");
        Mutex::new(Fixture { _dir: dir, ws })
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let read = query::read_at(raw, today);
    assert_eq!(
        read.text.is_empty(),
        read.node.is_none(),
        "{raw:?} → {read:?}"
    );
    let again = query::read_at(&read.text, today);
    assert_eq!(again.node, read.node, "{raw:?} read as {:?}", read.text);
    assert_eq!(again.text, read.text);
    let f = fixture().lock().unwrap_or_else(|e| e.into_inner());
    let scope = search::themes::Scope {
        query: raw.to_string(),
        ..Default::default()
    };
    search::scope_ids(f.ws.search_index(), &scope).expect("a query never fails");
});

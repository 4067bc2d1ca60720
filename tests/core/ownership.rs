//! One owner per table: the owners are declared once, in ARCHITECTURE.md's "Who owns which table",
//! and only the owning folder of `src/` may name a table in SQL. A join across owners is a call to
//! the other owner instead, so a table's shape and rules change in one place.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Table → owning folder of `src/` (`research`, `store`…), from ARCHITECTURE.md. Panics when two
/// folders claim one table.
fn owners(architecture: &str) -> BTreeMap<String, String> {
    let section = architecture
        .split("## Who owns which table")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"Who owns which table\" section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let tick = Regex::new(r"`([a-z_:]+)`").unwrap();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (module, tables) = (cells[1], cells[2]);
        let folder = module
            .trim_matches('`')
            .split("::")
            .next()
            .unwrap()
            .to_string();
        if tables.starts_with("no table") {
            continue;
        }
        // The tables are named before the first colon: "`notes` (+ its `documents` row): …".
        let named = tables.split(':').next().unwrap_or("");
        for t in tick.captures_iter(named) {
            let table = t[1].to_string();
            if let Some(other) = out.insert(table.clone(), folder.clone()) {
                assert_eq!(
                    other, folder,
                    "ARCHITECTURE.md gives table {table} to both {other} and {folder}"
                );
            }
        }
    }
    out
}

/// Every table the migrations leave, applied in order (created, dropped, renamed).
fn schema_tables() -> BTreeSet<String> {
    let statement = Regex::new(
        r"CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)|DROP TABLE (?:IF EXISTS )?([a-z_]+)|ALTER TABLE ([a-z_]+) RENAME TO ([a-z_]+)",
    )
    .unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("src/store/db/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        for c in statement.captures_iter(&text) {
            if let Some(t) = c.get(1) {
                out.insert(t.as_str().to_string());
            } else if let Some(t) = c.get(2) {
                out.remove(t.as_str());
            } else {
                out.remove(&c[3]);
                out.insert(c[4].to_string());
            }
        }
    }
    out
}

/// The tables `code` names in SQL (after FROM, JOIN, INTO, UPDATE or TABLE), with their lines.
/// Test modules are left out: a test may reach past the owner to set up a damaged database.
fn sql_references(code: &str, tables: &BTreeSet<String>) -> Vec<(usize, String)> {
    let code = code.split("#[cfg(test)]").next().unwrap_or(code);
    let sql = Regex::new(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_]+)\b").unwrap();
    sql.captures_iter(code)
        .filter(|c| tables.contains(&c[1]))
        .map(|c| {
            let at = c.get(0).unwrap().start();
            (code[..at].lines().count().max(1), c[1].to_string())
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_table_has_exactly_one_owner() {
    let owners = owners(&std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap());
    let schema = schema_tables();
    assert!(schema.len() >= 30, "read only {} tables", schema.len());
    let unowned: Vec<&String> = schema.iter().filter(|t| !owners.contains_key(*t)).collect();
    assert!(
        unowned.is_empty(),
        "tables with no owner in ARCHITECTURE.md: {unowned:?}"
    );
    let stale: Vec<&String> = owners.keys().filter(|t| !schema.contains(*t)).collect();
    assert!(
        stale.is_empty(),
        "ARCHITECTURE.md owns tables that do not exist: {stale:?}"
    );
}

#[test]
fn only_the_owning_folder_issues_sql_on_a_table() {
    let owners = owners(&std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap());
    let tables: BTreeSet<String> = owners.keys().cloned().collect();
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut outside = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        if rel.starts_with("store/db") {
            continue; // the schema itself
        }
        let folder = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let code = std::fs::read_to_string(file).unwrap();
        for (line, table) in sql_references(&code, &tables) {
            if owners[&table] != folder {
                outside.push(format!(
                    "src/{}:{line}: {table} belongs to {}",
                    rel.display(),
                    owners[&table]
                ));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "SQL on another folder's table (call its owner instead):\n{}",
        outside.join("\n")
    );
}

#[test]
fn the_scanner_sees_joins_writes_and_lines() {
    let tables: BTreeSet<String> = ["documents", "teams", "quotes"]
        .into_iter()
        .map(String::from)
        .collect();
    let code = "fn f() {\n    q(\"SELECT d.id FROM documents d\n     LEFT JOIN teams t ON t.id = d.team_id\");\n    q(\"DELETE FROM quotes WHERE id = 1\");\n    q(\"UPDATE teams SET name = 'x'\");\n    // the documents FROM a user are not SQL: lowercase prose\n}\n#[cfg(test)]\nmod tests { fn g() { q(\"SELECT * FROM quotes\"); } }\n";
    assert_eq!(
        sql_references(code, &tables),
        vec![
            (2, "documents".to_string()),
            (3, "teams".to_string()),
            (4, "quotes".to_string()),
            (5, "teams".to_string()),
        ]
    );
    let architecture = "## Who owns which table\n| module | table(s) |\n|---|---|\n| `research::notes` | `notes` (+ its `documents` row): notes |\n| `search::palette` | no table: the palette |\n| `search::themes` | `themes`, `quotes`: saved queries |\n## Data flow\n";
    let owners = owners(architecture);
    assert_eq!(owners["documents"], "research");
    assert_eq!(owners["quotes"], "search");
    assert_eq!(owners.len(), 4);
}

//! The `people` and `person_aliases` tables: the engineers behind the evidence.
//!
//! Evidence names people as strings: an interview's participant, a transcript's speakers, a
//! ticket's reporter, a survey respondent's email. A person gathers the strings that are one
//! engineer (`Dana Ruiz`, `dana@acme.io`, `@druiz`) as aliases; every count of people (a theme's
//! distinct people, an item's reach) counts one person once whatever the spelling. Names nobody
//! has linked still count, each as itself.

use crate::error::{Error, Result};
use crate::research::documents;
use crate::research::teams;
use crate::store::db::{self, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use ts_rs::TS;

/// What an alias is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AliasKind {
    /// A name or another spelling of it.
    Name,
    /// An email address.
    Email,
    /// A chat or GitHub handle (`@druiz`).
    Handle,
}

impl AliasKind {
    fn as_str(self) -> &'static str {
        match self {
            AliasKind::Name => "name",
            AliasKind::Email => "email",
            AliasKind::Handle => "handle",
        }
    }

    fn parse(s: &str) -> AliasKind {
        match s {
            "email" => AliasKind::Email,
            "handle" => AliasKind::Handle,
            _ => AliasKind::Name,
        }
    }

    /// What an alias looks like: an email, a handle, else a name.
    pub fn of(alias: &str) -> AliasKind {
        let a = alias.trim();
        if a.contains('@') && !a.starts_with('@') && a.contains('.') {
            AliasKind::Email
        } else if a.starts_with('@') {
            AliasKind::Handle
        } else {
            AliasKind::Name
        }
    }
}

/// The form two spellings of one alias share: lower case, spaces collapsed, no leading `@`.
pub fn key(alias: &str) -> String {
    alias
        .trim()
        .trim_start_matches('@')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One alias of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Alias {
    /// As written.
    pub alias: String,
    /// Name, email or handle.
    pub kind: AliasKind,
}

/// A person and where they appear.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Person {
    /// Person id.
    #[ts(type = "number")]
    pub id: i64,
    /// The name shown for them.
    pub name: String,
    /// Their team.
    pub team: Option<String>,
    /// Their role.
    pub role: String,
    /// How long they have been there, as the PM wrote it.
    pub tenure: String,
    /// Every alias (the name included).
    pub aliases: Vec<Alias>,
    /// Live documents that name them (by any alias).
    #[ts(type = "number")]
    pub documents: u64,
    /// The most recent day of those documents (`YYYY-MM-DD`).
    pub last_seen: Option<String>,
}

/// A person as the editor or the CLI sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PersonInput {
    /// The person to change, or `None` to create one.
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Name (required).
    pub name: String,
    /// Team name (created if new).
    pub team: Option<String>,
    /// Role.
    #[serde(default)]
    pub role: String,
    /// Tenure.
    #[serde(default)]
    pub tenure: String,
    /// Other aliases (names, emails, handles); the name is always one.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A document that names a person, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Mention {
    /// Document id.
    #[ts(type = "number")]
    pub id: i64,
    /// Its kind.
    pub kind: documents::DocumentKind,
    /// Its title.
    pub title: String,
    /// Its day.
    pub date: Option<String>,
    /// The string that names the person there.
    pub named_as: String,
    /// How: participant, speaker, interviewer, reporter, respondent.
    pub as_what: String,
}

/// A person with every document naming them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PersonDetail {
    /// The person.
    pub person: Person,
    /// Where they appear, newest first.
    pub mentions: Vec<Mention>,
}

/// A name seen in the evidence that no person holds yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UnlinkedName {
    /// As written (the first spelling seen).
    pub name: String,
    /// Live documents naming it.
    #[ts(type = "number")]
    pub documents: u64,
    /// Team of the latest of them.
    pub team: Option<String>,
}

/// Names that look like one person, suggested for a merge.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PersonSuggestion {
    /// The existing person they would join, if any.
    #[ts(type = "number | null")]
    pub person: Option<i64>,
    /// That person's name.
    pub person_name: Option<String>,
    /// The names (unlinked, or other persons' names) that look like the same engineer.
    pub names: Vec<String>,
    /// Other persons among them (a merge would fold them in).
    #[ts(type = "number[]")]
    pub others: Vec<i64>,
    /// Why they look alike.
    pub reason: String,
}

/// Longest name or alias.
pub const MAX_ALIAS: usize = 200;

/// Every alias key with its person: how strings in the evidence become persons.
#[derive(Debug, Clone, Default)]
pub struct Resolver {
    people: HashMap<String, i64>,
}

impl Resolver {
    /// Reads every alias.
    pub fn load(conn: &Connection) -> Result<Self> {
        let mut stmt = conn.prepare_cached("SELECT key, person_id FROM person_aliases")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        Ok(Resolver {
            people: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

    /// The person a string names, if an alias holds it.
    pub fn person(&self, name: &str) -> Option<i64> {
        if self.people.is_empty() {
            return None;
        }
        self.people.get(&key(name)).copied()
    }

    /// What counts as one person: `person:ID` for a linked name, else the name's key.
    pub fn identity(&self, name: &str) -> String {
        match self.person(name) {
            Some(id) => format!("person:{id}"),
            None => key(name),
        }
    }
}

fn clean(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > MAX_ALIAS {
        return Err(Error::invalid(
            field,
            format!("{field}: at most {MAX_ALIAS} characters"),
        ));
    }
    Ok(v.to_string())
}

/// Adds aliases to a person; an alias another person holds is refused, naming them.
fn add_aliases(tx: &Connection, person: i64, aliases: &[String]) -> Result<()> {
    for a in aliases {
        let a = clean("aliases", a)?;
        let k = key(&a);
        if k.is_empty() {
            continue;
        }
        let holder: Option<(i64, String)> = tx
            .query_row(
                "SELECT p.id, p.name FROM person_aliases a JOIN people p ON p.id = a.person_id
                 WHERE a.key = ?1",
                [&k],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match holder {
            Some((id, _)) if id == person => continue,
            Some((id, name)) => {
                return Err(Error::invalid(
                    "aliases",
                    format!(
                        "{a:?} is already an alias of {name} (person {id}); merge the two instead"
                    ),
                ))
            }
            None => {}
        }
        tx.execute(
            "INSERT INTO person_aliases (person_id, alias, key, kind) VALUES (?1, ?2, ?3, ?4)",
            params![person, a, k, AliasKind::of(&a).as_str()],
        )?;
    }
    Ok(())
}

/// Every document that names one of `keys`, queued for the index (its people count changes).
fn requeue(tx: &Connection, keys: &HashSet<String>) -> Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let stamp = now();
    for (doc, names) in documents::names_by_document(tx)? {
        if names.iter().any(|(n, _)| keys.contains(&key(n))) {
            crate::store::outbox::enqueue(tx, doc, &stamp)?;
        }
    }
    Ok(())
}

fn keys_of(tx: &Connection, person: i64) -> Result<HashSet<String>> {
    let mut stmt = tx.prepare_cached("SELECT key FROM person_aliases WHERE person_id = ?1")?;
    let rows = stmt.query_map([person], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates or updates a person (its name is always one of its aliases).
pub fn save(conn: &Connection, input: &PersonInput) -> Result<Person> {
    let name = clean("name", &input.name)?;
    if name.is_empty() {
        return Err(Error::invalid("name", "name: a person needs a name"));
    }
    let role = clean("role", &input.role)?;
    let tenure = clean("tenure", &input.tenure)?;
    let id = db::transaction(conn, |tx| {
        let team = input
            .team
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| teams::find_or_create(tx, t))
            .transpose()?;
        let id = match input.id {
            Some(id) => {
                let n = tx.execute(
                    "UPDATE people SET name = ?2, team_id = ?3, role = ?4, tenure = ?5 WHERE id = ?1",
                    params![id, name, team, role, tenure],
                )?;
                if n == 0 {
                    return Err(Error::NotFound(format!("no person with id {id}")));
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO people (name, team_id, role, tenure, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![name, team, role, tenure, now()],
                )?;
                tx.last_insert_rowid()
            }
        };
        let mut aliases = vec![name.clone()];
        aliases.extend(input.aliases.iter().cloned());
        add_aliases(tx, id, &aliases)?;
        requeue(tx, &keys_of(tx, id)?)?;
        Ok(id)
    })?;
    get(conn, id).map(|d| d.person)
}

/// Adds aliases to a person.
pub fn add_alias(conn: &Connection, id: i64, aliases: &[String]) -> Result<Person> {
    db::transaction(conn, |tx| {
        exists(tx, id)?;
        add_aliases(tx, id, aliases)?;
        requeue(tx, &aliases.iter().map(|a| key(a)).collect())
    })?;
    get(conn, id).map(|d| d.person)
}

fn exists(tx: &Connection, id: i64) -> Result<String> {
    tx.query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no person with id {id}")))
}

/// Folds `from` into `into`: its aliases (and the documents they name) become `into`'s.
pub fn merge(conn: &Connection, into: i64, from: &[i64]) -> Result<Person> {
    db::transaction(conn, |tx| {
        exists(tx, into)?;
        let mut moved = HashSet::new();
        for &f in from {
            if f == into {
                return Err(Error::invalid(
                    "from",
                    format!("person {f} cannot be merged into itself"),
                ));
            }
            exists(tx, f)?;
            moved.extend(keys_of(tx, f)?);
            tx.execute(
                "UPDATE person_aliases SET person_id = ?1 WHERE person_id = ?2",
                params![into, f],
            )?;
            tx.execute("DELETE FROM people WHERE id = ?1", [f])?;
        }
        requeue(tx, &moved)
    })?;
    get(conn, into).map(|d| d.person)
}

/// Takes aliases out of a person into a new person named after the first of them (a merge that
/// was wrong, or two engineers who share a name).
pub fn split(conn: &Connection, id: i64, aliases: &[String]) -> Result<Person> {
    let first = aliases
        .first()
        .ok_or_else(|| Error::invalid("aliases", "name at least one alias to split off"))?;
    let new = db::transaction(conn, |tx| {
        let name = exists(tx, id)?;
        let keys: Vec<String> = aliases.iter().map(|a| key(a)).collect();
        let held = keys_of(tx, id)?;
        for (a, k) in aliases.iter().zip(&keys) {
            if !held.contains(k) {
                return Err(Error::invalid(
                    "aliases",
                    format!("{a:?} is not an alias of {name} (person {id})"),
                ));
            }
        }
        if keys.len() >= held.len() {
            return Err(Error::invalid(
                "aliases",
                format!("{name} would keep no alias; rename the person instead"),
            ));
        }
        let (team, role, tenure): (Option<i64>, String, String) = tx.query_row(
            "SELECT team_id, role, tenure FROM people WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "INSERT INTO people (name, team_id, role, tenure, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![first.trim(), team, role, tenure, now()],
        )?;
        let new = tx.last_insert_rowid();
        for k in &keys {
            tx.execute(
                "UPDATE person_aliases SET person_id = ?1 WHERE key = ?2",
                params![new, k],
            )?;
        }
        // The person keeps a name that is still theirs.
        if keys.contains(&key(&name)) {
            let other: String = tx.query_row(
                "SELECT alias FROM person_aliases WHERE person_id = ?1 ORDER BY kind <> 'name', rowid LIMIT 1",
                [id],
                |r| r.get(0),
            )?;
            tx.execute(
                "UPDATE people SET name = ?2 WHERE id = ?1",
                params![id, other],
            )?;
        }
        requeue(tx, &keys.into_iter().collect())?;
        Ok(new)
    })?;
    get(conn, new).map(|d| d.person)
}

/// Deletes a person: their names count as unlinked strings again (no document changes).
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    db::transaction(conn, |tx| {
        exists(tx, id)?;
        let keys = keys_of(tx, id)?;
        tx.execute("DELETE FROM people WHERE id = ?1", [id])?;
        requeue(tx, &keys)
    })
}

type Named = documents::NamesByDocument;

/// An unlinked name as first written, its documents, and the day and team of the latest.
type Seen = (String, u64, Option<(Option<String>, Option<String>)>);

fn mentions_by_key(conn: &Connection) -> Result<(Named, HashMap<i64, documents::Head>)> {
    let named = documents::names_by_document(conn)?;
    let ids: Vec<i64> = named.iter().map(|(id, _)| *id).collect();
    let heads = documents::heads(conn, &ids)?;
    Ok((named, heads))
}

fn people_rows(conn: &Connection, only: Option<i64>) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.name, t.name, p.role, p.tenure FROM people p
         LEFT JOIN teams t ON t.id = p.team_id
         WHERE ?1 IS NULL OR p.id = ?1 ORDER BY p.name COLLATE NOCASE, p.id",
    )?;
    let rows = stmt.query_map([only], |r| {
        Ok(Person {
            id: r.get(0)?,
            name: r.get(1)?,
            team: r.get(2)?,
            role: r.get(3)?,
            tenure: r.get(4)?,
            aliases: Vec::new(),
            documents: 0,
            last_seen: None,
        })
    })?;
    let mut people: Vec<Person> = rows.collect::<rusqlite::Result<_>>()?;
    let mut aliases = conn.prepare_cached(
        "SELECT alias, kind FROM person_aliases WHERE person_id = ?1 ORDER BY kind <> 'name', rowid",
    )?;
    for p in &mut people {
        p.aliases = aliases
            .query_map([p.id], |r| {
                Ok(Alias {
                    alias: r.get(0)?,
                    kind: AliasKind::parse(r.get_ref(1)?.as_str().unwrap_or("")),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(people)
}

/// Every person, by name, with how many documents name them.
pub fn list(conn: &Connection) -> Result<Vec<Person>> {
    let mut people = people_rows(conn, None)?;
    let resolver = Resolver::load(conn)?;
    let (named, heads) = mentions_by_key(conn)?;
    let mut counts: HashMap<i64, (u64, Option<String>)> = HashMap::new();
    for (doc, names) in &named {
        let mut seen = HashSet::new();
        for (n, _) in names {
            if let Some(p) = resolver.person(n) {
                if seen.insert(p) {
                    let e = counts.entry(p).or_default();
                    e.0 += 1;
                    let day = heads.get(doc).and_then(|h| h.date.clone());
                    if day > e.1 {
                        e.1 = day;
                    }
                }
            }
        }
    }
    for p in &mut people {
        if let Some((n, last)) = counts.remove(&p.id) {
            p.documents = n;
            p.last_seen = last;
        }
    }
    Ok(people)
}

/// One person with every document naming them.
pub fn get(conn: &Connection, id: i64) -> Result<PersonDetail> {
    let person = people_rows(conn, Some(id))?
        .pop()
        .ok_or_else(|| Error::NotFound(format!("no person with id {id}")))?;
    let keys: HashSet<String> = person.aliases.iter().map(|a| key(&a.alias)).collect();
    let (named, heads) = mentions_by_key(conn)?;
    let mut mentions = Vec::new();
    for (doc, names) in named {
        if let Some((n, how)) = names.iter().find(|(n, _)| keys.contains(&key(n))) {
            if let Some(h) = heads.get(&doc) {
                mentions.push(Mention {
                    id: doc,
                    kind: documents::DocumentKind::parse(&h.kind)?,
                    title: h.title.clone(),
                    date: h.date.clone(),
                    named_as: n.clone(),
                    as_what: how.to_string(),
                });
            }
        }
    }
    mentions.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    let mut person = person;
    person.documents = mentions.len() as u64;
    person.last_seen = mentions.iter().filter_map(|m| m.date.clone()).max();
    Ok(PersonDetail { person, mentions })
}

/// Names in the evidence no person holds, most documents first.
pub fn unlinked(conn: &Connection) -> Result<Vec<UnlinkedName>> {
    let resolver = Resolver::load(conn)?;
    let (named, heads) = mentions_by_key(conn)?;
    let mut by_key: BTreeMap<String, Seen> = BTreeMap::new();
    for (doc, names) in &named {
        let mut seen = HashSet::new();
        for (n, how) in names {
            if *how == "interviewer" || resolver.person(n).is_some() || !seen.insert(key(n)) {
                continue;
            }
            let e = by_key.entry(key(n)).or_insert_with(|| (n.clone(), 0, None));
            e.1 += 1;
            let h = heads.get(doc);
            let day = h.and_then(|h| h.date.clone());
            if e.2.as_ref().is_none_or(|(d, _)| day > *d) {
                e.2 = Some((day, h.and_then(|h| h.team.clone())));
            }
        }
    }
    let mut out: Vec<UnlinkedName> = by_key
        .into_values()
        .filter(|(name, _, _)| !name.trim().is_empty())
        .map(|(name, documents, latest)| UnlinkedName {
            name,
            documents,
            team: latest.and_then(|(_, t)| t),
        })
        .collect();
    out.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// The words of a name or an email's local part, lower-cased (`dana.ruiz@acme.io` → dana, ruiz).
fn name_words(s: &str) -> Vec<String> {
    let s = s.trim().trim_start_matches('@');
    let local = match s.split_once('@') {
        Some((local, _)) => local,
        None => s,
    };
    local
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// Why two names look like one engineer, if they do.
fn alike(a: &str, b: &str) -> Option<&'static str> {
    let (ka, kb) = (key(a), key(b));
    if ka == kb {
        return Some("the same name");
    }
    let (wa, wb) = (name_words(a), name_words(b));
    if wa.is_empty() || wb.is_empty() {
        return None;
    }
    let joined = |w: &[String]| w.concat();
    if wa.len() >= 2 && wb.len() >= 2 && {
        let mut x = wa.clone();
        let mut y = wb.clone();
        x.sort();
        y.sort();
        x == y
    } {
        return Some("the same words in another order or form");
    }
    // first.last / firstlast / flast against a two-word name.
    let (name, handle) = if wa.len() >= 2 && wb.len() == 1 {
        (&wa, &wb[0])
    } else if wb.len() >= 2 && wa.len() == 1 {
        (&wb, &wa[0])
    } else {
        return None;
    };
    let first = &name[0];
    let last = &name[name.len() - 1];
    let initial: String = first.chars().take(1).collect();
    let candidates = [
        joined(name),
        format!("{initial}{last}"),
        format!("{first}{}", last.chars().take(1).collect::<String>()),
    ];
    candidates
        .iter()
        .any(|c| c == handle)
        .then_some("a handle or email made from the name")
}

/// Names that look like one engineer: unlinked names alike to a person's alias (join them), and
/// unlinked names alike to each other (make a person of them).
pub fn suggest(conn: &Connection) -> Result<Vec<PersonSuggestion>> {
    let people = people_rows(conn, None)?;
    let loose = unlinked(conn)?;
    let mut out: Vec<PersonSuggestion> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    for p in &people {
        let mut names = Vec::new();
        let mut reason = None;
        for u in &loose {
            if let Some(why) = p.aliases.iter().find_map(|a| alike(&a.alias, &u.name)) {
                names.push(u.name.clone());
                used.insert(key(&u.name));
                reason.get_or_insert(why);
            }
        }
        let others: Vec<i64> = people
            .iter()
            .filter(|q| q.id > p.id)
            .filter(|q| {
                q.aliases.iter().any(|qa| {
                    p.aliases
                        .iter()
                        .any(|pa| alike(&pa.alias, &qa.alias).is_some())
                })
            })
            .map(|q| q.id)
            .collect();
        if !names.is_empty() || !others.is_empty() {
            let mut all = names;
            all.extend(
                people
                    .iter()
                    .filter(|q| others.contains(&q.id))
                    .map(|q| q.name.clone()),
            );
            out.push(PersonSuggestion {
                person: Some(p.id),
                person_name: Some(p.name.clone()),
                names: all,
                others,
                reason: reason.unwrap_or("the same name").to_string(),
            });
        }
    }
    for (i, a) in loose.iter().enumerate() {
        if used.contains(&key(&a.name)) {
            continue;
        }
        let mut group = vec![a.name.clone()];
        let mut reason = None;
        for b in loose.iter().skip(i + 1) {
            if used.contains(&key(&b.name)) {
                continue;
            }
            if let Some(why) = alike(&a.name, &b.name) {
                group.push(b.name.clone());
                used.insert(key(&b.name));
                reason.get_or_insert(why);
            }
        }
        if group.len() > 1 {
            used.insert(key(&a.name));
            out.push(PersonSuggestion {
                person: None,
                person_name: None,
                names: group,
                others: Vec::new(),
                reason: reason.unwrap_or("the same name").to_string(),
            });
        }
    }
    Ok(out)
}

/// Every alias of every person with the person's team: what the anonymizer replaces (besides
/// the names the documents carry).
pub fn aliases_with_team(conn: &Connection) -> Result<Vec<(i64, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT a.person_id, a.alias, t.name FROM person_aliases a JOIN people p ON p.id = a.person_id
         LEFT JOIN teams t ON t.id = p.team_id ORDER BY a.person_id, a.rowid",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_kinds() {
        assert_eq!(key("  Dana   RUIZ "), "dana ruiz");
        assert_eq!(key("@druiz"), "druiz");
        assert_eq!(AliasKind::of("dana@acme.io"), AliasKind::Email);
        assert_eq!(AliasKind::of("@druiz"), AliasKind::Handle);
        assert_eq!(AliasKind::of("Dana Ruiz"), AliasKind::Name);
    }

    #[test]
    fn names_that_look_alike() {
        assert!(alike("Dana Ruiz", "dana ruiz").is_some());
        assert!(alike("Ruiz, Dana", "Dana Ruiz").is_some());
        assert!(alike("Dana Ruiz", "dana.ruiz@acme.io").is_some());
        assert!(alike("Dana Ruiz", "druiz").is_some());
        assert!(alike("Dana Ruiz", "@danaruiz").is_some());
        assert!(alike("Dana Ruiz", "danar@acme.io").is_some());
        assert!(alike("Dana Ruiz", "Dana Lee").is_none());
        assert!(
            alike("Dana", "Dana Ruiz").is_none(),
            "a first name alone is too weak"
        );
        assert!(alike("Person B", "Person C").is_none());
    }
}

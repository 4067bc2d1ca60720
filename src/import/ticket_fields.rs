//! Which column holds which ticket field: Jira's own headers (English, Spanish, German, French),
//! GitHub's, generic names, fuzzy suggestions for anything else, and the user's `--map` overrides.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// A ticket field a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The ticket key (HADOOP-42).
    Key,
    /// The tracker's numeric id (used as key when there is no key column).
    Id,
    /// Summary.
    Title,
    /// Description.
    Body,
    /// A comment (appended to the body).
    Comment,
    /// Status.
    Status,
    /// Priority.
    Priority,
    /// Issue type.
    Type,
    /// A label (repeatable).
    Labels,
    /// Reporter.
    Reporter,
    /// Component (repeatable).
    Component,
    /// Team.
    Team,
    /// Created timestamp.
    Created,
    /// Resolved timestamp.
    Resolved,
    /// Link.
    Url,
    /// Not imported.
    Ignore,
}

impl Field {
    /// Every field with its `--map` name.
    pub const NAMES: &'static [(&'static str, Field)] = &[
        ("key", Field::Key),
        ("id", Field::Id),
        ("title", Field::Title),
        ("body", Field::Body),
        ("comment", Field::Comment),
        ("status", Field::Status),
        ("priority", Field::Priority),
        ("type", Field::Type),
        ("labels", Field::Labels),
        ("reporter", Field::Reporter),
        ("component", Field::Component),
        ("team", Field::Team),
        ("created", Field::Created),
        ("resolved", Field::Resolved),
        ("url", Field::Url),
        ("ignore", Field::Ignore),
    ];

    /// Parses a `--map` field name.
    pub fn parse(name: &str) -> Option<Field> {
        let name = name.trim().to_lowercase();
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    /// The `--map` name.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map(|(n, _)| *n)
            .unwrap_or("ignore")
    }
}

/// Header names as exports write them (lower-case), in English, Spanish, German and French Jira,
/// GitHub and common CSV conventions.
const ALIASES: &[(&str, Field)] = &[
    ("issue key", Field::Key),
    ("key", Field::Key),
    ("clave de incidencia", Field::Key),
    ("clave", Field::Key),
    ("schlüssel", Field::Key),
    ("vorgangsschlüssel", Field::Key),
    ("clé de ticket", Field::Key),
    ("clé", Field::Key),
    ("ticket", Field::Key),
    ("number", Field::Key),
    ("issue id", Field::Id),
    ("id", Field::Id),
    ("id. de incidencia", Field::Id),
    ("id de incidencia", Field::Id),
    ("vorgangs-id", Field::Id),
    ("id du ticket", Field::Id),
    ("summary", Field::Title),
    ("title", Field::Title),
    ("subject", Field::Title),
    ("resumen", Field::Title),
    ("zusammenfassung", Field::Title),
    ("résumé", Field::Title),
    ("description", Field::Body),
    ("body", Field::Body),
    ("descripción", Field::Body),
    ("beschreibung", Field::Body),
    ("comment", Field::Comment),
    ("comments", Field::Comment),
    ("comentario", Field::Comment),
    ("kommentar", Field::Comment),
    ("commentaire", Field::Comment),
    ("status", Field::Status),
    ("state", Field::Status),
    ("estado", Field::Status),
    ("statut", Field::Status),
    ("priority", Field::Priority),
    ("prioridad", Field::Priority),
    ("priorität", Field::Priority),
    ("priorité", Field::Priority),
    ("issue type", Field::Type),
    ("type", Field::Type),
    ("tipo de incidencia", Field::Type),
    ("vorgangstyp", Field::Type),
    ("type de ticket", Field::Type),
    ("labels", Field::Labels),
    ("label", Field::Labels),
    ("tags", Field::Labels),
    ("etiquetas", Field::Labels),
    ("stichwörter", Field::Labels),
    ("étiquettes", Field::Labels),
    ("reporter", Field::Reporter),
    ("author", Field::Reporter),
    ("user", Field::Reporter),
    ("informador", Field::Reporter),
    ("autor", Field::Reporter),
    ("rapporteur", Field::Reporter),
    ("component/s", Field::Component),
    ("components", Field::Component),
    ("component", Field::Component),
    ("componente/s", Field::Component),
    ("componentes", Field::Component),
    ("komponente/n", Field::Component),
    ("komponenten", Field::Component),
    ("composant/s", Field::Component),
    ("team", Field::Team),
    ("equipo", Field::Team),
    ("équipe", Field::Team),
    ("created", Field::Created),
    ("created at", Field::Created),
    ("created_at", Field::Created),
    ("creada", Field::Created),
    ("creado", Field::Created),
    ("erstellt", Field::Created),
    ("création", Field::Created),
    ("créé", Field::Created),
    ("date", Field::Created),
    ("resolved", Field::Resolved),
    ("closed_at", Field::Resolved),
    ("resuelta", Field::Resolved),
    ("erledigt", Field::Resolved),
    ("résolu", Field::Resolved),
    ("url", Field::Url),
    ("link", Field::Url),
    ("html_url", Field::Url),
];

/// The field a header names exactly (after trimming and lower-casing), if any.
pub fn known(header: &str) -> Option<Field> {
    let h = header.trim().to_lowercase();
    ALIASES.iter().find(|(a, _)| *a == h).map(|(_, f)| *f)
}

/// The best fuzzy guess for a header no alias names, with a score; weak matches are dropped.
pub fn suggest(header: &str) -> Option<Field> {
    let matcher = SkimMatcherV2::default();
    let h = header.trim().to_lowercase();
    ALIASES
        .iter()
        .filter_map(|(a, f)| {
            // Either direction: "Ticket summary" contains "summary"; "desc" abbreviates "description".
            let s = matcher.fuzzy_match(&h, a).max(matcher.fuzzy_match(a, &h))?;
            Some((s, *f))
        })
        .filter(|(s, _)| *s >= 60)
        .max_by_key(|(s, _)| *s)
        .map(|(_, f)| f)
}

/// True when the headers look like a Jira export (a summary column and a key or id column).
pub fn looks_like_jira(headers: &[String]) -> bool {
    let fields: Vec<Option<Field>> = headers.iter().map(|h| known(h)).collect();
    fields.contains(&Some(Field::Title))
        && (fields.contains(&Some(Field::Key)) || fields.contains(&Some(Field::Id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_jira_headers_need_no_mapping() {
        for (h, f) in [
            ("Summary", Field::Title),
            ("Resumen", Field::Title),
            ("Zusammenfassung", Field::Title),
            ("Clave de incidencia", Field::Key),
            ("Schlüssel", Field::Key),
            ("Priorität", Field::Priority),
            ("Creada", Field::Created),
            ("Erstellt", Field::Created),
            ("Component/s", Field::Component),
            ("Etiquetas", Field::Labels),
        ] {
            assert_eq!(known(h), Some(f), "{h}");
        }
        assert!(looks_like_jira(&[
            "Resumen".into(),
            "Clave de incidencia".into()
        ]));
        assert!(!looks_like_jira(&["Name".into(), "Age".into()]));
    }

    #[test]
    fn fuzzy_suggestions_for_unknown_headers() {
        assert_eq!(suggest("Ticket Summary"), Some(Field::Title));
        assert_eq!(suggest("Created Date"), Some(Field::Created));
        assert_eq!(suggest("zzz"), None);
    }

    #[test]
    fn map_names_round_trip() {
        for (n, f) in Field::NAMES {
            assert_eq!(Field::parse(n), Some(*f));
            assert_eq!(f.name(), *n);
        }
        assert_eq!(Field::parse("Title "), Some(Field::Title));
        assert_eq!(Field::parse("nope"), None);
    }
}

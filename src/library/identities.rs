//! Who is who across the library: the reader's choices that two names are
//! one entity (a merge), or that one name in some documents is someone
//! else (a split).
//!
//! The choices are the reader's own work, so the index is not their home:
//! they live in `identities.ron` in the data folder, beside the personal
//! dictionary, a versioned RON file written atomically under a lock, each
//! change read, applied and written while the lock is held, so two
//! processes changing it at once both keep their choice. The database
//! holds them resolved (`identity_merges`, `identity_splits`), filled from
//! the file whenever it opens or a choice changes; a rebuilt index gets
//! them back from the file.
//!
//! A choice names an entity as the documents tag it (after the reader's
//! per-document corrections and dictionary): its display name and kind.
//! A choice for one document (a split) applies first, then the choices for
//! the whole library (merges), followed to the end of their chain.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::EntityKind;

/// The version of the file written by this build; files of a newer one are
/// left alone.
pub const IDENTITIES_VERSION: u32 = 1;

/// The file's name in the data folder.
pub const IDENTITIES_FILE_NAME: &str = "identities.ron";

/// The largest identities file read.
const MAX_IDENTITIES_BYTES: u64 = 64 * 1024 * 1024;

/// An entity as the library names it: display name and kind.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Identity {
    /// The display name, runs of white space made one space.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
}

impl Identity {
    /// The identity of `name` (its white space made single spaces) and `kind`.
    pub fn new(name: &str, kind: EntityKind) -> Identity {
        Identity {
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            kind,
        }
    }
}

/// A document a choice is about: found by the fingerprint of its text,
/// which also names its notes; the path is there for a person reading the
/// file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentRef {
    /// [`crate::annotations::fingerprint`] of the document's text.
    pub fingerprint: String,
    /// Where the document was when the choice was made.
    #[serde(default)]
    pub path: PathBuf,
}

/// One choice of the reader: the entity tagged `tagged` (in `document`, or
/// in every document when none) is the library's `becomes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityChoice {
    /// The entity as the documents tag it.
    pub tagged: Identity,
    /// The one document the choice is about (a split); none for the whole
    /// library (a merge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentRef>,
    /// Who it is in the library; none when the reader took the choice back
    /// (kept, so that an older copy of the file cannot bring it back).
    pub becomes: Option<Identity>,
    /// When the reader chose it.
    pub set_at: jiff::Timestamp,
}

impl IdentityChoice {
    /// The choice is in force (not taken back).
    pub fn is_active(&self) -> bool {
        self.becomes.is_some()
    }

    /// What a later choice for the same entity and document replaces.
    fn key(&self) -> (&Identity, Option<&str>) {
        (
            &self.tagged,
            self.document.as_ref().map(|d| d.fingerprint.as_str()),
        )
    }
}

/// The content of the identities file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identities {
    /// The file format version.
    pub version: u32,
    /// The choices; one per entity and document.
    #[serde(default)]
    pub choices: Vec<IdentityChoice>,
}

/// A row of `identity_merges`: the tagged entity and who it finally is.
pub(super) type MergeRow = (Identity, Identity);

/// A row of `identity_splits`: the document's fingerprint, the tagged
/// entity and who it finally is in that document.
pub(super) type SplitRow = (String, Identity, Identity);

/// Why the identities file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IdentitiesError {
    /// It could not be read.
    #[error("could not read your choices of who is who in the library ({error}): {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// It is not in the format.
    #[error(
        "your choices of who is who in the library could not be understood ({message}); \
         fix the file or move it away: {}",
        path.display()
    )]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A newer build wrote it.
    #[error(
        "your choices of who is who in the library were written by a newer Dramatis \
         (format {version}, this one reads up to {IDENTITIES_VERSION}): {}",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its version.
        version: u32,
    },
    /// It could not be written.
    #[error("could not save your choices of who is who in the library ({message}): {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

/// Only the version, read first so that a newer format is told apart.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

impl Identities {
    /// The identities file in the data folder `folder`.
    pub fn path_in(folder: &Path) -> PathBuf {
        folder.join(IDENTITIES_FILE_NAME)
    }

    /// Reads the file at `path`; a missing file is no choices.
    pub fn read(path: &Path) -> Result<Identities, IdentitiesError> {
        let source = match crate::files::read_regular_to_string(path, MAX_IDENTITIES_BYTES) {
            Ok(source) => source,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Identities {
                    version: IDENTITIES_VERSION,
                    choices: Vec::new(),
                });
            }
            Err(error) => {
                return Err(IdentitiesError::Read {
                    path: path.to_owned(),
                    error,
                });
            }
        };
        if let Ok(VersionOnly { version }) = ron::from_str::<VersionOnly>(&source)
            && version > IDENTITIES_VERSION
        {
            return Err(IdentitiesError::TooNew {
                path: path.to_owned(),
                version,
            });
        }
        ron::from_str(&source).map_err(|error| IdentitiesError::Parse {
            path: path.to_owned(),
            message: error.to_string(),
        })
    }

    /// Changes the file at `path` with `change`, holding its lock from the
    /// read to the atomic write, so that a choice another process saved
    /// meanwhile is kept. A file that cannot be read is left as it is and
    /// the change is refused. Returns the file as written.
    pub fn update(
        path: &Path,
        change: impl FnOnce(&mut Identities),
    ) -> Result<Identities, IdentitiesError> {
        let write_error = |message: String| IdentitiesError::Write {
            path: path.to_owned(),
            message,
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| write_error(e.to_string()))?;
        }
        let _lock =
            crate::annotations::store::lock(path).map_err(|e| write_error(e.to_string()))?;
        let mut identities = Self::read(path)?;
        change(&mut identities);
        identities.version = IDENTITIES_VERSION;
        let mut text = ron::ser::to_string_pretty(&identities, ron::ser::PrettyConfig::new())
            .map_err(|e| write_error(e.to_string()))?;
        text.push('\n');
        crate::annotations::store::write_atomic(path, text.as_bytes())
            .map_err(|e| write_error(e.to_string()))?;
        Ok(identities)
    }

    /// Records `choice`, replacing the choice for the same entity and
    /// document.
    pub fn choose(&mut self, choice: IdentityChoice) {
        self.choices.retain(|c| c.key() != choice.key());
        self.choices.push(choice);
    }

    /// The choices in force, oldest first.
    fn active(&self) -> Vec<&IdentityChoice> {
        let mut active: Vec<&IdentityChoice> =
            self.choices.iter().filter(|c| c.is_active()).collect();
        active.sort_by_key(|c| c.set_at);
        active
    }

    /// The library-wide choices in force, each followed to the end of its
    /// chain: Tolstoy → Leo Tolstoy → Lev Tolstoy gives Tolstoy → Lev
    /// Tolstoy. Of choices that would make a circle, the later is left out.
    fn merges(&self) -> BTreeMap<Identity, Identity> {
        let mut direct: BTreeMap<Identity, Identity> = BTreeMap::new();
        for choice in self.active() {
            let Some(into) = &choice.becomes else {
                continue;
            };
            if choice.document.is_some() || *into == choice.tagged {
                continue;
            }
            if resolve(&direct, into) == choice.tagged {
                continue;
            }
            direct.insert(choice.tagged.clone(), into.clone());
        }
        direct
            .keys()
            .map(|from| (from.clone(), resolve(&direct, from)))
            .filter(|(from, to)| from != to)
            .collect()
    }

    /// The rows of the database's tables: library-wide merges and each
    /// document's splits, every one resolved to its final identity.
    pub(super) fn resolved(&self) -> (Vec<MergeRow>, Vec<SplitRow>) {
        let merges = self.merges();
        let mut splits: BTreeSet<SplitRow> = BTreeSet::new();
        for choice in self.active() {
            let (Some(document), Some(becomes)) = (&choice.document, &choice.becomes) else {
                continue;
            };
            let last = merges.get(becomes).unwrap_or(becomes).clone();
            splits.retain(|(f, t, _)| !(*f == document.fingerprint && *t == choice.tagged));
            splits.insert((document.fingerprint.clone(), choice.tagged.clone(), last));
        }
        (merges.into_iter().collect(), splits.into_iter().collect())
    }
}

/// Follows `from` through `merges` to its last identity, stopping at a
/// circle.
fn resolve(merges: &BTreeMap<Identity, Identity>, from: &Identity) -> Identity {
    let mut at = from;
    let mut seen: BTreeSet<&Identity> = BTreeSet::new();
    while let Some(next) = merges.get(at) {
        if !seen.insert(at) {
            break;
        }
        at = next;
    }
    at.clone()
}

/// The schema step that holds the choices, resolved, and the views through
/// which the cast, the entity pages and the quotations see them.
///
/// `entity_identities` is `entities` with each row's library identity
/// (`kind`, `name`) beside its tagged one; `quote_identities` does the same
/// for `quotes`' speakers. A document's split applies before the merges
/// (the split's row is already resolved through them).
pub(super) const SCHEMA_IDENTITIES: &str = "
CREATE TABLE identity_merges (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    into_kind TEXT NOT NULL,
    into_name TEXT NOT NULL,
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;
CREATE TABLE identity_splits (
    fingerprint TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    as_kind TEXT NOT NULL,
    as_name TEXT NOT NULL,
    PRIMARY KEY (fingerprint, kind, name)
) WITHOUT ROWID;
CREATE VIEW entity_identities AS
SELECT e.document_id AS document_id,
       COALESCE(s.as_kind, m.into_kind, e.kind) AS kind,
       COALESCE(s.as_name, m.into_name, e.name) AS name,
       e.kind AS tagged_kind,
       e.name AS tagged_name,
       e.mentions AS mentions,
       e.first_byte AS first_byte,
       e.first_char AS first_char
FROM entities e
JOIN documents d ON d.id = e.document_id
LEFT JOIN identity_splits s ON s.fingerprint = d.fingerprint AND s.kind = e.kind AND s.name = e.name
LEFT JOIN identity_merges m ON m.kind = e.kind AND m.name = e.name;
CREATE VIEW quote_identities AS
SELECT q.document_id AS document_id,
       COALESCE(s.as_kind, m.into_kind, q.speaker_kind) AS speaker_kind,
       COALESCE(s.as_name, m.into_name, q.speaker_name) AS speaker_name,
       q.speaker_name AS tagged_name,
       q.start_char AS start_char,
       q.end_char AS end_char,
       q.text AS text
FROM quotes q
JOIN documents d ON d.id = q.document_id
LEFT JOIN identity_splits s
       ON s.fingerprint = d.fingerprint AND s.kind = q.speaker_kind AND s.name = q.speaker_name
LEFT JOIN identity_merges m ON m.kind = q.speaker_kind AND m.name = q.speaker_name;
";

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Identity {
        Identity::new(name, EntityKind::Person)
    }

    fn at(second: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(second).unwrap_or_default()
    }

    fn merge(from: &str, into: &str, second: i64) -> IdentityChoice {
        IdentityChoice {
            tagged: person(from),
            document: None,
            becomes: Some(person(into)),
            set_at: at(second),
        }
    }

    fn names(rows: &[MergeRow]) -> Vec<(&str, &str)> {
        rows.iter()
            .map(|(a, b)| (a.name.as_str(), b.name.as_str()))
            .collect()
    }

    /// Merges as (from, into) names.
    type Pairs<'a> = &'a [(&'a str, &'a str)];

    #[test]
    fn merges_follow_their_chain_and_never_circle() {
        let cases: [(Pairs<'_>, Pairs<'_>); 4] = [
            (&[("Tolstoy", "Leo Tolstoy")], &[("Tolstoy", "Leo Tolstoy")]),
            (
                &[("Tolstoy", "Leo Tolstoy"), ("Leo Tolstoy", "Lev Tolstoy")],
                &[("Leo Tolstoy", "Lev Tolstoy"), ("Tolstoy", "Lev Tolstoy")],
            ),
            // The later choice would close a circle: it is left out.
            (&[("A", "B"), ("B", "A")], &[("A", "B")]),
            (&[("A", "A")], &[]),
        ];
        for (choices, expected) in cases {
            let mut identities = Identities::default();
            for (k, (from, into)) in choices.iter().enumerate() {
                identities.choose(merge(from, into, k as i64));
            }
            let (merges, splits) = identities.resolved();
            assert_eq!(names(&merges), expected, "{choices:?}");
            assert!(splits.is_empty());
        }
    }

    #[test]
    fn a_later_choice_replaces_and_a_withdrawn_one_is_kept_but_inactive() {
        let mut identities = Identities::default();
        identities.choose(merge("Tolstoy", "Leo Tolstoy", 1));
        identities.choose(IdentityChoice {
            becomes: None,
            ..merge("Tolstoy", "Leo Tolstoy", 2)
        });
        assert_eq!(identities.choices.len(), 1);
        assert!(identities.resolved().0.is_empty());
    }

    #[test]
    fn a_split_resolves_through_the_merges() {
        let mut identities = Identities::default();
        identities.choose(merge("Smith (Yale)", "John Smith of Yale", 1));
        identities.choose(IdentityChoice {
            tagged: person("John Smith"),
            document: Some(DocumentRef {
                fingerprint: "00ff".into(),
                path: PathBuf::from("/a.txt"),
            }),
            becomes: Some(person("Smith (Yale)")),
            set_at: at(2),
        });
        let (_, splits) = identities.resolved();
        assert_eq!(
            splits,
            [(
                "00ff".to_owned(),
                person("John Smith"),
                person("John Smith of Yale")
            )]
        );
    }
}

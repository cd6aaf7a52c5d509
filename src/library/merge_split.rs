//! The library's side of the reader's identity choices
//! ([`super::identities`]): merging two entities, splitting one by
//! document, taking a merge back, and keeping the database's resolved
//! tables in step with the file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use super::identities::{
    DocumentRef, Identities, IdentitiesError, Identity, IdentityChoice, MergeRow, SplitRow,
};
use super::{CastEntry, DocumentEntry, Library, LibraryError, database_error, path_key};
use crate::analysis::EntityKind;

/// The kind named by its JSON name (`person`, `place`, `organization`).
pub(super) fn kind_of(name: &str) -> Option<EntityKind> {
    EntityKind::ALL.into_iter().find(|k| k.json_name() == name)
}

impl CastEntry {
    /// The entry's kind and name as an [`Identity`]; none for a kind this
    /// build does not know.
    pub fn identity(&self) -> Option<Identity> {
        kind_of(&self.kind).map(|kind| Identity::new(&self.name, kind))
    }
}

impl Library {
    /// The document of the library at `path`, if it is one.
    pub fn document_at(&self, path: &Path) -> Result<Option<DocumentEntry>, LibraryError> {
        let key = path_key(path);
        Ok(self
            .documents()?
            .into_iter()
            .find(|d| d.path == Path::new(&key)))
    }

    /// The file of the reader's identity choices, in the data folder.
    pub fn identities_path(&self) -> PathBuf {
        Identities::path_in(self.notes.root())
    }

    /// The reader's identity choices as saved.
    pub fn identities(&self) -> Result<Identities, LibraryError> {
        Ok(Identities::read(&self.identities_path())?)
    }

    /// The library's name for `name`: the name itself (white space made
    /// single spaces), or the name it was merged into.
    pub(super) fn library_name(&self, name: &str) -> Result<String, LibraryError> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let merged: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT into_name FROM identity_merges WHERE name = ?1 COLLATE NOCASE
                 ORDER BY kind LIMIT 1",
            )
            .and_then(|mut s| s.query_row([&name], |row| row.get(0)).optional())
            .map_err(|e| self.db_error(e))?;
        Ok(merged.unwrap_or(name))
    }

    /// The library's cast members called `name` (in any case), one per
    /// kind, the most widespread first.
    pub fn cast_named(&self, name: &str) -> Result<Vec<CastEntry>, LibraryError> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT kind, name, COUNT(DISTINCT document_id), SUM(mentions)
                 FROM entity_identities WHERE name = ?1 COLLATE NOCASE
                 GROUP BY kind, name ORDER BY 3 DESC, 4 DESC, name, kind",
            )
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([&name], CastEntry::from_row)
            .map_err(|e| self.db_error(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.db_error(e))
    }

    /// Counts `from` as `into` in every document of the library: the cast
    /// lists one entity, its page and quotations gather both. The choice is
    /// saved in [`Library::identities_path`] and outlives the index.
    ///
    /// Merging back a name made by [`Library::split_entity`] into the name
    /// it was split from takes the split back instead; merging `into` back
    /// into `from` replaces the earlier merge the other way.
    pub fn merge_entity(&mut self, from: &Identity, into: &Identity) -> Result<(), LibraryError> {
        let from = Identity::new(&from.name, from.kind);
        let into = Identity::new(&into.name, into.kind);
        let now = jiff::Timestamp::now();
        Identities::update(&self.identities_path(), |identities| {
            let withdraw: Vec<IdentityChoice> = identities
                .choices
                .iter()
                .filter(|c| {
                    let undoes_split = c.document.is_some()
                        && c.becomes.as_ref() == Some(&from)
                        && c.tagged == into;
                    let reverses_merge = c.document.is_none() && c.tagged == into;
                    c.is_active() && (undoes_split || reverses_merge)
                })
                .cloned()
                .collect();
            let undid_split = withdraw.iter().any(|c| c.document.is_some());
            for choice in withdraw {
                identities.choose(IdentityChoice {
                    becomes: None,
                    set_at: now,
                    ..choice
                });
            }
            if !undid_split && from != into {
                identities.choose(IdentityChoice {
                    tagged: from.clone(),
                    document: None,
                    becomes: Some(into.clone()),
                    set_at: now,
                });
            }
        })?;
        self.sync_identities()
    }

    /// Takes back every merge of an entity called `name` (in any case) into
    /// another, so that it is listed on its own again; returns the
    /// identities that were merged (none when there was no such merge).
    pub fn unmerge_entity(&mut self, name: &str) -> Result<Vec<Identity>, LibraryError> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let now = jiff::Timestamp::now();
        let mut undone = Vec::new();
        Identities::update(&self.identities_path(), |identities| {
            let merged: Vec<IdentityChoice> = identities
                .choices
                .iter()
                .filter(|c| {
                    c.is_active()
                        && c.document.is_none()
                        && c.tagged.name.to_lowercase() == name.to_lowercase()
                })
                .cloned()
                .collect();
            for choice in merged {
                undone.push(choice.tagged.clone());
                identities.choose(IdentityChoice {
                    becomes: None,
                    set_at: now,
                    ..choice
                });
            }
        })?;
        self.sync_identities()?;
        Ok(undone)
    }

    /// In the documents at `documents`, the entity the library calls
    /// `identity` is someone else, listed as `becomes` (same kind): the
    /// other documents keep `identity`. Returns how many entities were
    /// split off (a document may tag the name under two merged names).
    ///
    /// Fails, changing nothing, when a path is not in the library or does
    /// not mention `identity`.
    pub fn split_entity(
        &mut self,
        identity: &Identity,
        documents: &[PathBuf],
        becomes: &str,
    ) -> Result<usize, LibraryError> {
        let identity = Identity::new(&identity.name, identity.kind);
        let becomes = Identity::new(becomes, identity.kind);
        let mut choices = Vec::new();
        let now = jiff::Timestamp::now();
        for path in documents {
            let key = path_key(path);
            let document: Option<(i64, String)> = self
                .conn
                .query_row(
                    "SELECT id, fingerprint FROM documents WHERE path = ?1",
                    [&key],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(|e| self.db_error(e))?;
            let Some((id, fingerprint)) = document else {
                return Err(LibraryError::NotInLibrary {
                    path: PathBuf::from(key),
                });
            };
            let tagged = self.tagged_as(id, &identity)?;
            if tagged.is_empty() {
                return Err(LibraryError::NotMentioned {
                    name: identity.name.clone(),
                    path: PathBuf::from(key),
                });
            }
            for tagged in tagged {
                choices.push(IdentityChoice {
                    tagged,
                    document: Some(DocumentRef {
                        fingerprint: fingerprint.clone(),
                        path: PathBuf::from(&key),
                    }),
                    becomes: Some(becomes.clone()),
                    set_at: now,
                });
            }
        }
        let count = choices.len();
        Identities::update(&self.identities_path(), |identities| {
            for choice in choices {
                identities.choose(choice);
            }
        })?;
        self.sync_identities()?;
        Ok(count)
    }

    /// The entities of document `id` as tagged that the library counts as
    /// `identity`.
    fn tagged_as(&self, id: i64, identity: &Identity) -> Result<Vec<Identity>, LibraryError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT tagged_kind, tagged_name FROM entity_identities
                 WHERE document_id = ?1 AND kind = ?2 AND name = ?3",
            )
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map(
                params![id, identity.kind.json_name(), identity.name],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
            )
            .map_err(|e| self.db_error(e))?;
        let mut tagged = Vec::new();
        for row in rows {
            let (kind, name) = row.map_err(|e| self.db_error(e))?;
            if let Some(kind) = kind_of(&kind) {
                tagged.push(Identity { name, kind });
            }
        }
        Ok(tagged)
    }

    /// Brings the database's resolved choices in step with the file; a file
    /// that cannot be read leaves them as they were, with a warning.
    pub(super) fn sync_identities(&mut self) -> Result<(), LibraryError> {
        let identities = match Identities::read(&self.identities_path()) {
            Ok(identities) => identities,
            Err(error @ (IdentitiesError::Parse { .. } | IdentitiesError::TooNew { .. })) => {
                self.warnings.push(format!(
                    "{error}. Until then the library keeps the choices it last read."
                ));
                return Ok(());
            }
            Err(error) => return Err(error.into()),
        };
        let (merges, splits) = identities.resolved();
        if self.stored_identities()? == (merges.clone(), splits.clone()) {
            return Ok(());
        }
        let path = self.path.clone();
        let db = database_error(&path);
        let transaction = self.conn.transaction().map_err(db)?;
        transaction
            .execute_batch("DELETE FROM identity_merges; DELETE FROM identity_splits;")
            .map_err(db)?;
        {
            let mut merge = transaction
                .prepare(
                    "INSERT INTO identity_merges (kind, name, into_kind, into_name)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(db)?;
            for (from, into) in &merges {
                merge
                    .execute(params![
                        from.kind.json_name(),
                        from.name,
                        into.kind.json_name(),
                        into.name
                    ])
                    .map_err(db)?;
            }
            let mut split = transaction
                .prepare(
                    "INSERT INTO identity_splits (fingerprint, kind, name, as_kind, as_name)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(db)?;
            for (fingerprint, tagged, becomes) in &splits {
                split
                    .execute(params![
                        fingerprint,
                        tagged.kind.json_name(),
                        tagged.name,
                        becomes.kind.json_name(),
                        becomes.name
                    ])
                    .map_err(db)?;
            }
        }
        transaction.commit().map_err(db)
    }

    /// The resolved choices the database holds, sorted as
    /// [`Identities::resolved`] sorts them.
    fn stored_identities(&self) -> Result<(Vec<MergeRow>, Vec<SplitRow>), LibraryError> {
        let identity =
            |kind: String, name: String| kind_of(&kind).map(|kind| Identity { name, kind });
        let mut merges = BTreeSet::new();
        let mut statement = self
            .conn
            .prepare("SELECT kind, name, into_kind, into_name FROM identity_merges")
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .map_err(|e| self.db_error(e))?;
        for row in rows {
            let (kind, name, into_kind, into_name) = row.map_err(|e| self.db_error(e))?;
            if let (Some(from), Some(into)) = (identity(kind, name), identity(into_kind, into_name))
            {
                merges.insert((from, into));
            }
        }
        let mut splits = BTreeSet::new();
        let mut statement = self
            .conn
            .prepare("SELECT fingerprint, kind, name, as_kind, as_name FROM identity_splits")
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .map_err(|e| self.db_error(e))?;
        for row in rows {
            let (fingerprint, kind, name, as_kind, as_name) = row.map_err(|e| self.db_error(e))?;
            if let (Some(tagged), Some(becomes)) =
                (identity(kind, name), identity(as_kind, as_name))
            {
                splits.insert((fingerprint, tagged, becomes));
            }
        }
        Ok((merges.into_iter().collect(), splits.into_iter().collect()))
    }
}

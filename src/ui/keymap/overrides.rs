//! `Overrides`: the user's `[keymap.<scope>]` tables, read as written (key
//! name → command name, in file order, with spans) so that errors can point
//! at the config file's line. Checking and applying them is `Keymap`'s job.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Deserializer};
use serde_spanned::Spanned;

use super::source::{Location, SpannedMap};

/// The command name that removes a key's binding.
pub const UNBIND: &str = "none";

/// Key-by-key changes to the default keymap, from a config file's
/// `[keymap]` table: `[keymap.stock]` with `"f5" = "next-location"` rebinds
/// F5 in the Stock pane, `"tab" = "none"` unbinds Tab there.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub(super) scopes: Vec<ScopeOverrides>,
    origin: Option<Origin>,
}

/// Equal when they change the same keys the same way, wherever they came from.
impl PartialEq for Overrides {
    fn eq(&self, other: &Overrides) -> bool {
        let changes = |o: &Overrides| -> Vec<ScopeOverrides> {
            o.scopes
                .iter()
                .filter(|s| !s.entries.is_empty())
                .cloned()
                .collect()
        };
        changes(self) == changes(other)
    }
}

/// One `[keymap.<scope>]` table.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ScopeOverrides {
    pub(super) scope: Spanned<String>,
    pub(super) entries: Vec<(Spanned<String>, Spanned<String>)>,
}

/// The file the overrides were read from, so spans become line numbers.
#[derive(Clone)]
struct Origin {
    path: PathBuf,
    text: Arc<str>,
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Origin").field("path", &self.path).finish()
    }
}

impl Overrides {
    /// Records the file these overrides came from (its path and full text),
    /// so errors found later say `path:line:column`.
    pub fn with_origin(mut self, path: &Path, text: &str) -> Overrides {
        self.origin = Some(Origin {
            path: path.to_path_buf(),
            text: Arc::from(text),
        });
        self
    }

    /// Builds overrides in code (no file): `(scope, key, command)` triples.
    pub fn from_entries<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    ) -> Self {
        let mut scopes: Vec<ScopeOverrides> = Vec::new();
        for (scope, key, command) in entries {
            let pair = (
                Spanned::new(0..0, key.to_string()),
                Spanned::new(0..0, command.to_string()),
            );
            match scopes.iter_mut().find(|s| s.scope.get_ref() == scope) {
                Some(s) => s.entries.push(pair),
                None => scopes.push(ScopeOverrides {
                    scope: Spanned::new(0..0, scope.to_string()),
                    entries: vec![pair],
                }),
            }
        }
        Overrides {
            scopes,
            origin: None,
        }
    }

    /// Whether there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.scopes.iter().all(|s| s.entries.is_empty())
    }

    /// Where `span` is, for error messages.
    pub(super) fn locate(&self, span: Range<usize>) -> Location {
        match &self.origin {
            Some(o) => Location::at(&o.path, &o.text, span.start),
            None => Location::file(Path::new("keymap overrides")),
        }
    }
}

impl<'de> Deserialize<'de> for Overrides {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let tables = SpannedMap::<SpannedMap<Spanned<String>>>::deserialize(deserializer)?;
        let scopes = tables
            .0
            .into_iter()
            .map(|(scope, entries)| ScopeOverrides {
                scope,
                entries: entries.0,
            })
            .collect();
        Ok(Overrides {
            scopes,
            origin: None,
        })
    }
}

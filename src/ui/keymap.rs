//! The keymap: which key runs which `Command` in each `Scope`. Defaults come
//! from `assets/keymap.toml` (yazi-style `{ on, run, desc }` entries); the
//! user's config overrides them key by key. Help and the hint line read the
//! bindings from here, so they cannot go stale. Routing keys between scopes
//! is the app's job, not this module's.

mod checks;
mod key;
mod overrides;
mod scope;
mod source;

use std::path::Path;
use std::sync::OnceLock;

use ratatui::crossterm::event::KeyEvent;
use serde::Deserialize;
use serde_spanned::Spanned;

use crate::app::command::Command;

pub use key::{KeyParseError, KeySpec};
pub use overrides::{Overrides, UNBIND};
pub use scope::Scope;
pub use source::{
    Location, SpannedMap, humanize, near_matches, parse_toml, parse_unknown_field,
    unknown_key_message,
};

/// The embedded default keymap and the name its errors are reported under.
const DEFAULTS: &str = include_str!("../../assets/keymap.toml");
const DEFAULTS_PATH: &str = "assets/keymap.toml";

/// One key bound to one command, with the text help shows for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The key.
    pub key: KeySpec,
    /// What it runs.
    pub command: Command,
    /// What help and the hint line call it.
    pub desc: String,
}

/// Why a keymap could not be built. Every variant says where, as
/// `path:line:column`, and what would have been accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// The TOML itself is broken, or an entry has the wrong shape.
    #[error("{at}: {message}")]
    Syntax {
        /// Where.
        at: Location,
        /// What is wrong, in plain words.
        message: String,
    },
    /// A key name we cannot read.
    #[error("{at}: {problem}")]
    UnknownKey {
        /// Where the key name is.
        at: Location,
        /// Why it could not be read. (Not a `source`: the message already
        /// says it, and error chains would print it twice.)
        problem: KeyParseError,
    },
    /// A command name that does not exist.
    #[error("{at}: unknown command \"{name}\" — {}", command_hint(.suggestions))]
    UnknownCommand {
        /// Where the command name is.
        at: Location,
        /// The name as written.
        name: String,
        /// Commands with similar names.
        suggestions: Vec<&'static str>,
    },
    /// A scope name that does not exist.
    #[error(
        "{at}: unknown keymap scope \"{name}\" — expected one of: {}",
        Scope::names()
    )]
    UnknownScope {
        /// Where the scope name is.
        at: Location,
        /// The name as written.
        name: String,
    },
    /// The same key bound twice in one scope.
    #[error("{at}: {key} is bound twice in {scope} — first at line {}", .first.line)]
    Duplicate {
        /// Where the second binding is.
        at: Location,
        /// The key, as help shows it.
        key: KeySpec,
        /// The scope's name.
        scope: &'static str,
        /// Where the first binding is.
        first: Location,
    },
    /// A plain character bound where a text field takes it first.
    #[error(
        "{at}: {key} types into the text field in {scope}, so it cannot run a command there — \
         use a key with Ctrl or Alt, or a function key"
    )]
    Typed {
        /// Where.
        at: Location,
        /// The key.
        key: KeySpec,
        /// The scope's name.
        scope: &'static str,
    },
    /// A command every keymap needs lost its last key.
    #[error("{at}: this leaves no key for \"{command}\" in {scope} — bind another key to it first")]
    Hole {
        /// The override that removed the last key.
        at: Location,
        /// The scope's name.
        scope: &'static str,
        /// The command's name.
        command: &'static str,
    },
    /// Several of the above, one per line.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Many(Vec<KeymapError>),
}

fn command_hint(suggestions: &[&'static str]) -> String {
    match suggestions {
        [] => "see `galla --help` or the README for the list of commands".to_string(),
        [one] => format!("did you mean \"{one}\"?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("\"{s}\"")).collect();
            format!("did you mean one of: {}?", quoted.join(", "))
        }
    }
}

fn parse_command(name: &str, at: impl FnOnce() -> Location) -> Result<Command, KeymapError> {
    Command::from_name(name).ok_or_else(|| KeymapError::UnknownCommand {
        at: at(),
        name: name.to_string(),
        suggestions: near_matches(name, Command::ALL.iter().map(|c| c.name())),
    })
}

/// Every scope's bindings, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    scopes: [Vec<Binding>; Scope::ALL.len()],
}

/// One `[[scope]]` entry in a keymap file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    on: Spanned<OnKeys>,
    run: Spanned<String>,
    #[serde(default)]
    desc: Option<String>,
}

/// `on = "f3"` or `on = ["f3", "alt-3"]`.
struct OnKeys(Vec<Spanned<String>>);

impl<'de> Deserialize<'de> for OnKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OnVisitor;
        impl<'de> serde::de::Visitor<'de> for OnVisitor {
            type Value = OnKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key name or a list of key names")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OnKeys, E> {
                // The span is filled in from the enclosing `Spanned<OnKeys>`.
                Ok(OnKeys(vec![Spanned::new(0..0, v.to_string())]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OnKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = seq.next_element::<Spanned<String>>()? {
                    keys.push(k);
                }
                Ok(OnKeys(keys))
            }
        }
        deserializer.deserialize_any(OnVisitor)
    }
}

impl Keymap {
    /// The built-in keymap. The embedded file is checked by a test; if it
    /// were ever broken this falls back to a minimal map rather than panic.
    pub fn defaults() -> Keymap {
        static DEFAULT_KEYMAP: OnceLock<Keymap> = OnceLock::new();
        DEFAULT_KEYMAP
            .get_or_init(|| {
                Keymap::from_toml(DEFAULTS, Path::new(DEFAULTS_PATH))
                    .unwrap_or_else(|_| Keymap::minimal())
            })
            .clone()
    }

    /// The defaults with the user's overrides applied.
    pub fn with_overrides(overrides: &Overrides) -> Result<Keymap, KeymapError> {
        Keymap::defaults().apply(overrides)
    }

    /// A keymap read from a whole keymap file (the format of
    /// `assets/keymap.toml`); `path` is used only in error messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Keymap, KeymapError> {
        let file: SpannedMap<Vec<Entry>> = parse_toml(text).map_err(|e| KeymapError::Syntax {
            at: Location::of_span(path, text, e.span()),
            message: humanize(e.message()),
        })?;
        let at = |span: std::ops::Range<usize>| Location::at(path, text, span.start);
        let mut keymap = Keymap::empty();
        for (scope_name, entries) in file.0 {
            let scope = Scope::from_name(scope_name.get_ref()).ok_or_else(|| {
                KeymapError::UnknownScope {
                    at: at(scope_name.span()),
                    name: scope_name.get_ref().clone(),
                }
            })?;
            // Where each key was bound, to name the first of two duplicates.
            let mut seen: Vec<(KeySpec, Location)> = Vec::new();
            for entry in entries {
                let command = parse_command(entry.run.get_ref(), || at(entry.run.span()))?;
                let on_span = entry.on.span();
                let keys = entry.on.into_inner().0;
                if keys.is_empty() {
                    return Err(KeymapError::Syntax {
                        at: at(on_span),
                        message: "`on` lists no keys — expected a key name like \"f3\"".into(),
                    });
                }
                for name in keys {
                    let span = if name.span() == (0..0) {
                        on_span.clone()
                    } else {
                        name.span()
                    };
                    let key: KeySpec =
                        name.get_ref()
                            .parse()
                            .map_err(|problem| KeymapError::UnknownKey {
                                at: at(span.clone()),
                                problem,
                            })?;
                    if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                        return Err(KeymapError::Duplicate {
                            at: at(span),
                            key,
                            scope: scope.name(),
                            first: first.clone(),
                        });
                    }
                    seen.push((key, at(span)));
                    keymap.scopes[scope.index()].push(Binding {
                        key,
                        command,
                        desc: entry
                            .desc
                            .clone()
                            .unwrap_or_else(|| command.describe().to_string()),
                    });
                }
            }
        }
        Ok(keymap)
    }

    /// This keymap with `overrides` applied: each key named there is
    /// rebound (keeping its place in help) or, with "none", unbound. Every
    /// mistake in the file is reported (one per line), and a keymap left
    /// without a way to quit, add an item, confirm or close is refused.
    ///
    /// `[keymap.form]` was once the one scope of every popup with a text
    /// field; an old config's entries there still reach those popups: each
    /// applies to the pane forms and to every text-field popup that uses
    /// its command (an unbinding, to every one where the key is bound).
    /// They are applied first, so a popup's own table has the last word.
    pub fn apply(mut self, overrides: &Overrides) -> Result<Keymap, KeymapError> {
        let mut errors = Vec::new();
        let mut unbound_at: Vec<(Scope, Command, Location)> = Vec::new();
        let mut tables: Vec<_> = overrides.scopes.iter().collect();
        tables.sort_by_key(|t| t.scope.get_ref() != Scope::Form.name());
        for table in tables {
            let Some(scope) = Scope::from_name(table.scope.get_ref()) else {
                errors.push(KeymapError::UnknownScope {
                    at: overrides.locate(table.scope.span()),
                    name: table.scope.get_ref().clone(),
                });
                continue;
            };
            let mut seen: Vec<(KeySpec, Location)> = Vec::new();
            for (key_name, command_name) in &table.entries {
                let at = overrides.locate(key_name.span());
                let key: KeySpec = match key_name.get_ref().parse() {
                    Ok(k) => k,
                    Err(problem) => {
                        errors.push(KeymapError::UnknownKey { at, problem });
                        continue;
                    }
                };
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    errors.push(KeymapError::Duplicate {
                        at,
                        key,
                        scope: scope.name(),
                        first: first.clone(),
                    });
                    continue;
                }
                seen.push((key, at.clone()));
                let command = match command_name.get_ref().as_str() {
                    UNBIND => None,
                    name => match parse_command(name, || overrides.locate(command_name.span())) {
                        Ok(c) => Some(c),
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    },
                };
                if command.is_some() && checks::typed_key(scope, &key) {
                    errors.push(KeymapError::Typed {
                        at,
                        key,
                        scope: scope.name(),
                    });
                    continue;
                }
                for target in self.targets(scope, key, command) {
                    let before = self.scopes[target.index()]
                        .iter()
                        .find(|b| b.key == key)
                        .map(|b| b.command);
                    if let Some(old) = before.filter(|old| Some(*old) != command) {
                        unbound_at.push((target, old, at.clone()));
                    }
                    self.rebind(target, key, command);
                }
            }
        }
        errors.extend(checks::holes(&self, &unbound_at));
        match errors.len() {
            0 => Ok(self),
            1 => Err(errors.remove(0)),
            _ => Err(KeymapError::Many(errors)),
        }
    }

    /// The scopes an override of `key` in `scope` changes: that scope, and
    /// for `form` also the text-field popups it reaches (see `apply`).
    fn targets(&self, scope: Scope, key: KeySpec, command: Option<Command>) -> Vec<Scope> {
        let mut targets = vec![scope];
        if scope == Scope::Form {
            targets.extend(Scope::ALL.into_iter().filter(|s| {
                s.is_text_popup()
                    && self.scopes[s.index()].iter().any(|b| match command {
                        Some(c) => b.command == c,
                        None => b.key == key,
                    })
            }));
        }
        targets
    }

    /// Binds `key` to `command` in `scope`, or unbinds it when `None`.
    fn rebind(&mut self, scope: Scope, key: KeySpec, command: Option<Command>) {
        let list = &mut self.scopes[scope.index()];
        let place = list.iter().position(|b| b.key == key).unwrap_or(list.len());
        list.retain(|b| b.key != key);
        if let Some(command) = command {
            // Reuse the description the defaults give this command, if any.
            let desc = list
                .iter()
                .find(|b| b.command == command)
                .map_or_else(|| command.describe().to_string(), |b| b.desc.clone());
            list.insert(place.min(list.len()), Binding { key, command, desc });
        }
    }

    /// The command `event` runs in `scope` (that scope only; falling back to
    /// global is the caller's decision). Key releases never run anything.
    pub fn lookup(&self, scope: Scope, event: &KeyEvent) -> Option<Command> {
        self.scopes[scope.index()]
            .iter()
            .find(|b| b.key.matches(event))
            .map(|b| b.command)
    }

    /// Every binding in `scope`, in file order, for help.
    pub fn bindings(&self, scope: Scope) -> &[Binding] {
        &self.scopes[scope.index()]
    }

    /// The first key bound to `command` in `scope`, as shown to people
    /// ("Ctrl+Q", "F3", "Enter", "?"), for the key-hint line.
    pub fn hint(&self, scope: Scope, command: Command) -> Option<String> {
        self.scopes[scope.index()]
            .iter()
            .find(|b| b.command == command)
            .map(|b| b.key.to_string())
    }

    /// The key for `command` in `scope` as a message names it ("F9",
    /// "Alt+P"); when nothing is bound, the command's description, so no
    /// message ever names a key that does nothing.
    pub fn key_name(&self, scope: Scope, command: Command) -> String {
        self.hint(scope, command)
            .unwrap_or_else(|| format!("“{}” (no key bound)", command.describe()))
    }

    /// A popup's key-hint title from the keys in force: " Enter: recall ·
    /// Esc: close ". A command with no key in `scope` is left out.
    pub fn hint_line(&self, scope: Scope, items: &[(Command, &str)]) -> String {
        let parts: Vec<String> = items
            .iter()
            .filter_map(|(command, what)| {
                self.hint(scope, *command)
                    .map(|key| format!("{key}: {what}"))
            })
            .collect();
        format!(" {} ", parts.join(" · "))
    }

    fn empty() -> Keymap {
        Keymap {
            scopes: Default::default(),
        }
    }

    /// Enough to leave the program and close every popup.
    fn minimal() -> Keymap {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let mut keymap = Keymap::empty();
        let quit = KeySpec::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        keymap.rebind(Scope::Global, quit, Some(Command::Quit));
        let esc = KeySpec::new(KeyCode::Esc, KeyModifiers::NONE);
        for scope in Scope::ALL
            .into_iter()
            .filter(|s| s.popup_heading().is_some())
        {
            keymap.rebind(scope, esc, Some(Command::Close));
        }
        keymap
    }
}

#[cfg(test)]
mod tests;

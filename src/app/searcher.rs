//! Filtering off the UI thread. A 100,000-item fuzzy filter takes tens of
//! milliseconds, longer than a frame, so in the app the index lives on a
//! worker thread that answers only the newest query; keys are echoed at once
//! and matches follow as an action. Tests and scripts filter inline.

use galla_domain::VariantId;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, SearchTarget};
use crate::search::{Matches, SearchIndex};
use crate::store::{Access, Store};

/// One filter request.
pub struct Request {
    target: SearchTarget,
    query: String,
    generation: u64,
}

/// Where filtering happens.
pub enum Searcher {
    /// Not loaded yet.
    None,
    /// On this thread (tests, scripts, benchmarks of the filter itself).
    Inline {
        /// The index (boxed: it is large beside a channel's sender).
        index: Box<SearchIndex>,
        /// The previous result, to narrow from.
        last: Option<Matches>,
    },
    /// On a worker thread that owns the index.
    Worker(mpsc::Sender<Request>),
}

fn ids_of(index: &SearchIndex) -> Arc<[VariantId]> {
    (0..index.len() as u32)
        .filter_map(|r| index.id(r))
        .collect()
}

impl Searcher {
    /// Loads the index from `store` on this thread; returns `IndexLoaded`.
    pub fn load_inline(store: &Store) -> (Searcher, Action) {
        match SearchIndex::load(store) {
            Ok(index) => {
                let ids = ids_of(&index);
                (
                    Searcher::Inline {
                        index: Box::new(index),
                        last: None,
                    },
                    Action::IndexLoaded(ids),
                )
            }
            Err(e) => (
                Searcher::None,
                Action::EffectFailed(format!("could not load the search index: {e}")),
            ),
        }
    }

    /// Starts a worker that opens its own connection to `path`, loads the
    /// index, sends `IndexLoaded`, then answers filter requests.
    pub fn spawn(path: PathBuf, results: UnboundedSender<Action>) -> Searcher {
        let (tx, rx) = mpsc::channel::<Request>();
        std::thread::spawn(move || {
            let loaded = Store::open(&path, Access::ReadOnly).and_then(|s| SearchIndex::load(&s));
            let mut index = match loaded {
                Ok(index) => index,
                Err(e) => {
                    let _ = results.send(Action::EffectFailed(format!(
                        "could not load the search index: {e}"
                    )));
                    return;
                }
            };
            if results.send(Action::IndexLoaded(ids_of(&index))).is_err() {
                return;
            }
            // The last answer per pane, to narrow from.
            let mut last: [Option<Matches>; 3] = [None, None, None];
            while let Ok(first) = rx.recv() {
                // Only the newest query of each pane matters: skip the ones
                // typed meanwhile.
                let mut newest: [Option<Request>; 3] = [None, None, None];
                let slot = |t: SearchTarget| t as usize;
                let i = slot(first.target);
                newest[i] = Some(first);
                while let Ok(newer) = rx.try_recv() {
                    let i = slot(newer.target);
                    newest[i] = Some(newer);
                }
                for request in newest.into_iter().flatten() {
                    let i = slot(request.target);
                    let matches = index.filter(&request.query, last[i].as_ref());
                    let action = Action::Filtered {
                        target: request.target,
                        generation: request.generation,
                        rows: matches.rows.clone(),
                    };
                    last[i] = Some(matches);
                    if results.send(action).is_err() {
                        return;
                    }
                }
            }
        });
        Searcher::Worker(tx)
    }

    /// Filters for `query`: inline, the result at once; on the worker, `None`
    /// now and `Action::Filtered` on the results channel later.
    pub fn filter(
        &mut self,
        target: SearchTarget,
        query: String,
        generation: u64,
    ) -> Option<Action> {
        match self {
            Searcher::None => None,
            Searcher::Inline { index, last } => {
                let matches = index.filter(
                    &query,
                    last.as_ref().filter(|_| target == SearchTarget::Stock),
                );
                let action = Action::Filtered {
                    target,
                    generation,
                    rows: matches.rows.clone(),
                };
                if target == SearchTarget::Stock {
                    *last = Some(matches);
                }
                Some(action)
            }
            Searcher::Worker(tx) => {
                let _ = tx.send(Request {
                    target,
                    query,
                    generation,
                });
                None
            }
        }
    }
}

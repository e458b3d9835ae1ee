//! SQLite's failures said the way a shopkeeper can act on them: what
//! happened and what to do, once, with no error codes. The raw text stays
//! in the log (the caller logs the `Debug` form where it matters).

use rusqlite::ErrorCode;

/// `e` in words.
pub fn sqlite_words(e: &rusqlite::Error) -> String {
    let rusqlite::Error::SqliteFailure(failure, message) = e else {
        return e.to_string();
    };
    let said = match failure.code {
        ErrorCode::NotADatabase => "it is not a galla database, or it is damaged",
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "another galla (or another program) is writing to it right now; \
             try again in a moment, and if this goes on, close the other program"
        }
        ErrorCode::ReadOnly => {
            "the file cannot be written (it is read-only or belongs to another user); \
             open it with --read-only, or fix its permissions"
        }
        ErrorCode::CannotOpen => {
            "the file cannot be opened; check the path and that you may read the file and its folder"
        }
        ErrorCode::PermissionDenied => "you are not allowed to open it; check its permissions",
        ErrorCode::DiskFull => "the disk is full; free some space and try again",
        ErrorCode::SystemIoFailure => {
            "the disk reported an error while reading or writing; check the disk"
        }
        ErrorCode::DatabaseCorrupt => {
            "the file is damaged; restore it from a backup (or ask the sync server for the events)"
        }
        _ => return message.clone().unwrap_or_else(|| failure.to_string()),
    };
    said.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_database_says_what_to_do_without_codes() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            Some("database is locked".into()),
        );
        let text = sqlite_words(&e);
        assert!(text.contains("try again"), "{text}");
        assert!(!text.contains("code"), "{text}");
    }

    #[test]
    fn other_failures_keep_sqlite_s_own_message_once() {
        let e = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT),
            Some("UNIQUE constraint failed: variants.sku".into()),
        );
        assert_eq!(sqlite_words(&e), "UNIQUE constraint failed: variants.sku");
    }
}

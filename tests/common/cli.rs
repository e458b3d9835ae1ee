//! The real `galla` binary run in a shop's directory, with its own home and
//! XDG folders so no test reads the developer's config: run it, expect it to
//! succeed (its standard output), or expect a refusal (its error, never a
//! panic).

use std::path::Path;
use std::process::{Command, Output};

/// Runs `galla args` in `cwd`.
pub fn galla(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env("XDG_CONFIG_HOME", cwd.join("xdg-config"))
        .env("XDG_DATA_HOME", cwd.join("xdg-data"))
        .env("TZ", "UTC")
        .output()
        .expect("run galla")
}

/// Runs `galla args`, which must succeed; its standard output.
pub fn ok(args: &[&str], cwd: &Path) -> String {
    let out = galla(args, cwd);
    assert!(
        out.status.success(),
        "galla {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `galla args`, which must be refused; its error output.
pub fn refused(args: &[&str], cwd: &Path) -> String {
    let out = galla(args, cwd);
    assert!(!out.status.success(), "galla {args:?} was accepted");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err
}

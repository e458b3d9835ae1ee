//! Signing in by PIN and switching user in the real binary, in a
//! pseudo-terminal: once a shop has an owner with a PIN, galla opens on the
//! sign-in box with the shop hidden; a wrong PIN is refused; the owner's
//! name goes in the status bar; Ctrl+U signs them out and the cashier signs
//! in; what the cashier records (cash into the drawer) carries their name,
//! as `galla audit --json` shows. A shop without users opens as before.

mod common;

use common::cli::ok;
use common::pty::Session;
use common::users::{CASHIER_PIN, OWNER_PIN, owner_args};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

fn shop(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("shop.db");
    let d = db.to_str().expect("utf-8");
    ok(
        &[
            "init",
            "--db",
            d,
            "--shop",
            "Gupta Kirana",
            "--state",
            "27",
            "--counter",
            "C1",
        ],
        dir,
    );
    db
}

#[test]
fn a_shop_without_users_opens_as_the_owner_with_no_pin() {
    let dir = tempfile::tempdir().expect("dir");
    let db = shop(dir.path());
    let mut s = Session::start(&db, &[]);
    s.wait_for("Item:", WAIT);
    s.wait_for("Owner", WAIT);
    assert!(!s.screen().contains("Sign in"), "{}", s.screen());
    s.send(&[0x11]);
    assert!(s.wait_exit(WAIT).success());
}

#[test]
fn sign_in_by_pin_then_switch_user_with_ctrl_u() {
    let dir = tempfile::tempdir().expect("dir");
    let db = shop(dir.path());
    let d = db.to_str().expect("utf-8");
    let cwd = dir.path();
    ok(&owner_args(d), cwd);
    ok(
        &[
            "--sign-in",
            OWNER_PIN,
            "staff",
            "add",
            "--db",
            d,
            "--name",
            "Ravi",
            "--role",
            "cashier",
            "--pin",
            CASHIER_PIN,
        ],
        cwd,
    );

    let mut s = Session::start(&db, &[]);
    s.wait_for("Sign in", WAIT);
    s.wait_for("Type your PIN", WAIT);
    let screen = s.screen();
    assert!(
        !screen.contains("Item:"),
        "the shop is hidden until someone signs in:\n{screen}"
    );
    s.send(b"9999\r");
    s.wait_for("no one has that PIN", WAIT);
    s.send(format!("{OWNER_PIN}\r").as_bytes());
    s.wait_for("Ramesh Gupta", WAIT);
    s.wait_for("Item:", WAIT);

    s.send(&[0x15]); // Ctrl+U
    s.wait_for("Ramesh Gupta signed out", WAIT);
    s.send(format!("{CASHIER_PIN}\r").as_bytes());
    s.wait_for("Ravi", WAIT);
    s.wait_for("Item:", WAIT);

    // Alt+4 the cash book, Alt+I cash in: ₹100 as capital.
    s.send(b"\x1b4");
    s.wait_for("Cash in", WAIT);
    s.send(b"\x1bi");
    s.wait_for("Amount", WAIT);
    s.send(b"100\r");
    s.wait_for("drawer holds", WAIT);
    s.send(&[0x11]);
    assert!(s.wait_exit(WAIT).success());

    let out = ok(
        &[
            "--sign-in",
            OWNER_PIN,
            "audit",
            "--db",
            d,
            "--json",
            "--type",
            "cash in",
        ],
        cwd,
    );
    let v: serde_json::Value =
        serde_json::from_str(out.lines().last().expect("a line")).expect("json");
    assert_eq!(v["actor"], "Ravi", "{out}");
    assert_eq!(v["summary"], "cash in ₹100.00 (capital)");
}

//! Clocking in and out by PIN in the real binary, in a pseudo-terminal at
//! 80x24: Ctrl+T from Billing opens the PIN box, a wrong PIN records
//! nothing, the right one checks the person in and, typed again, out; the
//! two marks are one session in `galla attendance --json`.

mod common;

use common::cli::{json, ok};
use common::pty::Session;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

/// Types `text` as a person does (keys 45 ms apart).
fn typed(s: &mut Session, text: &str) {
    for b in text.bytes() {
        s.send(&[b]);
        std::thread::sleep(Duration::from_millis(45));
    }
}

#[test]
fn ctrl_t_and_a_pin_clock_a_person_in_and_out() {
    let dir = tempfile::tempdir().expect("dir");
    let cwd = dir.path();
    let db = cwd.join("shop.db");
    let d = db.to_str().expect("utf-8");
    ok(
        &["init", "--db", d, "--shop", "Gupta Kirana", "--state", "27"],
        cwd,
    );
    ok(
        &[
            "staff",
            "add",
            "--db",
            d,
            "--name",
            "सुनीता देवी",
            "--pin",
            "4821",
            "--salary",
            "12000",
            "--shift",
            "00:00-23:59",
        ],
        cwd,
    );
    let events = |cwd| ok(&["export", "events", "--db", d], cwd).lines().count();
    let before = events(cwd);

    let mut s = Session::start(&db, &[]);
    s.wait_for("Item:", WAIT);
    s.send(&[0x14]); // Ctrl+T
    s.wait_for("PIN", WAIT);
    typed(&mut s, "0000\r");
    s.wait_for("nothing was recorded", WAIT);
    typed(&mut s, "4821\r");
    s.wait_for("checked in", WAIT);
    typed(&mut s, "4821\r");
    s.wait_for("checked out", WAIT);
    s.send(&[0x11]); // Ctrl+Q
    assert!(s.wait_exit(WAIT).success());

    assert_eq!(events(cwd), before + 2, "one check-in and one check-out");
    let month = json(&["attendance", "--db", d, "--json"], cwd);
    let worked: Vec<&serde_json::Value> = month["days"]
        .as_array()
        .expect("days")
        .iter()
        .filter(|day| day["sessions"].as_array().is_some_and(|s| !s.is_empty()))
        .collect();
    assert_eq!(worked.len(), 1, "{month}");
    let day = worked[0];
    assert_eq!(day["status"], "P", "{month}");
    assert_eq!(day["missing_check_out"], false, "{month}");
    let sessions = day["sessions"].as_array().expect("sessions");
    assert_eq!(
        sessions.len(),
        1,
        "the in and the out are one session: {month}"
    );
    assert!(sessions[0]["out"].is_string(), "{month}");
}

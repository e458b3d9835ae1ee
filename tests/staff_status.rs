//! The staff list over time, through the real binary: editing a person,
//! their status with its history (on leave, inactive: cannot clock in,
//! drops out of today's lists), the owner's marks with a note, a holiday
//! for everyone at once, and a salary advance from the cash book taken off
//! the month's pay due.

mod common;

use common::cli::{ok, refused};
use serde_json::Value;

fn shop(d: &std::path::Path) {
    ok(
        &[
            "init",
            "--db",
            "s.db",
            "--shop",
            "Ramesh Stores",
            "--state",
            "27",
        ],
        d,
    );
    for (name, pin) in [("Sunita", "4821"), ("Ravi", "5930")] {
        ok(
            &[
                "staff",
                "add",
                "--db",
                "s.db",
                "--name",
                name,
                "--pin",
                pin,
                "--salary",
                "9000",
                "--joined",
                "2026-10-01",
            ],
            d,
        );
    }
}

fn person(d: &std::path::Path, name: &str) -> Value {
    ok(&["staff", "--db", "s.db", "--json"], d)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json"))
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not listed"))
}

fn month(d: &std::path::Path, who: &str, m: &str) -> Value {
    let out = ok(
        &[
            "attendance",
            "--db",
            "s.db",
            "--month",
            m,
            "--staff",
            who,
            "--json",
        ],
        d,
    );
    serde_json::from_str(out.trim()).expect("month json")
}

#[test]
fn a_person_is_edited_and_their_status_kept_with_its_history() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    shop(d);
    ok(
        &[
            "staff",
            "edit",
            "--db",
            "s.db",
            "--staff",
            "Ravi",
            "--name",
            "Ravi Kumar",
            "--wage",
            "500",
            "--job",
            "tailor",
        ],
        d,
    );
    let r = person(d, "Ravi Kumar");
    assert_eq!(r["wage_paise"], 50_000);
    assert!(
        r["salary_paise"].is_null(),
        "a wage replaces the salary: {r}"
    );
    assert_eq!(r["job"], "tailor");
    // A PIN already someone else's, or nothing to change: refused.
    refused(
        &[
            "staff", "edit", "--db", "s.db", "--staff", "Ravi", "--pin", "4821",
        ],
        d,
    );
    let says = refused(&["staff", "edit", "--db", "s.db", "--staff", "Ravi"], d);
    assert!(says.contains("nothing to change"), "{says}");

    ok(
        &[
            "staff",
            "status",
            "--db",
            "s.db",
            "--staff",
            "Sunita",
            "--status",
            "on_leave",
            "--note",
            "wedding in the family",
        ],
        d,
    );
    assert_eq!(person(d, "Sunita")["status"], "on leave");
    let says = refused(
        &[
            "staff", "status", "--db", "s.db", "--staff", "Sunita", "--status", "gone",
        ],
        d,
    );
    assert!(says.contains("active, inactive, on_leave"), "{says}");
    ok(
        &[
            "staff", "status", "--db", "s.db", "--staff", "Sunita", "--status", "inactive",
        ],
        d,
    );
    let s = person(d, "Sunita");
    assert_eq!(s["status"], "inactive");
    let history: Vec<&str> = s["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(history, ["on leave", "inactive"]);
    assert_eq!(s["history"][0]["note"], "wedding in the family");
    // Inactive: cannot clock in, and drops out of the month's list.
    let says = refused(&["attendance", "in", "--db", "s.db", "--pin", "4821"], d);
    assert!(says.contains("PIN"), "{says}");
    let listed = ok(&["attendance", "--db", "s.db", "--json"], d);
    assert!(!listed.contains("Sunita"), "{listed}");
    // Nobody is deleted: back to active, and clocking works again.
    ok(
        &[
            "staff", "status", "--db", "s.db", "--staff", "Sunita", "--status", "active",
        ],
        d,
    );
    let said = ok(&["attendance", "in", "--db", "s.db", "--pin", "4821"], d);
    assert!(said.contains("Sunita — checked in"), "{said}");
    ok(&["check", "--db", "s.db"], d);
}

#[test]
fn a_holiday_for_everyone_and_a_salary_advance_change_the_month() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    shop(d);
    let said = ok(
        &[
            "attendance",
            "mark",
            "--db",
            "s.db",
            "--everyone",
            "--date",
            "2026-11-14",
            "--status",
            "holiday",
            "--note",
            "Diwali",
        ],
        d,
    );
    assert!(said.contains("marked 2 people holiday"), "{said}");
    for who in ["Sunita", "Ravi"] {
        let m = month(d, who, "2026-11");
        let day = &m["days"][13];
        assert_eq!(day["date"], "2026-11-14");
        assert_eq!(day["status"], "HO", "{who}: {day}");
    }
    // A bad status marks nobody.
    refused(
        &[
            "attendance",
            "mark",
            "--db",
            "s.db",
            "--everyone",
            "--date",
            "2026-11-15",
            "--status",
            "party",
        ],
        d,
    );
    assert!(month(d, "Ravi", "2026-11")["days"][14]["status"] != "HO");

    // An advance paid today from the drawer comes off this month's pay due.
    ok(
        &[
            "cashbook",
            "in",
            "--db",
            "s.db",
            "--amount",
            "5000",
            "--category",
            "capital",
        ],
        d,
    );
    let this_month = chrono::Utc::now().format("%Y-%m").to_string();
    let before = month(d, "Ravi", &this_month);
    assert_eq!(before["advances_paise"], 0);
    let says = refused(
        &[
            "cashbook",
            "out",
            "--db",
            "s.db",
            "--amount",
            "1500",
            "--category",
            "salary advance",
        ],
        d,
    );
    assert!(says.contains("needs the person"), "{says}");
    let says = refused(
        &[
            "cashbook",
            "out",
            "--db",
            "s.db",
            "--amount",
            "100",
            "--category",
            "rent",
            "--staff",
            "Ravi",
        ],
        d,
    );
    assert!(says.contains("salary or salary advance only"), "{says}");
    ok(
        &[
            "cashbook",
            "out",
            "--db",
            "s.db",
            "--amount",
            "1500",
            "--category",
            "salary advance",
            "--staff",
            "Ravi",
        ],
        d,
    );
    let after = month(d, "Ravi", &this_month);
    assert_eq!(after["advances_paise"], 150_000);
    assert_eq!(
        after["pay_due_paise"].as_i64().expect("due"),
        before["pay_due_paise"].as_i64().expect("due") - 150_000,
        "{after}"
    );
    assert_eq!(month(d, "Sunita", &this_month)["advances_paise"], 0);
    ok(&["check", "--db", "s.db"], d);
}

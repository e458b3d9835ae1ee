//! Users made at one counter sign in at another after a sync, on a real
//! server over a real PostgreSQL: the owner and a cashier added at A; at B
//! the cashier signs in (in the real binary's sign-in box, and on the
//! command line), records cash in their own name, and pays cash out with a
//! manager's approval; the approver travels through the server, so A's
//! audit trail shows who did it and who approved it.

mod common;
mod sync_common;

use common::pty::Session;
use common::users::{CASHIER_PIN, MANAGER_PIN, OWNER_PIN, owner_args};
use std::time::Duration;
use sync_common::*;

#[test]
fn users_made_at_one_counter_sign_in_at_another_after_a_sync() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let (sa, sb) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));
    run(&owner_args(sa));
    for (name, role, pin) in [
        ("Priya", "manager", MANAGER_PIN),
        ("Ravi", "cashier", CASHIER_PIN),
    ] {
        run(&[
            "--sign-in",
            OWNER_PIN,
            "staff",
            "add",
            "--db",
            sa,
            "--name",
            name,
            "--role",
            role,
            "--pin",
            pin,
        ]);
    }
    let users = |db: &str| -> serde_json::Value {
        serde_json::from_str(&run(&["users", "--db", db, "--json"])).expect("json")
    };
    assert_eq!(users(sb)["users_set_up"], false, "B has not heard yet");
    synced(&a);
    synced(&b);
    assert_eq!(users(sb)["users_set_up"], true);
    let with_pins = users(sb)["users"]
        .as_array()
        .map(|u| u.iter().filter(|p| p["has_pin"] == true).count());
    assert_eq!(with_pins, Some(3), "the owner, the manager and the cashier");

    // At B, the real binary asks for a PIN, and the cashier's works.
    let mut s = Session::start(&b, &[]);
    s.wait_for("Sign in", Duration::from_secs(20));
    s.send(format!("{CASHIER_PIN}\r").as_bytes());
    s.wait_for("Ravi", Duration::from_secs(20));
    s.send(&[0x11]);
    assert!(s.wait_exit(Duration::from_secs(20)).success());

    // And on the command line: cash in as Ravi; cash out with Priya's PIN.
    let cash_in = [
        "cashbook",
        "in",
        "--db",
        sb,
        "--amount",
        "500",
        "--category",
        "capital",
    ];
    let cash_out = [
        "cashbook",
        "out",
        "--db",
        sb,
        "--amount",
        "40",
        "--category",
        "tea",
    ];
    let ravi = ["--sign-in", CASHIER_PIN];
    let approved = ["--sign-in", CASHIER_PIN, "--approve", MANAGER_PIN];
    assert!(!galla(&cash_in).status.success(), "nobody signed in at B");
    run(&[&ravi[..], &cash_in].concat());
    assert!(!galla(&[&ravi[..], &cash_out].concat()).status.success());
    run(&[&approved[..], &cash_out].concat());
    synced(&b);
    synced(&a);
    let trail = run(&[
        "--sign-in",
        OWNER_PIN,
        "audit",
        "--db",
        sa,
        "--json",
        "--actor",
        "Ravi",
    ]);
    let rows: Vec<serde_json::Value> = trail
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let said: Vec<&str> = rows.iter().filter_map(|r| r["summary"].as_str()).collect();
    assert_eq!(
        said,
        [
            "cash in ₹500.00 (capital)",
            "cash out ₹40.00 (tea and snacks) (approved by Priya)"
        ],
        "{trail}"
    );
    assert_ne!(rows[0]["counter"], "C1", "recorded at B, not at A");
    assert_check_clean(&a);
    assert_check_clean(&b);
}

//! Attendance on two synced counters of one shop: a person added at
//! counter A clocks in there and, once that has synced, out at counter B;
//! both counters hold one session from A's check-in to B's check-out and
//! work out the same month. The owner's marks for one day made at either
//! counter while both are offline end the same on both (the latest wins). Real files, a real server on a
//! real PostgreSQL.

mod sync_common;

use sync_common::*;

/// Meena's month at `db` as JSON.
fn month(db: &str) -> serde_json::Value {
    let out = run(&[
        "attendance",
        "--db",
        db,
        "--month",
        "2026-11",
        "--staff",
        "Meena",
        "--json",
    ]);
    serde_json::from_str(out.trim()).expect("one person")
}

fn day(m: &serde_json::Value, date: &str) -> serde_json::Value {
    m["days"]
        .as_array()
        .expect("days")
        .iter()
        .find(|d| d["date"] == date)
        .cloned()
        .unwrap_or_else(|| panic!("{date} in {m}"))
}

#[test]
fn a_clock_in_at_one_counter_and_out_at_another_make_one_session() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let (sa, sb) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));

    run(&[
        "staff",
        "add",
        "--db",
        sa,
        "--name",
        "Meena",
        "--pin",
        "2468",
        "--salary",
        "9000",
        "--shift",
        "10:00-20:00",
        "--joined",
        "2026-11-01",
    ]);
    synced(&a);
    synced(&b);

    // In at A; B hears of it by sync (a counter checks out only someone
    // it knows is in), and she checks out at B.
    run(&[
        "attendance",
        "in",
        "--db",
        sa,
        "--pin",
        "2468",
        "--at",
        "2026-11-10 09:55",
    ]);
    synced(&a);
    synced(&b);
    run(&[
        "attendance",
        "out",
        "--db",
        sb,
        "--pin",
        "2468",
        "--at",
        "2026-11-10 19:40",
    ]);
    // The owner marks the 11th at B, then corrects it at A a little later.
    run(&[
        "attendance",
        "mark",
        "--db",
        sb,
        "--staff",
        "Meena",
        "--date",
        "2026-11-11",
        "--status",
        "absent",
        "--note",
        "did not come",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    run(&[
        "attendance",
        "mark",
        "--db",
        sa,
        "--staff",
        "Meena",
        "--date",
        "2026-11-11",
        "--status",
        "half_day",
        "--note",
        "came after lunch",
    ]);
    synced(&b);
    synced(&a);
    synced(&b);

    let (ma, mb) = (month(sa), month(sb));
    assert_eq!(ma, mb, "both counters work the month out the same");
    let tenth = day(&ma, "2026-11-10");
    let sessions = tenth["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 1, "one session, not two halves: {tenth}");
    assert_eq!(
        tenth["worked_minutes"],
        9 * 60 + 45,
        "09:55 at A to 19:40 at B"
    );
    // The shift is 9 h (10 to 8 less the hour's break): 45 minutes over,
    // in whole blocks of 30.
    assert_eq!(tenth["overtime_minutes"], 30);
    assert_eq!(tenth["missing_check_out"], false);
    let eleventh = day(&ma, "2026-11-11");
    assert_eq!(eleventh["status"], "H", "the later mark wins: {eleventh}");
    assert_eq!(eleventh["note"], "came after lunch");
    assert_check_clean(&a);
    assert_check_clean(&b);
}

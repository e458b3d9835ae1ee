//! Staff and attendance with the real binary on a real file: a person added
//! with a PIN (only its argon2 hash is kept), a wrong PIN refused slowly
//! with nothing recorded, a month of clock-ins and -outs by PIN (a lunch
//! break, a late start, a missing check-out, a night past midnight) and the
//! owner's marks, and the month's JSON checked against a hand-made file.

mod common;

use common::cli::{galla, ok, refused};
use std::time::Instant;

fn events(d: &std::path::Path) -> String {
    ok(&["export", "events", "--db", "s.db"], d)
}

#[test]
fn a_month_of_clocking_by_pin_adds_up_to_the_hand_made_figures() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
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
    let add = [
        "staff",
        "add",
        "--db",
        "s.db",
        "--name",
        "सुनीता देवी",
        "--phone",
        "98765 00001",
        "--role",
        "cashier",
        "--pin",
        "4821",
        "--salary",
        "12000",
        "--shift",
        "10:00-20:00",
        "--off",
        "sun",
        "--joined",
        "2026-10-01",
    ];
    ok(&add, d);
    // Bad values are refused, nothing written.
    let before = events(d).lines().count();
    for (args, says) in [
        (vec!["--name", "Ravi", "--pin", "4821"], "already someone's"),
        (vec!["--name", "Ravi", "--pin", "12"], "4 to 6 digits"),
        (vec!["--name", "Ravi", "--shift", "9-5"], "10:00-20:00"),
        (vec!["--name", "Ravi", "--off", "funday"], "day of the week"),
        (vec!["--name", "सुनीता देवी"], "already on the staff list"),
    ] {
        let mut a = vec!["staff", "add", "--db", "s.db"];
        a.extend(args);
        let err = refused(&a, d);
        assert!(err.contains(says), "{err}");
    }
    assert_eq!(events(d).lines().count(), before);
    // The PIN itself is nowhere; its hash is argon2.
    let all = events(d);
    assert!(!all.contains("4821"), "the PIN is not stored");
    assert!(all.contains("$argon2id$"), "{all}");
    let list = ok(&["staff", "--db", "s.db", "--json"], d);
    assert!(list.contains("\"has_pin\":true"), "{list}");

    // A wrong PIN: refused, slowly, and nothing recorded.
    let t = Instant::now();
    let err = refused(&["attendance", "in", "--db", "s.db", "--pin", "0000"], d);
    assert!(err.contains("nothing was recorded"), "{err}");
    assert!(
        t.elapsed().as_millis() >= 900,
        "a wrong PIN answers after a pause"
    );
    assert_eq!(events(d).lines().count(), before);

    let clock = |dir: &str, at: &str| {
        ok(
            &[
                "attendance",
                dir,
                "--db",
                "s.db",
                "--pin",
                "4821",
                "--at",
                at,
            ],
            d,
        )
    };
    assert!(clock("in", "2026-11-02 09:58").contains("सुनीता देवी — checked in 09:58"));
    clock("out", "2026-11-02 14:00");
    clock("in", "2026-11-02 15:00");
    let out = clock("out", "2026-11-02 20:30");
    assert!(out.contains("9 h 32 min today"), "{out}");
    clock("in", "2026-11-03 10:25");
    clock("out", "2026-11-03 19:25");
    clock("in", "2026-11-04 10:00"); // never checked out
    clock("in", "2026-11-07 20:00");
    let out = clock("out", "2026-11-08 02:00");
    assert!(out.contains("6 h 0 min since yesterday"), "{out}");
    let err = refused(
        &[
            "attendance",
            "out",
            "--db",
            "s.db",
            "--pin",
            "4821",
            "--at",
            "2026-11-09 19:00",
        ],
        d,
    );
    assert!(err.contains("has not checked in"), "{err}");
    for (date, status) in [
        ("2026-11-05", "half_day"),
        ("2026-11-06", "leave"),
        ("2026-11-10", "holiday"),
    ] {
        ok(
            &[
                "attendance",
                "mark",
                "--db",
                "s.db",
                "--staff",
                "सुनीता",
                "--date",
                date,
                "--status",
                status,
            ],
            d,
        );
    }
    let err = refused(
        &[
            "attendance",
            "mark",
            "--db",
            "s.db",
            "--staff",
            "सुनीता",
            "--date",
            "2026-11-11",
            "--status",
            "sick",
        ],
        d,
    );
    assert!(err.contains("not a mark"), "{err}");

    // The month, against the hand-made figures.
    let got: serde_json::Value = serde_json::from_str(&ok(
        &["attendance", "--db", "s.db", "--month", "2026-11", "--json"],
        d,
    ))
    .expect("json");
    let want: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/attendance-2026-11.json"),
        )
        .expect("fixture"),
    )
    .expect("fixture json");
    for (k, v) in want.as_object().expect("object") {
        if k == "days" {
            continue;
        }
        assert_eq!(&got[k], v, "{k}");
    }
    let days = got["days"].as_array().expect("days");
    assert_eq!(days.len(), 30);
    for (date, expect) in want["days"].as_object().expect("days") {
        let day = days
            .iter()
            .find(|x| x["date"] == date.as_str())
            .unwrap_or_else(|| panic!("{date}"));
        for (k, v) in expect.as_object().expect("fields") {
            if k == "sessions" {
                assert_eq!(
                    day["sessions"].as_array().map(Vec::len),
                    v.as_u64().map(|n| n as usize),
                    "{date}"
                );
            } else {
                assert_eq!(&day[k], v, "{date} {k}");
            }
        }
    }
    // The shop's overtime rate is a shared setting: 30 minutes at ₹60 an hour.
    ok(
        &[
            "settings",
            "set",
            "--db",
            "s.db",
            "attendance.overtime_rate",
            "60",
        ],
        d,
    );
    let got: serde_json::Value = serde_json::from_str(&ok(
        &[
            "attendance",
            "--db",
            "s.db",
            "--month",
            "2026-11",
            "--staff",
            "सुनीता",
            "--json",
        ],
        d,
    ))
    .expect("json");
    assert_eq!(got["overtime_pay_paise"], 3_000);
    assert_eq!(got["pay_due_paise"], 463_000);

    // The month sheet: CSV, PDF and the till's printer agree with the JSON.
    let month = ["attendance", "--db", "s.db", "--month", "2026-11"];
    let csv = ok(&[&month[..], &["--format", "csv"]].concat(), d);
    let mut rows = csv.lines();
    let head: Vec<&str> = rows.next().expect("header").split(',').collect();
    assert_eq!(head[..3], ["name", "1", "2"]);
    assert!(head.contains(&"pay_due"));
    let row: Vec<&str> = rows
        .find(|r| r.starts_with("सुनीता देवी"))
        .expect("her row")
        .split(',')
        .collect();
    let col = |name: &str| row[head.iter().position(|h| *h == name).expect(name)];
    assert_eq!(col("pay_due"), "4630.00");
    assert_eq!(col("present"), got["present"].to_string());
    assert_eq!(col("overtime_minutes"), got["overtime_minutes"].to_string());
    assert_eq!(col("1"), "WO", "1 November 2026 was a Sunday, her week off");
    ok(
        &[&month[..], &["--format", "pdf", "--out", "m.pdf"]].concat(),
        d,
    );
    let pdf = lopdf::Document::load(d.join("m.pdf")).expect("a PDF lopdf opens");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let words = pdf.extract_text(&pages).expect("text");
    assert!(words.contains("Total pay due: Rs. 4,630.00"), "{words}");
    assert!(
        words.contains("9876500001"),
        "the Devanagari name by phone: {words}"
    );
    assert!(words.contains("November 2026"), "{words}");
    ok(&[&month[..], &["--print"]].concat(), d);
    let printed = std::fs::read(d.join("s-receipts.escpos")).expect("printed to the file printer");
    let printed = String::from_utf8_lossy(&printed);
    assert!(
        printed.contains("ATTENDANCE") && printed.contains("Total pay due"),
        "{printed}"
    );
    let err = refused(&[&month[..], &["--format", "xls"]].concat(), d);
    assert!(err.contains("use text, csv or pdf"), "{err}");
    let err = refused(&[&month[..], &["--format", "pdf"]].concat(), d);
    assert!(err.contains("--out"), "{err}");
    let out = galla(&["check", "--db", "s.db"], d);
    assert!(String::from_utf8_lossy(&out.stdout).contains("every projection equals its rebuild"));
}

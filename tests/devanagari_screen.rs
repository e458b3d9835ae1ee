//! Devanagari on a real terminal's screen: the real binary in a
//! pseudo-terminal, its output read back through a vt100 parser that keeps
//! one code point per cell as tmux and VTE do. A popup over a bill line of
//! `देसी घी` keeps its left border on every row, closing it leaves the line
//! whole, and switching the Staff pane's views over Devanagari names leaves
//! no stray vowel signs behind (ui::clusters; both failed before it).

mod common;

use common::pty::Session;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn devanagari(c: char) -> bool {
    ('\u{0900}'..='\u{097f}').contains(&c)
}

/// The screen's rows as a terminal holds them.
fn rows(s: &Session) -> Vec<String> {
    let parser = s.parser.lock().expect("parser");
    parser.screen().rows(0, 80).collect()
}

/// Every row with Devanagari in it holds one of `names` whole: nothing is
/// left of an older frame's names.
fn no_stray_marks(s: &Session, names: &[&str], when: &str) {
    for row in rows(s) {
        if row.chars().any(devanagari) {
            assert!(
                names.iter().any(|n| row.contains(n)),
                "{when}: a row holds Devanagari that is no name: {row:?}\n{}",
                s.screen()
            );
        }
    }
}

/// The column of the popup's top-left corner and the rows down to its
/// bottom edge; each of those rows must have the left border there.
fn assert_left_border(s: &Session) {
    let parser = s.parser.lock().expect("parser");
    let screen = parser.screen();
    let (top, col) = (0..24u16)
        .find_map(|r| {
            (0..80u16)
                .find(|&c| screen.cell(r, c).is_some_and(|x| x.contents() == "┌"))
                .map(|c| (r, c))
        })
        .unwrap_or_else(|| panic!("no popup on screen:\n{}", screen.contents()));
    let mut r = top + 1;
    loop {
        let cell = screen
            .cell(r, col)
            .map(|x| x.contents())
            .unwrap_or_default();
        if cell == "└" {
            break;
        }
        assert_eq!(
            cell,
            "│",
            "row {r} lost the popup's left border at column {col}:\n{}",
            screen.contents()
        );
        r += 1;
        assert!(r < 24, "no bottom edge:\n{}", screen.contents());
    }
}

#[test]
fn popups_and_pane_switches_over_devanagari_leave_a_clean_screen() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shop.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_galla"))
        .args([
            "demo",
            "--db",
            db.to_str().expect("utf-8"),
            "--variants",
            "120",
            "--days",
            "3",
        ])
        .args(["--end", "2026-11-20"])
        .output()
        .expect("demo");
    assert!(out.status.success());
    let mut s = Session::start(&db, &[]);
    s.wait_for("Billing", WAIT);
    // देसी घी 500 ml: 6 on the shop floor in this demo. At 80 columns the
    // box's left edge falls on the second cell of घी.
    s.send(b"8901000000545\r");
    s.wait_for("देसी घी", WAIT);
    s.send(b"\x1bOS"); // F4: the customer box, over the line
    s.wait_for("└", WAIT);
    std::thread::sleep(Duration::from_millis(200));
    assert_left_border(&s);
    s.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    let screen = s.screen();
    assert!(!screen.contains('│') && !screen.contains('┌'), "{screen}");
    no_stray_marks(&s, &["देसी घी"], "after the customer box");

    let staff = ["अमित कुमार"];
    s.send(b"\x1b5"); // Alt+5: Staff, today
    s.wait_for("in now", WAIT);
    no_stray_marks(&s, &staff, "today");
    s.send(b"\t");
    s.wait_for("P present", WAIT);
    no_stray_marks(&s, &staff, "the month after today");
    s.send(b"\t");
    s.wait_for("Staff list", WAIT);
    no_stray_marks(&s, &staff, "the list after the month");
    s.send(b"\x1b1"); // Alt+1: back to Billing
    s.wait_for("देसी घी", WAIT);
    no_stray_marks(&s, &["देसी घी"], "billing after the staff list");
    // Ctrl+Q asks first with a bill open; again quits (the bill is kept).
    s.send(b"\x11");
    s.wait_for("quit", WAIT);
    s.send(b"\x11");
    s.wait_exit(WAIT);
}

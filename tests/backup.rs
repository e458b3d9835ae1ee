//! Backups a shopkeeper can trust, on real files with the real binary: a
//! backup taken while another process keeps writing is consistent, checks
//! clean and restores into a new file that checks clean too; a restore
//! refuses to overwrite a database holding events the backup lacks (until
//! --force); the daily backups keep the newest N; `galla export events`
//! read back by `galla import events` into an empty database gives the
//! same events, checks clean and carries on as the same counter; and the
//! status bar warns when the last good backup is older than two days.

mod common;

use common::cli::{ok, refused};
use galla::store::{Access, Store};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn events(db: &Path) -> Vec<String> {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let mut ids = Vec::new();
    store
        .for_each_event(|_, e| {
            ids.push(e.event_id.to_string());
            Ok(())
        })
        .expect("events");
    ids.sort();
    ids
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// `galla cashbook in` of `rupees` as capital.
fn cash_in<'a>(db: &'a str, rupees: &'a str) -> [&'a str; 8] {
    [
        "cashbook",
        "in",
        "--db",
        db,
        "--amount",
        rupees,
        "--category",
        "capital",
    ]
}

#[test]
fn a_backup_taken_while_another_process_writes_restores_and_checks_clean() {
    let (dir, db) = common::demo_shop(200, 10);
    let cwd = dir.path().to_path_buf();
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (stop, written, cwd, db) = (stop.clone(), written.clone(), cwd.clone(), db.clone());
        std::thread::spawn(move || {
            // Another process, writing one cash entry after another.
            while !stop.load(Ordering::Acquire) {
                ok(&cash_in(s(&db), "1"), &cwd);
                written.fetch_add(1, Ordering::AcqRel);
            }
        })
    };
    while written.load(Ordering::Acquire) < 2 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let copy = cwd.join("backups").join("shop-copy.db");
    let said = ok(&["backup", "--db", s(&db), "--to", s(&copy)], &cwd);
    let during = written.load(Ordering::Acquire);
    while written.load(Ordering::Acquire) < during + 2 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    stop.store(true, Ordering::Release);
    writer.join().expect("writer");
    assert!(said.contains("the copy checks clean"), "{said}");
    assert!(said.contains("shop-copy.db"), "says where it is: {said}");
    assert!(!cwd.join("backups/shop-copy.db.partial").exists());
    ok(&["check", "--db", s(&copy)], &cwd);
    let (original, backed_up) = (events(&db), events(&copy));
    assert!(
        backed_up.len() < original.len(),
        "the writer went on after the copy"
    );
    assert!(
        backed_up
            .iter()
            .all(|id| original.binary_search(id).is_ok())
    );
    let n: usize = said
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("the count");
    assert_eq!(n, backed_up.len());
    let why = refused(&["backup", "--db", s(&db), "--to", s(&copy)], &cwd);
    assert!(why.contains("already exists"), "{why}");

    // Restored into a new file: the same events, checked clean.
    let fresh = cwd.join("restored.db");
    let said = ok(&["restore", "--from", s(&copy), "--db", s(&fresh)], &cwd);
    assert!(said.contains(&format!("restored {n} events")), "{said}");
    ok(&["check", "--db", s(&fresh)], &cwd);
    assert_eq!(events(&fresh), backed_up);
}

#[test]
fn a_restore_refuses_to_overwrite_a_newer_database_unless_forced() {
    let (dir, db) = common::demo_shop(40, 2);
    let cwd = dir.path();
    let copy = cwd.join("copy.db");
    ok(&["backup", "--db", s(&db), "--to", s(&copy)], cwd);
    // Restoring what the database already holds loses nothing.
    ok(&["restore", "--from", s(&copy), "--db", s(&db)], cwd);
    ok(&cash_in(s(&db), "5"), cwd);
    let before = events(&db);
    let why = refused(&["restore", "--from", s(&copy), "--db", s(&db)], cwd);
    assert!(
        why.contains("holds 1 events the backup does not") && why.contains("--force"),
        "{why}"
    );
    assert_eq!(events(&db), before, "nothing changed");
    let why = refused(
        &[
            "restore",
            "--from",
            s(&cwd.join("nothing.db")),
            "--db",
            s(&db),
        ],
        cwd,
    );
    assert!(why.contains("there is no backup"), "{why}");
    std::fs::write(cwd.join("junk.db"), "not a database").expect("junk");
    let why = refused(
        &["restore", "--from", s(&cwd.join("junk.db")), "--db", s(&db)],
        cwd,
    );
    assert!(why.contains("not a galla database"), "{why}");
    assert_eq!(events(&db), before, "still nothing changed");

    let said = ok(
        &["restore", "--from", s(&copy), "--db", s(&db), "--force"],
        cwd,
    );
    assert!(said.contains("1 events the database held"), "{said}");
    ok(&["check", "--db", s(&db)], cwd);
    assert_eq!(events(&db), events(&copy));
}

#[test]
fn daily_backups_keep_the_newest_few() {
    let (dir, db) = common::demo_shop(20, 1);
    let folder = dir.path().join("daily");
    let now = chrono::Utc::now();
    for day in 1..=3 {
        let at = now + chrono::Duration::days(day);
        let made = galla::backup::daily(&db, &folder, 2, at).expect("backup");
        assert!(made.is_some(), "a day later another is due");
    }
    assert!(
        galla::backup::daily(&db, &folder, 2, chrono::Utc::now())
            .expect("checked")
            .is_none(),
        "not due within a day of the last"
    );
    let mut kept: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2, "{kept:?}");
    let day3 = (now + chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    assert!(kept[1].starts_with(&format!("shop-{day3}")), "{kept:?}");
    let store = Store::open(&db, Access::ReadOnly).expect("open");
    let (_, path) = galla::backup::last_ok(&store).expect("noted");
    assert!(path.ends_with(&kept[1]), "{path}");
}

#[test]
fn export_then_import_gives_the_same_events_and_the_same_counter() {
    let (dir, db) = common::demo_shop(60, 3);
    let people = common::users::add_users(&db);
    let _ = people;
    let cwd = dir.path();
    // An approved entry, so the approver travels too.
    ok(
        &[
            "--sign-in",
            common::users::CASHIER_PIN,
            "--approve",
            common::users::MANAGER_PIN,
            "cashbook",
            "out",
            "--db",
            s(&db),
            "--amount",
            "20",
            "--category",
            "tea",
        ],
        cwd,
    );
    let exported = ok(&["export", "events", "--db", s(&db)], cwd);
    assert!(
        exported.contains("\"approved_by\""),
        "the approval is exported"
    );
    let file = cwd.join("events.jsonl");
    std::fs::write(&file, &exported).expect("write");

    let moved = cwd.join("new-pc").join("shop.db");
    let said = ok(&["import", "events", "--db", s(&moved), s(&file)], cwd);
    let n = exported.lines().count();
    assert!(said.contains(&format!("imported {n} events")), "{said}");
    assert!(said.contains("counter C1"), "{said}");
    ok(&["check", "--db", s(&moved)], cwd);
    assert_eq!(
        ok(&["export", "events", "--db", s(&moved)], cwd),
        exported,
        "the same events, in the same order, from the same counter"
    );
    let (old, new) = (
        Store::open(&db, Access::ReadOnly).expect("old"),
        Store::open(&moved, Access::ReadOnly).expect("new"),
    );
    assert_eq!(
        new.device_id(),
        old.device_id(),
        "it carries on as that counter"
    );
    let (was, now) = (
        old.last_bill_seq("", "C1").expect("seq"),
        new.last_bill_seq("", "C1").expect("seq"),
    );
    assert!(
        now > 0 && now >= was,
        "no bill number is used twice: {was} → {now}"
    );
    let users = ok(&["users", "--db", s(&moved), "--json"], cwd);
    assert!(users.contains("\"users_set_up\":true"), "{users}");

    // Only into an empty database; a bad line refuses the whole file.
    let why = refused(&["import", "events", "--db", s(&moved), s(&file)], cwd);
    assert!(why.contains("already holds events"), "{why}");
    let broken = cwd.join("broken.jsonl");
    let mut lines: Vec<&str> = exported.lines().collect();
    lines.insert(3, "{\"type\": \"SALE\"}");
    std::fs::write(&broken, lines.join("\n")).expect("write");
    let empty = cwd.join("empty.db");
    let why = refused(&["import", "events", "--db", s(&empty), s(&broken)], cwd);
    assert!(why.contains("line 4"), "{why}");
    assert!(
        !empty.exists() || events(&empty).is_empty(),
        "nothing was imported"
    );
}

#[test]
fn the_status_bar_warns_when_the_last_backup_is_old() {
    let t = common::till::till_with(|db| {
        let mut store = Store::open(db, Access::ReadWrite).expect("open");
        // The till's clock is 2026-11-20 12:00 UTC.
        store
            .set_local(galla::backup::LAST_OK, "2026-11-17T09:00:00+00:00")
            .expect("set");
        let long = "/media/owner/a-rather-long-name-for-the-usb-drive-the-shop-bought/backups/shop-2026-11-17.db";
        store
            .set_local(galla::backup::LAST_PATH, long)
            .expect("set");
    });
    let screen = t.screen(80, 24);
    assert!(screen.contains("⚠ backup 3 days old"), "{screen}");
    // The Audit pane says how old, and where.
    let mut t = t;
    t.press(common::till::alt('8'));
    let screen = t.screen(80, 24);
    assert!(
        screen.contains("Last good backup: 3 d ago (17 Nov 14:30)"),
        "{screen}"
    );
    assert!(
        screen.contains(
            "  …ather-long-name-for-the-usb-drive-the-shop-bought/backups/shop-2026-11-17.db"
        ),
        "the end of a long path: {screen}"
    );
    let t = common::till::till_with(|db| {
        let mut store = Store::open(db, Access::ReadWrite).expect("open");
        store
            .set_local(galla::backup::LAST_OK, "2026-11-19T09:00:00+00:00")
            .expect("set");
    });
    assert!(!t.screen(80, 24).contains("backup"), "a day old is fine");
}

//! The real `galla` binary in a pseudo-terminal (portable-pty + vt100): it
//! starts on a demo database, draws the Stock table, filters as keys are
//! typed, quits on Ctrl+Q with the terminal restored; and a read-only galla
//! shows another process's write within a second, with no key pressed; and a
//! whole bill goes from a scan to saved, with its receipt in a file printer.

mod common;

use common::pty::Session;
use galla::store::{Access, Store};
use galla_domain::payload::Adjustment;
use galla_domain::{AdjustReason, EventPayload, NewEvent, Qty, StaffId};
use std::time::{Duration, Instant};

#[test]
fn starts_filters_and_quits_restoring_the_terminal() {
    let (_dir, path) = common::demo_shop(200, 5);
    let mut s = Session::start(&path, &[]);
    // A counter opens on Billing; F3 is Stock.
    s.wait_for("Item:", Duration::from_secs(20));
    s.send(b"\x1bOR"); // F3
    s.wait_for("Search:", Duration::from_secs(5));
    // The first rows in SKU order are the jute bags.
    s.wait_for("BAG000", Duration::from_secs(10));
    // A frame may arrive in pieces: wait for its last line too.
    // The demo records its own name; it wins over config.toml's.
    s.wait_for("Sharma Garments", Duration::from_secs(5));
    assert!(
        s.parser.lock().expect("parser").screen().alternate_screen(),
        "runs in the alternate screen"
    );
    s.send("saree".as_bytes());
    s.wait_for("Search: saree", Duration::from_secs(5));
    // Saree rows come; bag rows are filtered out.
    s.wait_for("SAR000", Duration::from_secs(5));
    let screen = s.screen();
    assert!(!screen.contains("BAG000"), "{screen}");
    // "q" is typed into the search, Ctrl+Q quits.
    s.send(b"q");
    s.wait_for("Search: sareeq", Duration::from_secs(5));
    s.send(&[0x11]);
    let status = s.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "exit status {status:?}");
    // The last bytes may still be on their way through the reader thread.
    let start = Instant::now();
    while s.parser.lock().expect("parser").screen().alternate_screen()
        && start.elapsed() < Duration::from_secs(3)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let parser = s.parser.lock().expect("parser");
    assert!(
        !parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(
        !parser.screen().hide_cursor(),
        "the cursor is visible again"
    );
}

#[test]
fn read_only_view_shows_another_process_write_within_a_second() {
    let (_dir, path) = common::demo_shop(50, 2);
    let mut s = Session::start(&path, &["--read-only"]);
    s.wait_for("READ-ONLY", Duration::from_secs(20));
    s.send(b"KUR00000-01");
    s.wait_for("Search: KUR00000-01", Duration::from_secs(5));
    // Show only the shop floor: one quantity column.
    s.send(b"\t");
    s.wait_for("Qty", Duration::from_secs(5));
    let mut store = Store::open(&path, Access::ReadWrite).expect("writer");
    let floor = store.locations().expect("locations")[0].location_id;
    let kurta = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .find(|e| e.sku == "KUR00000-01")
        .expect("the demo's first kurta");
    let rows = store
        .stock_rows(&[kurta.variant_id], &store.locations().expect("locations"))
        .expect("rows");
    let before = rows[0].at(Some(floor));
    let target = before + Qty::units(777);
    store
        .append(NewEvent::now(
            StaffId::OWNER,
            Some(floor),
            EventPayload::Adjustment(Adjustment {
                location_id: floor,
                variant_id: rows[0].variant_id,
                qty_delta: Qty::units(777),
                reason: AdjustReason::Count,
                note: None,
            }),
        ))
        .expect("append");
    let took = s.wait_for(&format!(" {target}"), Duration::from_secs(3));
    assert!(
        took <= Duration::from_millis(1500),
        "the read-only view took {took:?} to refresh"
    );
    s.send(&[0x11]);
    assert!(s.wait_exit(Duration::from_secs(10)).success());
}

#[test]
fn a_whole_bill_from_scan_to_saved_with_the_receipt_in_a_file() {
    let (dir, path) = common::demo_shop(60, 2);
    let receipts = dir.path().join("receipts.escpos");
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let floor = store.locations().expect("locations")[0].location_id;
    let barcode = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .find(|e| store.qty_at(e.variant_id, floor).expect("qty") >= Qty::units(2))
        .and_then(|e| e.barcode)
        .expect("a stocked item with a barcode");
    drop(store);
    let first = common::bill_no(&path, 1);
    let printer = format!("[printer]\ntarget = \"file:{}\"\n", receipts.display());
    let mut s = Session::start_with(&path, &[], &printer);
    s.wait_for("Item:", Duration::from_secs(20));
    s.wait_for("Item:", Duration::from_secs(5));
    // The scanner types the code and Enter in one burst.
    s.send(format!("{barcode}\r").as_bytes());
    s.wait_for("TOTAL", Duration::from_secs(5));
    s.wait_for("1 line", Duration::from_secs(5));
    assert!(!s.screen().contains("1 lines"), "{}", s.screen());
    s.send(b"\x1b[21~"); // F10
    s.wait_for("Payment", Duration::from_secs(5));
    s.send(b"\r"); // blank amount: the rest in cash
    s.wait_for(&format!("saved bill {first}"), Duration::from_secs(10));
    let start = Instant::now();
    while !receipts.exists() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send(&[0x11]);
    assert!(s.wait_exit(Duration::from_secs(10)).success());
    let bytes = std::fs::read(&receipts).expect("the receipt was printed to the file");
    assert_eq!(&bytes[..2], &[0x1B, b'@']);
    assert!(bytes.windows(first.len()).any(|w| w == first.as_bytes()));
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    assert!(galla::store::check(&store).expect("check").is_clean());
}

/// Whether this process runs as root (then permissions do not stop it, and
/// another user is `nobody`).
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn staff_who_may_not_write_the_shop_can_still_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = common::demo_shop(30, 2);
    let set = |p: &std::path::Path, mode| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    // Root: read as `nobody`, who owns nothing here. Anyone else: take away
    // the write permission from the file and its folder.
    let prefix: &[&str] = if is_root() {
        &["runuser", "-u", "nobody", "--"]
    } else {
        &[]
    };
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "timezone = \"Asia/Kolkata\"\n").expect("config");
    set(&path, 0o444);
    set(&config, 0o444);
    set(dir.path(), 0o555);
    let run = |args: &[&str]| {
        let mut all: Vec<&str> = prefix.to_vec();
        let bin = env!("CARGO_BIN_EXE_galla");
        all.push(bin);
        all.extend(args);
        std::process::Command::new(all[0])
            .args(&all[1..])
            .output()
            .expect("runs")
    };
    let db = path.to_str().expect("utf-8");
    let cfg = config.to_str().expect("utf-8");
    for args in [
        vec!["stock", "--db", db, "--config", cfg],
        vec!["check", "--db", db, "--config", cfg],
        vec!["bills", "--db", db, "--config", cfg],
    ] {
        let out = run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The screen, read-only, with nowhere beside the shop to log to.
    let mut s = Session::start_as(prefix, &path, &["--read-only"], "");
    s.wait_for("Search:", Duration::from_secs(20));
    s.wait_for("KUR00000-01", Duration::from_secs(10));
    s.send(b"\x11"); // Ctrl+Q
    assert!(
        s.wait_exit(Duration::from_secs(10)).success(),
        "{}",
        s.screen()
    );
    set(dir.path(), 0o755);
    set(&path, 0o644);
    assert!(
        !path.with_extension("log").exists(),
        "nothing written beside the shop"
    );
}

#[test]
fn a_new_file_asks_for_the_shop_then_opens_billing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("new.db");
    let mut s = Session::start(&path, &[]);
    s.wait_for("Set up your shop", Duration::from_secs(20));
    // Typed by a person (keys faster than 40 ms apart would be a scan).
    let mut typed = |text: &str| {
        for b in text.bytes() {
            s.send(&[b]);
            std::thread::sleep(Duration::from_millis(45));
        }
    };
    typed("Gupta Kirana\t\t"); // no address
    // A wrong state code is pointed at, and nothing is made.
    typed("99\t\t\t\t\t\r");
    s.wait_for("state code \"99\" is not valid", Duration::from_secs(5));
    // The message wraps inside the form, every line indented like the rest
    // (it used to run its second line against the border).
    s.wait_for("Maharashtra", Duration::from_secs(5));
    let screen = s.screen();
    let inside: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.split_once('│').map(|(_, rest)| rest))
        .collect();
    assert!(
        inside.iter().all(|l| l.is_empty() || l.starts_with(' ')),
        "{screen}"
    );
    let mut typed = |text: &str| {
        for b in text.bytes() {
            s.send(&[b]);
            std::thread::sleep(Duration::from_millis(45));
        }
    };
    typed("\x15"); // Ctrl+U clears the answer
    typed("27\t\t\t\t\t\r");
    s.wait_for("Item:", Duration::from_secs(5));
    s.wait_for("Gupta Kirana is set up", Duration::from_secs(5));
    s.send(b"\x11"); // Ctrl+Q
    assert!(
        s.wait_exit(Duration::from_secs(10)).success(),
        "{}",
        s.screen()
    );
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let settings = store.shop_settings().expect("settings");
    assert_eq!(settings["shop.name"], "Gupta Kirana");
    assert_eq!(settings["shop.state"], "27");
    assert_eq!(store.locations().expect("locations")[0].name, "Shop floor");
    assert_eq!(
        store
            .local(galla::cli::COUNTER_KEY)
            .expect("local")
            .as_deref(),
        Some("C1")
    );
    let report = galla::store::check(&store).expect("check");
    assert!(report.is_clean(), "{:?}", report.differences);
}

#[test]
fn leaving_the_first_start_form_makes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("new.db");
    let mut s = Session::start(&path, &[]);
    s.wait_for("Set up your shop", Duration::from_secs(20));
    s.send(b"\x1b"); // Esc
    assert!(
        s.wait_exit(Duration::from_secs(10)).success(),
        "{}",
        s.screen()
    );
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    assert_eq!(
        store.event_count().expect("count"),
        0,
        "the next start asks again"
    );
}

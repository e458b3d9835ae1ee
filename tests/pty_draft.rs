//! The real binary in a pseudo-terminal keeps the bill being made (issue 9):
//! kill -9 with a half-made, part-paid bill, and the next start shows the
//! same bill with its payment; SIGTERM leaves the alternate screen and keeps
//! the bill too.

mod common;

use common::pty::Session;
use galla::store::{Access, Store};
use galla_domain::Qty;
use std::path::Path;
use std::time::Duration;

fn stocked_barcode(path: &Path) -> String {
    let store = Store::open(path, Access::ReadOnly).expect("open");
    let floor = store.locations().expect("locations")[0].location_id;
    store
        .search_entries()
        .expect("entries")
        .into_iter()
        .find(|e| {
            store.qty_at(e.variant_id, floor).expect("qty") >= Qty::units(3)
                && store
                    .sale_item(e.variant_id)
                    .expect("item")
                    .is_some_and(|(_, v)| v.price > galla_domain::Money::from_rupees(20))
        })
        .and_then(|e| e.barcode)
        .expect("a stocked item with a barcode")
}

fn billing(s: &mut Session) {
    s.wait_for("Item:", Duration::from_secs(20));
}

#[test]
fn kill_9_with_a_part_paid_bill_then_restart_shows_the_same_bill() {
    let (_dir, path) = common::demo_shop(60, 2);
    let barcode = stocked_barcode(&path);
    let first = common::bill_no(&path, 1);
    let mut s = Session::start(&path, &[]);
    billing(&mut s);
    s.send(format!("2*{barcode}\r").as_bytes());
    s.wait_for("TOTAL", Duration::from_secs(5));
    s.send(b"\x1b[21~"); // F10
    s.wait_for("Payment", Duration::from_secs(5));
    s.send(b"20\r");
    s.wait_for("paid cash", Duration::from_secs(5));
    let before = s.screen();
    s.signal("KILL");
    s.wait_exit(Duration::from_secs(10));
    let mut s = Session::start(&path, &[]);
    billing(&mut s);
    s.wait_for("brought back the bill", Duration::from_secs(5));
    let total_line = |screen: &str| {
        screen
            .lines()
            .find(|l| l.contains("TOTAL"))
            .map(str::to_string)
    };
    assert!(s.screen().contains("₹20.00 already paid"), "{}", s.screen());
    s.send(b"\x1b[21~");
    s.wait_for("paid cash", Duration::from_secs(5));
    assert!(s.screen().contains("₹20.00"), "{}", s.screen());
    assert!(before.contains("Payment"), "{before}");
    s.send(b"\r"); // the rest in cash
    s.wait_for(&format!("saved bill {first}"), Duration::from_secs(10));
    assert!(total_line(&s.screen()).is_some());
    s.send(&[0x11]);
    assert!(s.wait_exit(Duration::from_secs(10)).success());
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let bills = store.bills_between(None, None).expect("bills");
    let sale = &bills.last().expect("saved").sale;
    assert_eq!(sale.bill_no, first);
    assert_eq!(sale.lines[0].qty, Qty::units(2));
    assert_eq!(
        sale.payments[0].amount,
        galla_domain::Money::from_rupees(20)
    );
    assert_eq!(store.open_bill().expect("read"), None);
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_bill() {
    let (_dir, path) = common::demo_shop(60, 2);
    let barcode = stocked_barcode(&path);
    let mut s = Session::start(&path, &[]);
    billing(&mut s);
    s.send(format!("{barcode}\r").as_bytes());
    s.wait_for("TOTAL", Duration::from_secs(5));
    assert!(s.parser.lock().expect("parser").screen().alternate_screen());
    s.signal("TERM");
    assert!(s.wait_exit(Duration::from_secs(10)).success());
    // The last bytes may still be on their way through the pty reader.
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while s.parser.lock().expect("parser").screen().alternate_screen()
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !s.parser.lock().expect("parser").screen().alternate_screen(),
        "the terminal left the alternate screen"
    );
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let kept = store.open_bill().expect("read").expect("kept");
    assert_eq!(kept.draft.lines.len(), 1);
}

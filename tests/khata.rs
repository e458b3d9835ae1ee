//! The khata and the cash book on a real shop file, as a shopkeeper would use
//! them: a customer added with an opening balance and a normalised phone, a
//! bill on her khata at the till, part of it returned, payments received and
//! a manual entry, each line with its running balance; ageing as of a later
//! day; a reminder whose WhatsApp and UPI links carry the amount; a day's
//! cash book with money in and out, a close that needs a note for a
//! difference and happens once, and a late entry that counts the next day.
//! `galla check` rebuilds every projection and finds them equal.

mod common;

use chrono::{Duration, Utc};
use common::cli::{ok, refused};
use common::till::{key, till};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn events(db: &str, cwd: &Path) -> usize {
    ok(&["export", "events", "--db", db], cwd).lines().count()
}

fn paise(v: &serde_json::Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not paise: {v}"))
}

fn party_row(db: &str, phone: &str, cwd: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["parties", "--db", db, "--json"];
    args.extend_from_slice(extra);
    json_lines(&ok(&args, cwd))
        .into_iter()
        .find(|r| r["phone"] == phone)
        .unwrap_or_else(|| panic!("{phone} is listed"))
}

#[test]
fn a_customers_khata_from_opening_balance_to_reminder() {
    let mut t = till();
    let codes = t.codes.clone();
    let d = t.dir.path().to_path_buf();
    let db = t.db.to_str().expect("utf-8").to_string();
    let db = db.as_str();

    // Added with an opening balance; the phone in any Indian format.
    let out = ok(
        &[
            "party",
            "add",
            "--db",
            db,
            "--kind",
            "customer",
            "--name",
            "सुनीता देवी",
            "--phone",
            "+91 98111-22334",
            "--credit-limit",
            "50000",
            "--terms",
            "15",
            "--opening",
            "1200",
        ],
        &d,
    );
    assert!(out.contains("balance ₹1,200.00"), "{out}");
    // The same number again is refused with the holder's name, nothing written.
    let before = events(db, &d);
    let err = refused(
        &[
            "party",
            "add",
            "--db",
            db,
            "--kind",
            "customer",
            "--name",
            "Someone",
            "--phone",
            "098111 22334",
        ],
        &d,
    );
    assert!(err.contains("सुनीता देवी already has"), "{err}");
    let err = refused(
        &[
            "party", "add", "--db", db, "--kind", "customer", "--name", "X", "--phone", "12345",
        ],
        &d,
    );
    assert!(err.contains("10 digits"), "{err}");
    assert_eq!(events(db, &d), before);

    // A bill on her khata at the till, then one item of it returned.
    t.press(key(KeyCode::F(4)));
    t.type_text("22334");
    t.press(key(KeyCode::Enter));
    let customer = t.app.panes.billing.customer.clone().expect("attached");
    assert_eq!(customer.party.phone.as_deref(), Some("9811122334"));
    t.scan(&codes[0]);
    t.scan(&codes[1]);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Left)); // cash → khata
    t.press(key(KeyCode::Enter));
    assert!(t.message().contains("saved bill"), "{}", t.message());
    let bill = t
        .store()
        .bills_between(None, None)
        .expect("bills")
        .into_iter()
        .find(|b| b.sale.customer_id == Some(customer.party.party_id))
        .expect("her bill");
    let bill_total = bill.sale.total.paise();
    t.press(key(KeyCode::F(6)));
    t.press(common::till::alt('t'));
    t.press(key(KeyCode::Down));
    t.type_text("1");
    t.press(key(KeyCode::Enter));
    assert!(t.message().contains("refund"), "{}", t.message());
    let after_return = t
        .store()
        .party_balance(customer.party.party_id)
        .expect("balance")
        .paise();
    let returned = 120_000 + bill_total - after_return;
    assert!(returned > 0 && returned < bill_total, "{returned}");
    drop(t.runner);

    // Paid part by UPI with a reference, and a manual "gave" with a note.
    let out = ok(
        &[
            "khata",
            "got",
            "--db",
            db,
            "--party",
            "9811122334",
            "--amount",
            "500",
            "--mode",
            "upi",
            "--reference",
            "UTR4471",
        ],
        &d,
    );
    assert!(out.contains("got ₹500.00"), "{out}");
    ok(
        &[
            "khata",
            "gave",
            "--db",
            db,
            "--party",
            "सुनीता",
            "--amount",
            "50",
            "--mode",
            "none",
            "--note",
            "festival discount",
        ],
        &d,
    );
    let err = refused(
        &[
            "khata",
            "got",
            "--db",
            db,
            "--party",
            "सुनीता",
            "--amount",
            "0",
        ],
        &d,
    );
    assert!(err.contains("amount"), "{err}");

    // The ledger: every line, oldest first, with its running balance.
    let lines = json_lines(&ok(
        &["khata", "--db", db, "--party", "9811122334", "--json"],
        &d,
    ));
    let what: Vec<&str> = lines
        .iter()
        .map(|l| l["what"].as_str().expect("what"))
        .collect();
    assert_eq!(what, ["opening", "sale", "return", "got", "gave"]);
    assert_eq!(lines[1]["bill_no"], bill.sale.bill_no.as_str());
    assert_eq!(lines[3]["reference"], "UTR4471");
    assert_eq!(lines[4]["note"], "festival discount");
    let mut running = 0;
    for l in &lines {
        running += paise(&l["amount_paise"]);
        assert_eq!(paise(&l["balance_paise"]), running, "{l}");
    }
    let balance = 120_000 + bill_total - returned - 50_000 + 5_000;
    assert_eq!(running, balance);
    let row = party_row(db, "9811122334", &d, &[]);
    assert_eq!(paise(&row["balance_paise"]), balance);
    assert_eq!(
        paise(&row["overdue_paise"]),
        0,
        "nothing is due within 15 days"
    );

    // Twenty days on, all of it is overdue and 0-30 days old.
    let later = (Utc::now() + Duration::days(20)).date_naive().to_string();
    let row = party_row(db, "9811122334", &d, &["--as-of", &later]);
    assert_eq!(paise(&row["overdue_paise"]), balance);
    assert_eq!(paise(&row["ageing_paise"][0]), balance);
    let table = ok(&["parties", "--db", db, "--as-of", &later], &d);
    assert!(table.contains("will get"), "{table}");
    assert!(table.contains("you will get"), "{table}");

    // A reminder: the text, a wa.me link to +91 and her number, marked sent.
    let r: serde_json::Value = serde_json::from_str(&ok(
        &["remind", "--db", db, "--party", "सुनीता", "--sent", "--json"],
        &d,
    ))
    .expect("json");
    assert_eq!(paise(&r["amount_paise"]), balance);
    let link = r["whatsapp"].as_str().expect("a link");
    assert!(
        link.starts_with("https://wa.me/919811122334?text="),
        "{link}"
    );
    let text = r["text"].as_str().expect("text");
    assert!(text.contains("सुनीता देवी"), "{text}");
    assert!(
        link.contains("%E0%A4%B8%E0%A5%81"),
        "Devanagari is %-encoded"
    );
    let row = party_row(db, "9811122334", &d, &[]);
    assert!(row["last_reminder"].is_string(), "{row}");

    // Every overdue customer in turn, oldest dues first: she is among them.
    let all = json_lines(&ok(
        &[
            "remind",
            "--db",
            db,
            "--overdue",
            "--as-of",
            &later,
            "--json",
        ],
        &d,
    ));
    assert!(all.iter().any(|r| r["phone"] == "9811122334"), "{all:?}");
    assert!(all.iter().all(|r| paise(&r["overdue_paise"]) > 0));

    // The statement: text, CSV and a PDF that a PDF library reads back.
    let text = ok(&["statement", "--db", db, "--party", "सुनीता"], &d);
    let rupees = galla_domain::Money::from_paise(balance).to_string();
    assert!(
        text.contains(&rupees) && text.contains("सुनीता देवी owes"),
        "{text}"
    );
    let csv = ok(
        &[
            "statement",
            "--db",
            db,
            "--party",
            "सुनीता",
            "--format",
            "csv",
        ],
        &d,
    );
    let last = csv.lines().last().expect("rows");
    let plain = galla_domain::Money::from_paise(balance)
        .format_plain()
        .replace(',', "");
    assert!(
        last.ends_with(&format!("closing balance,,,,,,{plain}")),
        "{last}"
    );
    assert_eq!(
        csv.lines().count(),
        2 + 5 + 1,
        "header, forward, 5 lines, closing"
    );
    let err = refused(
        &[
            "statement",
            "--db",
            db,
            "--party",
            "सुनीता",
            "--format",
            "pdf",
        ],
        &d,
    );
    assert!(err.contains("--out"), "{err}");
    ok(
        &[
            "statement",
            "--db",
            db,
            "--party",
            "सुनीता",
            "--format",
            "pdf",
            "--out",
            "st.pdf",
        ],
        &d,
    );
    let pdf = lopdf::Document::load(d.join("st.pdf")).expect("a PDF lopdf opens");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let words = pdf.extract_text(&pages).expect("text");
    let closing = galla_domain::Money::from_paise(balance).format_plain();
    assert!(
        words.contains(&format!("Closing balance: Rs. {closing}")),
        "{words}"
    );
    assert!(words.contains("9811122334"), "the party by phone: {words}");

    // Nothing about money may differ from a rebuild from the events.
    let out = ok(&["check", "--db", db], &d);
    assert!(out.contains("every projection equals its rebuild"), "{out}");
}

#[test]
fn a_suppliers_khata_and_a_day_of_cash() {
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
            "--counter",
            "C1",
        ],
        d,
    );
    ok(
        &[
            "party",
            "add",
            "--db",
            "s.db",
            "--kind",
            "supplier",
            "--name",
            "Mehta Textiles",
            "--phone",
            "9822001122",
            "--gstin",
            "27AAPFU0939F1ZV",
            "--opening",
            "8000", // what the shop owes them
        ],
        d,
    );
    let err = refused(
        &[
            "party",
            "add",
            "--db",
            "s.db",
            "--kind",
            "supplier",
            "--name",
            "Bad GSTIN",
            "--gstin",
            "27AAPFU0939F1ZX",
        ],
        d,
    );
    assert!(err.to_lowercase().contains("gstin"), "{err}");

    // Paying the supplier in cash needs the cash in the drawer first.
    let pay = [
        "khata", "gave", "--db", "s.db", "--party", "Mehta", "--amount", "3000", "--mode", "cash",
    ];
    let err = refused(&pay, d);
    assert!(err.contains("drawer holds ₹0.00"), "{err}");
    ok(
        &[
            "cashbook",
            "in",
            "--db",
            "s.db",
            "--amount",
            "5000",
            "--category",
            "opening balance",
        ],
        d,
    );
    ok(&pay, d);
    let err = refused(
        &[
            "cashbook",
            "out",
            "--db",
            "s.db",
            "--amount",
            "100",
            "--category",
            "other",
        ],
        d,
    );
    assert!(err.contains("note"), "{err}");
    ok(
        &[
            "cashbook",
            "out",
            "--db",
            "s.db",
            "--amount",
            "250",
            "--category",
            "tea and snacks",
        ],
        d,
    );
    let supplier = json_lines(&ok(
        &["parties", "--db", "s.db", "--kind", "supplier", "--json"],
        d,
    ))
    .pop()
    .expect("the supplier");
    assert_eq!(paise(&supplier["balance_paise"]), -500_000, "owes ₹5,000");

    // The day book: 5,000 in, 3,000 to Mehta, 250 out, 1,750 expected.
    let book: serde_json::Value =
        serde_json::from_str(&ok(&["cashbook", "--db", "s.db", "--json"], d)).expect("json");
    assert_eq!(paise(&book["closing_paise"]), 175_000);
    let whats: Vec<&str> = book["cash"]
        .as_array()
        .expect("cash lines")
        .iter()
        .map(|l| l["what"].as_str().expect("what"))
        .collect();
    assert_eq!(whats, ["cash_in", "gave", "cash_out"]);

    // Close: a difference needs a note; notes counted by denomination.
    let err = refused(
        &["cashbook", "close", "--db", "s.db", "--counted", "1700"],
        d,
    );
    assert!(err.contains("note"), "{err}");
    let tomorrow = (Utc::now() + Duration::days(1)).date_naive().to_string();
    let err = refused(
        &[
            "cashbook",
            "close",
            "--db",
            "s.db",
            "--counted",
            "1750",
            "--date",
            &tomorrow,
        ],
        d,
    );
    assert!(err.contains("has not come yet"), "{err}");
    let closed: serde_json::Value = serde_json::from_str(&ok(
        &[
            "cashbook",
            "close",
            "--db",
            "s.db",
            "--notes",
            "500x3,100x2,20x2,10x1",
            "--json",
        ],
        d,
    ))
    .expect("json");
    assert_eq!(paise(&closed["counted_paise"]), 175_000);
    assert_eq!(paise(&closed["difference_paise"]), 0);
    let err = refused(
        &["cashbook", "close", "--db", "s.db", "--counted", "1750"],
        d,
    );
    assert!(err.contains("already closed"), "{err}");

    // Cash in after the close counts in tomorrow's book, opening with today's.
    ok(
        &[
            "cashbook",
            "in",
            "--db",
            "s.db",
            "--amount",
            "100",
            "--category",
            "capital",
        ],
        d,
    );
    let next: serde_json::Value = serde_json::from_str(&ok(
        &["cashbook", "--db", "s.db", "--date", &tomorrow, "--json"],
        d,
    ))
    .expect("json");
    assert_eq!(paise(&next["opening_paise"]), 175_000);
    assert_eq!(paise(&next["closing_paise"]), 185_000);
    assert_eq!(next["cash"][0]["late"], true);
    let today: serde_json::Value =
        serde_json::from_str(&ok(&["cashbook", "--db", "s.db", "--json"], d)).expect("json");
    assert_eq!(paise(&today["closing_paise"]), 175_000, "closed days stay");

    let out = ok(&["check", "--db", "s.db"], d);
    assert!(out.contains("every projection equals its rebuild"), "{out}");
}

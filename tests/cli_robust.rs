//! The binary's answers to hostile starts and hostile data: no terminal,
//! out-of-range demo sizes, control characters in stored names, and an
//! error whose causes repeat each other. Each case was a panic, a 6 TB
//! allocation, raw escape sequences on the user's terminal, or a message
//! that said the same thing three times.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn galla(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env("XDG_CONFIG_HOME", cwd.join("xdg-config"))
        .env("XDG_DATA_HOME", cwd.join("xdg-data"))
        .stdin(Stdio::null())
        .output()
        .expect("run galla")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn small_demo(dir: &Path) -> String {
    let db = dir.join("shop.db").to_str().expect("utf-8").to_string();
    let out = galla(
        &["demo", "--db", &db, "--variants", "20", "--days", "2"],
        dir,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

#[test]
fn starting_without_a_terminal_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    // stdin is /dev/null and stdout a pipe: what `setsid galla </dev/null` gets.
    let out = galla(&["--db", "x.db"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("x.db").exists(), "no database is created");
}

#[test]
fn demo_sizes_out_of_range_are_refused_and_leave_no_file() {
    let dir = tempfile::tempdir().expect("tmp");
    for bad in ["0", "99999999999", "-3", "many"] {
        let arg = format!("--variants={bad}");
        let out = galla(&["demo", "--db", "d.db", &arg], dir.path());
        assert!(!out.status.success(), "--variants {bad} was accepted");
        let err = text(&out.stderr);
        assert!(err.contains("--variants"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            !dir.path().join("d.db").exists(),
            "--variants {bad} left a file"
        );
    }
    let out = galla(&["demo", "--db", "d.db", "--days", "0"], dir.path());
    assert!(!out.status.success());
    assert!(!dir.path().join("d.db").exists());
    // The smallest shop is a shop.
    let out = galla(
        &["demo", "--db", "d.db", "--variants", "1", "--days", "1"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = galla(&["check", "--db", "d.db"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_demo_into_a_used_file_keeps_the_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = small_demo(dir.path());
    let out = galla(&["demo", "--db", &db], dir.path());
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("already holds a shop"));
    assert!(Path::new(&db).exists(), "the shop that was there stays");
}

#[test]
fn text_outputs_escape_control_characters() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = small_demo(dir.path());
    // A name written before text was validated (an old database).
    let conn = rusqlite::Connection::open(&db).expect("open");
    let sku: String = conn
        .query_row("SELECT sku FROM variants ORDER BY sku LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("a variant");
    conn.execute(
        "UPDATE products SET name = 'Kur' || char(27) || '[31mta' || char(7) || char(0)
         WHERE product_id = (SELECT product_id FROM variants WHERE sku = ?1)",
        [&sku],
    )
    .expect("update");
    drop(conn);
    let out = galla(&["stock", "--db", &db, "--search", &sku], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("Kur\\u{1b}[31mta\\u{7}\\u{0}"), "{shown}");
    assert!(
        !out.stdout.iter().any(|&b| b < 0x20 && b != b'\n'),
        "raw control bytes reached the terminal: {shown:?}"
    );
    // JSON keeps the real name, escaped the JSON way.
    let out = galla(
        &["stock", "--db", &db, "--search", &sku, "--json"],
        dir.path(),
    );
    assert!(text(&out.stdout).contains("Kur\\u001b[31mta\\u0007\\u0000"));
}

#[test]
fn a_file_that_is_not_a_database_is_said_once() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("junk.db"), vec![b'x'; 8192]).expect("write");
    let out = galla(&["check", "--db", "junk.db"], dir.path());
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert_eq!(err.matches("not a galla database").count(), 1, "{err}");
    assert!(!err.contains("Error code"), "{err}");
}

#[test]
fn a_nul_in_a_catalogue_is_refused_with_its_row_and_nothing_is_queued() {
    // The reproduced defect: this row imported, and every sync after it
    // failed with "server is busy or failing (500)" for good.
    let dir = tempfile::tempdir().expect("tmp");
    let db = small_demo(dir.path());
    let csv = dir.path().join("c.csv");
    std::fs::write(
        &csv,
        b"product,sku,hsn,gst_rate,mrp,price\nNul\0Kurta,NUL-1,6211,5,799,749\nPlain Kurta,OK-1,6211,5,799,749\n",
    )
    .expect("csv");
    let before = galla(&["stock", "--db", &db, "--json"], dir.path());
    let out = galla(
        &[
            "import",
            "catalogue",
            "--db",
            &db,
            csv.to_str().expect("utf-8"),
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("c.csv:2:"), "{err}");
    assert!(err.contains("control character"), "{err}");
    assert!(!err.contains('\0'), "the NUL itself is not echoed");
    let after = galla(&["stock", "--db", &db, "--json"], dir.path());
    assert_eq!(
        text(&before.stdout),
        text(&after.stdout),
        "nothing imported"
    );
}

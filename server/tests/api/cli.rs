//! The real `galla-server` binary: migrate (twice), tenant create, set-policy
//! and new-epoch, enroll-code, devices list and revoke, each printing one JSON
//! object with `--json`, and `serve` answering /healthz on a free port.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::Value;

fn galla_server(url: &str, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_galla-server"))
        .args(args)
        .args(["--json", "--database-url", url])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{args:?}: {stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.lines().count(), 1, "one JSON object: {stdout}");
    serde_json::from_str(&stdout).expect("json")
}

#[tokio::test]
async fn admin_commands_print_one_json_object_each() {
    let db = galla_testpg::fresh_database().await;
    let url = db.url.as_str();
    assert_eq!(
        galla_server(url, &["migrate"])["applied"],
        serde_json::json!([1, 2, 3, 4])
    );
    assert_eq!(
        galla_server(url, &["migrate"])["applied"],
        serde_json::json!([])
    );
    let tenant = galla_server(url, &["tenant", "create", "--name", "Sharma Garments"]);
    let tenant_id = tenant["tenant_id"].as_str().expect("id").to_string();
    assert_eq!(tenant["negative_stock"], "flag");
    let code = galla_server(
        url,
        &["enroll-code", "--tenant", &tenant_id, "--name", "Counter 2"],
    );
    assert_eq!(code["code"].as_str().expect("code").len(), 17);
    let policy = galla_server(
        url,
        &[
            "tenant",
            "set-policy",
            "--tenant",
            &tenant_id,
            "--negative-stock",
            "reject",
        ],
    );
    assert_eq!(policy["negative_stock"], "reject");
    let epoch = galla_server(url, &["tenant", "new-epoch", "--tenant", &tenant_id]);
    assert_ne!(epoch["ledger_epoch"], tenant["ledger_epoch"]);
    assert_eq!(epoch["negative_stock"], "reject", "the policy stays");
    let list = galla_server(url, &["devices", "list", "--tenant", &tenant_id]);
    assert_eq!(list["devices"], serde_json::json!([]));

    for verb in ["revoke", "replace"] {
        let missing = Command::new(env!("CARGO_BIN_EXE_galla-server"))
            .args([
                "devices",
                verb,
                "--tenant",
                &tenant_id,
                "--device",
                &tenant_id,
                "--database-url",
                url,
            ])
            .output()
            .expect("runs");
        assert!(!missing.status.success());
        assert!(String::from_utf8_lossy(&missing.stderr).contains("has no device"));
    }
}

#[tokio::test]
async fn serve_listens_and_answers_healthz() {
    let db = galla_testpg::fresh_database().await;
    galla_server(&db.url, &["migrate"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_galla-server"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--json",
            "--database-url",
            &db.url,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("reads");
    let listening: Value = serde_json::from_str(&line).expect("json");
    let addr = listening["listening"].as_str().expect("addr").to_string();
    let health = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .expect("answers");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(health.status(), reqwest::StatusCode::OK);
}

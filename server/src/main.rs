//! The `galla-server` binary: parses the command line, sets up logging to
//! stderr (`GALLA_SERVER_LOG` or `RUST_LOG` filters; `serve --log-json` for
//! JSON lines) and runs the command. Errors print one sentence and exit 1.

use clap::Parser;
use galla_server::cli::{Cli, Command, run};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let default = match cli.command {
        Command::Serve(_) => "info",
        _ => "warn",
    };
    let filter = std::env::var("GALLA_SERVER_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .or_else(|| EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match &cli.command {
        Command::Serve(args) if args.log_json => builder.json().init(),
        _ => builder.init(),
    }
    let json = cli.json;
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            if json {
                println!("{}", serde_json::json!({"error": e.to_string()}));
            }
            eprintln!("galla-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

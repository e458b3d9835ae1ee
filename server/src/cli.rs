//! The `galla-server` command line: migrate, serve, and the admin commands.
//! Every command takes `--json` and then prints exactly one JSON object on
//! stdout; without it, a line or a table for people. Logs go to stderr.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::admin::{self, NegativeStock};
use crate::api::{AppState, ServeConfig, router};
use crate::error::ServerError;
use crate::{db, migrate};

/// galla's sync server: keeps every shop's events in PostgreSQL.
#[derive(Debug, Parser)]
#[command(name = "galla-server", version)]
pub struct Cli {
    /// PostgreSQL URL, e.g. postgres://galla@localhost/galla
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Print exactly one JSON object instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or update the database schema.
    Migrate,
    /// Serve the sync API.
    Serve(ServeArgs),
    /// Manage tenants (shops).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Make a single-use enrollment code for a new counter (valid 24 h).
    EnrollCode {
        /// The tenant id.
        #[arg(long)]
        tenant: Uuid,
        /// The counter's name, e.g. "Counter 2".
        #[arg(long)]
        name: String,
    },
    /// Manage enrolled counters.
    #[command(subcommand)]
    Devices(DevicesCommand),
}

/// `serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Requests per second allowed per device (0: no limit).
    #[arg(long, default_value_t = 50)]
    pub rate_limit: u32,
    /// Failed enrollments and wrong-token requests allowed a minute per
    /// peer address before it has to wait (0: no limit).
    #[arg(long, default_value_t = 20)]
    pub attempt_limit: u32,
    /// Most database connections.
    #[arg(long, default_value_t = 16)]
    pub max_connections: usize,
    /// Logs as JSON lines.
    #[arg(long)]
    pub log_json: bool,
}

/// `tenant` subcommands.
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant; prints its id.
    Create {
        /// The shop's name.
        #[arg(long)]
        name: String,
        /// What a sale taking stock below zero gets.
        #[arg(long, value_enum, default_value_t = NegativeStock::Flag)]
        negative_stock: NegativeStock,
    },
    /// Change a tenant's negative-stock policy for sales.
    SetPolicy {
        /// The tenant id.
        #[arg(long)]
        tenant: Uuid,
        /// The new policy.
        #[arg(long, value_enum)]
        negative_stock: NegativeStock,
    },
    /// After restoring the database from a backup: a new ledger epoch, so
    /// every counter sends all its events again and re-reads the ledger.
    NewEpoch {
        /// The tenant id.
        #[arg(long)]
        tenant: Uuid,
    },
}

/// `devices` subcommands.
#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// List a tenant's counters.
    List {
        /// The tenant id.
        #[arg(long)]
        tenant: Uuid,
    },
    /// Revoke a counter: its token stops working at once.
    Revoke {
        /// The tenant id.
        #[arg(long)]
        tenant: Uuid,
        /// The device id.
        #[arg(long)]
        device: Uuid,
    },
    /// Let the next enrollment with this device id (within 24 hours) take
    /// the counter over, keeping its events' sequence: for a counter whose
    /// token was lost, or a new PC restored from a copy of its database.
    Replace {
        /// The tenant id.
        #[arg(long)]
        tenant: Uuid,
        /// The device id.
        #[arg(long)]
        device: Uuid,
    },
}

fn print(json_mode: bool, value: &impl Serialize, text: String) {
    if json_mode {
        println!(
            "{}",
            serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
        );
    } else {
        println!("{text}");
    }
}

async fn connect(url: &str) -> Result<tokio_postgres::Client, ServerError> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::error!(error = %e, "database connection failed");
        }
    });
    Ok(client)
}

/// Runs one command to completion.
pub async fn run(cli: Cli) -> Result<(), ServerError> {
    let url = cli.database_url.ok_or(ServerError::NoDatabaseUrl)?;
    let j = cli.json;
    match cli.command {
        Command::Migrate => {
            let mut client = connect(&url).await?;
            let applied = migrate::migrate(&mut client).await?;
            let version = migrate::latest_version();
            let text = match applied.len() {
                0 => format!("schema already at version {version}"),
                n => format!("applied {n} migration(s); schema at version {version}"),
            };
            print(j, &json!({"applied": applied, "version": version}), text);
        }
        Command::Serve(args) => serve(&url, args, j).await?,
        Command::Tenant(TenantCommand::Create {
            name,
            negative_stock,
        }) => {
            let mut client = connect(&url).await?;
            let t = admin::create_tenant(&mut client, &name, negative_stock).await?;
            print(j, &t, t.tenant_id.to_string());
        }
        Command::Tenant(TenantCommand::SetPolicy {
            tenant,
            negative_stock,
        }) => {
            let client = connect(&url).await?;
            let t = admin::set_policy(&client, tenant, negative_stock).await?;
            let text = format!("{}: sales below zero are now {:?}", t.name, negative_stock);
            print(j, &t, text.to_lowercase());
        }
        Command::Tenant(TenantCommand::NewEpoch { tenant }) => {
            let client = connect(&url).await?;
            let t = admin::new_epoch(&client, tenant).await?;
            let text = format!(
                "{}: ledger epoch is now {}; counters will send everything again",
                t.name, t.ledger_epoch
            );
            print(j, &t, text);
        }
        Command::EnrollCode { tenant, name } => {
            let client = connect(&url).await?;
            let c = admin::create_enroll_code(&client, tenant, &name).await?;
            print(j, &c, c.code.clone());
        }
        Command::Devices(DevicesCommand::List { tenant }) => {
            let client = connect(&url).await?;
            let devices = admin::list_devices(&client, tenant).await?;
            let text = devices
                .iter()
                .map(|d| {
                    let state = if d.revoked { "revoked" } else { "active" };
                    format!(
                        "{}  {:<8} seq {:>8}  {}",
                        d.device_id, state, d.head_device_seq, d.name
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(j, &json!({"tenant_id": tenant, "devices": devices}), text);
        }
        Command::Devices(DevicesCommand::Revoke { tenant, device }) => {
            let client = connect(&url).await?;
            let d = admin::revoke_device(&client, tenant, device).await?;
            print(j, &d, format!("revoked {} ({})", d.device_id, d.name));
        }
        Command::Devices(DevicesCommand::Replace { tenant, device }) => {
            let client = connect(&url).await?;
            let d = admin::replace_device(&client, tenant, device).await?;
            print(
                j,
                &d,
                format!(
                    "{} ({}) may be taken over by the next enrollment with its id in the next {} hours",
                    d.device_id,
                    d.name,
                    admin::REPLACE_WINDOW_HOURS
                ),
            );
        }
    }
    Ok(())
}

async fn serve(url: &str, args: ServeArgs, json_mode: bool) -> Result<(), ServerError> {
    let pool = db::pool(url, args.max_connections)?;
    migrate::check_current(&**pool.get().await?).await?;
    let config = ServeConfig {
        rate_limit: args.rate_limit,
        attempt_limit: args.attempt_limit,
        ..ServeConfig::default()
    };
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    print(
        json_mode,
        &json!({"listening": addr.to_string()}),
        format!("galla-server listening on http://{addr}"),
    );
    tracing::info!(%addr, "listening");
    let app = router(AppState::new(pool, config));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

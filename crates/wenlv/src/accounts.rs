//! `wenlv user …` and `wenlv token …`: accounts managed on the server, without a running web
//! server. The command line acts as the operator (`wenlv_app::Actor::Operator`), recorded in the
//! audit log as the system user `wenlv-cli` with the operating-system account that ran it.
//!
//! A one-time password or a token is printed once, alone on the last line of standard output
//! (so `| tail -n1` captures it); only its hash is stored.

use clap::{Args, Subcommand};
use std::sync::Arc;
use wenlv_app::{AccountError, Actor, App, Caller, Grant, Role};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person; prints a one-time password (they change it after signing in).
    Add(GrantArgs),
    /// List the users (name, role, unit, state).
    List,
    /// Disable a person: they can no longer sign in, and their sessions end.
    Disable { name: String },
    /// Give a person a new one-time password; their sessions end.
    ResetPassword { name: String },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for an integrator or a script; prints it once, on the last line.
    Create {
        #[command(flatten)]
        grant: GrantArgs,
        /// Days until it expires (1 to 3650); without it the token never expires.
        #[arg(long, value_name = "DAYS")]
        expires: Option<u32>,
    },
    /// List the tokens (name, role, unit, state, expiry, last use); never the secrets.
    List,
    /// Revoke a token: it is refused from now on.
    Revoke { name: String },
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// The user's or token's name (letters, digits, '.', '_', '-', '@').
    #[arg(long)]
    pub name: String,
    /// admin | staff | reporter | viewer
    #[arg(long)]
    pub role: String,
    /// The unit a reporter reports for (reporters only, and required for them).
    #[arg(long)]
    pub unit: Option<String>,
}

impl GrantArgs {
    fn grant(&self) -> anyhow::Result<Grant> {
        Ok(Grant {
            name: self.name.clone(),
            role: Role::parse(&self.role).map_err(explain)?,
            unit: self.unit.clone(),
        })
    }
}

fn app(store: wenlv_store::Store) -> App {
    App::new(store, Arc::new(wenlv_io::demo::xining_city()))
}

/// The error for the terminal: what was refused and why, with the flag at fault.
fn explain(err: AccountError) -> anyhow::Error {
    match err {
        AccountError::Invalid { field, message } => {
            let flag = match field {
                "expires" => "--expires",
                "unit" => "--unit",
                "role" => "--role",
                _ => "--name",
            };
            anyhow::anyhow!("{flag}: {message}")
        }
        AccountError::Store(e) => anyhow::Error::new(e).context("the database failed"),
        other => anyhow::anyhow!("{other}"),
    }
}

pub async fn run_user(store: wenlv_store::Store, command: &UserCommand) -> anyhow::Result<()> {
    let app = app(store);
    let cli = Caller::cli();
    match command {
        UserCommand::Add(args) => {
            let (user, password) = app.add_user(&cli, &args.grant()?).await.map_err(explain)?;
            println!(
                "added {} ({}{}); one-time password (shown once, give it to them privately):",
                user.name,
                user.role.as_str(),
                user.unit.map(|u| format!(", unit {u}")).unwrap_or_default()
            );
            println!("{password}");
        }
        UserCommand::List => {
            let users = app.list_users(&Actor::Operator).await.map_err(explain)?;
            println!("{:<24} {:<9} {:<16} state", "name", "role", "unit");
            for u in users {
                let state = match (u.system, u.disabled) {
                    (true, _) => "system (the command line)",
                    (false, true) => "disabled",
                    (false, false) => "active",
                };
                println!(
                    "{:<24} {:<9} {:<16} {state}",
                    u.name,
                    u.role.as_str(),
                    u.unit.as_deref().unwrap_or("-")
                );
            }
        }
        UserCommand::Disable { name } => {
            app.disable_user(&cli, name).await.map_err(explain)?;
            println!("disabled {name}; their sessions have ended");
        }
        UserCommand::ResetPassword { name } => {
            let password = app.reset_password(&cli, name).await.map_err(explain)?;
            println!("new one-time password for {name} (their sessions have ended):");
            println!("{password}");
        }
    }
    Ok(())
}

pub async fn run_token(store: wenlv_store::Store, command: &TokenCommand) -> anyhow::Result<()> {
    let app = app(store);
    let cli = Caller::cli();
    match command {
        TokenCommand::Create { grant, expires } => {
            let (token, secret) = app
                .create_token(&cli, &grant.grant()?, *expires)
                .await
                .map_err(explain)?;
            println!(
                "created token {} ({}{}), {}; send it as 'Authorization: Bearer <token>'. \
                 It is shown once:",
                token.name,
                token.role.as_str(),
                token
                    .unit
                    .map(|u| format!(", unit {u}"))
                    .unwrap_or_default(),
                token
                    .expires_at
                    .map(|e| format!("expires {e}"))
                    .unwrap_or_else(|| "never expires".to_string())
            );
            println!("{secret}");
        }
        TokenCommand::List => {
            let tokens = app.list_tokens(&Actor::Operator).await.map_err(explain)?;
            println!(
                "{:<20} {:<9} {:<12} {:<8} {:<22} {:<22} created by",
                "name", "role", "unit", "state", "expires", "last used"
            );
            for t in tokens {
                println!(
                    "{:<20} {:<9} {:<12} {:<8} {:<22} {:<22} {}",
                    t.name,
                    t.role.as_str(),
                    t.unit.as_deref().unwrap_or("-"),
                    t.state,
                    t.expires_at.as_deref().unwrap_or("never"),
                    t.last_used_at.as_deref().unwrap_or("never"),
                    t.created_by
                );
            }
        }
        TokenCommand::Revoke { name } => {
            app.revoke_token(&cli, name).await.map_err(explain)?;
            println!("revoked token {name}");
        }
    }
    Ok(())
}

/// Records an import done by the command line in the audit log (entity `places` or `offers`,
/// the file as its id, the counts as its after). Written once the import has committed; when
/// imports run through the application layer, the entry will share the import's transaction.
pub async fn record_import(
    store: &wenlv_store::Store,
    entity: &str,
    file: &std::path::Path,
    counts: &wenlv_store::UpsertCounts,
) -> anyhow::Result<()> {
    let app = app(store.clone());
    let file = file.display().to_string();
    let mut entry = app.audit_entry(&Caller::cli(), &format!("{entity}.import"), entity, &file);
    entry.after = Some(serde_json::json!({
        "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged,
    }));
    store
        .append_audit(&entry)
        .await
        .map_err(anyhow::Error::new)
        .map_err(|e| e.context("the import is stored, but its audit entry could not be written"))
}

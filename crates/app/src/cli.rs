//! The `tailor` command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::settings::Overrides;

/// Tailor: the backend for AI-assisted job applications.
///
/// Configuration is layered: built-in defaults, config/base.toml, config/{TAILOR_ENV}.toml,
/// TAILOR__SECTION__KEY environment variables, then these flags.
#[derive(Debug, Parser)]
#[command(name = "tailor", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (SQLite in ./data by default; applies pending migrations first).
    Serve(ServeArgs),
    /// Manage the database schema.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
        #[command(flatten)]
        target: DatabaseArgs,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [config: server.host, default 127.0.0.1].
    #[arg(long)]
    pub host: Option<String>,
    /// Port to listen on; 0 picks a free one [config: server.port, default 8000].
    #[arg(long)]
    pub port: Option<u16>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Folder for the SQLite database and stored files [config: data.dir, default ./data].
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Database URL; a postgres:// URL switches to PostgreSQL [config: database.url].
    #[arg(long, global = true)]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back applied migrations (the last one by default).
    Down {
        /// How many to roll back.
        #[arg(long, default_value_t = 1)]
        steps: u32,
        /// Roll back all of them.
        #[arg(long, conflicts_with = "steps")]
        all: bool,
    },
    /// List applied and pending migrations.
    Status,
}

impl Command {
    pub fn overrides(&self) -> Overrides {
        match self {
            Command::Serve(args) => Overrides {
                host: args.host.clone(),
                port: args.port,
                data_dir: args.database.data_dir.clone(),
                database_url: args.database.database_url.clone(),
            },
            Command::Migrate { target, .. } => Overrides {
                data_dir: target.data_dir.clone(),
                database_url: target.database_url.clone(),
                ..Overrides::default()
            },
        }
    }
}

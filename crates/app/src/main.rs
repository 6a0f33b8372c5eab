//! `tailor`: see `tailor --help`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use tailor_app::cli::{Cli, Command, MigrateAction};
use tailor_app::startup::install_crypto_provider;
use tailor_app::telemetry::{get_subscriber, init_subscriber};
use tailor_app::{Application, Settings};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(&cli.command.overrides()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: invalid configuration: {e:#}");
            return ExitCode::from(2);
        }
    };
    init_subscriber(get_subscriber(
        &settings.log.level,
        settings.log.format,
        std::io::stdout,
    ));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async move {
        match cli.command {
            Command::Serve(_) => {
                let app = Application::build(settings).await?;
                app.run_until_stopped().await
            }
            Command::Migrate { action, .. } => migrate(settings, action).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "stopped with an error");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(mut settings: Settings, action: MigrateAction) -> anyhow::Result<()> {
    install_crypto_provider();
    settings.database.auto_migrate = false;
    tailor_app::settings::ensure_data_dir(&settings.data.dir)?;
    let db = tailor_persistence::Database::connect(&settings.migration_database_settings()).await?;
    let command = match action {
        MigrateAction::Up => tailor_migrations::Command::Up,
        MigrateAction::Down { all: true, .. } => tailor_migrations::Command::Down(None),
        MigrateAction::Down { steps, .. } => tailor_migrations::Command::Down(Some(steps)),
        MigrateAction::Status => tailor_migrations::Command::Status,
    };
    let report = tailor_migrations::execute(db.connection(), command).await?;
    print!("{report}");
    db.close().await
}

//! Logging: text or JSON lines, filtered by `RUST_LOG` or the configured level.

use std::io::IsTerminal;

use tracing::Subscriber;
use tracing::subscriber::set_global_default;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{EnvFilter, Registry, fmt};

use crate::settings::LogFormat;

/// Builds a subscriber writing to `sink`. `RUST_LOG` wins over `default_level`.
pub fn get_subscriber<Sink>(
    default_level: &str,
    format: LogFormat,
    sink: Sink,
) -> Box<dyn Subscriber + Send + Sync>
where
    Sink: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    // Statement logging of the database driver is noisy at info; keep it at warn unless asked.
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{default_level},sqlx=warn,sea_orm=warn")));
    let registry = Registry::default().with(filter);
    match format {
        LogFormat::Json => Box::new(
            registry.with(
                fmt::layer()
                    .json()
                    .with_current_span(true)
                    .with_span_list(false)
                    .with_writer(sink),
            ),
        ),
        LogFormat::Text => Box::new(
            registry.with(
                fmt::layer()
                    .with_ansi(std::io::stdout().is_terminal())
                    .with_writer(sink),
            ),
        ),
    }
}

/// Installs `subscriber` as the process-wide default (once).
pub fn init_subscriber(subscriber: Box<dyn Subscriber + Send + Sync>) {
    // A second call (tests) keeps the first subscriber.
    let _ = set_global_default(subscriber);
}

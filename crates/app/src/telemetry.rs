//! Logging: text or JSON lines, filtered by `RUST_LOG` or the configured level.
//!
//! A request the client got wrong is not a server error: 4xx answers are logged at WARN
//! (tracing-actix-web), and so are the malformed request heads actix itself refuses with
//! 400 or 431 and the heads that did not arrive in time (408), which actix reports at ERROR.

use std::fmt::Write as _;
use std::io::IsTerminal;

use tracing::field::{Field, Visit};
use tracing::subscriber::set_global_default;
use tracing::{Event, Level, Subscriber};
use tracing_core::callsite::Callsite;
use tracing_core::field::FieldSet;
use tracing_core::metadata::Kind;
use tracing_core::subscriber::Interest;
use tracing_core::{Metadata, identify_callsite};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, MakeWriter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::registry::LookupSpan;
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
                    .map_event_format(ClientFaultsAsWarnings)
                    .with_writer(sink),
            ),
        ),
        LogFormat::Text => Box::new(
            registry.with(
                fmt::layer()
                    .with_ansi(std::io::stdout().is_terminal())
                    .map_event_format(ClientFaultsAsWarnings)
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

/// Where actix's HTTP/1 dispatcher logs.
const DISPATCHER: &str = "actix_http::h1::dispatcher";

/// What actix logs at ERROR for a request head the client got wrong (answered 400 or 431)
/// or did not finish in time (answered 408).
const CLIENT_FAULTS: [&str; 2] = [
    "stream error: request parse error",
    "stream error: request did not complete within the specified timeout",
];

/// Wraps an event formatter: actix's ERROR events about client faults are written as WARN
/// events with the same message; everything else as it is.
struct ClientFaultsAsWarnings<F>(F);

struct DemotedCallsite;

static DEMOTED_CALLSITE: DemotedCallsite = DemotedCallsite;
static DEMOTED: Metadata<'static> = Metadata::new(
    "client fault",
    DISPATCHER,
    Level::WARN,
    Some(file!()),
    Some(line!()),
    Some(module_path!()),
    FieldSet::new(&["message"], identify_callsite!(&DEMOTED_CALLSITE)),
    Kind::EVENT,
);

impl Callsite for DemotedCallsite {
    fn set_interest(&self, _: Interest) {}

    fn metadata(&self) -> &Metadata<'_> {
        &DEMOTED
    }
}

/// The `message` of an event.
#[derive(Default)]
struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        }
    }
}

/// The message of an actix ERROR event about a client fault.
fn client_fault(event: &Event<'_>) -> Option<String> {
    let meta = event.metadata();
    if *meta.level() != Level::ERROR || meta.target() != DISPATCHER {
        return None;
    }
    let mut message = Message::default();
    event.record(&mut message);
    CLIENT_FAULTS
        .iter()
        .any(|fault| message.0.starts_with(fault))
        .then_some(message.0)
}

impl<S, N, F> FormatEvent<S, N> for ClientFaultsAsWarnings<F>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
    F: FormatEvent<S, N>,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        writer: Writer<'_>,
        event: &Event<'_>,
    ) -> std::fmt::Result {
        let Some(message) = client_fault(event) else {
            return self.0.format_event(ctx, writer, event);
        };
        let fields = DEMOTED.fields();
        let Some(field) = fields.field("message") else {
            return self.0.format_event(ctx, writer, event);
        };
        let text = format_args!("{message}");
        let values = [(&field, Some(&text as &dyn tracing::Value))];
        let values = fields.value_set(&values);
        self.0
            .format_event(ctx, writer, &Event::new(&DEMOTED, &values))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Self;

        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    fn logged(format: LogFormat, emit: impl FnOnce()) -> String {
        let sink = Captured::default();
        let subscriber = get_subscriber("info", format, sink.clone());
        tracing::subscriber::with_default(subscriber, emit);
        String::from_utf8(sink.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn malformed_request_heads_are_warnings_and_server_errors_stay_errors() {
        for format in [LogFormat::Text, LogFormat::Json] {
            let out = logged(format, || {
                tracing::error!(
                    target: "actix_http::h1::dispatcher",
                    "stream error: {}",
                    "request parse error: invalid Header provided"
                );
            });
            assert!(out.contains("WARN"), "{out}");
            assert!(!out.contains("ERROR"), "{out}");
            assert!(
                out.contains("stream error: request parse error: invalid Header provided"),
                "{out}"
            );
            assert!(out.contains("actix_http::h1::dispatcher"), "{out}");

            let out = logged(format, || {
                tracing::error!(
                    target: "actix_http::h1::dispatcher",
                    "Response payload stream error: broken"
                );
                tracing::error!("stream error: request parse error: elsewhere");
            });
            assert_eq!(out.matches("ERROR").count(), 2, "{out}");
            assert!(!out.contains("WARN"), "{out}");
        }
    }
}

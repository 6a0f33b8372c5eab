//! Tailor's application crate: settings, telemetry, the wiring of adapters into the HTTP
//! server, and the `tailor` command line. The only crate that knows every concrete type.
#![forbid(unsafe_code)]

pub mod cli;
pub mod mailer;
mod readiness;
pub mod secret;
pub mod settings;
pub mod startup;
pub mod telemetry;
pub mod worker;

pub use settings::{Overrides, Settings};
pub use startup::Application;

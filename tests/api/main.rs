//! End-to-end tests through real HTTP: one binary, one module per area.

mod auth_register;
mod health;

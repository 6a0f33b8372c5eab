//! End-to-end tests through real HTTP: one binary, one module per area.

mod auth_cache;
mod auth_login;
mod auth_password;
mod auth_register;
mod auth_reset;
mod auth_tokens;
mod concurrency;
mod cors;
mod crypto;
mod edge;
mod exports;
mod faults;
mod generations;
mod generations_async;
mod generations_model;
mod health;
mod jobs;
mod openapi;
mod profiles_crud;
mod profiles_json_resume;
mod profiles_ownership;
mod profiles_sections;
mod profiles_skills;
mod rate_limit;
mod samples;
mod usage;

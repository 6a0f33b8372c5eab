//! `tailor-migrations up|down [N]|status`: the schema commands against `DATABASE_URL`.
//! `tailor migrate` does the same with Tailor's own configuration; this binary needs only a URL.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use sea_orm_migration::sea_orm::Database;
use tailor_migrations::{Command, execute};

const USAGE: &str = "usage: tailor-migrations up | down [N] | status   (DATABASE_URL must be set)";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["up"] => Command::Up,
        ["down"] => Command::Down(Some(1)),
        ["down", n] => match n.parse() {
            Ok(n) => Command::Down(Some(n)),
            Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["status"] | [] => Command::Status,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let db = match Database::connect(&url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("error: cannot connect to the database: {e}");
            return ExitCode::FAILURE;
        }
    };
    match execute(&db, command).await {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

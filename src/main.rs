//! The `scanstation` binary: parses the command line and hands each subcommand to the
//! library. Errors are reported here, with their whole context chain, and nowhere else.

use std::process::ExitCode;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    match scanstation::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

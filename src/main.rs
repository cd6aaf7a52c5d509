//! The `dramatis` binary: parses the command line, then opens the window or
//! runs a headless command. Everything else lives in the library.

use std::process::ExitCode;

use dramatis::cli::{self, Command};

fn main() -> ExitCode {
    let command = match cli::parse_args(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(error) => return cli::usage_error(&error, &mut std::io::stderr()),
    };
    match command {
        Command::Open { path } => match dramatis::app::run(path) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("dramatis: could not open the window: {error}");
                ExitCode::FAILURE
            }
        },
        headless => cli::run_headless(
            &headless,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr(),
        ),
    }
}

//! The `dramatis` binary: parses the command line, then opens the window or
//! runs a headless command.

fn main() {
    println!("dramatis: under construction");
}

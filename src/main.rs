//! The `scanstation` command line: each subcommand is a thin call into the library.
fn main() {}

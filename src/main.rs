//! The `galla` binary: parses the command line and hands over to `galla::cli`.

fn main() -> std::process::ExitCode {
    galla::cli::main()
}

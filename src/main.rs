//! The `smriti` binary: everything lives in the library; see `smriti::cli`.

fn main() -> std::process::ExitCode {
    smriti::cli::main()
}

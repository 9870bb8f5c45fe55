//! The `uslugi` command: everything lives in the library; see `uslugi::cli`.

fn main() {
    std::process::exit(uslugi::cli::main());
}

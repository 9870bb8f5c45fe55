//! The `uslugi` command: everything lives in the library; see `uslugi::cli`.

/// mimalloc instead of the system allocator: rendering and minifying allocate many small
/// strings, and glibc's malloc took over a quarter of a 10,000-page build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(uslugi::cli::main());
}

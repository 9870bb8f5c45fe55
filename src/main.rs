//! The `uslugi` command: parses the command line ([`cmd`]), runs the library, prints what
//! happened and chooses the exit code — 0 success, 1 the command ran and found problems,
//! 2 bad usage or input. The library itself prints nothing.

mod cmd;

/// mimalloc instead of the system allocator: rendering and minifying allocate many small
/// strings, and glibc's malloc took over a quarter of a 10,000-page build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in uslugi: {info}");
        eprintln!("  = help: this is a bug; please report it with the command you ran");
    }));
    let cli = <cmd::Cli as clap::Parser>::parse();
    let code = match cmd::run(&cli) {
        Ok(code) => code,
        Err(e) => {
            cmd::report(&e);
            2
        }
    };
    std::process::exit(code);
}

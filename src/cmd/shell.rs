//! `uslugi completions` and `uslugi man`: the shell completions and the manual page, made
//! from the same command-line definitions as `--help`, for packages and for anyone who wants
//! them.

use clap::{Args, CommandFactory, ValueEnum};

use super::{Cli, Error};

/// A shell to complete for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    /// bash.
    Bash,
    /// zsh.
    Zsh,
    /// fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

/// `uslugi completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completion script for a shell to stdout.
pub fn completions(args: &CompletionsArgs) -> Result<i32, Error> {
    use clap_complete::Shell as S;
    let shell = match args.shell {
        Shell::Bash => S::Bash,
        Shell::Zsh => S::Zsh,
        Shell::Fish => S::Fish,
        Shell::Powershell => S::PowerShell,
        Shell::Elvish => S::Elvish,
    };
    clap_complete::generate(shell, &mut Cli::command(), "uslugi", &mut std::io::stdout());
    Ok(0)
}

/// `uslugi man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write the pages into: uslugi.1 and one uslugi-COMMAND.1 per command.
    #[arg(value_name = "DIR")]
    pub dir: std::path::PathBuf,
}

/// Writes the manual pages (roff) into a folder.
pub fn man(args: &ManArgs) -> Result<i32, Error> {
    let fail = |e: std::io::Error| {
        Error::Usage(format!(
            "cannot write the manual pages into {}: {e}",
            args.dir.display()
        ))
    };
    std::fs::create_dir_all(&args.dir).map_err(fail)?;
    clap_mangen::generate_to(Cli::command(), &args.dir).map_err(fail)?;
    Ok(0)
}

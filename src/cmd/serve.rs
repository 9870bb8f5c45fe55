//! `uslugi serve`: the live preview, and what it says on the terminal as files change.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Cli;
use super::Error;
use uslugi_serve::{Event, ServeOptions};

/// `uslugi serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's root directory (where site.toml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on; when it is taken, the next free one is used (0: any free port).
    #[arg(long, value_name = "PORT", default_value_t = 1111)]
    pub port: u16,
    /// Also show pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Serves until stopped. Failed builds are always reported; the rest only without --quiet.
pub fn run(cli: &Cli, args: &ServeArgs) -> Result<i32, Error> {
    let opts = ServeOptions {
        bind: args.bind.clone(),
        port: args.port,
        drafts: args.drafts,
        clock: super::now_for_preview,
    };
    let root = super::site_root(&args.root)?;
    // A bad SOURCE_DATE_EPOCH is refused now, not at the first rebuild.
    super::now(None)?;
    let quiet = cli.quiet;
    uslugi_serve::run(&root, &opts, &mut |event| match event {
        Event::PortTaken { asked, port } if !quiet => {
            eprintln!("port {asked} is taken, using {port}");
        }
        Event::Listening {
            title,
            url,
            open_to_network,
        } => {
            println!("Serving «{title}» at {url} — Ctrl-C to stop");
            if open_to_network && !quiet {
                eprintln!(
                    "warning: listening on {}, so the preview is open to the network: anyone who can reach this computer can read the site and its drafts. Use --bind 127.0.0.1 to keep it to yourself.",
                    opts.bind
                );
            }
            let _ = std::io::stdout().flush();
        }
        Event::Rebuilt { changed, summary } if !quiet => {
            eprintln!("{changed} changed: {summary}");
        }
        Event::Failed { changed, error } => {
            if let Some(changed) = changed {
                eprintln!("{changed} changed: the build failed");
            }
            super::print_diagnostics(&error.diagnostics());
        }
        _ => {}
    })
    .map_err(|e| Error::Usage(e.to_string()))?;
    Ok(0)
}

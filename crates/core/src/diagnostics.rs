//! Diagnostics: how every error a user can cause is shown.
//!
//! A [`Diagnostic`] carries a message, the file it is about, the line and column (1-based),
//! the offending source line and an optional hint. Every module's typed error converts into
//! one, so the command line prints all of them the same way — like a compiler does — and
//! never a Rust backtrace. This module also owns the "did you mean" suggestion used for
//! unknown keys in `site.toml` and in front matter.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem, located in a file where that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file the problem is in, relative to the site root where possible.
    pub file: Option<PathBuf>,
    /// 1-based line in `file`.
    pub line: Option<usize>,
    /// 1-based column in `line`.
    pub column: Option<usize>,
    /// The text of the offending line, shown under the location.
    pub source_line: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with a message and nothing else.
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            file: None,
            line: None,
            column: None,
            source_line: None,
            help: None,
        }
    }

    /// Names the file the problem is in.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Points at a line and column of `source` (the whole text of the file), and keeps
    /// that line's text to show it.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }

    /// Points at a line only (column 1).
    pub fn at_line(self, source: &str, line: usize) -> Self {
        self.at(source, line, 1)
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Renders the diagnostic; `color` adds ANSI colours for a terminal.
    pub fn render(&self, color: bool) -> String {
        let (red, blue, bold, reset) = if color {
            ("\x1b[31;1m", "\x1b[34;1m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let mut out = format!("{red}error{reset}{bold}: {}{reset}\n", self.message);
        if let Some(file) = &self.file {
            let mut loc = file.display().to_string();
            if let Some(line) = self.line {
                loc.push_str(&format!(":{line}"));
                if let Some(col) = self.column {
                    loc.push_str(&format!(":{col}"));
                }
            }
            out.push_str(&format!("  {blue}-->{reset} {loc}\n"));
        }
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            out.push_str(&format!("{blue}{pad} |{reset}\n"));
            out.push_str(&format!("{blue}{num} |{reset} {text}\n"));
            let col = self.column.unwrap_or(1);
            let offset: String = text
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("{blue}{pad} |{reset} {offset}{red}^{reset}\n"));
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  {bold}= help:{reset} {help}\n"));
        }
        out
    }
}

/// Renders every diagnostic for a terminal, then how many there were when more than one.
pub fn render_all(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out: String = diagnostics.iter().map(|d| d.render(color)).collect();
    if diagnostics.len() > 1 {
        out.push_str(&format!("{} problems found\n", diagnostics.len()));
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely
/// typo (at most a third of the word's length, and at least 1).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        // Optimal string alignment: swapping two neighbours is one edit, since most typos in
        // keys are swaps.
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Serde's own message for an unknown field reads
/// ``unknown field `titel`, expected one of `title`, `kind` ``. This returns the unknown
/// name and the expected ones, so a caller can add a "did you mean" to any serde format.
pub fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.split("unknown field `").nth(1)?;
    let (name, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((name.to_string(), expected))
}

/// A "did you mean" help line for serde's unknown-field message, if it is one.
pub fn unknown_field_help(message: &str) -> Option<String> {
    let (name, expected) = parse_unknown_field(message)?;
    match did_you_mean(&name, expected.iter().map(String::as_str)) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !expected.is_empty() => Some(format!(
            "valid keys here: {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

/// Where the first value quoted in backticks in `message` (such as ``2026-13-01`` in
/// "`2026-13-01` is not a real calendar date") appears in `text`: 1-based line and column.
/// Parsers place errors raised by a value's own type at the start of the enclosing mapping;
/// this puts them on the value itself.
pub fn locate_quoted(text: &str, message: &str) -> Option<(usize, usize)> {
    let value = message.split('`').nth(1).filter(|v| !v.is_empty())?;
    let offset = text.find(value)?;
    Some(line_col(text, offset))
}

/// 1-based line and column of a byte offset in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..floor_char_boundary(source, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(
            did_you_mean("titel", ["title", "kind", "tags"]),
            Some("title")
        );
        assert_eq!(
            did_you_mean("base_ulr", ["base_url", "title"]),
            Some("base_url")
        );
        assert_eq!(did_you_mean("zzzzzz", ["title", "kind"]), None);
    }

    #[test]
    fn reads_serde_unknown_field_messages() {
        let msg = "unknown field `titel`, expected one of `title`, `kind`, `tags`";
        let (name, expected) = parse_unknown_field(msg).unwrap();
        assert_eq!(name, "titel");
        assert_eq!(expected, ["title", "kind", "tags"]);
        assert_eq!(unknown_field_help(msg).unwrap(), "did you mean `title`?");
        assert!(parse_unknown_field("missing field `title`").is_none());
    }

    #[test]
    fn renders_location_and_caret() {
        let src = "a = 1\ntitel = \"x\"\n";
        let d = Diagnostic::new("unknown key")
            .in_file("site.toml")
            .at(src, 2, 1)
            .with_help("did you mean `title`?");
        let text = d.render(false);
        assert!(text.contains("--> site.toml:2:1"), "{text}");
        assert!(text.contains("2 | titel = \"x\""), "{text}");
        assert!(text.contains("did you mean `title`?"), "{text}");
    }

    #[test]
    fn quoted_values_are_located() {
        let text = "title: A\ndate: 2026-13-01\n";
        assert_eq!(
            locate_quoted(text, "`2026-13-01` is not a real calendar date"),
            Some((2, 7))
        );
        assert_eq!(locate_quoted(text, "no quotes"), None);
    }

    #[test]
    fn line_col_counts_characters() {
        let src = "ab\nпривет x";
        assert_eq!(line_col(src, 0), (1, 1));
        let x = src.find('x').unwrap();
        assert_eq!(line_col(src, x), (2, 8));
    }
}

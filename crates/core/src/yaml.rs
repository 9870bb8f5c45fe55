//! YAML, behind one small module: every YAML file uslugi reads (front matter, the banner
//! manifest, data files) goes through [`from_str`], so the YAML library can be swapped here
//! alone. Errors carry the line and column of the offending value.

use serde::de::DeserializeOwned;

/// A YAML mapping of free values (front matter's `extra`).
pub type Mapping = serde_yaml::Mapping;

/// A YAML problem, located in the YAML text (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    /// The parser's message, without its own location suffix.
    pub message: String,
    /// Line.
    pub line: Option<usize>,
    /// Column.
    pub column: Option<usize>,
}

/// Parses `text` into `T`. Errors raised by a value's own type (a date that is not a date)
/// point at that value.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlProblem> {
    serde_yaml::from_str(text).map_err(|e| {
        let loc = e.location();
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; diagnostics show the location themselves.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        let at = crate::diagnostics::locate_quoted(text, &message)
            .or(loc.as_ref().map(|l| (l.line(), l.column())));
        YamlProblem {
            message,
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    })
}

/// Writes a value as YAML.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// Lines (1-based) where the entries of a top-level YAML list start, in order.
pub fn list_entry_lines(text: &str) -> Vec<usize> {
    let indent = text
        .lines()
        .filter_map(|l| l.find("- ").filter(|i| l[..*i].trim().is_empty()))
        .min()
        .unwrap_or(0);
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.len() > indent && l[..indent].trim().is_empty() && l[indent..].starts_with("- ")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_errors_are_located() {
        let text = "# comment\n- a: 1\n  b: [x, y]\n\n- a: 2\n";
        assert_eq!(list_entry_lines(text), [2, 5]);
        let e = from_str::<Vec<std::collections::BTreeMap<String, u32>>>("- a: 1\n- a: x\n")
            .unwrap_err();
        assert_eq!(e.line, Some(2));
    }
}

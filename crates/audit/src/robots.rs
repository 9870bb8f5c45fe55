//! `robots.txt`: what a site asks crawlers not to read. `audit` honours the group for
//! `uslugi` if there is one, else the one for `*`: a disallowed page is not fetched, and the
//! report says how many were left out because of it.
//!
//! Rules are path prefixes with `*` (any run of characters) and a final `$` (end of path);
//! the longest matching rule wins, and `Allow` wins a tie, as the common crawlers do.

/// One group of a `robots.txt`: its user agents and its `(allow, pattern)` rules.
type Group = (Vec<String>, Vec<(bool, String)>);

/// The rules that apply to uslugi.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// `(allow, pattern)`.
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// Reads a `robots.txt`.
    pub fn parse(text: &str) -> Robots {
        // Groups: one or more User-agent lines, then rules.
        let mut groups: Vec<Group> = Vec::new();
        let mut in_agents = false;
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let (key, value) = (key.trim().to_ascii_lowercase(), value.trim());
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push((Vec::new(), Vec::new()));
                        in_agents = true;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(g) = groups.last_mut()
                        && !value.is_empty()
                    {
                        g.1.push((key == "allow", value.to_string()));
                    }
                }
                _ => {}
            }
        }
        let pick = |name: &str| {
            groups
                .iter()
                .filter(|(agents, _)| agents.iter().any(|a| a == name))
                .flat_map(|(_, rules)| rules.clone())
                .collect::<Vec<_>>()
        };
        let mut rules = pick("uslugi");
        if rules.is_empty() && !groups.iter().any(|(a, _)| a.iter().any(|x| x == "uslugi")) {
            rules = pick("*");
        }
        Robots { rules }
    }

    /// Whether a path (absolute, starting with `/`, with its query) may be read.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                if best.is_none_or(|(l, a)| len > l || (len == l && *allow && !a)) {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots pattern matches the start of `path` (`*` any run, final `$` the end).
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let Some(first) = parts.first() else {
        return true;
    };
    if !path.starts_with(first) {
        return false;
    }
    let mut at = first.len();
    for (i, part) in parts.iter().enumerate().skip(1) {
        let last = i == parts.len() - 1;
        if last && anchored {
            return path.len() >= at + part.len() && path.ends_with(part);
        }
        match path[at..].find(part) {
            Some(j) => at += j + part.len(),
            None => return false,
        }
    }
    !anchored || at == path.len()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn groups_prefixes_wildcards_and_ties() {
        let r = Robots::parse(
            "# comment\nUser-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nDisallow: /*.pdf$\nAllow: /private/open\nDisallow: /search?\n",
        );
        assert!(r.allows("/"));
        assert!(r.allows("/uslugi/"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/open/faq"));
        assert!(!r.allows("/docs/a.pdf"));
        assert!(r.allows("/docs/a.pdf?x"));
        assert!(!r.allows("/search?q=1"));
        let own =
            Robots::parse("User-agent: *\nDisallow: /\n\nUser-agent: uslugi\nDisallow: /tmp/\n");
        assert!(own.allows("/uslugi/") && !own.allows("/tmp/a"));
        assert!(Robots::parse("").allows("/anything"));
        assert!(
            Robots::parse("User-agent: *\nDisallow:\n").allows("/x"),
            "an empty Disallow allows all"
        );
    }
}

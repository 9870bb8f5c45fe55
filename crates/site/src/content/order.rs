//! The order pages are listed in, in one place: a section's own list, news lists, tag pages
//! and the feed all sort through here.
//!
//! Dates are compared as instants in the site's zone, so a news item written at 10:00 in
//! Vladivostok (`+10:00`) comes before one written at 09:00 in Moscow the same day. Ties keep
//! the pages' own order (by source path), so a list never changes between two builds.

use std::cmp::Reverse;

use uslugi_core::Zone;
use uslugi_core::jiff::Timestamp;

use super::Page;

/// When a page was published, as an instant in `zone`.
fn published(page: &Page, zone: &Zone) -> Option<Timestamp> {
    page.front.date.map(|d| d.instant(zone))
}

/// Orders page indices as a section lists them: by `weight`, then newest first, then by
/// title; pages without a weight come after those with one, undated after dated.
pub fn in_section(idx: &mut [usize], pages: &[Page], zone: &Zone) {
    idx.sort_by_cached_key(|i| {
        let p = &pages[*i];
        (
            p.front.weight.unwrap_or(i64::MAX),
            Reverse(published(p, zone)),
            p.front.title.clone(),
            *i,
        )
    });
}

/// Orders page indices by date, newest first; undated pages come last.
pub fn newest_first(idx: &mut [usize], pages: &[Page], zone: &Zone) {
    idx.sort_by_cached_key(|i| (Reverse(published(&pages[*i], zone)), *i));
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::content::{LoadOptions, RawFile, parse_pages};

    fn pages(items: &[(&str, &str)]) -> Vec<Page> {
        let files = items
            .iter()
            .map(|(name, front)| RawFile {
                source: format!("content/news/{name}.md").into(),
                rel: format!("news/{name}.md"),
                bytes: format!("---\ntitle: {name}\n{front}\n---\nТекст.\n").into_bytes(),
            })
            .collect();
        let opts = LoadOptions {
            drafts: false,
            typography: false,
        };
        parse_pages(files, opts).unwrap()
    }

    #[test]
    fn newest_by_the_instant_not_the_clock_face() {
        let p = pages(&[
            ("a-moscow", "date: 2026-10-01T09:00:00+03:00"),
            ("b-vladivostok", "date: 2026-10-01T10:00:00+10:00"),
            ("c-undated", "kind: news"),
            ("d-local", "date: 2026-10-01 08:30"),
        ]);
        let mut idx: Vec<usize> = (0..p.len()).collect();
        newest_first(&mut idx, &p, &Zone::moscow());
        let names: Vec<&str> = idx.iter().map(|i| p[*i].front.title.as_str()).collect();
        assert_eq!(names, ["a-moscow", "d-local", "b-vladivostok", "c-undated"]);
    }

    #[test]
    fn sections_by_weight_then_date_then_title() {
        let p = pages(&[
            ("b", "weight: 2"),
            ("a", "weight: 2"),
            ("c", "weight: 1"),
            ("d", "date: 2026-01-01"),
            ("e", ""),
        ]);
        let mut idx: Vec<usize> = (0..p.len()).collect();
        in_section(&mut idx, &p, &Zone::moscow());
        let names: Vec<&str> = idx.iter().map(|i| p[*i].front.title.as_str()).collect();
        assert_eq!(names, ["c", "a", "b", "d", "e"]);
    }
}

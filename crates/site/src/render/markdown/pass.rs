//! One walk over a page's Markdown events: heading ids and the table of contents, `@/`
//! links, indicator placeholders, prefixed footnotes, and the summary.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::*;

/// One walk over a page's events, a top-level block at a time: what it has rewritten in the
/// current block and what it has learnt of the whole page.
pub(super) struct Pass<'a> {
    body: &'a str,
    first_line: usize,
    line_starts: Vec<usize>,
    targets: &'a dyn LinkTargets,
    footnote_numbers: HashMap<String, usize>,
    used_ids: HashMap<String, usize>,
    summary_state: SummaryState,
    /// How many blocks (quotes, lists, tables, footnotes) enclose the current event: the
    /// summary is the first paragraph outside all of them.
    depth: usize,
    pub(super) out: Rendered,
    pub(super) broken: Vec<BrokenLink>,
    result: Vec<Event<'a>>,
}

impl<'a> Pass<'a> {
    /// A pass over `body`, whose footnotes are numbered in the order `footnote_numbers`
    /// gives (the whole page must be read for that before any block is rewritten).
    pub(super) fn new(
        body: &'a str,
        first_line: usize,
        targets: &'a dyn LinkTargets,
        footnote_numbers: HashMap<String, usize>,
    ) -> Self {
        Pass {
            body,
            first_line,
            line_starts: std::iter::once(0)
                .chain(body.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            targets,
            footnote_numbers,
            used_ids: HashMap::new(),
            summary_state: SummaryState::Waiting,
            depth: 0,
            out: Rendered::default(),
            broken: Vec::new(),
            result: Vec::new(),
        }
    }

    /// Rewrites one top-level block's events.
    pub(super) fn block(&mut self, events: &[(Event<'a>, Range<usize>)]) -> Vec<Event<'a>> {
        self.result = Vec::with_capacity(events.len());
        let mut i = 0;
        while i < events.len() {
            i = self.event(events, i);
        }
        std::mem::take(&mut self.result)
    }

    /// The line and column (1-based, in characters) of a byte offset into the body.
    fn locate(&self, offset: usize) -> (usize, usize) {
        let idx = self
            .line_starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1);
        let col = self.body[self.line_starts[idx]..offset.min(self.body.len())]
            .chars()
            .count()
            + 1;
        (self.first_line + idx, col)
    }

    /// Handles the event at `i`; returns the index of the next one to handle.
    fn event(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(&events[i + 1..], *level, id.as_ref(), classes, attrs),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let (line, column) = self.locate(range.start);
                match self.internal_link(dest_url, line, column) {
                    Some(dest) => self.result.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest.into(),
                        title: title.clone(),
                        id: id.clone(),
                    })),
                    None => self.result.push(event.clone()),
                }
            }
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(lang)))
                if lang.trim() == "indicator" =>
            {
                return self.indicator(events, i, range.start);
            }
            Event::FootnoteReference(label) => self.footnote_reference(label),
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnote_definition(label),
            Event::End(TagEnd::FootnoteDefinition) => {
                self.result.push(Event::Html("</div>\n".into()));
                self.depth = self.depth.saturating_sub(1);
            }
            _ => self.plain(event),
        }
        i + 1
    }

    /// A heading gets a unique id (its own `{#id}` or one made from its text) and a place in
    /// the table of contents.
    fn heading(
        &mut self,
        after: &[(Event<'a>, Range<usize>)],
        level: HeadingLevel,
        id: Option<&CowStr<'a>>,
        classes: &[CowStr<'a>],
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
    ) {
        let mut text = String::new();
        for (e, _) in after {
            match e {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let base = match id {
            Some(explicit) => explicit.to_string(),
            None => {
                let s = slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let unique = unique_id(&mut self.used_ids, base);
        self.out.anchors.insert(unique.clone());
        self.out.toc.push(TocEntry {
            level: heading_number(level),
            id: unique.clone(),
            title: text.trim().to_string(),
        });
        self.result.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(unique)),
            classes: classes.to_vec(),
            attrs: attrs.to_vec(),
        }));
    }

    /// The URL of a `@/file.md#anchor` link, with its anchor kept for checking; `None`, and
    /// a broken link noted, when no page has that file.
    fn internal_link(&mut self, written: &str, line: usize, column: usize) -> Option<String> {
        let (file, anchor) = match written[2..].split_once('#') {
            Some((f, a)) => (f.to_string(), Some(a.to_string())),
            None => (written[2..].to_string(), None),
        };
        let found = resolve_rel(self.targets, &file)
            .and_then(|r| self.targets.url_of(&r).map(|u| (r.clone(), u.to_string())));
        let Some((rel, url)) = found else {
            self.broken.push(BrokenLink {
                suggestion: did_you_mean(&file, self.targets.all()).map(|s| format!("@/{s}")),
                link: written.to_string(),
                line,
                column,
            });
            return None;
        };
        let mut dest = format!("/{url}");
        if let Some(a) = anchor.filter(|a| !a.is_empty()) {
            dest.push('#');
            dest.push_str(&a);
            self.out.anchor_refs.push(AnchorRef {
                target_rel: rel,
                anchor: a,
                line,
                column,
            });
        }
        Some(dest)
    }

    /// A ```` ```indicator ```` block becomes the placeholder of its chart; returns the index
    /// after the block.
    fn indicator(
        &mut self,
        events: &[(Event<'a>, Range<usize>)],
        i: usize,
        offset: usize,
    ) -> usize {
        let (line, _) = self.locate(offset);
        let mut id = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::CodeBlock)) {
            if let Event::Text(t) = &events[j].0 {
                id.push_str(t);
            }
            j += 1;
        }
        let id = id.trim().to_string();
        self.result.push(Event::Html(
            format!("{}\n", indicator_placeholder(&id)).into(),
        ));
        self.out.indicators.push((id, line + 1));
        j + 1
    }

    /// A footnote reference: its number, linking to the definition's prefixed id.
    fn footnote_reference(&mut self, label: &str) {
        let n = self.footnote_numbers.get(label).copied().unwrap_or(0);
        let slug = footnote_slug(label);
        self.result.push(Event::InlineHtml(
            format!(
                "<sup class=\"footnote-reference\" id=\"fnref-{slug}\"><a href=\"#fn-{slug}\">{n}</a></sup>"
            )
            .into(),
        ));
    }

    /// The start of a footnote's definition, with its prefixed id and number.
    fn footnote_definition(&mut self, label: &str) {
        let slug = footnote_slug(label);
        self.out.anchors.insert(format!("fn-{slug}"));
        let n = self
            .footnote_numbers
            .get(label)
            .map_or(String::new(), |n| n.to_string());
        self.result.push(Event::Html(
            format!(
                "<div class=\"footnote-definition\" id=\"fn-{slug}\"><sup class=\"footnote-definition-label\">{n}</sup>"
            )
            .into(),
        ));
        self.depth += 1;
    }

    /// Any other event passes through; on the way, the first top-level paragraph's text is
    /// kept as the summary.
    fn plain(&mut self, event: &Event<'a>) {
        let collecting = self.summary_state == SummaryState::Collecting;
        match event {
            Event::Start(Tag::Paragraph)
                if self.depth == 0 && self.summary_state == SummaryState::Waiting =>
            {
                self.summary_state = SummaryState::Collecting;
            }
            Event::End(TagEnd::Paragraph) if collecting => {
                self.summary_state = SummaryState::Done;
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) if collecting => {
                self.out.summary.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak if collecting => self.out.summary.push(' '),
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Table(_)) => self.depth += 1,
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Table) => {
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
        self.result.push(event.clone());
    }
}

#[derive(PartialEq, Eq)]
enum SummaryState {
    Waiting,
    Collecting,
    Done,
}

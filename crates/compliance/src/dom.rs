//! A compact document tree for the pages `check` and `audit` read.
//!
//! html5ever builds it by the HTML standard's rules, as a browser would, but into one vector of
//! small nodes that keep only what the rules read: element names, the attributes listed in
//! [`KEPT_ATTRIBUTES`], and text. Two limits keep a hostile page from costing more than its
//! size:
//!
//! - **Nesting.** A start tag that would open more than [`MAX_OPEN`] elements at once (open
//!   elements plus the formatting elements the parser keeps for reopening) is dropped, with
//!   its end tag, and its content goes to the enclosing element — what browsers do past their
//!   depth limit. Without it a page of a million nested `<div>`s takes the parser an hour.
//! - **Size.** The tree may take [`BUDGET_PER_BYTE`] bytes per byte of input. A page that
//!   needs more (tiny elements, or formatting the parser reopens in every paragraph) is read up
//!   to that point and marked [`Dom::cut`].

pub(crate) mod build;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{LocalName, Namespace};

use build::{Builder, Limiter};

/// Attributes the rules read; others are not kept. A rule that reads a new attribute adds it
/// here.
pub const KEPT_ATTRIBUTES: &[&str] = &[
    "alt",
    "aria-expanded",
    "aria-label",
    "aria-labelledby",
    "class",
    "content",
    "data-href",
    "data-link",
    "data-url",
    "datetime",
    "for",
    "height",
    "href",
    "http-equiv",
    "id",
    "itemprop",
    "lang",
    "name",
    "onclick",
    "property",
    "role",
    "size",
    "src",
    "style",
    "title",
    "type",
    "width",
];

/// Elements open at once, at most (see the module doc).
pub const MAX_OPEN: usize = 256;

/// Bytes of tree per byte of input, at most.
pub const BUDGET_PER_BYTE: usize = 6;

/// Bytes of tree any page may take, whatever its size.
const BUDGET_FLOOR: usize = 1 << 20;

/// Input is fed to the parser in pieces of this size, so that the size limit is checked as
/// the tree grows.
const CHUNK: usize = 1024;

/// A node's index in its [`Dom`].
pub type NodeId = u32;

const NONE: NodeId = NodeId::MAX;

/// A kept attribute: its local name and value.
type Attr = (LocalName, StrTendril);

/// An element as the tree stores it; its attributes are in [`Arena::attrs`], so that the
/// many elements without any take no room for them.
#[derive(Debug)]
struct Elem {
    /// The namespace (HTML, SVG, MathML) and local name; the prefix is never read.
    name: (Namespace, LocalName),
    /// Index in [`Arena::attrs`], or `NONE`.
    attrs: u32,
    annotation_xml: bool,
}

/// An element of a [`Dom`]: its name and kept attributes.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    name: &'a LocalName,
    attrs: &'a [Attr],
}

impl<'a> Element<'a> {
    /// The local name, lower-cased for HTML elements.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// A kept attribute's value.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        debug_assert!(KEPT_ATTRIBUTES.contains(&name), "{name} is not kept");
        self.attrs
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| &**v)
    }
}

#[derive(Debug)]
enum Data {
    Document,
    Element(Elem),
    Text(StrTendril),
    /// A comment or processing instruction: a place in the tree, nothing the rules read.
    Other,
}

#[derive(Debug)]
struct Node {
    parent: NodeId,
    first: NodeId,
    last: NodeId,
    prev: NodeId,
    next: NodeId,
    data: Data,
}

/// Nodes in blocks of [`Arena::BLOCK`]: the tree grows without ever copying itself to a
/// vector twice its size.
#[derive(Debug, Default)]
struct Arena {
    blocks: Vec<Vec<Node>>,
    /// The attribute lists of the elements that have any.
    attrs: Vec<Box<[Attr]>>,
}

impl Arena {
    const BLOCK: usize = 4096;

    fn len(&self) -> usize {
        self.blocks
            .last()
            .map_or(0, |b| (self.blocks.len() - 1) * Self::BLOCK + b.len())
    }

    fn push(&mut self, node: Node) {
        match self.blocks.last_mut() {
            Some(b) if b.len() < Self::BLOCK => b.push(node),
            _ => {
                let mut b = Vec::with_capacity(Self::BLOCK);
                b.push(node);
                self.blocks.push(b);
            }
        }
    }

    /// Bytes the node blocks and the index of attribute lists take (the lists themselves are
    /// counted by [`Builder`] as they come).
    fn bytes(&self) -> usize {
        self.blocks.len() * Self::BLOCK * std::mem::size_of::<Node>()
            + self.attrs.capacity() * std::mem::size_of::<Box<[Attr]>>()
    }
}

impl std::ops::Index<usize> for Arena {
    type Output = Node;
    fn index(&self, i: usize) -> &Node {
        &self.blocks[i / Self::BLOCK][i % Self::BLOCK]
    }
}

impl std::ops::IndexMut<usize> for Arena {
    fn index_mut(&mut self, i: usize) -> &mut Node {
        &mut self.blocks[i / Self::BLOCK][i % Self::BLOCK]
    }
}

/// A parsed page.
#[derive(Debug)]
pub struct Dom {
    nodes: Arena,
    /// Whether the page was larger than the size limit allows and only its start was read.
    pub cut: bool,
}

impl Dom {
    /// The document node, parent of `<html>`.
    pub const DOCUMENT: NodeId = 0;

    /// Parses a whole page.
    pub fn parse(html: &str) -> Dom {
        let budget = html.len().saturating_mul(BUDGET_PER_BYTE).max(BUDGET_FLOOR);
        // Read as a browser without scripts reads it, as a crawler is one: `<noscript>` holds
        // elements, not text.
        let opts = TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        };
        let builder = TreeBuilder::new(Builder::new(), opts);
        let tokenizer = Tokenizer::new(Limiter::new(builder), TokenizerOpts::default());
        let queue = BufferQueue::default();
        let mut cut = false;
        let mut rest = html;
        while !rest.is_empty() {
            let mut at = rest.len().min(CHUNK);
            while !rest.is_char_boundary(at) {
                at += 1;
            }
            queue.push_back(StrTendril::from_slice(&rest[..at]));
            rest = &rest[at..];
            while !matches!(tokenizer.feed(&queue), html5ever::TokenizerResult::Done) {}
            if tokenizer.sink.inner.sink.bytes() > budget {
                cut = !rest.is_empty();
                break;
            }
        }
        tokenizer.end();
        let nodes = tokenizer.sink.inner.sink.nodes.take();
        Dom { nodes, cut }
    }

    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The element at `id`, if it is one.
    pub fn element(&self, id: NodeId) -> Option<Element<'_>> {
        match &self.node(id).data {
            Data::Element(e) => Some(Element {
                name: &e.name.1,
                attrs: self.nodes.attrs.get(e.attrs as usize).map_or(&[], |a| a),
            }),
            _ => None,
        }
    }

    /// Whether `id` is an element with this local name.
    pub fn is(&self, id: NodeId, name: &str) -> bool {
        self.element(id).is_some_and(|e| e.name() == name)
    }

    /// An attribute of the element at `id`.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        self.element(id).and_then(|e| e.attr(name))
    }

    /// The text of a text node.
    pub fn text_node(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).data {
            Data::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The `<html>` element (the document's first element).
    pub fn root_element(&self) -> Option<NodeId> {
        self.children(Self::DOCUMENT)
            .find(|&c| self.element(c).is_some())
    }

    /// The parent of `id`.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        Some(self.node(id).parent).filter(|&p| p != NONE)
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let some = |n: NodeId| Some(n).filter(|&n| n != NONE);
        std::iter::successors(some(self.node(id).first), move |&c| some(self.node(c).next))
    }

    /// The children of `id`, last first.
    pub fn children_rev(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let some = |n: NodeId| Some(n).filter(|&n| n != NONE);
        std::iter::successors(some(self.node(id).last), move |&c| some(self.node(c).prev))
    }

    /// The ancestors of `id`, nearest first, not `id` itself.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), |&p| self.parent(p))
    }

    /// `id` and everything under it, in document order.
    pub fn descendants(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(Some(id), move |&n| {
            let node = self.node(n);
            if node.first != NONE {
                return Some(node.first);
            }
            let mut at = n;
            while at != id {
                let here = self.node(at);
                if here.next != NONE {
                    return Some(here.next);
                }
                at = here.parent;
            }
            None
        })
    }

    /// The elements named `name` at or under `id`, in document order.
    pub fn elements<'a>(&'a self, id: NodeId, name: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(id).filter(move |&n| self.is(n, name))
    }

    /// The text nodes at or under `id`, in document order.
    pub fn texts(&self, id: NodeId) -> impl Iterator<Item = &str> + '_ {
        self.descendants(id).filter_map(|n| self.text_node(n))
    }

    /// All the text under `id`, run together.
    pub fn text(&self, id: NodeId) -> String {
        self.texts(id).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn depth(dom: &Dom, id: NodeId) -> usize {
        dom.ancestors(id).count()
    }

    #[test]
    fn builds_the_tree_browsers_build() {
        let dom = Dom::parse(
            "<title>T</title><p>one<p>two <b>bold</b><table><tr><td>cell</td></tr>stray</table>\
             <a href=/x class='c' onmouseover=evil>link</a><!-- note -->",
        );
        let html = dom.root_element().unwrap();
        assert!(dom.is(html, "html"));
        let ps: Vec<_> = dom.elements(Dom::DOCUMENT, "p").collect();
        assert_eq!(ps.len(), 2, "the second <p> closes the first");
        assert_eq!(dom.text(ps[0]), "one");
        // Text a table cannot hold goes before it (foster parenting).
        assert_eq!(dom.text(ps[1]), "two boldstraycelllink");
        let a = dom.elements(Dom::DOCUMENT, "a").next().unwrap();
        assert_eq!(dom.attr(a, "href"), Some("/x"));
        assert_eq!(dom.attr(a, "class"), Some("c"));
        assert!(
            dom.element(a)
                .unwrap()
                .attrs
                .iter()
                .all(|(n, _)| &**n != "onmouseover")
        );
        let p = dom.elements(Dom::DOCUMENT, "p").next().unwrap();
        assert!(dom.element(p).unwrap().attrs.is_empty());
        assert!(!dom.cut);
    }

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let n = 5_000;
        let html = format!("<body>{}deep{}", "<div>".repeat(n), "</div>".repeat(n));
        let dom = Dom::parse(&html);
        let text = dom.texts(Dom::DOCUMENT).find(|t| *t == "deep").map(|_| ());
        assert!(text.is_some());
        let deepest = dom
            .descendants(Dom::DOCUMENT)
            .map(|d| depth(&dom, d))
            .max()
            .unwrap();
        assert!(deepest <= MAX_OPEN + 2, "depth {deepest}");
        assert!(deepest >= MAX_OPEN - 8, "depth {deepest}");
        // The dropped tags' end tags are dropped too: what follows is not closed early.
        let dom = Dom::parse(&format!(
            "<main>{}x{}<p>after</p></main>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ));
        let main = dom.elements(Dom::DOCUMENT, "main").next().unwrap();
        let p = dom.elements(Dom::DOCUMENT, "p").next().unwrap();
        assert!(dom.ancestors(p).any(|a| a == main));
    }

    #[test]
    fn formatting_reopened_in_every_paragraph_is_cut_at_the_budget() {
        let opened: String = (0..200).map(|i| format!("<b id={i}>")).collect();
        let html = format!("<p>{opened}{}", "</p><p>x".repeat(100_000));
        let dom = Dom::parse(&html);
        assert!(dom.cut);
        let bytes = dom.nodes.bytes();
        assert!(bytes <= html.len() * BUDGET_PER_BYTE + (1 << 20), "{bytes}");
    }

    #[test]
    fn text_nodes_join_and_multibyte_chunks_split_cleanly() {
        let word = "Госуслуги ";
        let html = format!("<p>{}</p>", word.repeat(CHUNK / word.len() * 3));
        let dom = Dom::parse(&html);
        let p = dom.elements(Dom::DOCUMENT, "p").next().unwrap();
        assert_eq!(dom.children(p).count(), 1);
        assert_eq!(dom.text(p), word.repeat(CHUNK / word.len() * 3));
    }

    #[test]
    fn svg_and_templates() {
        let dom = Dom::parse(
            "<svg><title>Chart</title><path d='M0'/><a href='/in-svg'>s</a></svg>\
             <template><a href='/t'>t</a></template>",
        );
        let hrefs: Vec<_> = dom
            .elements(Dom::DOCUMENT, "a")
            .filter_map(|a| dom.attr(a, "href"))
            .collect();
        assert_eq!(hrefs, ["/in-svg", "/t"]);
        let path = dom.elements(Dom::DOCUMENT, "path").next().unwrap();
        assert_eq!(dom.children(path).count(), 0);
    }
}

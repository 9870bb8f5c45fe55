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

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

use html5ever::interface::ElemName;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{
    ElementFlags, NodeOrText, QuirksMode, Tracer, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{Attribute, LocalName, Namespace, QualName, ns};

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
    "property",
    "role",
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
        let builder = TreeBuilder::new(Builder::new(), TreeBuilderOpts::default());
        let tokenizer = Tokenizer::new(
            Limiter {
                inner: builder,
                dropped: RefCell::new(HashMap::new()),
            },
            TokenizerOpts::default(),
        );
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

/// An element's name, lent to the tree builder.
#[derive(Debug)]
struct Name<'a>(Ref<'a, (Namespace, LocalName)>);

impl ElemName for Name<'_> {
    fn ns(&self) -> &Namespace {
        &self.0.0
    }

    fn local_name(&self) -> &LocalName {
        &self.0.1
    }
}

/// The tree sink html5ever builds into.
struct Builder {
    nodes: RefCell<Arena>,
    /// Bytes held outside the node blocks: attribute lists and text.
    extra: Cell<usize>,
}

impl Builder {
    /// A tree holding only the document node, [`Dom::DOCUMENT`].
    fn new() -> Builder {
        let mut nodes = Arena::default();
        nodes.push(Node::new(Data::Document));
        Builder {
            nodes: RefCell::new(nodes),
            extra: Cell::new(0),
        }
    }

    fn add(&self, data: Data) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(data));
        (nodes.len() - 1) as NodeId
    }

    /// What the tree takes so far, roughly: the node blocks, attribute lists
    /// and text.
    fn bytes(&self) -> usize {
        self.nodes.borrow().bytes() + self.extra.get()
    }

    fn grow(&self, extra: usize) {
        self.extra.set(self.extra.get() + extra);
    }

    /// Points the node before a place under `parent` (or the parent's first child, when the
    /// place is first) at `after_prev`, and the node after it (or the parent's last child) at
    /// `before_next`.
    fn stitch(
        nodes: &mut Arena,
        parent: NodeId,
        (prev, after_prev): (NodeId, NodeId),
        (next, before_next): (NodeId, NodeId),
    ) {
        match prev {
            NONE => nodes[parent as usize].first = after_prev,
            p => nodes[p as usize].next = after_prev,
        }
        match next {
            NONE => nodes[parent as usize].last = before_next,
            n => nodes[n as usize].prev = before_next,
        }
    }

    /// The node a new child of `parent` placed before `before` (or last) comes after.
    fn prev_of(nodes: &Arena, parent: NodeId, before: NodeId) -> NodeId {
        match before {
            NONE => nodes[parent as usize].last,
            b => nodes[b as usize].prev,
        }
    }

    fn detach(nodes: &mut Arena, id: NodeId) {
        let Node {
            parent, prev, next, ..
        } = nodes[id as usize];
        if parent == NONE {
            return;
        }
        Self::stitch(nodes, parent, (prev, next), (next, prev));
        let n = &mut nodes[id as usize];
        n.parent = NONE;
        n.prev = NONE;
        n.next = NONE;
    }

    /// Puts `id` under `parent`, before `before` or last.
    fn insert(nodes: &mut Arena, parent: NodeId, id: NodeId, before: NodeId) {
        Self::detach(nodes, id);
        let prev = Self::prev_of(nodes, parent, before);
        let n = &mut nodes[id as usize];
        n.parent = parent;
        n.prev = prev;
        n.next = before;
        Self::stitch(nodes, parent, (prev, id), (before, id));
    }

    /// Adds a node or text under `parent` before `before` (or last), joining text to a text
    /// node just before it.
    fn place(&self, parent: NodeId, before: NodeId, child: NodeOrText<NodeId>) {
        match child {
            NodeOrText::AppendNode(id) => {
                Self::insert(&mut self.nodes.borrow_mut(), parent, id, before)
            }
            NodeOrText::AppendText(text) => {
                self.grow(text.len());
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let prev = Self::prev_of(&nodes, parent, before);
                    if prev != NONE
                        && let Data::Text(t) = &mut nodes[prev as usize].data
                    {
                        t.push_tendril(&text);
                        return;
                    }
                }
                let id = self.add(Data::Text(text));
                Self::insert(&mut self.nodes.borrow_mut(), parent, id, before);
            }
        }
    }

    fn kept(attrs: Vec<Attribute>) -> impl Iterator<Item = (LocalName, StrTendril)> {
        attrs
            .into_iter()
            .filter(|a| a.name.ns == ns!() && KEPT_ATTRIBUTES.contains(&&*a.name.local))
            .map(|a| (a.name.local, a.value))
    }
}

impl Node {
    fn new(data: Data) -> Node {
        Node {
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
            data,
        }
    }
}

impl TreeSink for Builder {
    type Handle = NodeId;
    type Output = Self;
    type ElemName<'a> = Name<'a>;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        Dom::DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Name<'a> {
        Name(Ref::map(self.nodes.borrow(), |nodes| {
            match &nodes[*target as usize].data {
                Data::Element(e) => &e.name,
                // The tree builder asks only about elements it made.
                _ => unreachable!("not an element"),
            }
        }))
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let attrs: Box<[Attr]> = Self::kept(attrs).collect();
        self.grow(
            attrs.len() * std::mem::size_of::<Attr>()
                + attrs.iter().map(|(_, v)| v.len()).sum::<usize>(),
        );
        let attrs = if attrs.is_empty() {
            NONE
        } else {
            let mut nodes = self.nodes.borrow_mut();
            nodes.attrs.push(attrs);
            (nodes.attrs.len() - 1) as u32
        };
        self.add(Data::Element(Elem {
            name: (name.ns, name.local),
            attrs,
            annotation_xml: flags.mathml_annotation_xml_integration_point,
        }))
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.add(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.add(Data::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.place(*parent, NONE, child);
    }

    fn append_before_sibling(&self, sibling: &NodeId, child: NodeOrText<NodeId>) {
        let parent = self.nodes.borrow()[*sibling as usize].parent;
        if parent != NONE {
            self.place(parent, *sibling, child);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        if self.nodes.borrow()[*element as usize].parent != NONE {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        // A template's content stays under it; the rules skip it as unread.
        *target
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        let Data::Element(e) = &nodes[*target as usize].data else {
            return;
        };
        let index = e.attrs;
        let mut all = match nodes.attrs.get_mut(index as usize) {
            Some(list) => std::mem::take(list).into_vec(),
            None => Vec::new(),
        };
        for (name, value) in Self::kept(attrs) {
            if !all.iter().any(|(n, _)| *n == name) {
                self.grow(std::mem::size_of::<Attr>() + value.len());
                all.push((name, value));
            }
        }
        if index == NONE {
            if all.is_empty() {
                return;
            }
            nodes.attrs.push(all.into_boxed_slice());
            let added = (nodes.attrs.len() - 1) as u32;
            if let Data::Element(e) = &mut nodes[*target as usize].data {
                e.attrs = added;
            }
        } else {
            nodes.attrs[index as usize] = all.into_boxed_slice();
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[*node as usize].first;
        while child != NONE {
            let next = nodes[child as usize].next;
            Self::insert(&mut nodes, *new_parent, child, NONE);
            child = next;
        }
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        matches!(&self.nodes.borrow()[*handle as usize].data, Data::Element(e) if e.annotation_xml)
    }
}

/// Stands between the tokenizer and the tree builder and drops start tags past
/// [`MAX_OPEN`], with their end tags.
struct Limiter {
    inner: TreeBuilder<NodeId, Builder>,
    /// Start tags dropped, by name, whose end tags are still to come.
    dropped: RefCell<HashMap<LocalName, usize>>,
}

/// Counts what the tree builder holds open.
struct Count(Cell<usize>);

impl Tracer for Count {
    type Handle = NodeId;
    fn trace_handle(&self, _node: &NodeId) {
        self.0.set(self.0.get() + 1);
    }
}

/// Elements that never hold others or whose content is raw text: never dropped, they open
/// nothing for long.
fn opens_nothing(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "script"
            | "style"
            | "title"
            | "textarea"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
            | "html"
            | "head"
            | "body"
    )
}

impl Limiter {
    /// Whether to drop this tag rather than hand it to the tree builder.
    fn drops(&self, tag: &Tag) -> bool {
        match tag.kind {
            TagKind::StartTag => {
                if opens_nothing(&tag.name) || tag.self_closing {
                    return false;
                }
                let count = Count(Cell::new(0));
                self.inner.trace_handles(&count);
                if count.0.get() < MAX_OPEN {
                    return false;
                }
                *self
                    .dropped
                    .borrow_mut()
                    .entry(tag.name.clone())
                    .or_default() += 1;
                true
            }
            TagKind::EndTag => {
                let mut dropped = self.dropped.borrow_mut();
                match dropped.get_mut(&tag.name) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        true
                    }
                    _ => false,
                }
            }
        }
    }
}

impl TokenSink for Limiter {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<NodeId> {
        if let Token::TagToken(tag) = &token
            && self.drops(tag)
        {
            return TokenSinkResult::Continue;
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(dom: &Dom, id: NodeId) -> usize {
        dom.ancestors(id).count()
    }

    #[test]
    fn builds_the_tree_browsers_build() {
        let dom = Dom::parse(
            "<title>T</title><p>one<p>two <b>bold</b><table><tr><td>cell</td></tr>stray</table>\
             <a href=/x class='c' onclick=evil>link</a><!-- note -->",
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
                .all(|(n, _)| &**n != "onclick")
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

//! How html5ever builds a [`Dom`]: the tree sink that stores only what the rules read and
//! counts its bytes against the budget, and the token filter that drops start tags past
//! [`MAX_OPEN`] open elements.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

use html5ever::interface::ElemName;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{
    ElementFlags, NodeOrText, QuirksMode, Tracer, TreeBuilder, TreeSink,
};
use html5ever::{Attribute, LocalName, Namespace, QualName, ns};

use super::*;

/// An element's name, lent to the tree builder.
#[derive(Debug)]
pub(super) struct Name<'a>(Ref<'a, (Namespace, LocalName)>);

impl ElemName for Name<'_> {
    fn ns(&self) -> &Namespace {
        &self.0.0
    }

    fn local_name(&self) -> &LocalName {
        &self.0.1
    }
}

/// The tree sink html5ever builds into.
pub(super) struct Builder {
    pub(super) nodes: RefCell<Arena>,
    /// Bytes held outside the node blocks: attribute lists and text.
    extra: Cell<usize>,
}

impl Builder {
    /// A tree holding only the document node, [`Dom::DOCUMENT`].
    pub(super) fn new() -> Builder {
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
    pub(super) fn bytes(&self) -> usize {
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
pub(super) struct Limiter {
    pub(super) inner: TreeBuilder<NodeId, Builder>,
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
    pub(super) fn new(inner: TreeBuilder<NodeId, Builder>) -> Limiter {
        Limiter {
            inner,
            dropped: RefCell::new(HashMap::new()),
        }
    }

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

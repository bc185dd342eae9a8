//! The dialog's one view type (issue 15): a [`Node`] tree with the element's tag, attributes and listeners known
//! at run time, built into the DOM by one function, with Leptos' reactive graph (`RenderEffect`) keeping its
//! reactive parts current.
//!
//! Leptos' `view!` gives every element, attribute and nesting of the screens a type of its own, and for each
//! type the compiler writes its build, mount, unmount and drop code: that was about a third of the dialog's
//! code (its screens alone 26 KB gzip of a 122 KB bundle). Here the screens are values of one type: the code
//! to build them is written once. The dialog is still a tree of Leptos components reading signals; a `Node`
//! is a Leptos view (`Render`), mounted by `leptos::mount::mount_to`.
//!
//! - Text is always a text node (`createTextNode`): untrusted text is never read as HTML.
//! - A [`dynamic`] part is rebuilt afresh whenever a signal it read changes, never diffed against the last
//!   build: the dialog's dynamic parts change as a whole (another screen, another language, an error line shown
//!   or gone, a new QR code). Typed text is never inside one.
//! - Each dynamic part runs in a `RenderEffect`, whose owner disposes the signals and effects the last run
//!   created when it runs again; the listeners and effects of what it built are dropped with it.

use std::borrow::Cow;

use leptos::reactive::effect::RenderEffect;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::{
    add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// An event handler (the event named at run time).
pub type Handler = Box<dyn FnMut(web_sys::Event)>;

/// An attribute's text recomputed when the signals it reads change (`None` leaves the attribute out).
pub type ReactiveText = Box<dyn FnMut() -> Option<String>>;

/// A part of a view.
pub enum Node {
    Element(Element),
    Text(Cow<'static, str>),
    /// Several parts side by side (nothing when empty).
    List(Vec<Node>),
    /// Rebuilt afresh when the signals it read change.
    Dynamic(Box<dyn FnMut() -> Node>),
}

// SAFETY: the dialog runs in wasm32 without the atomics feature, which has one thread: a `Node` (its closures
// hold signals, DOM handles and `Rc`s) is never sent to another. Leptos asks views to be `Send` for its
// server-side rendering, which this bundle does not have.
unsafe impl Send for Node {}

enum Value {
    Text(Cow<'static, str>),
    Reactive(ReactiveText),
    /// A DOM property (`value`) rather than an attribute, recomputed like `Reactive`.
    Property(Box<dyn FnMut() -> String>),
    Listener(Handler),
}

/// An element: its tag, attributes (and properties and listeners, in order) and children. Boxed, and built by
/// methods that are not inlined, so that each step of a builder chain at a call site is a call with a pointer
/// (the screens are a few hundred such steps).
pub struct Element(Box<Parts>);

struct Parts {
    tag: &'static str,
    svg: bool,
    attributes: Vec<(&'static str, Value)>,
    children: Vec<Node>,
}

/// An HTML element `<tag>`.
#[inline(never)]
pub fn el(tag: &'static str) -> Element {
    Element(Box::new(Parts {
        tag,
        svg: false,
        attributes: Vec::new(),
        children: Vec::new(),
    }))
}

/// An SVG element `<tag>`.
pub fn svg(tag: &'static str) -> Element {
    let mut element = el(tag);
    element.0.svg = true;
    element
}

/// A part rebuilt afresh each time a signal `build` reads changes.
pub fn dynamic(build: impl FnMut() -> Node + 'static) -> Node {
    Node::Dynamic(Box::new(build))
}

impl Element {
    #[inline(never)]
    fn with(mut self, name: &'static str, value: Value) -> Self {
        self.0.attributes.push((name, value));
        self
    }

    #[inline(never)]
    fn with_child(mut self, child: Node) -> Self {
        self.0.children.push(child);
        self
    }

    pub fn attr(self, name: &'static str, value: impl Into<Cow<'static, str>>) -> Self {
        self.with(name, Value::Text(value.into()))
    }

    pub fn class(self, class: &'static str) -> Self {
        self.attr("class", class)
    }

    pub fn id(self, id: impl Into<Cow<'static, str>>) -> Self {
        self.attr("id", id)
    }

    /// A boolean attribute: present (empty) when `on`.
    pub fn flag(self, name: &'static str, on: bool) -> Self {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    /// An attribute recomputed when the signals `text` reads change; `None` leaves it out.
    pub fn reactive(
        self,
        name: &'static str,
        text: impl FnMut() -> Option<String> + 'static,
    ) -> Self {
        self.with(name, Value::Reactive(Box::new(text)))
    }

    /// A DOM property (such as a field's `value`), recomputed when the signals `value` reads change.
    pub fn property(self, name: &'static str, value: impl FnMut() -> String + 'static) -> Self {
        self.with(name, Value::Property(Box::new(value)))
    }

    /// A listener for the event `name` (`click`, `input`, `change`, `submit`, `keydown`).
    pub fn on(self, name: &'static str, handler: impl FnMut(web_sys::Event) + 'static) -> Self {
        self.with(name, Value::Listener(Box::new(handler)))
    }

    pub fn child(self, child: impl Into<Node>) -> Self {
        self.with_child(child.into())
    }
}

impl From<Element> for Node {
    fn from(element: Element) -> Node {
        Node::Element(element)
    }
}

impl From<String> for Node {
    fn from(text: String) -> Node {
        Node::Text(Cow::Owned(text))
    }
}

impl From<&'static str> for Node {
    fn from(text: &'static str) -> Node {
        Node::Text(Cow::Borrowed(text))
    }
}

impl From<Vec<Node>> for Node {
    fn from(nodes: Vec<Node>) -> Node {
        Node::List(nodes)
    }
}

impl<T: Into<Node>> From<Option<T>> for Node {
    fn from(node: Option<T>) -> Node {
        node.map_or(Node::List(Vec::new()), Into::into)
    }
}

/// Several parts side by side.
pub fn list(nodes: impl IntoIterator<Item = Node>) -> Node {
    Node::List(nodes.into_iter().collect())
}

/// What a built view keeps alive: the effects that update it and the listeners on its elements.
enum Keep {
    Effect(#[allow(dead_code)] RenderEffect<()>),
    Listener(#[allow(dead_code)] Closure<dyn FnMut(web_sys::Event)>),
}

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// Appends `node` built to `parent`, keeping what its reactive parts and listeners need in `keep`.
fn append(document: &web_sys::Document, parent: &web_sys::Node, node: Node, keep: &mut Vec<Keep>) {
    match node {
        Node::Text(text) => {
            let _ = parent.append_child(&document.create_text_node(&text));
        }
        Node::List(nodes) => {
            for node in nodes {
                append(document, parent, node, keep);
            }
        }
        Node::Element(element) => {
            let Parts {
                tag,
                svg,
                attributes,
                children,
            } = *element.0;
            let made = if svg {
                document.create_element_ns(Some("http://www.w3.org/2000/svg"), tag)
            } else {
                document.create_element(tag)
            };
            let Ok(made) = made else {
                return;
            };
            for (name, value) in attributes {
                apply(&made, name, value, keep);
            }
            for child in children {
                append(document, &made, child, keep);
            }
            let _ = parent.append_child(&made);
        }
        Node::Dynamic(mut build) => {
            // The part lives between two empty text nodes; each run puts what it builds before the second and
            // takes out what the last run built.
            let start: web_sys::Node = document.create_text_node("").into();
            let end: web_sys::Node = document.create_text_node("").into();
            let _ = parent.append_child(&start);
            let _ = parent.append_child(&end);
            let document = document.clone();
            // What the last run built keeps alive, dropped when the next run has replaced it.
            let mut kept: Vec<Keep> = Vec::new();
            let effect = RenderEffect::new(Box::new(move |_: Option<()>| {
                let fragment: web_sys::Node = document.create_document_fragment().into();
                let mut now_kept = Vec::new();
                append(&document, &fragment, build(), &mut now_kept);
                remove_between(&start, &end);
                if let Some(parent) = end.parent_node() {
                    let _ = parent.insert_before(&fragment, Some(&end));
                }
                drop(std::mem::replace(&mut kept, now_kept));
            }) as Box<dyn FnMut(Option<()>)>);
            keep.push(Keep::Effect(effect));
        }
    }
}

/// Sets an attribute, a property or a listener on `element`.
fn apply(element: &web_sys::Element, name: &'static str, value: Value, keep: &mut Vec<Keep>) {
    match value {
        Value::Text(text) => {
            let _ = element.set_attribute(name, &text);
        }
        Value::Reactive(mut text) => {
            let element = element.clone();
            keep.push(Keep::Effect(RenderEffect::new(
                Box::new(move |_: Option<()>| {
                    let _ = match text() {
                        Some(text) => element.set_attribute(name, &text),
                        None => element.remove_attribute(name),
                    };
                }) as Box<dyn FnMut(Option<()>)>,
            )));
        }
        Value::Property(mut value) => {
            let element = element.clone();
            keep.push(Keep::Effect(RenderEffect::new(
                Box::new(move |_: Option<()>| {
                    let _ = js_sys::Reflect::set(&element, &name.into(), &value().into());
                }) as Box<dyn FnMut(Option<()>)>,
            )));
        }
        Value::Listener(handler) => {
            let closure = Closure::<dyn FnMut(web_sys::Event)>::wrap(handler);
            let _ =
                element.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            keep.push(Keep::Listener(closure));
        }
    }
}

/// Takes out the nodes strictly between `start` and `end` (siblings).
fn remove_between(start: &web_sys::Node, end: &web_sys::Node) {
    while let Some(next) = start.next_sibling() {
        if next == *end {
            break;
        }
        if let Some(parent) = next.parent_node() {
            let _ = parent.remove_child(&next);
        }
    }
}

/// A built view: its nodes (from `first` to `last`, siblings) and what keeps it current.
pub struct Built {
    first: web_sys::Node,
    last: web_sys::Node,
    /// Holds the nodes while the view is not mounted.
    fragment: web_sys::DocumentFragment,
    _keep: Vec<Keep>,
}

impl Render for Node {
    type State = Built;

    fn build(self) -> Built {
        let document = document();
        let fragment = document.create_document_fragment();
        let mut keep = Vec::new();
        append(&document, &fragment, self, &mut keep);
        if fragment.first_child().is_none() {
            let _ = fragment.append_child(&document.create_text_node(""));
        }
        let (Some(first), Some(last)) = (fragment.first_child(), fragment.last_child()) else {
            unreachable!("the fragment has a child");
        };
        Built {
            first,
            last,
            fragment,
            _keep: keep,
        }
    }

    fn rebuild(self, state: &mut Built) {
        let mut new = self.build();
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

impl Mountable for Built {
    fn unmount(&mut self) {
        let mut node = self.first.clone();
        loop {
            let next = node.next_sibling();
            let _ = self.fragment.append_child(&node);
            match next {
                Some(next) if node != self.last => node = next,
                _ => break,
            }
        }
    }

    fn mount(&mut self, parent: &web_sys::Element, marker: Option<&web_sys::Node>) {
        let _ = parent.insert_before(&self.fragment, marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self
            .first
            .parent_node()
            .and_then(|parent| parent.dyn_into::<web_sys::Element>().ok())
        {
            Some(parent) => {
                child.mount(&parent, Some(&self.first));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<web_sys::Element> {
        let mut elements = Vec::new();
        let mut node = Some(self.first.clone());
        while let Some(current) = node {
            let last = current == self.last;
            if let Ok(element) = current.clone().dyn_into::<web_sys::Element>() {
                elements.push(element);
            }
            node = if last { None } else { current.next_sibling() };
        }
        elements
    }
}

/// Leptos asks a view for server-side rendering and hydration too; the dialog has neither (a client-side
/// bundle), so they write nothing and build.
impl RenderHtml for Node {
    type AsyncOutput = Node;
    type Owned = Node;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Node {
        self
    }

    fn to_html_with_buf(
        self,
        _buf: &mut String,
        _position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &Cursor,
        _position: &PositionState,
    ) -> Built {
        self.build()
    }

    fn into_owned(self) -> Node {
        self
    }
}

/// No attribute is ever spread onto a `Node` (as `no_attrs!` declares for Leptos' own types).
impl AddAnyAttr for Node {
    type Output<SomeNewAttr: Attribute> = Node;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Node {
        self
    }
}

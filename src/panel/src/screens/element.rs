//! One element type for the screens: a tag, its attributes, its event handlers and its children, rendered by
//! one function into `AnyView`. Each `view!` tree is a type of its own, so Leptos' build, mount and update code
//! is compiled once per tree; an `Element` is the same type whatever it holds, so that code is compiled once
//! for all of them (issue 15: the dialog's size). Texts are children, never markup: untrusted text stays text.
//! This module owns the shapes only; it never reads the state or calls the core.

use leptos::prelude::*;
use leptos::tachys::html::attribute::any_attribute::{AnyAttribute, IntoAnyAttribute};
use leptos::tachys::html::attribute::custom::custom_attribute;
use leptos::tachys::html::element::custom;
use leptos::tachys::html::event::{on, Custom};
use leptos::tachys::view::add_attr::AddAnyAttr;

/// An attribute that follows signals: `None` removes it.
pub(crate) type ReactiveValue = Box<dyn FnMut() -> Option<String> + Send>;

/// An HTML element under construction: `Element::new("p").class("cg-text").text(…).into_view()`.
pub(crate) struct Element {
    tag: &'static str,
    attributes: Vec<AnyAttribute>,
    children: Vec<AnyView>,
}

impl Element {
    pub(crate) fn new(tag: &'static str) -> Element {
        Element {
            tag,
            attributes: Vec::new(),
            children: Vec::new(),
        }
    }

    /// A fixed attribute (`""` for a boolean one such as `novalidate`).
    pub(crate) fn attr(mut self, name: &'static str, value: impl Into<String>) -> Element {
        let value: String = value.into();
        self.attributes
            .push(custom_attribute(name, value).into_any_attr());
        self
    }

    pub(crate) fn class(self, class: &'static str) -> Element {
        self.attr("class", class)
    }

    /// An attribute recomputed when the signals `value` reads change.
    pub(crate) fn reactive_attr(mut self, name: &'static str, value: ReactiveValue) -> Element {
        self.attributes
            .push(custom_attribute(name, value).into_any_attr());
        self
    }

    /// A handler for the DOM event `name` (`"click"`, `"change"`, …).
    pub(crate) fn on(
        mut self,
        name: &'static str,
        handler: Box<dyn FnMut(web_sys::Event)>,
    ) -> Element {
        self.attributes
            .push(on(Custom::new(name), handler).into_any_attr());
        self
    }

    pub(crate) fn child(mut self, child: AnyView) -> Element {
        self.children.push(child);
        self
    }

    pub(crate) fn children(mut self, children: impl IntoIterator<Item = AnyView>) -> Element {
        self.children.extend(children);
        self
    }

    /// A text child, shown as text whatever it contains.
    pub(crate) fn text(self, text: impl Into<String>) -> Element {
        let text: String = text.into();
        self.child(text.into_any())
    }

    pub(crate) fn into_view(self) -> AnyView {
        custom(self.tag)
            .add_any_attr(self.attributes)
            .child(self.children)
            .into_any()
    }
}

/// Children that are rebuilt whenever the signals `build` reads change.
pub(crate) fn reactive(build: Box<dyn FnMut() -> AnyView + Send>) -> AnyView {
    build.into_any()
}

/// Several views side by side, as one.
pub(crate) fn group(views: Vec<AnyView>) -> AnyView {
    views.into_any()
}

//! The dialog's screens, one `#[component]` per file: the choice (`home`), chat now (`chat`), the opt-in and
//! re-consent forms (`opt_in`), the confirmation, the manage view and the withdrawn notice (`manage`).
//! Each reads the state's signals, calls the core and renders.

mod chat;
mod home;
mod manage;
mod opt_in;

pub use chat::ChatScreen;
pub use home::HomeScreen;
pub use manage::{DoneScreen, ManageScreen, WithdrawnScreen};
pub(crate) use opt_in::prefetch_region;
pub use opt_in::{OptInScreen, ReconsentScreen};

use leptos::prelude::*;
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::html::event::{on, Custom, On};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::{
    add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml,
};

use chatgate_core::i18n;

use crate::{Screen, WidgetState};

/// An event listener on one of the dialog's elements. Every listener has this one type — an event named at run
/// time, a boxed handler — so Leptos' code to attach one is compiled once, and with it the choice between a
/// delegated and a direct listener folds away (Leptos delegates no event in this build; with a listener type per
/// event the delegation code, its global event set and hash table stayed linked: issue 15).
pub(crate) type Listener = On<Custom, Box<dyn FnMut(leptos::ev::Event)>>;

/// A listener for the event `name` (`click`, `input`, `change`, `submit`, `keydown`).
pub(crate) fn listener(
    name: &'static str,
    handler: impl FnMut(leptos::ev::Event) + 'static,
) -> Listener {
    on(Custom::new(name), Box::new(handler))
}

/// A `click` listener.
pub(crate) fn on_click(handler: impl FnMut(leptos::ev::Event) + 'static) -> Listener {
    listener("click", handler)
}

/// An attribute's text recomputed when the signals it reads change (`None` leaves the attribute out), boxed as one
/// type for the same reason as [`listener`]: Leptos compiles its update code once for all of them (`href`,
/// `hidden`, `aria-invalid`, `aria-describedby`).
pub(crate) type ReactiveText = Box<dyn FnMut() -> Option<String> + Send>;

pub(crate) fn reactive_text(text: impl FnMut() -> Option<String> + Send + 'static) -> ReactiveText {
    Box::new(text)
}

/// A view that a reactive closure builds afresh each time it runs, instead of diffing it against the last one:
/// Leptos compiles a `rebuild` (diff) for every view type a closure returns, which for the screens is code for
/// every element and attribute twice; the dialog's closures change the whole view when they rerun (another
/// screen, another language, an error shown or gone), so a fresh build loses nothing (issue 15).
pub struct Fresh<V>(pub V);

impl<V: Render> Render for Fresh<V> {
    type State = V::State;

    fn build(self) -> V::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut V::State) {
        let mut new = self.0.build();
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

/// No attribute is ever spread onto the dialog's closures (as `no_attrs!` declares for Leptos' own types).
impl<V> AddAnyAttr for Fresh<V>
where
    V: RenderHtml,
{
    type Output<SomeNewAttr: Attribute> = Fresh<V>;

    fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr> {
        self
    }
}

impl<V: RenderHtml> RenderHtml for Fresh<V> {
    type AsyncOutput = V::AsyncOutput;
    type Owned = Fresh<V::Owned>;
    const MIN_LENGTH: usize = V::MIN_LENGTH;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    fn resolve(self) -> impl std::future::Future<Output = Self::AsyncOutput> + Send {
        self.0.resolve()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> V::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn into_owned(self) -> Self::Owned {
        Fresh(self.0.into_owned())
    }
}

/// "Back" to the choice, shown when both paths are offered.
pub(crate) fn back_button(state: WidgetState, locale: &'static str) -> impl IntoView {
    let now = chatgate_core::time::Timestamp(chatgate_web::now_seconds());
    let both = state
        .config
        .with_value(|c| c.chat_offered_at(now) && c.updates());
    both.then(|| view! {
        <button type="button" class="cg-back" {..on_click(move |_| state.go(Screen::Home))}>{format!("← {}", i18n::text(locale, "panel.back"))}</button>
    })
}

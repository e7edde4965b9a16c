//! A client's name that opens their card.

use yew::prelude::*;

use crate::state::{Action, AppContext};

/// Props of [`ClientLink`].
#[derive(Properties, PartialEq)]
pub struct ClientLinkProps {
    /// The client's id.
    pub id: AttrValue,
    /// What to show: the name, or the id when there is none.
    pub label: AttrValue,
    /// The button's `data-testid`, when a test reaches for it.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// The link.
#[component]
pub fn ClientLink(props: &ClientLinkProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let id = props.id.to_string();
    let open = Callback::from(move |_| ctx.dispatch(Action::Select(Some(id.clone()))));
    html! {
        <button class="link" onclick={open} data-testid={props.testid.clone()}>{ props.label.clone() }</button>
    }
}

//! "How is this calculated?": the explanation folded under a table or a figure.

use yew::prelude::*;

use crate::i18n::t;
use crate::state::AppContext;

/// Props of [`How`].
#[derive(Properties, PartialEq)]
pub struct HowProps {
    /// The explanation, in the reader's language.
    pub text: AttrValue,
}

/// The folded explanation.
#[component]
pub fn How(props: &HowProps) -> Html {
    let lang = use_context::<AppContext>()
        .expect("the app provides its state")
        .lang;
    html! {
        <details>
            <summary>{ t(lang, "How is this calculated?", "Как это считается?") }</summary>
            <p>{ props.text.clone() }</p>
        </details>
    }
}

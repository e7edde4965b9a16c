//! A number field that keeps what the user typed: a valid value is applied at once, an
//! invalid one is marked beside the field and not applied, and the text stays as typed.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{typed_number, Lang};

/// Props of [`NumberField`].
#[derive(Properties, PartialEq)]
pub struct NumberFieldProps {
    /// The language of the field's own message.
    pub lang: Lang,
    /// The input's id and `data-testid`.
    pub id: AttrValue,
    /// The label.
    pub label: AttrValue,
    /// A hint under the field.
    #[prop_or_default]
    pub help: Option<AttrValue>,
    /// The value as the app holds it now, as text; shown again when it changes elsewhere.
    pub shown: AttrValue,
    /// Whether an empty field is a value (`None`).
    #[prop_or_default]
    pub allow_empty: bool,
    /// Applies a typed value; `Err` carries the message to show beside the field.
    pub apply: Callback<Option<f64>, Result<(), String>>,
    /// Told `false` while the typed text cannot be applied, and `true` once it can again.
    #[prop_or_default]
    pub on_validity: Option<Callback<bool>>,
}

/// The field.
#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let lang = props.lang;
    let text = use_state(|| props.shown.to_string());
    let error = use_state(|| None::<String>);
    {
        // When the value changes elsewhere (reset, another field), show it, unless the user's
        // own text is waiting to be fixed or already says the same number.
        let text = text.clone();
        let error = error.clone();
        use_effect_with(props.shown.clone(), move |shown| {
            if error.is_none() && typed_number(&text) != typed_number(shown) {
                text.set(shown.to_string());
            }
        });
    }
    {
        let on_validity = props.on_validity.clone();
        use_effect_with(error.is_none(), move |valid| {
            if let Some(tell) = on_validity {
                tell.emit(*valid);
            }
        });
    }
    let oninput = {
        let (text, error, apply, allow_empty) = (
            text.clone(),
            error.clone(),
            props.apply.clone(),
            props.allow_empty,
        );
        Callback::from(move |e: InputEvent| {
            let raw = e.target_unchecked_into::<HtmlInputElement>().value();
            text.set(raw.clone());
            let value = typed_number(&raw);
            if value.is_none() && !(allow_empty && raw.trim().is_empty()) {
                error.set(Some(boomerang_core::calculator::not_a_number(lang).into()));
                return;
            }
            error.set(apply.emit(value).err());
        })
    };
    let id = props.id.clone();
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input id={id.clone()} type="text" inputmode="decimal" value={(*text).clone()} {oninput}
                data-testid={id.clone()} aria-invalid={error.is_some().to_string()} aria-describedby={props.help.as_ref().map(|_| format!("{id}-help"))} />
            if let Some(e) = &*error {
                <p class="field-error" role="alert" data-testid={format!("{id}-error")}>{ e }</p>
            }
            if let Some(help) = &props.help {
                <p class="hint" id={format!("{id}-help")}>{ help.clone() }</p>
            }
        </div>
    }
}

//! The app's quick calculator: a few numbers, no data. Its inputs live in the address, so a
//! link reproduces the result. What it shows comes from `boomerang_core::calculator`, which
//! the blog embed (`src/bin/embed.rs`) renders too.

use boomerang_core::calculator::{self, Field};
use boomerang_core::{quick, QuickInputs};
use yew::prelude::*;

use crate::components::embed_code::EmbedCode;
use crate::components::number_field::NumberField;
use crate::i18n::{t, Lang};
use crate::services::url;

/// What the quick calculator reads and changes, given by the app from its state.
#[derive(Clone, PartialEq)]
pub struct QuickContext {
    /// The language.
    pub lang: Lang,
    /// The inputs.
    pub inputs: QuickInputs,
    /// The currency sign of typed money.
    pub currency: AttrValue,
    /// Applies new inputs.
    pub set_inputs: Callback<QuickInputs>,
}

/// Props of [`QuickField`].
#[derive(Properties, PartialEq)]
pub struct QuickFieldProps {
    /// Which input.
    pub field: Field,
    /// Told whether the field's text can be applied.
    pub on_validity: Callback<(Field, bool)>,
}

/// One input: its text is the user's own, applied only when valid, and kept when not.
#[component]
pub fn QuickField(props: &QuickFieldProps) -> Html {
    let ctx = use_context::<QuickContext>().expect("the app provides the calculator's state");
    let lang = ctx.lang;
    let field = props.field;
    let apply = {
        let ctx = ctx.clone();
        Callback::from(move |value: Option<f64>| {
            let candidate = field.set(&ctx.inputs, value.unwrap_or_default());
            quick(&candidate).map_err(|e| e.message(lang))?;
            ctx.set_inputs.emit(candidate);
            Ok(())
        })
    };
    let on_validity = props.on_validity.reform(move |valid| (field, valid));
    html! {
        <NumberField {lang} id={format!("quick-{}", field.key())} label={field.label(lang)} shown={field.shown(&ctx.inputs)} {apply} {on_validity} />
    }
}

/// The quick calculator.
#[component]
pub fn QuickCalc() -> Html {
    let ctx = use_context::<QuickContext>().expect("the app provides the calculator's state");
    let lang = ctx.lang;
    let q = ctx.inputs.clone();
    // The inputs whose text is waiting to be fixed: while any is, the result is the last valid
    // one, dimmed, and says so.
    let invalid = use_state(Vec::<Field>::new);
    let on_validity = {
        let invalid = invalid.clone();
        Callback::from(move |(f, valid): (Field, bool)| {
            let mut now = (*invalid).clone();
            now.retain(|x| *x != f);
            if !valid {
                now.push(f);
            }
            if now != *invalid {
                invalid.set(now);
            }
        })
    };
    use_effect_with(q.clone(), url::show_inputs);
    let stale = !invalid.is_empty();
    let outputs = match quick(&q) {
        Ok(r) => html! {
            <div class={classes!("quick-result", stale.then_some("stale"))} aria-live="polite">
                if stale {
                    <p class="stale-note" data-testid="quick-stale">{ calculator::stale(lang) }</p>
                }
                <dl class="quick-out" data-testid="quick-results">
                    { for calculator::outputs(&q, &r, &ctx.currency, lang).into_iter().map(|o| html! {
                        <div class="out" data-testid={format!("quick-out-{}", o.id)}>
                            <dt>{ o.label }</dt>
                            <dd><strong class="value">{ o.value }</strong><span class="formula">{ o.formula }</span></dd>
                        </div>
                    }) }
                </dl>
            </div>
        },
        Err(e) => html! { <p class="problem" role="alert">{ e.message(lang) }</p> },
    };
    html! {
        <section class="quick" aria-labelledby="quick-title" data-testid="quick">
            <h2 id="quick-title">{ calculator::title(lang) }</h2>
            <p class="hint">{ t(lang, "No data needed: ten numbers (churn as a percentage or as clients lost a year). The link in the address bar reproduces this result.", "Данные не нужны: десять чисел (отток — в процентах или числом потерянных за год). Ссылка в адресной строке воспроизводит этот расчёт.") }</p>
            <div class="quick-grid">
                <div class="quick-in">
                    { for Field::ALL.iter().map(|f| html! { <QuickField key={f.key()} field={*f} on_validity={on_validity.clone()} /> }) }
                </div>
                { outputs }
            </div>
            <p class="reference">{ calculator::reference(lang) }</p>
            <EmbedCode {lang} src={url::embed_url(&q, lang)} hint={t(lang,
                "Paste this into the article's HTML: the calculator sizes itself, with no inner scroll bar. It loads a small page of its own, in the language shown here, with the win-back plan below it.",
                "Вставьте в HTML статьи: калькулятор сам подстроит высоту, без внутренней прокрутки. Он загружает свою небольшую страницу на языке, выбранном здесь, с планом возврата под ним.")} />
        </section>
    }
}

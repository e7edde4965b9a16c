//! The quick calculator: a few numbers, no data. Its inputs live in the address, so a link
//! reproduces the result; in embed mode it tells the parent page its height.

use boomerang_core::{quick, ChurnInput, Figure, Money, QuickInputs};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::number_field::NumberField;
use crate::i18n::{dec1, money, pct, t, years, Lang};
use crate::services::url;

/// What the quick calculator reads and changes: the app gives it from its state, the blog
/// embed (a bundle of its own, `embed.html`) from a few hooks.
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
    /// Switches the language.
    pub set_lang: Callback<Lang>,
}

/// Props of [`QuickCalc`].
#[derive(Properties, PartialEq)]
pub struct QuickCalcProps {
    /// Compact, for an iframe.
    pub embed: bool,
}

/// One of the calculator's inputs.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Input {
    Clients,
    Churn,
    Lost,
    Check,
    Ppy,
    Margin,
    P,
    Cost,
    Attempts,
    Incentive,
    Sleeping,
}

fn value_of(q: &QuickInputs, i: Input) -> String {
    let v = match i {
        Input::Clients => q.clients,
        Input::Churn => match q.churn {
            ChurnInput::Rate(r) => r * 100.0,
            ChurnInput::LostPerYear(n) => n / q.clients * 100.0,
        },
        Input::Lost => match q.churn {
            ChurnInput::Rate(r) => r * q.clients,
            ChurnInput::LostPerYear(n) => n,
        },
        Input::Check => q.avg_check.major(),
        Input::Ppy => q.purchases_per_year,
        Input::Margin => q.margin * 100.0,
        Input::P => q.return_probability * 100.0,
        Input::Cost => q.cost_per_attempt.major(),
        Input::Attempts => q.attempts as f64,
        Input::Incentive => q.incentive.major(),
        Input::Sleeping => q.sleeping,
    };
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

fn with(q: &QuickInputs, i: Input, v: f64) -> QuickInputs {
    let mut q = q.clone();
    match i {
        Input::Clients => q.clients = v,
        Input::Churn => q.churn = ChurnInput::Rate(v / 100.0),
        Input::Lost => q.churn = ChurnInput::LostPerYear(v),
        Input::Check => q.avg_check = Money::from_major(v),
        Input::Ppy => q.purchases_per_year = v,
        Input::Margin => q.margin = v / 100.0,
        Input::P => q.return_probability = v / 100.0,
        Input::Cost => q.cost_per_attempt = Money::from_major(v),
        Input::Attempts => {
            q.attempts = if v.fract() == 0.0 && (0.0..=1e6).contains(&v) {
                v as u32
            } else {
                0
            }
        }
        Input::Incentive => q.incentive = Money::from_major(v),
        Input::Sleeping => q.sleeping = v,
    }
    q
}

fn post_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let height = gloo::utils::document()
        .document_element()
        .map_or(0, |e| e.scroll_height());
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"boomerang:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    if let Ok(Some(parent)) = window.parent() {
        let _ = parent.post_message(&message, "*");
    }
}

/// Props of [`QuickField`].
#[derive(Properties, PartialEq)]
pub struct QuickFieldProps {
    /// Which input.
    pub input: Input,
    /// Its key in ids and the address.
    pub key_name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Told whether the field's text can be applied.
    pub on_validity: Callback<(Input, bool)>,
}

/// One input: its text is the user's own, applied only when valid, and kept when not.
#[component]
pub fn QuickField(props: &QuickFieldProps) -> Html {
    let ctx = use_context::<QuickContext>().expect("the page provides the calculator's state");
    let lang = ctx.lang;
    let i = props.input;
    let apply = {
        let ctx = ctx.clone();
        Callback::from(move |value: Option<f64>| {
            let candidate = with(&ctx.inputs, i, value.unwrap_or_default());
            quick(&candidate).map_err(|e| e.message(lang))?;
            ctx.set_inputs.emit(candidate);
            Ok(())
        })
    };
    let on_validity = props.on_validity.reform(move |valid| (i, valid));
    html! {
        <NumberField {lang} id={format!("quick-{}", props.key_name)} label={props.label} shown={value_of(&ctx.inputs, i)} {apply} {on_validity} />
    }
}

/// The quick calculator.
#[component]
pub fn QuickCalc(props: &QuickCalcProps) -> Html {
    let ctx = use_context::<QuickContext>().expect("the page provides the calculator's state");
    let lang = ctx.lang;
    let q = ctx.inputs.clone();
    let copied = use_state(|| false);
    // The inputs whose text is waiting to be fixed: while any is, the result is the last valid
    // one, dimmed, and says so.
    let invalid = use_state(Vec::<Input>::new);
    let on_validity = {
        let invalid = invalid.clone();
        Callback::from(move |(i, valid): (Input, bool)| {
            let mut now = (*invalid).clone();
            now.retain(|x| *x != i);
            if !valid {
                now.push(i);
            }
            if now != *invalid {
                invalid.set(now);
            }
        })
    };
    {
        let embed = props.embed;
        let q = q.clone();
        use_effect_with((q, lang), move |(q, lang)| {
            url::show_inputs(q, embed.then_some(*lang));
            if embed {
                post_height();
            }
        });
    }
    {
        // The parent also hears of every later change of size (fonts, window width).
        let embed = props.embed;
        use_effect_with(embed, move |embed| {
            let observer = embed.then(|| {
                let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(post_height);
                let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
                if let (Some(o), Some(body)) = (&observer, gloo::utils::document().body()) {
                    o.observe(&body);
                }
                (observer, callback)
            });
            move || {
                if let Some((Some(o), _)) = observer {
                    o.disconnect();
                }
            }
        });
    }
    let field = |i: Input, key: &'static str, label: &'static str| {
        html! { <QuickField input={i} key_name={key} label={label} on_validity={on_validity.clone()} /> }
    };
    let stale = !invalid.is_empty();
    let cur = ctx.currency.to_string();
    let result = quick(&q);
    let outputs = match &result {
        Ok(r) => {
            let fig = |f: &Figure<Money>| match f {
                Figure::Defined(m) => money(*m, &cur, lang),
                Figure::Undefined(w) => w.message(lang),
            };
            let rows: Vec<(&str, &str, String, String)> = vec![
                (
                    "lost-clients",
                    t(lang, "Clients lost a year", "Клиентов теряется в год"),
                    dec1(r.clients_lost_per_year, lang),
                    format!(
                        "{} × {}",
                        value_of(&q, Input::Clients),
                        pct(r.churn_rate, lang)
                    ),
                ),
                (
                    "lost-revenue",
                    t(lang, "Revenue lost a year", "Теряется выручки в год"),
                    money(r.revenue_lost_per_year, &cur, lang),
                    format!(
                        "{} × {} × {}",
                        dec1(r.clients_lost_per_year, lang),
                        money(q.avg_check, &cur, lang),
                        dec1(q.purchases_per_year, lang)
                    ),
                ),
                (
                    "lifetime",
                    t(lang, "Client lifetime", "Время жизни клиента"),
                    match &r.lifetime_years {
                        Figure::Defined(v) => years(*v, lang),
                        Figure::Undefined(w) => w.message(lang),
                    },
                    format!("1 / {}", pct(r.churn_rate, lang)),
                ),
                (
                    "ltv",
                    t(
                        lang,
                        "Lifetime value of a client",
                        "Доход с клиента за жизнь",
                    ),
                    fig(&r.lifetime_value),
                    t(
                        lang,
                        "check × purchases a year × lifetime",
                        "чек × покупок в год × время жизни",
                    )
                    .into(),
                ),
                (
                    "benefit",
                    t(
                        lang,
                        "Benefit of one returned client",
                        "Выгода от одного вернувшегося",
                    ),
                    fig(&r.benefit_per_return),
                    t(
                        lang,
                        "check × margin × purchases a month × lifetime in months",
                        "чек × маржа × покупок в месяц × жизнь в месяцах",
                    )
                    .into(),
                ),
                (
                    "cost",
                    t(
                        lang,
                        "Cost of one returned client",
                        "Стоимость возврата одного клиента",
                    ),
                    money(r.cost_per_return, &cur, lang),
                    format!(
                        "{} × {} / {} + {}",
                        q.attempts,
                        money(q.cost_per_attempt, &cur, lang),
                        pct(q.return_probability, lang),
                        money(q.incentive, &cur, lang)
                    ),
                ),
                (
                    "roi",
                    "ROI",
                    match &r.roi {
                        Figure::Defined(v) => format!("{}×", dec1(*v, lang)),
                        Figure::Undefined(w) => w.message(lang),
                    },
                    t(
                        lang,
                        "benefit / cost of one return",
                        "выгода / стоимость возврата",
                    )
                    .into(),
                ),
                (
                    "recoverable",
                    t(
                        lang,
                        "Recoverable revenue a year",
                        "Можно вернуть выручки в год",
                    ),
                    money(r.recoverable_revenue, &cur, lang),
                    format!(
                        "{} × {}{}",
                        money(r.revenue_lost_per_year, &cur, lang),
                        pct(q.return_probability, lang),
                        match &r.roi {
                            Figure::Defined(v) if *v < 1.0 => t(
                                lang,
                                " — but at these costs a return does not pay for itself",
                                " — но при этих затратах возврат не окупается"
                            ),
                            _ => "",
                        }
                    ),
                ),
                (
                    "sleeping",
                    t(
                        lang,
                        "Sleeping clients' wake-up potential",
                        "Потенциал пробуждения спящих",
                    ),
                    money(r.sleeping_potential, &cur, lang),
                    format!(
                        "{} × {} × {} {}",
                        value_of(&q, Input::Sleeping),
                        money(q.avg_check, &cur, lang),
                        pct(q.return_probability, lang),
                        t(
                            lang,
                            "(one order each; seed example: 100 × $1,000 × 25% = $25,000)",
                            "(по одному заказу; пример: 100 × 1 000 $ × 25% = 25 000 $)"
                        )
                    ),
                ),
            ];
            html! {
                <div class={classes!("quick-result", stale.then_some("stale"))} aria-live="polite">
                if stale {
                    <p class="stale-note" data-testid="quick-stale">{ t(lang,
                        "These are the figures of the last valid numbers: fix the marked field to update them.",
                        "Это расчёт по последним верным числам: исправьте отмеченное поле, чтобы обновить его.") }</p>
                }
                <dl class="quick-out" data-testid="quick-results">
                    { for rows.into_iter().map(|(id, label, value, formula)| html! {
                        <div class="out" data-testid={format!("quick-out-{id}")}>
                            <dt>{ label }</dt>
                            <dd><strong class="value">{ value }</strong><span class="formula">{ formula }</span></dd>
                        </div>
                    }) }
                </dl>
                </div>
            }
        }
        Err(e) => html! { <p class="problem" role="alert">{ e.message(lang) }</p> },
    };
    let embed_code = format!(
        "<iframe src=\"{}\" title=\"Boomerang\" style=\"width:100%;border:0\" height=\"640\" loading=\"lazy\"></iframe>\n<script>addEventListener('message',function(e){{if(e.data&&e.data.type==='boomerang:height'){{document.querySelectorAll('iframe[title=Boomerang]').forEach(function(f){{if(f.contentWindow===e.source)f.height=e.data.height}})}}}})</script>",
        url::embed_url(&q, lang)
    );
    let copy = {
        let code = embed_code.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&code);
                copied.set(true);
            }
        })
    };
    let switch_lang = ctx.set_lang.reform(
        move |_: MouseEvent| {
            if lang == Lang::Ru {
                Lang::En
            } else {
                Lang::Ru
            }
        },
    );
    html! {
        <section class={classes!("quick", props.embed.then_some("compact"))} aria-labelledby="quick-title" data-testid="quick">
            <h2 id="quick-title">{ t(lang, "What do lost clients cost you?", "Во что вам обходятся ушедшие клиенты?") }</h2>
            if props.embed {
                <button class="lang secondary" onclick={switch_lang}>{ if lang == Lang::Ru { "EN" } else { "RU" } }</button>
            } else {
                <p class="hint">{ t(lang, "No data needed: ten numbers (churn as a percentage or as clients lost a year). The link in the address bar reproduces this result.", "Данные не нужны: десять чисел (отток — в процентах или числом потерянных за год). Ссылка в адресной строке воспроизводит этот расчёт.") }</p>
            }
            <div class="quick-grid">
                <div class="quick-in">
                    { field(Input::Clients, "clients", t(lang, "Clients in the base", "Клиентов в базе")) }
                    { field(Input::Churn, "churn", t(lang, "Annual churn, %", "Отток в год, %")) }
                    { field(Input::Lost, "lost", t(lang, "…or clients lost a year", "…или клиентов теряется в год")) }
                    { field(Input::Check, "check", t(lang, "Average check", "Средний чек")) }
                    { field(Input::Ppy, "ppy", t(lang, "Purchases a year", "Покупок в год")) }
                    { field(Input::Margin, "margin", t(lang, "Margin, %", "Маржа, %")) }
                    { field(Input::P, "p", t(lang, "Chance a client comes back, %", "Вероятность возврата, %")) }
                    { field(Input::Cost, "cost", t(lang, "Cost of one attempt", "Стоимость одной попытки")) }
                    { field(Input::Attempts, "attempts", t(lang, "Attempts per client", "Попыток на клиента")) }
                    { field(Input::Incentive, "incentive", t(lang, "Incentive per returned client (discount, gift)", "Стимул вернувшемуся (скидка, подарок)")) }
                    { field(Input::Sleeping, "sleeping", t(lang, "Sleeping clients", "Спящих клиентов")) }
                </div>
                { outputs }
            </div>
            <p class="reference">{ t(lang,
                "Reference points: the best companies lose 9–11% of clients a year; a quarter of sleeping clients come back; a client who has already returned buys again with 40% chance, a new one with 5%.",
                "Ориентиры: лучшие компании теряют 9–11% клиентов в год; четверть спящих клиентов возвращается; уже вернувшийся клиент покупает снова с вероятностью 40%, новый — 5%.") }</p>
            if props.embed {
                <p class="hint"><a href={url::app_url(&q)} target="_blank" rel="noopener">{ t(lang, "Open Boomerang", "Открыть Boomerang") }</a></p>
            } else {
                <details class="embed-code">
                    <summary>{ t(lang, "Embed in a blog", "Встроить в блог") }</summary>
                    <p class="hint">{ t(lang, "Paste this into the article's HTML: the calculator sizes itself, with no inner scroll bar.", "Вставьте в HTML статьи: калькулятор сам подстроит высоту, без внутренней прокрутки.") }</p>
                    <textarea readonly=true rows="5" value={embed_code} data-testid="embed-code" />
                    <button class="secondary" onclick={copy} data-testid="copy-embed">{ if *copied { t(lang, "Copied", "Скопировано") } else { t(lang, "Copy embed code", "Скопировать код") } }</button>
                </details>
            }
        </section>
    }
}

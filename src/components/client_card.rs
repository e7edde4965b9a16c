//! A client's card: the purchase timeline, interval, threshold, status and why.

use std::rc::Rc;

use boomerang_core::{Money, Status};
use chrono::NaiveDate;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{
    abc_name, category_name, date, dec1, int, money, status_name, t, xyz_name, Lang,
};
use crate::state::Analyzed;
use crate::state::{Action, AppContext};

/// Props of [`ClientCard`].
#[derive(Properties, PartialEq)]
pub struct ClientCardProps {
    /// The client's id.
    pub id: AttrValue,
    /// The analysis.
    pub analyzed: Analyzed,
    /// The client's purchase occasions (empty for a client table).
    pub history: Option<Rc<Vec<(NaiveDate, Money)>>>,
}

/// On Tab from the card's last control, or Shift+Tab from its first (or from the card itself),
/// wrap round instead of leaving the dialog.
fn keep_focus_inside(dialog: &web_sys::HtmlElement, e: &KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(
        "button, a[href], input, select, textarea, summary, [tabindex]:not([tabindex='-1'])",
    ) else {
        return;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = gloo::utils::document().active_element();
    let at = |el: &web_sys::HtmlElement| active.as_ref() == Some(el.as_ref());
    let target = if e.shift_key() && (at(first) || at(dialog)) {
        last
    } else if !e.shift_key() && at(last) {
        first
    } else {
        return;
    };
    e.prevent_default();
    let _ = target.focus();
}

/// The card, as a dialog.
#[component]
pub fn ClientCard(props: &ClientCardProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let close = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Select(None)))
    };
    let dialog = use_node_ref();
    // Escape closes; Tab and Shift+Tab go round the card's own controls, never behind it.
    let on_key = {
        let close = close.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                close.emit(());
            } else if e.key() == "Tab" {
                if let Some(d) = dialog.cast::<web_sys::HtmlElement>() {
                    keep_focus_inside(&d, &e);
                }
            }
        })
    };
    {
        let dialog = dialog.clone();
        use_effect_with(props.id.clone(), move |_| {
            // Focus moves into the card, and back to what opened it when the card closes.
            let opener = gloo::utils::document()
                .active_element()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = dialog.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            move || {
                if let Some(o) = opener.filter(|o| o.is_connected()) {
                    let _ = o.focus();
                }
            }
        });
    }
    let Some(a) = props.analyzed.get() else {
        return html! {};
    };
    let Some(at) = a
        .clients
        .iter()
        .position(|l| *l.client.id == *props.id.as_str())
    else {
        return html! {};
    };
    let line = &a.clients[at];
    let c = &line.client;
    let cur = ctx.currency();
    let model_name = match &a.model {
        Some(boomerang_core::Figure::Defined(m)) => m.models.chosen.name(),
        _ => "",
    };
    // The purchases come from the worker a moment after the card opens.
    let history = props.history.clone().unwrap_or_default();
    let why = match (c.status, c.interval_days) {
        (Status::Active, Some(i)) => format!(
            "{} {} {} {} {}",
            t(lang, "Bought", "Покупал"),
            c.recency_days,
            t(
                lang,
                "days ago, within the usual interval of",
                "дн. назад — в пределах обычного интервала"
            ),
            dec1(i, lang),
            t(lang, "days.", "дн.")
        ),
        (Status::Sleeping, Some(i)) => format!(
            "{} {} {} {} {} {} {}",
            t(lang, "Silent for", "Молчит"),
            c.recency_days,
            t(
                lang,
                "days: longer than the usual",
                "дн.: дольше обычного интервала"
            ),
            dec1(i, lang),
            t(
                lang,
                "days, but not yet the lost threshold of",
                "дн., но ещё не порог потери"
            ),
            dec1(c.threshold_days, lang),
            t(lang, "days.", "дн.")
        ),
        (Status::Lost, Some(i)) => format!(
            "{} {} {} {} × {} = {} {}",
            t(lang, "Silent for", "Молчит"),
            c.recency_days,
            t(
                lang,
                "days: longer than the lost threshold",
                "дн.: дольше порога потери"
            ),
            dec1(a.settings.k, lang),
            dec1(i, lang),
            dec1(c.threshold_days, lang),
            t(
                lang,
                "days (at least the minimum).",
                "дн. (не меньше минимума)."
            )
        ),
        (status, None) => format!(
            "{} {} {} {} {} ({}).",
            t(lang, "Bought once,", "Купил один раз,"),
            c.recency_days,
            t(
                lang,
                "days ago. One-time buyers are lost after",
                "дн. назад. Разовые покупатели теряются через"
            ),
            dec1(c.threshold_days, lang),
            t(lang, "days", "дн."),
            status_name(status, lang)
        ),
    };
    // The timeline: purchases as dots sized by amount, the analysis date, the thresholds.
    let (w, h, pad) = (640.0, 120.0, 16.0);
    let start = history.first().map(|d| d.0).unwrap_or(c.first);
    let end = a
        .as_of
        .max(c.last + chrono::Duration::days(c.threshold_days.ceil() as i64));
    let span = (end - start).num_days().max(1) as f64;
    let x = |d: NaiveDate| pad + (d - start).num_days() as f64 / span * (w - 2.0 * pad);
    let max = history
        .iter()
        .map(|d| d.1.major())
        .fold(0.0, f64::max)
        .max(1.0);
    let active_until = c.last
        + chrono::Duration::days(
            c.interval_days
                .unwrap_or(c.threshold_days / a.settings.k)
                .round() as i64,
        );
    let lost_from = c.last + chrono::Duration::days(c.threshold_days.ceil() as i64);
    html! {
        <div class="overlay" onclick={close.reform(|_| ())}>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="card-title" tabindex="-1" ref={dialog}
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())} onkeydown={on_key} data-testid="client-card">
                <header>
                    <h2 id="card-title">{ c.name.clone().unwrap_or_else(|| c.id.clone()) }</h2>
                    <button class="secondary" onclick={close.reform(|_| ())} aria-label={t(lang, "Close", "Закрыть")} data-testid="close-card">{ "×" }</button>
                </header>
                <p class={classes!("status", format!("{:?}", c.status).to_lowercase())} data-testid="card-status">
                    <strong>{ status_name(c.status, lang) }</strong>{ ". " }{ why }
                </p>
                if a.clients.disagrees(at) {
                    <p class="disagree-note" data-testid="card-disagrees">{
                        if c.status == Status::Lost {
                            t(lang, "The model disagrees: from how the whole base behaves, this client is more likely alive than gone. Worth a call before writing them off.",
                                "Модель не согласна: судя по поведению всей базы, этот клиент скорее жив, чем ушёл. Стоит позвонить, прежде чем списывать его.")
                        } else {
                            t(lang, "The model disagrees: from how the whole base behaves, this client is more likely gone than alive, although the rule still counts them active.",
                                "Модель не согласна: судя по поведению всей базы, этот клиент скорее ушёл, хотя по правилу ещё активен.")
                        }
                    }</p>
                }
                if !history.is_empty() {
                    <svg class="chart timeline" viewBox={format!("0 0 {w} {h}")} role="img" aria-label={t(lang, "Purchase timeline", "История покупок")} data-testid="timeline">
                        <title>{ t(lang, "Purchase timeline", "История покупок") }</title>
                        <rect x={format!("{:.1}", x(c.last))} width={format!("{:.1}", (x(active_until.min(end)) - x(c.last)).max(0.0))} y="0" height={(h - 24.0).to_string()} class="zone active"><title>{ t(lang, "active", "активен") }</title></rect>
                        <rect x={format!("{:.1}", x(active_until.min(end)))} width={format!("{:.1}", (x(lost_from.min(end)) - x(active_until.min(end))).max(0.0))} y="0" height={(h - 24.0).to_string()} class="zone sleeping"><title>{ t(lang, "sleeping", "спящий") }</title></rect>
                        <rect x={format!("{:.1}", x(lost_from.min(end)))} width={format!("{:.1}", (x(end) - x(lost_from.min(end))).max(0.0))} y="0" height={(h - 24.0).to_string()} class="zone lost"><title>{ t(lang, "lost", "потерян") }</title></rect>
                        <line x1={pad.to_string()} x2={(w - pad).to_string()} y1={(h - 24.0).to_string()} y2={(h - 24.0).to_string()} class="axis" />
                        { for history.iter().map(|(d, m)| html! {
                            <circle cx={format!("{:.1}", x(*d))} cy={(h - 50.0).to_string()} r={format!("{:.1}", 3.0 + 9.0 * (m.major() / max).sqrt())} class="dot">
                                <title>{ format!("{}: {}", date(*d, lang), money(*m, ctx.currency(), lang)) }</title>
                            </circle>
                        }) }
                        <line x1={format!("{:.1}", x(a.as_of))} x2={format!("{:.1}", x(a.as_of))} y1="0" y2={(h - 24.0).to_string()} class="as-of-line" />
                        <text x={pad.to_string()} y={(h - 6.0).to_string()} class="tick">{ date(start, lang) }</text>
                        <text x={format!("{:.1}", x(a.as_of))} y={(h - 6.0).to_string()} class="tick" text-anchor="end">{ date(a.as_of, lang) }</text>
                    </svg>
                }
                <dl class="facts">
                    <dt>{ t(lang, "Purchases", "Покупок") }</dt><dd>{ int(c.occasions as usize, lang) }</dd>
                    <dt>{ t(lang, "First / last", "Первая / последняя") }</dt><dd>{ format!("{} / {}", date(c.first, lang), date(c.last, lang)) }</dd>
                    <dt>{ t(lang, "Usual interval", "Обычный интервал") }</dt><dd>{ c.interval_days.map(|i| format!("{} {}", dec1(i, lang), t(lang, "days", "дн."))).unwrap_or_else(|| t(lang, "one purchase", "одна покупка").into()) }</dd>
                    <dt>{ t(lang, "Lost threshold", "Порог потери") }</dt><dd>{ format!("{} {}", dec1(c.threshold_days, lang), t(lang, "days", "дн.")) }</dd>
                    <dt>{ t(lang, "Revenue", "Выручка") }</dt><dd>{ money(c.revenue, cur, lang) }</dd>
                    <dt>{ t(lang, "Average check", "Средний чек") }</dt><dd>{ money(c.avg_check, cur, lang) }</dd>
                    <dt>{ t(lang, "The client's year", "Год клиента") }</dt>
                    <dd data-testid="card-year">{ format!("{} · {} {} {}", money(c.annual_revenue, cur, lang), int(c.purchases_a_year as usize, lang), match lang {
                        Lang::En => if c.purchases_a_year == 1 { "purchase in the 365 days up to" } else { "purchases in the 365 days up to" },
                        Lang::Ru => crate::i18n::ru_plural(c.purchases_a_year as usize,
                            "покупка за 365 дней до", "покупки за 365 дней до", "покупок за 365 дней до"),
                    }, date(c.last, lang)) }</dd>
                    if let Some(since) = c.lost_since {
                        <dt>{ t(lang, "Lost since", "Потерян с") }</dt><dd>{ format!("{} ({} {})", date(since, lang), int(c.days_since_loss.unwrap_or(0).max(0) as usize, lang), t(lang, "days ago", "дн. назад")) }</dd>
                    }
                    if let Some((recent, before)) = c.year_on_year {
                        <dt>{ t(lang, "Last 365 days / the 365 before", "Последние 365 дней / 365 до них") }</dt>
                        <dd>{ format!("{} / {}{}", money(recent, cur, lang), money(before, cur, lang), if c.declining { t(lang, " · declining: a third or more down", " · снижает покупки: на треть и больше") } else { "" }) }</dd>
                    }
                    <dt>{ t(lang, "Losses and returns", "Потерь и возвратов") }</dt><dd>{ c.loss_episodes.map(|e| int(e as usize, lang)).unwrap_or_else(|| "—".into()) }{ if c.lost_twice == Some(true) { t(lang, " · lost twice", " · потерян дважды") } else { "" } }</dd>
                    <dt>{ "ABC / XYZ" }</dt><dd>{ format!("{} / {}", abc_name(line.abc), line.xyz.map(xyz_name).unwrap_or("—")) }</dd>
                    <dt>{ if c.status == Status::Lost { t(lang, "Manager when they left", "Менеджер при уходе") } else { t(lang, "Manager", "Менеджер") } }</dt>
                    <dd data-testid="card-manager">{ c.manager.clone().unwrap_or_else(|| "—".into()) }{
                        if c.status == Status::Lost && line.winback.as_ref().is_some_and(|w| w.let_go_because.is_none()) && c.manager.is_some() {
                            t(lang, " · another manager should make the call", " · звонить должен другой менеджер")
                        } else { "" }
                    }</dd>
                    <dt>{ t(lang, "Reason for leaving", "Причина ухода") }</dt><dd>{ c.reason.clone().unwrap_or_else(|| "—".into()) }{
                        line.reason.map(|r| format!(" ({})", boomerang_core::export::group_name(r.group, lang))).unwrap_or_default()
                    }</dd>
                    if let Some(m) = a.clients.model(at) {
                        <dt>{ t(lang, "Rule / model", "Правило / модель") }</dt>
                        <dd data-testid="card-rule-model">{ format!("{} · {} {}: ",
                            status_name(c.status, lang),
                            t(lang, "P(alive) by", "P(alive) по"),
                            model_name) }
                            <span data-testid="card-alive">{ crate::i18n::pct(m.p_alive, lang) }</span>
                            if let Some(why) = crate::components::model_panel::disagreement(&a.clients, at, lang) {
                                <br /><span class="note" data-testid="card-disagreement">{ format!("⚠ {why}") }</span>
                            }
                        </dd>
                        <dt>{ format!("{} {} {}", t(lang, "Purchases expected in", "Ожидается покупок за"), a.settings.horizon_months, t(lang, "months", "мес.")) }</dt>
                        <dd>{ format!("{} · {} {:.0}%", dec1(m.expected_purchases, lang), t(lang, "none at all:", "ни одной:"), m.p_no_purchase * 100.0) }</dd>
                        if let Some(v) = m.clv {
                            <dt>{ "CLV" }</dt><dd>{ money(boomerang_core::Money::from_major(v), cur, lang) }</dd>
                        }
                    }
                    if let Some(w) = &line.winback {
                        <dt>{ t(lang, "Category", "Категория") }</dt><dd data-testid="card-category">{ category_name(w.category, lang) }{
                            w.let_go_because.map(|b| format!(": {}", boomerang_core::export::let_go_name(b, lang))).unwrap_or_default()
                        }{ if w.urgent { t(lang, " · call at once: the contact person changed", " · звонить сразу: сменилось контактное лицо") } else { "" } }</dd>
                        <dt>{ t(lang, "Why call", "Почему звонить") }</dt><dd data-testid="card-why-call">{ boomerang_core::export::why_call(&a.clients, at, lang) }</dd>
                        <dt>{ t(lang, "Return chance", "Шанс возврата") }</dt><dd>{ crate::i18n::pct(w.return_chance, lang) }</dd>
                        <dt>{ t(lang, "Benefit / cost", "Выгода / затраты") }</dt><dd>{ format!("{} / {}", money(w.benefit, cur, lang), money(w.cost, cur, lang)) }</dd>
                        <dt>{ t(lang, "Expected net", "Ожидаемый итог") }</dt><dd>{ money(w.expected_net, cur, lang) }</dd>
                        <dt>{ "ROI" }</dt><dd data-testid="card-roi">{ w.roi.map(|r| format!("{}×", dec1(r, lang))).unwrap_or_else(|| "—".into()) }</dd>
                    }
                </dl>
            </div>
        </div>
    }
}

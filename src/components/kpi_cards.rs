//! The headline figures, each with how it is calculated (in plain words and with the user's
//! own numbers) and the reference point the seeds give.

use boomerang_core::{Analysis, Figure, Status};
use yew::prelude::*;

use crate::i18n::{dec1, int, money, pct, t, years, Lang};

/// Props of [`KpiCards`].
#[derive(Properties, PartialEq)]
pub struct KpiCardsProps {
    /// The analysis (shared by pointer).
    pub analysis: std::rc::Rc<Analysis>,
    /// The UI language.
    pub lang: Lang,
    /// The currency sign.
    pub currency: AttrValue,
}

struct Card {
    id: &'static str,
    label: &'static str,
    value: String,
    note: Option<String>,
    how: String,
    formula: String,
    reference: Option<&'static str>,
}

/// The cards.
#[component]
pub fn KpiCards(props: &KpiCardsProps) -> Html {
    let a = &*props.analysis;
    let lang = props.lang;
    let cur = props.currency.as_str();
    let m = |v| money(v, cur, lang);
    let s = &a.settings;
    let lost_n = a.status.lost;
    let undefined = |f: &Figure<f64>| f.clone().map(|_| ()).value().is_none();
    let why = |f: &Figure<f64>| match f {
        Figure::Undefined(w) => w.message(lang),
        Figure::Defined(_) => String::new(),
    };
    let returned = a
        .clients
        .iter()
        .filter(|l| l.client.loss_episodes.unwrap_or(0) > 0)
        .count();
    let ever_lost = a
        .clients
        .iter()
        .filter(|l| l.client.loss_episodes.unwrap_or(0) > 0 || l.client.status == Status::Lost)
        .count();
    let churn_formula = match &a.churn {
        Figure::Defined(c) => {
            let base = format!(
                "{} {} {} {} = {}",
                int(c.became_lost, lang),
                t(lang, "of the", "из"),
                int(c.at_start, lang),
                t(
                    lang,
                    "clients who were not lost a year ago are lost now",
                    "клиентов, не потерянных год назад, сейчас потеряны"
                ),
                pct(c.became_lost as f64 / c.at_start as f64, lang)
            );
            if c.annualized {
                format!(
                    "{base}; {} {} {}",
                    t(lang, "measured over", "за"),
                    c.window_days,
                    t(lang, "days and scaled to a year", "дн. и приведено к году")
                )
            } else {
                base
            }
        }
        Figure::Undefined(w) => w.message(lang),
    };
    let cards = vec![
        Card {
            id: "lost-revenue",
            label: t(lang, "Lost revenue a year", "Недополученная выручка в год"),
            value: m(a.lost_revenue.per_year),
            note: Some(format!("{} {}", t(lang, "missed so far:", "уже упущено:"), m(a.lost_revenue.missed_so_far))),
            how: t(lang,
                "What the lost clients used to bring in a year, added up: each client's average check × their purchases a year. One-time buyers get the business's typical frequency.",
                "Сколько потерянные клиенты приносили бы за год: средний чек каждого × его покупок в год. Разовым покупателям — типичная частота покупок бизнеса.").into(),
            formula: format!(
                "Σ {} {} = {}; {} {}",
                int(lost_n, lang),
                t(lang, "lost clients (check × purchases a year)", "потерянных клиентов (чек × покупок в год)"),
                m(a.lost_revenue.per_year),
                t(lang, "of it from one-time buyers:", "из них от разовых покупателей:"),
                m(a.lost_revenue.per_year_one_time)
            ),
            reference: Some(t(lang, "Seed example: 10 clients × 50,000 × 7 deals a year = 3,500,000 a year.", "Пример: 10 клиентов × 50 000 × 7 сделок в год = 3 500 000 в год.")),
        },
        Card {
            id: "recoverable",
            label: t(lang, "Recoverable revenue", "Можно вернуть"),
            value: m(a.recoverable_revenue),
            note: Some(format!("{} {}", t(lang, "at risk (sleeping):", "под угрозой (спящие):"), m(a.at_risk_revenue))),
            how: t(lang,
                "The lost revenue times the chance that a client you work to win back returns.",
                "Недополученная выручка × вероятность, что клиент, с которым поработали, вернётся.").into(),
            formula: format!("{} × {} = {}", m(a.lost_revenue.per_year), pct(s.return_probability, lang), m(a.recoverable_revenue)),
            reference: Some(t(lang, "About 25% of sleeping clients come back; a lost client buys again with 40% chance, a new one with 5%.", "Около 25% спящих клиентов возвращаются; ушедший клиент покупает снова с вероятностью 40%, новый — 5%.")),
        },
        Card {
            id: "lost",
            label: t(lang, "Lost and sleeping clients", "Потерянные и спящие клиенты"),
            value: format!("{} / {}", int(lost_n, lang), int(a.status.sleeping, lang)),
            note: Some(format!("{} {} · {} {}", t(lang, "of", "из"), int(a.clients.len(), lang), t(lang, "lost twice:", "потеряны дважды:"), crate::i18n::figure(&a.lost_twice, |n| int(*n, lang)))),
            how: t(lang,
                "Sleeping: the next purchase is overdue. Lost: silent for longer than k × the client's usual interval (at least the minimum). One-time buyers are judged by the business's rhythm.",
                "Спящий: следующая покупка просрочена. Потерянный: молчит дольше, чем k × обычный интервал клиента (не меньше минимума). Разовых покупателей судим по ритму бизнеса.").into(),
            formula: format!(
                "k = {}, {} {} {}; {} {} {}",
                dec1(s.k, lang),
                t(lang, "minimum", "минимум"),
                s.min_days,
                t(lang, "days", "дн."),
                t(lang, "one-time buyers: lost after", "разовые покупатели: потеряны через"),
                dec1(a.one_time_rule.threshold_days, lang),
                t(lang, "days", "дн.")
            ),
            reference: Some(t(lang, "A client who buys every 3 months is lost after 4 months of silence.", "Клиент, покупающий раз в 3 месяца, потерян после 4 месяцев тишины.")),
        },
        Card {
            id: "churn",
            label: t(lang, "Annual churn", "Отток за год"),
            value: crate::i18n::figure(&a.churn, |c| pct(c.rate, lang)),
            note: (!undefined(&a.retention)).then(|| format!("{} {}", t(lang, "retention", "удержание"), crate::i18n::figure(&a.retention, |r| pct(*r, lang)))),
            how: t(lang,
                "The share of clients who were still with you a year ago and are lost now.",
                "Доля клиентов, которые год назад ещё были с вами, а сейчас потеряны.").into(),
            formula: churn_formula,
            reference: Some(t(lang, "Even the best companies lose 9–11% of clients a year.", "Даже лучшие компании теряют 9–11% клиентов в год.")),
        },
        Card {
            id: "lifetime",
            label: t(lang, "Client lifetime", "Время жизни клиента"),
            value: crate::i18n::figure(&a.lifetime_years, |v| years(*v, lang)),
            note: a.observed_lifetime_years.value().map(|v| format!("{} {}", t(lang, "observed for lost clients:", "у потерянных клиентов:"), years(*v, lang))),
            how: t(lang,
                "How long a client stays on average: one over the annual churn.",
                "Сколько в среднем живёт клиент: единица, делённая на годовой отток.").into(),
            formula: match (&a.churn, &a.lifetime_years) {
                (Figure::Defined(c), Figure::Defined(l)) => format!("1 / {} = {}", pct(c.rate, lang), years(*l, lang)),
                _ => why(&a.lifetime_years),
            },
            reference: Some(t(lang, "Losing 25% a year means the base renews itself in 4 years.", "Потеря 25% в год — полная смена базы за 4 года.")),
        },
        Card {
            id: "reactivation",
            label: t(lang, "Reactivation rate", "Доля вернувшихся"),
            value: crate::i18n::figure(&a.reactivation_rate, |v| pct(*v, lang)),
            note: None,
            how: t(lang,
                "Of the clients who were ever lost, the share who bought again after the loss.",
                "Из клиентов, которые когда-либо были потеряны, доля купивших снова после потери.").into(),
            formula: match &a.reactivation_rate {
                Figure::Defined(r) => format!("{} / {} = {}", int(returned, lang), int(ever_lost, lang), pct(*r, lang)),
                Figure::Undefined(w) => w.message(lang),
            },
            reference: Some(t(lang, "A quarter of sleeping clients come back when worked with.", "Четверть спящих клиентов возвращается, если с ними работать.")),
        },
    ];
    html! {
        <section class="cards kpis" aria-label={t(lang, "Headline figures", "Главные цифры")}>
            { for cards.into_iter().map(|c| html! {
                <article class="card" data-testid={format!("kpi-{}", c.id)}>
                    <span class="label">{ c.label }</span>
                    <strong class="value">{ c.value }</strong>
                    if let Some(note) = c.note { <span class="note">{ note }</span> }
                    if let Some(r) = c.reference { <span class="reference">{ r }</span> }
                    <details>
                        <summary>{ t(lang, "How is this calculated?", "Как это считается?") }</summary>
                        <p>{ c.how }</p>
                        <p class="formula" data-testid={format!("formula-{}", c.id)}>{ c.formula }</p>
                    </details>
                </article>
            }) }
        </section>
    }
}

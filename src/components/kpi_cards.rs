//! The headline figures, each with how it is calculated (in plain words and with the user's
//! own numbers) and, inside it, the reference point the seeds give, labelled as a benchmark.

use boomerang_core::{Analysis, Figure, Money, Status};
use yew::prelude::*;

use crate::i18n::{date, dec1, int, money, pct, t, years, Lang};

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
                    "clients who were not lost at the period's start are lost at its end",
                    "клиентов, не потерянных на начало периода, потеряны на его конец"
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
    let period = &a.period;
    let lip = &a.lost_in_period;
    let prev = &a.previous_period;
    let range =
        |p: &boomerang_core::Period| format!("{} – {}", date(p.from, lang), date(p.to, lang));
    let share =
        |l: &boomerang_core::LostInPeriod| crate::i18n::figure(&l.share_of_base, |v| pct(*v, lang));
    let sleeping_checks: f64 = a
        .clients
        .iter()
        .filter(|l| l.client.status == Status::Sleeping)
        .map(|l| l.client.revenue.major() / f64::from(l.client.occasions.max(1)))
        .sum();
    let assumed = format!(
        "{} {} × {} {}, {} {}, {} {}, {}",
        t(lang, "Assumed:", "Приняли:"),
        m(s.cost_per_attempt),
        s.attempts,
        t(lang, "attempts", "попытки"),
        t(lang, "incentive", "стимул"),
        m(s.incentive),
        t(lang, "return chance", "шанс возврата"),
        pct(s.return_probability, lang),
        match s.half_life_months {
            Some(h) => format!(
                "{} {} {}",
                t(lang, "halving every", "вдвое меньше каждые"),
                dec1(h, lang),
                t(lang, "months since the loss", "мес. после потери")
            ),
            None => t(lang, "not fading", "без угасания").into(),
        }
    );
    let data_from = a.clients.iter().map(|l| l.client.first).min();
    let prev_partial = match data_from {
        Some(d) if d > prev.period.from => format!(
            " ({} {})",
            t(lang, "the data begins", "данные начинаются"),
            date(d, lang)
        ),
        _ => String::new(),
    };
    let headline = vec![
        Card {
            id: "period",
            label: t(lang, "Period", "Период"),
            value: range(period),
            note: Some(format!(
                "{} {} · {} {}",
                int(period.days() as usize, lang),
                t(lang, "days", "дн."),
                t(lang, "sales in it:", "продажи за него:"),
                crate::i18n::figure(&a.period_revenue, |v| m(*v))
            )),
            how: t(lang,
                "The figures of a year are the figures of a period: by default the 365 days up to the analysis date; pick the previous calendar year or any dates in the settings. The period of the same length before it is shown beside, so you see whether things got better.",
                "Цифры «за год» — это цифры периода: по умолчанию 365 дней до даты анализа; прошлый календарный год или любые даты выбираются в настройках. Рядом показан предыдущий период той же длины — видно, стало ли лучше.").into(),
            formula: format!("{}; {} {}", range(period), t(lang, "previous period:", "предыдущий период:"), range(&prev.period)),
            reference: None,
        },
        Card {
            id: "lost-revenue",
            label: t(lang, "Lost in the period: revenue a year", "Потеряно за период: выручка в год"),
            value: m(lip.annual_revenue),
            note: Some(format!(
                "{} {}, {} {} · {} {} {}, {}{}",
                int(lip.clients, lang),
                t(lang, "clients", "клиентов"),
                share(lip),
                t(lang, "of the base", "базы"),
                t(lang, "previous period:", "предыдущий период:"),
                int(prev.clients, lang),
                t(lang, "clients", "клиентов"),
                m(prev.annual_revenue),
                prev_partial
            )),
            how: t(lang,
                "Clients whose loss began in the period (their silence passed their lost threshold) and who had not bought again by its end. Each brings what they paid in the 365 days up to their last purchase, their year; the years added up are the revenue lost a year. Clients lost years ago do not count here: they are in \"all lost clients\". The share counts every client who was with you during the period, new ones included; annual churn counts only those with you at its start, so the two differ.",
                "Клиенты, чья потеря началась в периоде (молчание превысило их порог потери) и которые не купили снова до его конца. Каждый приносил столько, сколько заплатил за 365 дней до своей последней покупки, — его год; сумма этих лет и есть выручка, теряемая за год. Клиенты, потерянные годы назад, здесь не считаются: они в «всех потерянных». Доля считается от всех, кто был с вами в периоде, включая новых; годовой отток — только от тех, кто был с вами на его начало, поэтому они различаются.").into(),
            formula: format!(
                "Σ {} {} {} = {}; {} / {} {} = {}; {} {}{}",
                t(lang, "years of", "лет"),
                int(lip.clients, lang),
                t(lang, "clients lost in", "клиентов, потерянных за"),
                m(lip.annual_revenue),
                int(lip.clients, lang),
                int(lip.base, lang),
                t(lang, "clients of the base (not lost at its start or buying in it)", "клиентов базы (не потерянных на начало или покупавших в нём)"),
                share(lip),
                t(lang, "for scale, all clients bought in the period:", "для масштаба, все клиенты купили за период:"),
                crate::i18n::figure(&a.period_revenue, |v| m(*v)),
                if lip.returned_since > 0 {
                    format!("; {} {}", t(lang, "of them returned since:", "из них вернулись позже:"), int(lip.returned_since, lang))
                } else {
                    String::new()
                }
            ),
            reference: Some(t(lang, "Seed example: 10 clients lost a year × 50,000 × 7 deals = 3,500,000 a year.", "Пример: 10 клиентов в год × 50 000 × 7 сделок = 3 500 000 в год.")),
        },
        match &a.campaign {
            Figure::Defined(c) => Card {
                id: "campaign",
                label: t(lang, "Win-back campaign: recoverable a year", "Кампания возврата: можно вернуть в год"),
                value: m(c.recoverable_revenue),
                note: Some(format!(
                    "{} {} · {} {} · {} {} · {} {} · ROI {}",
                    int(c.clients, lang),
                    t(lang, "clients to call", "клиентов обзвонить"),
                    t(lang, "cost", "затраты"),
                    m(c.cost),
                    t(lang, "expected back", "ожидаем вернуть"),
                    dec1(c.expected_returns, lang),
                    t(lang, "net", "итог"),
                    m(c.expected_net),
                    c.roi.map_or_else(|| "—".to_owned(), |r| format!("{}×", dec1(r, lang)))
                )),
                how: t(lang,
                    "Over the clients worth calling (categories 1–3 of the call list): each client's return chance times their year, added up. The chance fades with the time since the loss. Every client tried costs the attempts; the incentive is paid only to those who come back.",
                    "По клиентам, которых стоит возвращать (категории 1–3 списка): шанс возврата каждого × его год, в сумме. Шанс угасает со временем после потери. Попытки оплачиваются за каждого, с кем работаем, стимул — только за вернувшихся.").into(),
                formula: format!(
                    "Σ p × {} = {}; {} = {} × ({} × {}) + Σ p × {} = {}; Σ p = {}; {} = Σ (p × {} − {}) = {}. {}",
                    t(lang, "year", "год"),
                    m(c.recoverable_revenue),
                    t(lang, "cost", "затраты"),
                    int(c.clients, lang),
                    s.attempts,
                    m(s.cost_per_attempt),
                    m(s.incentive),
                    m(c.cost),
                    dec1(c.expected_returns, lang),
                    t(lang, "net", "итог"),
                    t(lang, "benefit", "выгода"),
                    t(lang, "cost", "затраты"),
                    m(c.expected_net),
                    assumed
                ),
                reference: Some(t(lang, "A quarter of passive clients come back (seed 004); a return on the first try is a miracle, so 3 attempts (seed 003).", "Четверть пассивных клиентов возвращается; возврат с первой попытки — чудо, поэтому 3 попытки.")),
            },
            Figure::Undefined(w) => Card {
                id: "campaign",
                label: t(lang, "Win-back campaign: recoverable a year", "Кампания возврата: можно вернуть в год"),
                value: "—".into(),
                note: Some(w.message(lang)),
                how: t(lang,
                    "Nobody is in categories 1–3 of the call list: at the costs assumed, no return pays for itself. Check the costs beside the call list; they are in the data's currency.",
                    "В категориях 1–3 списка никого нет: при принятых затратах ни один возврат не окупается. Проверьте затраты рядом со списком — они в валюте данных.").into(),
                formula: assumed.clone(),
                reference: None,
            },
        },
    ];
    let split =
        |p: &boomerang_core::Part| format!("{} ({})", m(p.annual_revenue), int(p.clients, lang));
    let cards = vec![
        Card {
            id: "all-lost",
            label: t(lang, "All lost clients (a stock)", "Все потерянные клиенты (накоплено)"),
            value: m(a.lost_all.annual_revenue),
            note: Some(format!(
                "{} {}: {} {} · {} {} · {} {}",
                int(a.lost_all.clients, lang),
                t(lang, "clients", "клиентов"),
                t(lang, "under 1 year", "до года"),
                split(&a.lost_all.under_1y),
                t(lang, "1–2 years", "1–2 года"),
                split(&a.lost_all.from_1y_to_2y),
                t(lang, "over 2 years", "больше 2 лет"),
                split(&a.lost_all.over_2y)
            )),
            how: t(lang,
                "Every client lost now, however long ago, with their years added up, by the time since the loss. It grows with the length of your history: it is not a year's loss.",
                "Все потерянные на сегодня клиенты, как бы давно их ни потеряли, с суммой их лет, по времени после потери. Растёт с длиной истории: это не потеря за год.").into(),
            formula: format!(
                "{} + {} + {} = {}",
                m(a.lost_all.under_1y.annual_revenue),
                m(a.lost_all.from_1y_to_2y.annual_revenue),
                m(a.lost_all.over_2y.annual_revenue),
                m(a.lost_all.annual_revenue)
            ),
            reference: None,
        },
        Card {
            id: "returned",
            label: t(lang, "Returned in the period", "Вернулись за период"),
            value: crate::i18n::figure(&a.returned_in_period, |r| int(r.clients, lang)),
            note: a.returned_in_period.value().map(|r| format!("{} {}", t(lang, "revenue since:", "выручка с возврата:"), m(r.revenue_since))),
            how: t(lang,
                "Clients whose first purchase after a loss falls in the period: a client has returned when they place a new order. Their revenue is counted from that order.",
                "Клиенты, чья первая покупка после потери пришлась на период: клиент вернулся, когда сделал новый заказ. Выручка — с этого заказа.").into(),
            formula: match &a.returned_in_period {
                Figure::Defined(r) => format!("{} {}, {} {}", int(r.clients, lang), t(lang, "clients", "клиентов"), t(lang, "revenue since the return:", "выручка после возврата:"), m(r.revenue_since)),
                Figure::Undefined(w) => w.message(lang),
            },
            reference: Some(t(lang, "A returned client buys again with 40% chance; a new one with 5%.", "Вернувшийся клиент покупает снова с вероятностью 40%, новый — 5%.")),
        },
        Card {
            id: "sleeping",
            label: t(lang, "Sleeping clients' wake-up potential", "Потенциал пробуждения спящих"),
            value: m(a.sleeping_potential),
            note: Some(format!("{} {}", int(a.status.sleeping, lang), t(lang, "sleeping clients, one order each", "спящих клиентов, по заказу с каждого"))),
            how: t(lang,
                "Sleeping clients are overdue but not yet lost. If you work with them, about a quarter come back: their average checks times the return chance.",
                "Спящие клиенты просрочили покупку, но ещё не потеряны. Если с ними работать, вернётся примерно четверть: их средние чеки × шанс возврата.").into(),
            formula: format!("Σ {} {} = {} × {} = {}", t(lang, "average checks of", "средних чеков"), int(a.status.sleeping, lang), m(Money::from_major(sleeping_checks)), pct(s.return_probability, lang), m(a.sleeping_potential)),
            reference: Some(t(lang, "Seed example: 100 sleeping clients × $1,000 × 25% = $25,000.", "Пример: 100 спящих клиентов × 1 000 $ × 25% = 25 000 $.")),
        },
        Card {
            id: "declining",
            label: t(lang, "Declining clients", "Снижают покупки"),
            value: crate::i18n::figure(&a.declining, |d| int(d.clients, lang)),
            note: a.declining.value().map(|d| format!("{} {} {}", t(lang, "buy", "покупают на"), m(d.revenue_drop), t(lang, "less a year", "меньше в год"))),
            how: t(lang,
                "Active or sleeping clients whose revenue of the last 365 days is at least a third below the 365 days before: they still buy, but less and less. Keeping them is cheaper than winning them back.",
                "Активные или спящие клиенты, чья выручка за последние 365 дней хотя бы на треть ниже, чем за 365 дней до того: ещё покупают, но всё меньше. Удержать их дешевле, чем возвращать.").into(),
            formula: match &a.declining {
                Figure::Defined(d) => format!("{} {}: {} → {} ({} {})", int(d.clients, lang), t(lang, "clients", "клиентов"), m(d.revenue_before), m(d.revenue_before - d.revenue_drop), t(lang, "drop", "снижение"), m(d.revenue_drop)),
                Figure::Undefined(w) => w.message(lang),
            },
            reference: Some(t(lang, "Act when purchases drop by a third.", "Действуйте, когда покупки упали на треть.")),
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
                "The share of clients who were still with you at the start of the period and are lost at its end.",
                "Доля клиентов, которые на начало периода ещё были с вами, а на его конец потеряны.").into(),
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
            reference: Some(t(lang, "A quarter of sleeping clients come back when worked with; a client who has returned buys again with 40% chance.", "Четверть спящих клиентов возвращается, если с ними работать; вернувшийся клиент покупает снова с вероятностью 40%.")),
        },
    ];
    let render = |c: Card| {
        html! {
            <article class={classes!("card", format!("kpi-{}", c.id))} data-testid={format!("kpi-{}", c.id)}>
                <span class="label">{ c.label }</span>
                <strong class="value">{ c.value }</strong>
                if let Some(note) = c.note { <span class="note">{ note }</span> }
                <details>
                    <summary>{ t(lang, "How is this calculated?", "Как это считается?") }</summary>
                    <p>{ c.how }</p>
                    <p class="formula" data-testid={format!("formula-{}", c.id)}>{ c.formula }</p>
                    // A reference point from the sources, not a fact about this client: it
                    // stays here, labelled, and out of the printed report.
                    if let Some(r) = c.reference {
                        <p class="reference" data-testid={format!("reference-{}", c.id)}>
                            <strong>{ t(lang, "Benchmark from the sources, not your data: ", "Ориентир из источников, не ваши данные: ") }</strong>{ r }
                        </p>
                    }
                </details>
            </article>
        }
    };
    html! {
        <>
            <section class="cards headline" aria-label={t(lang, "The period's losses and the campaign", "Потери периода и кампания")}>
                { for headline.into_iter().map(render) }
            </section>
            <section class="cards kpis" aria-label={t(lang, "Headline figures", "Главные цифры")}>
                { for cards.into_iter().map(render) }
            </section>
        </>
    }
}

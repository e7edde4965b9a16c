//! The model beside the rule: BG/NBD's "still alive?" and Gamma-Gamma's spend, explained in
//! plain words, with the calibration/holdout check that shows whether it fits this business.

use std::rc::Rc;

use boomerang_core::{Analysis, Figure};
use yew::prelude::*;

use crate::i18n::{date, dec1, int, money, t};
use crate::state::AppContext;

/// Props of [`ModelPanel`].
#[derive(Properties, PartialEq)]
pub struct ModelPanelProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

/// The model panel.
#[component]
pub fn ModelPanel(props: &ModelPanelProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let cur = &ctx.currency;
    let a = &*props.analysis;
    let Some(model) = &a.model else {
        return html! {};
    };
    let m = match model {
        Figure::Defined(m) => m,
        Figure::Undefined(why) => {
            return html! {
                <section aria-labelledby="model-title" data-testid="model">
                    <h2 id="model-title">{ t(lang, "Is this client still alive? The model", "Жив ли клиент? Модель") }</h2>
                    <p class="hint" data-testid="model-undefined">{ why.message(lang) }</p>
                </section>
            };
        }
    };
    let p = &m.bgnbd.params;
    let unit = match m.bgnbd.time_unit {
        boomerang_core::bgnbd::TimeUnit::Day => t(lang, "days", "дни"),
        boomerang_core::bgnbd::TimeUnit::Week => t(lang, "weeks", "недели"),
        boomerang_core::bgnbd::TimeUnit::Month => t(lang, "months", "месяцы"),
    };
    let holdout = match &m.holdout {
        Ok((end, lines)) => {
            let lines: Vec<_> = lines.iter().filter(|l| l.clients > 0).collect();
            let max = lines
                .iter()
                .map(|l| l.actual.max(l.predicted))
                .fold(0.0, f64::max)
                .max(0.1);
            let (w, h, pad) = (480.0, 220.0, 30.0);
            let slot = (w - pad) / lines.len().max(1) as f64;
            let y = |v: f64| h - pad - v / max * (h - pad - 12.0);
            html! {
                <figure>
                    <svg class="chart holdout" viewBox={format!("0 0 {w} {h}")} role="img" data-testid="holdout"
                        aria-label={t(lang, "Holdout check: purchases per client, actual and predicted", "Проверка на отложенном периоде: покупки на клиента, факт и прогноз")}>
                        <line x1={pad.to_string()} x2={w.to_string()} y1={(h - pad).to_string()} y2={(h - pad).to_string()} class="axis" />
                        { for lines.iter().enumerate().map(|(i, l)| {
                            let x = pad + i as f64 * slot;
                            let bw = slot * 0.38;
                            html! {
                                <g>
                                    <rect x={format!("{:.1}", x + slot * 0.1)} y={format!("{:.1}", y(l.actual))} width={format!("{bw:.1}")} height={format!("{:.1}", h - pad - y(l.actual))} class="actual">
                                        <title>{ format!("{}: {}", t(lang, "actual", "факт"), dec1(l.actual, lang)) }</title>
                                    </rect>
                                    <rect x={format!("{:.1}", x + slot * 0.1 + bw)} y={format!("{:.1}", y(l.predicted))} width={format!("{bw:.1}")} height={format!("{:.1}", h - pad - y(l.predicted))} class="predicted">
                                        <title>{ format!("{}: {}", t(lang, "predicted", "прогноз"), dec1(l.predicted, lang)) }</title>
                                    </rect>
                                    <text x={format!("{:.1}", x + slot / 2.0)} y={(h - 12.0).to_string()} text-anchor="middle" class="tick">
                                        { if l.x == 7 { "7+".to_owned() } else { l.x.to_string() } }
                                    </text>
                                </g>
                            }
                        }) }
                        <text x={pad.to_string()} y="10" class="tick">{ dec1(max, lang) }</text>
                    </svg>
                    <figcaption class="legend">
                        <span><i class="swatch actual-s"></i>{ t(lang, "bought after the split", "куплено после разбиения") }</span>
                        <span><i class="swatch predicted-s"></i>{ t(lang, "the model expected", "ожидала модель") }</span>
                        <span>{ format!("{} {} · {}", t(lang, "split at", "разбиение на"), date(*end, lang), t(lang, "by purchases before it", "по числу покупок до него")) }</span>
                    </figcaption>
                </figure>
            }
        }
        Err(why) => html! { <p class="hint">{ why.clone() }</p> },
    };
    html! {
        <section aria-labelledby="model-title" data-testid="model">
            <h2 id="model-title">{ t(lang, "Is this client still alive? The model", "Жив ли клиент? Модель") }</h2>
            <p class="hint">{ t(lang,
                "The rule above judges each client by their own rhythm. The BG/NBD model learns from the whole base how often clients buy and how likely they are to stop after a purchase, and gives each client a probability of still being a customer (P(alive)) and the purchases to expect. It holds a client who never came back alive, so for one-time buyers the rule is the better guide.",
                "Правило выше судит каждого клиента по его собственному ритму. Модель BG/NBD учится на всей базе, как часто клиенты покупают и как вероятно, что они уйдут после покупки, и даёт каждому вероятность остаться клиентом (P(alive)) и ожидаемое число покупок. Клиента, ни разу не вернувшегося, она считает живым, поэтому для разовых покупателей лучше ориентироваться на правило.") }</p>
            <div class="cards">
                <div class="card" data-testid="model-lost-revenue">
                    <span class="label">{ t(lang, "All lost clients' years, by the model", "Годы всех потерянных клиентов по модели") }</span>
                    <strong class="value">{ money(m.lost_annual_revenue, cur, lang) }</strong>
                    <span class="note">{ format!("{} {}", t(lang, "by the rule, all lost clients:", "по правилу, все потерянные:"), money(a.lost_all.annual_revenue, cur, lang)) }</span>
                    <details><summary>{ t(lang, "How is this calculated?", "Как это считается?") }</summary>
                        <p>{ t(lang, "Each client's year (revenue in the 365 days up to their last purchase) × the probability they are gone (1 − P(alive)), added up: compare it with the years of all clients the rule calls lost.", "Год каждого клиента (выручка за 365 дней до его последней покупки) × вероятность, что он ушёл (1 − P(alive)), в сумме: сравните с годами всех клиентов, которых правило считает потерянными.") }</p></details>
                </div>
                <div class="card" data-testid="model-clv">
                    <span class="label">{ format!("{} {} {}", t(lang, "Value of the base over", "Ценность базы за"), m.horizon_months, t(lang, "months (CLV)", "мес. (CLV)")) }</span>
                    <strong class="value">{ money(m.clv_total, cur, lang) }</strong>
                    <span class="note">{ format!("{} {}%", t(lang, "discounted monthly at", "со скидкой в месяц"), dec1(a.settings.monthly_discount * 100.0, lang)) }</span>
                    <details><summary>{ t(lang, "How is this calculated?", "Как это считается?") }</summary>
                        <p>{ t(lang, "For each month: the purchases the model expects that month × the expected spend (Gamma-Gamma) / (1 + discount)^month, added up over clients.", "Для каждого месяца: ожидаемые покупки в этом месяце × ожидаемый чек (Gamma-Gamma) / (1 + ставка)^месяц, в сумме по клиентам.") }</p></details>
                </div>
                <div class="card" data-testid="model-disagreements">
                    <span class="label">{ t(lang, "Model and rule disagree", "Модель и правило расходятся") }</span>
                    <strong class="value">{ int(m.disagreements, lang) }</strong>
                    <span class="note">{ t(lang, "repeat buyers: lost by the rule but likely alive, or the other way round", "постоянные клиенты: потеряны по правилу, но, вероятно, живы, или наоборот") }</span>
                </div>
            </div>
            <div class="grid-2">
                <div>
                    <h3>{ t(lang, "Does the model fit this business?", "Подходит ли модель этому бизнесу?") }</h3>
                    <p class="hint">{ t(lang,
                        "Fitted on the first two thirds of the history, the model predicted the last third. Clients are grouped by how many times they bought again before the split.",
                        "Модель построена по первым двум третям истории и предсказала последнюю треть. Клиенты сгруппированы по числу повторных покупок до разбиения.") }</p>
                    { holdout }
                </div>
                <div>
                    <h3>{ t(lang, "Parameters", "Параметры") }</h3>
                    <dl class="facts" data-testid="model-params">
                        <dt>{ "BG/NBD r, α" }</dt><dd>{ format!("{:.4}, {:.4} ({unit})", p.r, p.alpha) }</dd>
                        <dt>{ "BG/NBD a, b" }</dt><dd>{ format!("{:.4}, {:.4}", p.a, p.b) }</dd>
                        <dt>{ t(lang, "Log-likelihood", "Логарифм правдоподобия") }</dt><dd>{ format!("{:.2}", m.bgnbd.log_likelihood) }</dd>
                        <dt>{ "Gamma-Gamma p, q, γ" }</dt><dd>{ match &m.gamma_gamma {
                            Ok(g) => format!("{:.2}, {:.2}, {:.2}", g.params.p, g.params.q, g.params.gamma),
                            Err(why) => why.clone(),
                        } }</dd>
                    </dl>
                </div>
            </div>
        </section>
    }
}

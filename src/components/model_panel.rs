//! The model beside the rule: Pareto/NBD, MBG/NBD and BG/NBD compared on a held-out stretch
//! of the history, the one in use and why, its "still alive?" and Gamma-Gamma's spend in
//! plain words, and, per client, why the model and the rule disagree.

use std::rc::Rc;

use boomerang_core::bgnbd::TimeUnit;
use boomerang_core::counting::{ChosenBy, CountParams, ModelKind};
use boomerang_core::{Analysis, Figure, Lines, Status};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::how::How;
use crate::i18n::{date, dec, dec1, int, money, pct, span, t, Lang};
use crate::state::{Action, AppContext};

/// How a model lets a client leave, in plain words.
pub fn leaves(kind: ModelKind, lang: Lang) -> &'static str {
    match kind {
        ModelKind::ParetoNbd => t(
            lang,
            "at any moment, whether they bought again or not",
            "в любой момент, покупал он снова или нет",
        ),
        ModelKind::MbgNbd => t(
            lang,
            "right after any purchase, the first one included",
            "сразу после любой покупки, включая первую",
        ),
        ModelKind::BgNbd => t(
            lang,
            "only right after a repeat purchase: a one-time buyer stays alive",
            "только сразу после повторной покупки: разовый покупатель остаётся живым",
        ),
    }
}

/// One sentence on why the model and the rule disagree about the client at `i`, when they do.
pub fn disagreement(lines: &Lines, i: usize, lang: Lang) -> Option<String> {
    let (line, m) = (lines.get(i)?, lines.model(i)?);
    if !lines.disagrees(i) {
        return None;
    }
    let c = &line.client;
    let silent = span(c.recency_days as f64, lang);
    let threshold = span(c.threshold_days, lang);
    let between = span(m.days_between, lang);
    let alive = pct(m.p_alive, lang);
    let silence = c.recency_days as f64;
    let alive_with = t(lang, "alive with a probability of", "жив с вероятностью");
    Some(match c.status {
        // The model's rate explains it: it expects this client's next purchase later.
        Status::Lost if m.days_between >= silence => format!(
            "{} {silent}, {} {threshold}, {} {between}, {} {alive_with} {alive}.",
            t(lang, "Silent", "Молчит"),
            t(lang, "longer than the rule's", "дольше порога правила,"),
            t(lang, "but by the model this client buys about once every", "но по модели этот клиент покупает примерно раз в"),
            t(lang, "so the pause is not yet long:", "так что пауза ещё не долгая:"),
        ),
        Status::Lost => format!(
            "{} {silent}, {} {threshold}, {} {alive_with} {alive}.",
            t(lang, "Silent", "Молчит"),
            t(lang, "longer than the rule's", "дольше порога правила,"),
            t(lang, "but the model has seen clients like this come back after long pauses and leave rarely:", "но модель видела, что такие клиенты возвращаются после долгих пауз и уходят редко:"),
        ),
        Status::Active if c.occasions <= 1 => format!(
            "{} {silent} {} {threshold}{} {alive}.",
            t(lang, "Bought once,", "Купил один раз,"),
            t(lang, "ago; the rule waits for a second purchase up to", "назад; правило ждёт второй покупки до"),
            t(lang, ", but the model, which has seen how many one-time buyers never return, gives them P(alive)", ", но модель, видевшая, сколько разовых покупателей не возвращается, даёт ему P(alive)"),
        ),
        Status::Active if m.days_between < silence => format!(
            "{} {silent}, {} {threshold}, {} {between}, {} {alive_with} {alive}.",
            t(lang, "Silent", "Молчит"),
            t(lang, "within the rule's", "в пределах порога правила"),
            t(lang, "but by the model this client buys about once every", "но по модели этот клиент покупает примерно раз в"),
            t(lang, "so the pause already counts against them:", "так что пауза уже говорит против него:"),
        ),
        _ => format!(
            "{} {silent}, {} {threshold}, {} {alive_with} {alive}.",
            t(lang, "Silent", "Молчит"),
            t(lang, "within the rule's", "в пределах порога правила"),
            t(lang, "but the model has seen how many clients like this stop buying:", "но модель видела, сколько таких клиентов перестаёт покупать:"),
        ),
    })
}

/// The model's parameters in plain words.
fn plain_words(params: &CountParams, unit: TimeUnit, lang: Lang) -> Vec<(String, String)> {
    let days = unit.days();
    let [(_, r), (_, alpha), (_, third), (_, fourth)] = params.named();
    let letters = match params {
        CountParams::ParetoNbd(_) => "r, α, s, β",
        _ => "r, α, a, b",
    };
    let mut out = vec![(
        format!("{} ({letters})", t(lang, "Parameters", "Параметры")),
        [r, alpha, third, fourth]
            .iter()
            .map(|v| dec(*v, 4, lang))
            .collect::<Vec<_>>()
            .join("; "),
    )];
    out.push((
        t(lang, "How often a client buys", "Как часто покупает клиент").into(),
        format!(
            "{} {}{}",
            t(lang, "on average once every", "в среднем раз в"),
            span(alpha / r * days, lang),
            if r < 1.0 {
                t(lang, " while active (r < 1: rates differ a lot, most clients buy less often than that and a few much more)", ", пока активен (r < 1: частота сильно разная, большинство покупает реже, а немногие — намного чаще)")
            } else {
                t(lang, " while active (r ≥ 1: clients buy at similar rates)", ", пока активен (r ≥ 1: клиенты покупают с похожей частотой)")
            }
        ),
    ));
    let leaving = match params {
        CountParams::ParetoNbd(p) => format!(
            "{} {} (β / s)",
            t(
                lang,
                "at any moment; at the average leaving rate a client stays about",
                "в любой момент; при средней скорости ухода клиент остаётся около"
            ),
            span(p.beta / p.s * days, lang),
        ),
        // [_, _, a, b]: the dropout beta of either BG/NBD.
        CountParams::MbgNbd(_) | CountParams::BgNbd(_) => format!(
            "{} {} (a / (a + b))",
            if params.kind() == ModelKind::MbgNbd {
                t(
                    lang,
                    "after each purchase, the first included, on average with a chance of",
                    "после каждой покупки, включая первую, в среднем с вероятностью",
                )
            } else {
                t(
                    lang,
                    "after each repeat purchase, on average with a chance of",
                    "после каждой повторной покупки, в среднем с вероятностью",
                )
            },
            pct(third / (third + fourth), lang),
        ),
    };
    out.push((
        t(lang, "How clients leave", "Как уходят клиенты").into(),
        leaving,
    ));
    out
}

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
    let cur = ctx.currency();
    let a = &*props.analysis;
    let on_pick = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let mut s = ctx.settings.clone();
            s.model_kind =
                ModelKind::from_key(&e.target_unchecked_into::<HtmlSelectElement>().value());
            ctx.dispatch(Action::SetSettings(s));
        })
    };
    let Some(model) = &a.model else {
        // Asked for but not yet here: the rule's figures came first, the models follow.
        return if a.settings.model {
            html! {
                <section aria-labelledby="model-title" data-testid="model" aria-busy="true">
                    <h2 id="model-title">{ t(lang, "Is this client still alive? The model", "Жив ли клиент? Модель") }</h2>
                    <p class="hint" role="status" data-testid="model-pending">{ t(lang,
                        "Fitting Pareto/NBD, MBG/NBD and BG/NBD to your clients; the figures above do not wait for them.",
                        "Подбираем Pareto/NBD, MBG/NBD и BG/NBD по вашим клиентам; показатели выше их не ждут.") }</p>
                </section>
            }
        } else {
            html! {}
        };
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
    let fit = m.models.fit();
    let chosen = m.models.chosen.name();
    let errors: Vec<String> = m
        .models
        .candidates
        .iter()
        .filter(|c| c.kind != m.models.chosen)
        .filter_map(|c| {
            c.holdout
                .as_ref()
                .ok()
                .map(|h| format!("{} {}", c.kind.name(), dec(h.error, 3, lang)))
        })
        .collect();
    let why = match m.models.chosen_by {
        ChosenBy::HoldoutError => format!(
            "{chosen} {} {} {} ({}: {}).",
            t(lang, "predicted the last third of your history best: it missed by", "лучше всех предсказала последнюю треть вашей истории: ошиблась на"),
            m.models.holdout().map(|h| dec(h.error, 3, lang)).unwrap_or_default(),
            t(lang, "purchases per client", "покупки на клиента"),
            t(lang, "the others", "остальные"),
            errors.join(", "),
        ),
        ChosenBy::LogLikelihood => format!(
            "{} {chosen} {}",
            t(lang, "No holdout check could be made (see below), so", "Проверку на отложенном периоде провести не удалось (см. ниже), поэтому используется"),
            t(lang, "is used: it fits the whole history best (the highest likelihood; each model has four parameters).", "— она лучше всех описывает всю историю (наибольшее правдоподобие; у каждой модели четыре параметра)."),
        ),
        ChosenBy::User => format!(
            "{chosen} {}",
            t(lang, "is used because you picked it; choose “the best on the check” to let the holdout check decide.", "используется, потому что вы её выбрали; выберите «лучшую по проверке», чтобы решала проверка на отложенном периоде."),
        ),
    };
    // The user's pick could not be fitted: say why and what is used instead.
    let pick_failed = a
        .settings
        .model_kind
        .filter(|k| *k != m.models.chosen)
        .and_then(|k| {
            m.models
                .candidate(k)
                .and_then(|c| c.fit.as_ref().err())
                .map(|why| (k, why))
        })
        .map(|(k, why)| {
            format!(
                "{} {} {}: {why}. ",
                t(lang, "You picked", "Вы выбрали"),
                k.name(),
                t(
                    lang,
                    "but it could not be fitted",
                    "но её не удалось построить"
                )
            )
        });
    let why = format!("{}{why}", pick_failed.unwrap_or_default());
    let holdout = match (&m.models.calibration_end, m.models.holdout()) {
        (Ok(end), Some(check)) => {
            let lines: Vec<_> = check.lines.iter().filter(|l| l.clients > 0).collect();
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
                        <span><i class="swatch predicted-s"></i>{ format!("{} {chosen}", t(lang, "expected by", "ожидала")) }</span>
                        <span>{ format!("{} {} · {}", t(lang, "split at", "разбиение на"), date(*end, lang), t(lang, "by purchases before it", "по числу покупок до него")) }</span>
                    </figcaption>
                </figure>
            }
        }
        (Err(why), _) => html! { <p class="hint">{ why.clone() }</p> },
        (Ok(_), None) => {
            html! { <p class="hint">{ t(lang, "The model in use could not be fitted on the first two thirds of the history.", "Выбранную модель не удалось построить по первым двум третям истории.") }</p> }
        }
    };
    let clients = a.clients.len();
    let all_years: boomerang_core::Money = a.clients.iter().map(|l| l.client.annual_revenue).sum();
    // Counts stand after a colon, so the Russian needs no plural forms.
    let lost_how = format!(
        "{} {}; {} {}. {} {}; {} {}. {} {}; {} {}. {} {} {}",
        t(lang, "Each client's year (revenue in the 365 days up to their last purchase) × the chance the model gives that they are gone (1 − P(alive)), added up over all clients. Clients:", "Год каждого клиента (выручка за 365 дней до его последней покупки) × вероятность, что он ушёл, по модели (1 − P(alive)), в сумме по всем клиентам. Клиентов:"),
        int(clients, lang),
        t(lang, "their years add up to", "их годы в сумме —"),
        money(all_years, cur, lang),
        t(lang, "Clients the model expects gone (Σ 1 − P(alive)):", "Ушедших по модели (Σ 1 − P(alive)):"),
        dec1(m.expected_dead, lang),
        t(lang, "the weighted sum:", "взвешенная сумма —"),
        money(m.lost_annual_revenue, cur, lang),
        t(lang, "Clients the rule calls lost:", "Потерянных по правилу:"),
        int(a.lost_all.clients, lang),
        t(lang, "their years add up to", "их годы в сумме —"),
        money(a.lost_all.annual_revenue, cur, lang),
        t(lang, "Of the weighted sum,", "Из взвешенной суммы на них приходится"),
        money(m.lost_annual_revenue_of_lost, cur, lang),
        t(lang, "comes from them: the rule counts each of them as gone for sure, the model by its chance.", "— правило считает каждого из них ушедшим наверняка, модель — с его вероятностью."),
    );
    let params = plain_words(&fit.params, fit.time_unit, lang);
    html! {
        <section aria-labelledby="model-title" data-testid="model">
            <h2 id="model-title">{ t(lang, "Is this client still alive? The model", "Жив ли клиент? Модель") }</h2>
            <p class="hint">{ t(lang,
                "The rule above judges each client by their own rhythm. A model learns from the whole base how often clients buy and how they leave, and gives each client a probability of still being a customer (P(alive)) and the purchases to expect. Boomerang fits three models from the literature and uses the one that predicted a held-out stretch of your history best.",
                "Правило выше судит каждого клиента по его собственному ритму. Модель учится на всей базе, как часто клиенты покупают и как уходят, и даёт каждому вероятность остаться клиентом (P(alive)) и ожидаемое число покупок. Boomerang строит три модели из литературы и использует ту, что лучше всех предсказала отложенный отрезок вашей истории.") }</p>
            <p data-testid="model-chosen"><strong>{ format!("{} {chosen}. ", t(lang, "In use:", "Используется:")) }</strong>{ why }</p>
            <div class="scroll" tabindex="0" role="region" aria-labelledby="model-title">
                <table data-testid="model-comparison">
                    <caption>{ t(lang, "Why this model: the three, fitted to your data", "Почему эта модель: все три на ваших данных") }</caption>
                    <thead><tr>
                        <th scope="col">{ t(lang, "Model", "Модель") }</th>
                        <th scope="col">{ t(lang, "A client can leave", "Клиент может уйти") }</th>
                        <th scope="col" class="num">{ t(lang, "Holdout error, purchases per client", "Ошибка на отложенном периоде, покупок на клиента") }</th>
                        <th scope="col" class="num">{ t(lang, "Log-likelihood", "Логарифм правдоподобия") }</th>
                    </tr></thead>
                    <tbody>
                        { for m.models.candidates.iter().map(|c| html! {
                            <tr class={classes!((c.kind == m.models.chosen).then_some("chosen"))} data-model={c.kind.key()}>
                                <th scope="row">{ c.kind.name() }{ if c.kind == m.models.chosen { t(lang, " — in use", " — используется") } else { "" } }</th>
                                <td>{ leaves(c.kind, lang) }</td>
                                <td class="num">{ match &c.holdout { Ok(h) => dec(h.error, 3, lang), Err(_) => "—".into() } }</td>
                                <td class="num">{ match &c.fit { Ok(f) => boomerang_core::format::decimal(f.log_likelihood, 1, lang), Err(why) => why.clone() } }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <How text={t(lang,
                "Each model is fitted to the first two thirds of the history and predicts the purchases of the last third. Clients are grouped by their repeat purchases before the split (0 to 7 and more); the error is Σ clients × |bought − predicted| over the groups / all clients. The smallest error wins. The log-likelihood is each model's fit to the whole history (closer to zero is better).",
                "Каждая модель строится по первым двум третям истории и предсказывает покупки последней трети. Клиенты сгруппированы по числу повторных покупок до разбиения (от 0 до 7 и больше); ошибка — Σ клиентов × |куплено − предсказано| по группам / все клиенты. Побеждает наименьшая ошибка. Логарифм правдоподобия — насколько модель описывает всю историю (чем ближе к нулю, тем лучше).")} />
            <div class="field">
                <label for="model-pick">{ t(lang, "Model to use", "Какую модель использовать") }</label>
                <select id="model-pick" onchange={on_pick} data-testid="model-pick">
                    <option value="auto" selected={a.settings.model_kind.is_none()}>{ t(lang, "the best on the check", "лучшую по проверке") }</option>
                    { for ModelKind::ALL.iter().map(|k| html! {
                        <option value={k.key()} selected={a.settings.model_kind == Some(*k)}>{ k.name() }</option>
                    }) }
                </select>
            </div>
            <div class="cards">
                <div class="card" data-testid="model-lost-revenue">
                    <span class="label">{ format!("{} ({chosen})", t(lang, "Revenue a year of the clients the model believes gone", "Выручка за год клиентов, которых модель считает ушедшими")) }</span>
                    <strong class="value">{ money(m.lost_annual_revenue, cur, lang) }</strong>
                    <span class="note">{ format!("{} {}", t(lang, "by the rule, all lost clients:", "по правилу, все потерянные:"), money(a.lost_all.annual_revenue, cur, lang)) }</span>
                    <How text={lost_how} />
                </div>
                <div class="card" data-testid="model-clv">
                    <span class="label">{ format!("{} {} {}", t(lang, "Value of the base over", "Ценность базы за"), m.models.horizon_months, t(lang, "months (CLV)", "мес. (CLV)")) }</span>
                    <strong class="value">{ money(m.clv_total, cur, lang) }</strong>
                    <span class="note">{ format!("{} {}%", t(lang, "discounted monthly at", "со скидкой в месяц"), dec1(a.settings.monthly_discount * 100.0, lang)) }</span>
                    <How text={t(lang, "For each month: the purchases the model expects that month × the expected spend (Gamma-Gamma) / (1 + discount)^month, added up over clients.", "Для каждого месяца: ожидаемые покупки в этом месяце × ожидаемый чек (Gamma-Gamma) / (1 + ставка)^месяц, в сумме по клиентам.")} />
                </div>
                <div class="card" data-testid="model-disagreements">
                    <span class="label">{ t(lang, "Model and rule disagree", "Модель и правило расходятся") }</span>
                    <strong class="value">{ int(m.disagreements, lang) }</strong>
                    <span class="note">{ if m.models.chosen == ModelKind::BgNbd {
                        t(lang, "repeat buyers lost by the rule but likely alive (P(alive) ≥ 50%), or active but likely gone; BG/NBD has no opinion on one-time buyers. Open a client (⚠ in the list) to see why.", "постоянные клиенты: потеряны по правилу, но, вероятно, живы (P(alive) ≥ 50%), или активны, но, вероятно, ушли; о разовых покупателях BG/NBD не судит. Откройте клиента (⚠ в списке), чтобы увидеть почему.")
                    } else {
                        t(lang, "lost by the rule but likely alive (P(alive) ≥ 50%), or active but likely gone. Open a client (⚠ in the list) to see why.", "потеряны по правилу, но, вероятно, живы (P(alive) ≥ 50%), или активны, но, вероятно, ушли. Откройте клиента (⚠ в списке), чтобы увидеть почему.")
                    } }</span>
                </div>
            </div>
            <div class="grid-2">
                <div>
                    <h3>{ format!("{} {chosen} {}", t(lang, "Does", "Подходит ли"), t(lang, "fit this business?", "этому бизнесу?")) }</h3>
                    <p class="hint">{ t(lang,
                        "Fitted on the first two thirds of the history, the model predicted the last third. Clients are grouped by how many times they bought again before the split.",
                        "Модель построена по первым двум третям истории и предсказала последнюю треть. Клиенты сгруппированы по числу повторных покупок до разбиения.") }</p>
                    { holdout }
                </div>
                <div>
                    <h3>{ format!("{} {chosen}", t(lang, "What the data says, by", "Что говорят данные, по")) }</h3>
                    <dl class="facts" data-testid="model-params">
                        { for params.iter().map(|(k, v)| html! { <><dt>{ k.clone() }</dt><dd>{ v.clone() }</dd></> }) }
                        <dt>{ t(lang, "Spend per purchase (Gamma-Gamma)", "Чек за покупку (Gamma-Gamma)") }</dt><dd>{ match &m.models.gamma_gamma {
                            Ok(g) => match g.params.expected_spend(0, 0.0) {
                                Some(mean) => format!("{} {} (p, q, γ: {}; {}; {})", t(lang, "on average", "в среднем"), money(boomerang_core::Money::from_major(mean), cur, lang), dec(g.params.p, 2, lang), dec(g.params.q, 2, lang), dec(g.params.gamma, 2, lang)),
                                None => format!("p, q, γ: {}; {}; {}", dec(g.params.p, 2, lang), dec(g.params.q, 2, lang), dec(g.params.gamma, 2, lang)),
                            },
                            Err(why) => why.clone(),
                        } }</dd>
                    </dl>
                </div>
            </div>
        </section>
    }
}

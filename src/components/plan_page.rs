//! The win-back plan without data (seed 003, steps 1–5): the losses of a year, the reasons
//! and their groups, their weights and ABC priorities, the tools that fit the market and the
//! reason to return. Every input lives in the address, so a link reproduces the plan; the
//! plan itself (the last section) is what the page prints.

use boomerang_core::export::group_name;
use boomerang_core::plan::{Edit, Line, Losses, Market, Plan, ReasonText, Source, Tool, Unit};
use boomerang_core::reasons::{ReasonGroup, SUGGESTED};
use boomerang_core::{quick, Abc, ChurnInput, Figure, Money, QuickInputs};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::app::Analyzed;
use crate::components::number_field::NumberField;
use crate::i18n::{abc_name, date, dec1, int, money, pct, t, Lang};
use crate::services::url;
use crate::state::{Action, AppContext};

/// Props of [`PlanPage`].
#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    /// The analysis of the loaded data, for the losses of its period.
    pub analyzed: Analyzed,
}

/// A number as typed into a field: `12`, `12.5`.
fn plain(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// A count of clients: whole when it is, else with one decimal.
fn count(v: f64, lang: Lang) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        int(v as usize, lang)
    } else {
        dec1(v, lang)
    }
}

/// A group's name with a capital letter.
fn group_label(g: ReasonGroup, lang: Lang) -> String {
    let name = group_name(g, lang);
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

fn tool_name(tool: Tool, lang: Lang) -> &'static str {
    match tool {
        Tool::Calls => t(lang, "Calls", "Звонки"),
        Tool::Letters => t(lang, "Letters (direct mail)", "Письма (директ-мейл)"),
        Tool::Meetings => t(lang, "Meetings", "Встречи"),
        Tool::Events => t(lang, "An event", "Ивент"),
        Tool::Mass => t(lang, "Mass channels", "Массовые каналы"),
        Tool::Sms => t(lang, "SMS", "SMS-рассылка"),
        Tool::Email => t(lang, "E-mail", "E-mail-рассылка"),
    }
}

fn tool_hint(tool: Tool, lang: Lang) -> &'static str {
    match tool {
        Tool::Calls => t(lang,
            "Phone, Skype or video, with a script; made by you, never by a call centre.",
            "Телефон, Skype или видео, по сценарию; звоните сами, не через колл-центр."),
        Tool::Letters => t(lang,
            "A personal letter, better by hand and signed by the director; a letter with a gift is stronger.",
            "Личное письмо, лучше от руки и за подписью директора; письмо с подарком сильнее."),
        Tool::Meetings => t(lang,
            "The most effective tool: think over who comes, where, when and what you promise.",
            "Самый эффективный инструмент: продумайте, кто придёт, где, когда и что вы обещаете."),
        Tool::Events => t(lang,
            "Invite everyone who left: say what went wrong, how you fixed it, and make an offer.",
            "Пригласите всех ушедших: расскажите об ошибках, как их исправили, и сделайте предложение."),
        Tool::Mass => t(lang,
            "Advertising and PR in the media, blogs, forums, social networks.",
            "Реклама и PR в СМИ, блогах, на форумах, в соцсетях."),
        Tool::Sms => t(lang,
            "Ask them to come back by name, not \"new collection\" again.",
            "Позовите вернуться по имени, а не очередной «новой коллекцией»."),
        Tool::Email => t(lang,
            "A letter that asks them back, with a reason to return; track the results.",
            "Письмо с просьбой вернуться и причиной вернуться; отслеживайте результат."),
    }
}

/// The seed's kinds of reason to return (step 5).
const R2R_HINTS: [(&str, &str); 4] = [
    (
        "A guarantee it will never happen again (be sure you name the true reason they left).",
        "Гарантия, что такое больше не повторится (убедитесь, что называете истинную причину ухода).",
    ),
    (
        "A special offer on price, delivery terms or service.",
        "Спецпредложение по цене, условиям поставки, улучшению обслуживания.",
    ),
    (
        "A new product or service only you have.",
        "Новый продукт или услуга, которые есть только у вас.",
    ),
    (
        "A personal promise: personal control and responsibility (think before you promise).",
        "Персональное обещание: личный контроль и ответственность (подумайте, прежде чем обещать).",
    ),
];

fn abc_meaning(c: Abc, lang: Lang) -> &'static str {
    match c {
        Abc::A => t(lang, "fight these first", "бороться в первую очередь"),
        Abc::B => t(lang, "soon", "в ближайшем будущем"),
        Abc::C => t(lang, "can wait", "могут подождать"),
    }
}

/// A reason's key for the list (a row keeps its field's text only while it is the same reason).
fn row_key(i: usize, text: &ReasonText) -> String {
    match text {
        ReasonText::Suggested(n) => format!("{i}:s{n}"),
        ReasonText::Typed(s) => format!("{i}:t{s}"),
    }
}

/// The losses of a year as the plan uses them, and where they come from.
struct Step1 {
    losses: Option<Losses>,
    share: Option<f64>,
    source: Source,
    note: String,
}

fn step1(plan: &Plan, q: &QuickInputs, analyzed: &Analyzed, lang: Lang) -> Step1 {
    if let (Source::Data, Some(a)) = (plan.source, analyzed.get()) {
        let l = &a.lost_in_period;
        return Step1 {
            losses: Some(Losses {
                clients: l.clients as f64,
                revenue: l.annual_revenue,
            }),
            share: match l.share_of_base {
                Figure::Defined(s) => Some(s),
                Figure::Undefined(_) => None,
            },
            source: Source::Data,
            note: format!(
                "{} {}: {} – {}",
                t(lang, "From the data,", "По данным,"),
                t(
                    lang,
                    "clients lost in the period",
                    "клиенты, потерянные за период"
                ),
                date(l.period.from, lang),
                date(l.period.to, lang)
            ),
        };
    }
    let waiting = plan.source == Source::Data;
    match quick(q) {
        Ok(r) => Step1 {
            losses: Some(Losses {
                clients: r.clients_lost_per_year,
                revenue: r.revenue_lost_per_year,
            }),
            share: Some(r.churn_rate),
            source: Source::Quick,
            note: if waiting {
                t(
                    lang,
                    "No data analysed yet: the quick calculator's numbers stand in.",
                    "Данные ещё не проанализированы: пока взяты числа быстрого расчёта.",
                )
                .into()
            } else {
                t(lang,
                    "From the quick calculator's numbers: clients lost × average check × purchases a year.",
                    "По числам быстрого расчёта: потерянные клиенты × средний чек × покупок в год.").into()
            },
        },
        Err(e) => Step1 {
            losses: None,
            share: None,
            source: Source::Quick,
            note: e.message(lang),
        },
    }
}

/// One of the quick calculator's inputs shown in step 1.
#[derive(Clone, Copy, PartialEq)]
enum QuickInput {
    Clients,
    Lost,
    Check,
    Ppy,
}

fn quick_value(q: &QuickInputs, i: QuickInput) -> f64 {
    match i {
        QuickInput::Clients => q.clients,
        QuickInput::Lost => match q.churn {
            ChurnInput::Rate(r) => r * q.clients,
            ChurnInput::LostPerYear(n) => n,
        },
        QuickInput::Check => q.avg_check.major(),
        QuickInput::Ppy => q.purchases_per_year,
    }
}

fn quick_with(q: &QuickInputs, i: QuickInput, v: f64) -> QuickInputs {
    let mut q = q.clone();
    match i {
        QuickInput::Clients => q.clients = v,
        QuickInput::Lost => q.churn = ChurnInput::LostPerYear(v),
        QuickInput::Check => q.avg_check = Money::from_major(v),
        QuickInput::Ppy => q.purchases_per_year = v,
    }
    q
}

/// The page.
#[component]
pub fn PlanPage(props: &PlanPageProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let cur = ctx.typed_currency().to_owned();
    let plan = ctx.plan.clone();
    let new_reason = use_state(String::new);
    {
        let deps = (ctx.quick.clone(), plan.clone());
        use_effect_with(deps, |(q, p)| url::show_plan(q, p));
    }
    let edit = {
        let ctx = ctx.clone();
        Callback::from(move |e: Edit| ctx.dispatch(Action::EditPlan(e)))
    };
    let s1 = step1(&plan, &ctx.quick, &props.analyzed, lang);
    let ranked = plan.ranked(s1.losses);
    let line_of = |i: usize| ranked.lines.iter().find(|l| l.index == i);
    let reason_text = |i: usize| plan.reasons[i].text.text(lang).to_owned();
    let weight_text = |w: f64| match plan.unit {
        Unit::Clients => count(w, lang),
        Unit::Money => money(Money::from_major(w), &cur, lang),
    };

    // Step 1: the losses of a year.
    let on_source = edit.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Edit::Source(if v == "data" {
            Source::Data
        } else {
            Source::Quick
        })
    });
    let has_data = props.analyzed.get().is_some();
    let quick_field = |i: QuickInput, id: &'static str, label: &'static str| {
        let apply = {
            let ctx = ctx.clone();
            Callback::from(move |v: Option<f64>| {
                let candidate = quick_with(&ctx.quick, i, v.unwrap_or_default());
                quick(&candidate).map_err(|e| e.message(lang))?;
                ctx.dispatch(Action::SetQuick(candidate));
                Ok(())
            })
        };
        html! { <NumberField {lang} id={id} label={label} shown={plain(quick_value(&ctx.quick, i))} {apply} /> }
    };
    let step_1 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-1" aria-labelledby="plan-step-1-title">
            <h2 id="plan-step-1-title">{ t(lang, "1. How many clients do you lose a year?", "1. Сколько клиентов вы теряете за год?") }</h2>
            <div class="field">
                <label for="plan-source">{ t(lang, "Take the losses from", "Откуда взять потери") }</label>
                <select id="plan-source" data-testid="plan-source" onchange={on_source}>
                    <option value="quick" selected={plan.source == Source::Quick}>{ t(lang, "the numbers below (quick calculator)", "числа ниже (быстрый расчёт)") }</option>
                    <option value="data" selected={plan.source == Source::Data} disabled={!has_data}>{
                        if has_data { t(lang, "the loaded data", "загруженные данные") } else { t(lang, "the loaded data (none analysed yet)", "загруженные данные (ещё не проанализированы)") }
                    }</option>
                </select>
            </div>
            if s1.source == Source::Quick {
                <div class="plan-quick">
                    { quick_field(QuickInput::Clients, "plan-clients", t(lang, "Clients in the base", "Клиентов в базе")) }
                    { quick_field(QuickInput::Lost, "plan-lost", t(lang, "Clients lost a year", "Клиентов теряется в год")) }
                    { quick_field(QuickInput::Check, "plan-check", t(lang, "Average check", "Средний чек")) }
                    { quick_field(QuickInput::Ppy, "plan-ppy", t(lang, "Purchases a year", "Покупок в год")) }
                </div>
            }
            <dl class="plan-losses">
                <div><dt>{ t(lang, "Clients lost a year", "Клиентов потеряно за год") }</dt>
                    <dd data-testid="plan-lost-clients">{ s1.losses.map_or("—".into(), |l| count(l.clients, lang)) }</dd></div>
                <div><dt>{ t(lang, "Share of the base", "Доля клиентской базы") }</dt>
                    <dd data-testid="plan-lost-share">{ s1.share.map_or("—".into(), |s| pct(s, lang)) }</dd></div>
                <div><dt>{ t(lang, "Money a year", "В деньгах за год") }</dt>
                    <dd data-testid="plan-lost-revenue">{ s1.losses.map_or("—".into(), |l| money(l.revenue, &cur, lang)) }</dd></div>
            </dl>
            <p class="hint" data-testid="plan-source-note">{ s1.note.clone() }</p>
        </section>
    };

    // Step 2: the reasons and their groups.
    let add_typed = {
        let (edit, new_reason) = (edit.clone(), new_reason.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            edit.emit(Edit::Add(ReasonText::Typed((*new_reason).clone())));
            new_reason.set(String::new());
        })
    };
    let on_new = {
        let new_reason = new_reason.clone();
        Callback::from(move |e: InputEvent| {
            new_reason.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let reason_row = |i: usize| {
        let r = &plan.reasons[i];
        let rule = r.rule();
        let on_group = edit.reform(move |e: Event| {
            let key = e.target_unchecked_into::<HtmlSelectElement>().value();
            Edit::Group(i, ReasonGroup::from_key(&key))
        });
        let on_winnable = edit.reform(move |e: Event| {
            Edit::Winnable(i, e.target_unchecked_into::<HtmlInputElement>().checked())
        });
        let remove = edit.reform(move |_: MouseEvent| Edit::Remove(i));
        html! {
            <li class="plan-reason" key={row_key(i, &r.text)} data-testid={format!("plan-reason-{i}")} data-group={rule.group.key()}>
                <span class="plan-reason-text">
                    { reason_text(i) }
                    if rule.urgent {
                        <span class="badge urgent" data-testid={format!("plan-urgent-{i}")}>{ t(lang, "call at once: the contact changed", "звонить сразу: сменился контакт") }</span>
                    }
                    if !rule.winnable {
                        <span class="badge let-go" data-testid={format!("plan-let-go-{i}")}>{ t(lang, "let go", "отпустить") }</span>
                    }
                </span>
                <label class="visually-hidden" for={format!("plan-group-{i}")}>{ t(lang, "Group", "Группа") }</label>
                <select id={format!("plan-group-{i}")} data-testid={format!("plan-group-{i}")} onchange={on_group}>
                    { for ReasonGroup::ALL.into_iter().map(|g| html! {
                        <option value={g.key()} selected={g == rule.group}>{ group_label(g, lang) }</option>
                    }) }
                </select>
                <label class="check-inline">
                    <input type="checkbox" checked={rule.winnable} onchange={on_winnable} data-testid={format!("plan-winnable-{i}")} />
                    { t(lang, "can be won back", "можно вернуть") }
                </label>
                <button class="secondary remove" onclick={remove} data-testid={format!("plan-remove-{i}")}
                    aria-label={format!("{} {}", t(lang, "Remove", "Убрать"), reason_text(i))}>{ "×" }</button>
            </li>
        }
    };
    let suggestions: Vec<usize> = (0..SUGGESTED.len())
        .filter(|&i| !plan.has_suggested(i))
        .collect();
    let step_2 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-2" aria-labelledby="plan-step-2-title">
            <h2 id="plan-step-2-title">{ t(lang, "2. Why do clients leave?", "2. Почему клиенты уходят?") }</h2>
            <p class="hint">{ t(lang,
                "Write every reason, and do not spare yourself. Each goes to a group: competitors' actions, your own actions, outside factors; change it where the words misled.",
                "Запишите все причины и не жалейте себя. Каждая попадает в группу: действия конкурентов, действия компании, внешние факторы; поправьте, если слова обманули.") }</p>
            <form class="plan-add" onsubmit={add_typed}>
                <label class="visually-hidden" for="plan-new-reason">{ t(lang, "A reason for leaving", "Причина ухода") }</label>
                <input id="plan-new-reason" data-testid="plan-new-reason" type="text" maxlength="200"
                    placeholder={t(lang, "A reason, in your words", "Причина, своими словами")}
                    value={(*new_reason).clone()} oninput={on_new} />
                <button type="submit" data-testid="plan-add-reason">{ t(lang, "Add", "Добавить") }</button>
            </form>
            if !suggestions.is_empty() {
                <div class="plan-suggest" data-testid="plan-suggested">
                    <span class="hint">{ t(lang, "Often heard:", "Часто звучит:") }</span>
                    { for suggestions.into_iter().map(|n| {
                        let onclick = edit.reform(move |_: MouseEvent| Edit::Add(ReasonText::Suggested(n)));
                        html! {
                            <button class="secondary chip" data-testid={format!("plan-suggest-{n}")} {onclick}>
                                { format!("+ {}", ReasonText::Suggested(n).text(lang)) }
                            </button>
                        }
                    }) }
                </div>
            }
            if plan.reasons.is_empty() {
                <p class="hint" data-testid="plan-no-reasons">{ t(lang, "No reasons yet.", "Причин пока нет.") }</p>
            } else {
                <ol class="plan-reasons" data-testid="plan-reasons">
                    { for (0..plan.reasons.len()).map(reason_row) }
                </ol>
            }
        </section>
    };

    // Step 3: weights and ABC.
    let on_unit = edit.reform(|e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        Edit::Unit(if v == "money" {
            Unit::Money
        } else {
            Unit::Clients
        })
    });
    let weight_label = match plan.unit {
        Unit::Clients => t(lang, "Clients lost for it", "Клиентов ушло по ней"),
        Unit::Money => t(lang, "Money lost for it a year", "Потеряно в год из-за неё"),
    };
    let abc_badge = |l: Option<&Line>, id: String| {
        let class = l.and_then(|l| l.abc);
        html! {
            <span class={classes!("abc", class.map(|c| abc_name(c).to_lowercase()))} data-testid={id}
                title={class.map(|c| abc_meaning(c, lang))}>{ class.map_or("—", abc_name) }</span>
        }
    };
    let weight_row = |i: usize| {
        let r = &plan.reasons[i];
        let line = line_of(i);
        let apply = {
            let edit = edit.clone();
            Callback::from(move |v: Option<f64>| {
                let v = v.unwrap_or_default();
                if v < 0.0 {
                    return Err(t(lang, "Not below zero.", "Не меньше нуля.").to_owned());
                }
                edit.emit(Edit::Weight(i, v));
                Ok(())
            })
        };
        let estimate = line.and_then(|l| match plan.unit {
            Unit::Clients => l
                .revenue
                .map(|m| format!("≈ {} {}", money(m, &cur, lang), t(lang, "a year", "в год"))),
            Unit::Money => l
                .clients
                .map(|c| format!("≈ {} {}", dec1(c, lang), t(lang, "clients", "клиентов"))),
        });
        html! {
            <li class="plan-weight" key={row_key(i, &r.text)} data-testid={format!("plan-weight-row-{i}")}>
                <span class="plan-reason-text">{ reason_text(i) }</span>
                <NumberField {lang} id={format!("plan-weight-{i}")} label={weight_label} shown={plain(r.weight)} {apply} />
                <span class="plan-weight-out">
                    { abc_badge(line, format!("plan-abc-{i}")) }
                    <span data-testid={format!("plan-share-{i}")}>{ line.map_or(String::new(), |l| pct(l.share, lang)) }</span>
                    if let Some(e) = estimate { <span class="hint">{ e }</span> }
                    if line.is_some_and(|l| !l.winnable) { <span class="hint">{ t(lang, "cannot be won back: not ranked", "вернуть нельзя: не ранжируется") }</span> }
                </span>
            </li>
        }
    };
    let coverage = ranked.coverage.map(|c| {
        let of = s1.losses.map(|l| match plan.unit {
            Unit::Clients => count(l.clients, lang),
            Unit::Money => money(l.revenue, &cur, lang),
        });
        format!(
            "{} {} {} {} ({})",
            t(lang, "The reasons account for", "Причины объясняют"),
            weight_text(ranked.total_weight),
            t(lang, "of", "из"),
            of.unwrap_or_default(),
            pct(c, lang)
        )
    });
    let step_3 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-3" aria-labelledby="plan-step-3-title">
            <h2 id="plan-step-3-title">{ t(lang, "3. Rank the reasons", "3. Ранжируйте причины") }</h2>
            <p class="hint">{ t(lang,
                "Give each reason its weight: A reasons bring the first 80% of it, B the next 10%, C the rest. A: fight these first; B: soon; C: can wait.",
                "Дайте каждой причине вес: причины A дают первые 80% веса, B — следующие 10%, C — остальное. A — бороться в первую очередь, B — в ближайшем будущем, C — могут подождать.") }</p>
            <div class="field">
                <label for="plan-unit">{ t(lang, "Weigh the reasons in", "Вес причин — в") }</label>
                <select id="plan-unit" data-testid="plan-unit" onchange={on_unit}>
                    <option value="clients" selected={plan.unit == Unit::Clients}>{ t(lang, "clients", "клиентах") }</option>
                    <option value="money" selected={plan.unit == Unit::Money}>{ format!("{} ({})", t(lang, "money a year", "деньгах за год"), cur) }</option>
                </select>
            </div>
            if plan.reasons.is_empty() {
                <p class="hint">{ t(lang, "Add the reasons in step 2 first.", "Сначала добавьте причины в шаге 2.") }</p>
            } else {
                <ol class="plan-weights" data-testid="plan-weights">
                    { for (0..plan.reasons.len()).map(weight_row) }
                </ol>
            }
            if let Some(c) = coverage {
                <p class="hint" data-testid="plan-coverage">{ c }</p>
            }
        </section>
    };

    // Step 4: the tools.
    let market_radio = |m: Market, key: &'static str, label: &'static str| {
        let onchange = edit.reform(move |_: Event| Edit::Market(m));
        html! {
            <label class="check-inline">
                <input type="radio" name="plan-market" value={key} checked={plan.market == m} {onchange} data-testid={format!("plan-market-{key}")} />
                { label }
            </label>
        }
    };
    let tool_box = |tool: Tool| {
        let onchange = edit.reform(move |e: Event| {
            Edit::Tool(
                tool,
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            )
        });
        html! {
            <li>
                <label class="check-inline">
                    <input type="checkbox" checked={plan.tools.contains(&tool)} {onchange} data-testid={format!("plan-tool-{}", tool.key())} />
                    <strong>{ tool_name(tool, lang) }</strong>
                </label>
                <p class="hint">{ tool_hint(tool, lang) }</p>
            </li>
        }
    };
    let step_4 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-4" aria-labelledby="plan-step-4-title">
            <h2 id="plan-step-4-title">{ t(lang, "4. Pick the tools", "4. Подберите инструменты") }</h2>
            <p class="hint">{ t(lang,
                "The market and the budget decide: clients won with costly tools are won back with the same. Whoever lost a client should not be the one to win them back.",
                "Решают тип рынка и бюджет: клиентов, привлечённых дорогими инструментами, возвращают такими же. Возвращать клиента не должен тот, кто его потерял.") }</p>
            <fieldset class="plan-market">
                <legend>{ t(lang, "Market", "Рынок") }</legend>
                { market_radio(Market::B2b, "b2b", t(lang, "b2b: businesses", "b2b: компании")) }
                { market_radio(Market::B2c, "b2c", t(lang, "b2c: consumers", "b2c: покупатели")) }
            </fieldset>
            <ul class="plan-tools" data-testid="plan-tools">
                { for plan.market.tools().map(tool_box) }
            </ul>
        </section>
    };

    // Step 5: the reason to return.
    let on_r2r = edit.reform(|e: InputEvent| {
        Edit::R2r(e.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    let a_reasons: Vec<usize> = ranked.of_class(Abc::A).map(|l| l.index).collect();
    let rr_field = |i: usize| {
        let oninput = edit.reform(move |e: InputEvent| {
            Edit::ReasonR2r(i, e.target_unchecked_into::<HtmlTextAreaElement>().value())
        });
        let id = format!("plan-rr-{i}");
        html! {
            <div class="field" key={row_key(i, &plan.reasons[i].text)}>
                <label for={id.clone()}><span class="abc a">{ "A" }</span>{ format!(" {}", reason_text(i)) }</label>
                <textarea id={id.clone()} data-testid={id} rows="2" maxlength="1000" value={plan.reasons[i].r2r.clone()} {oninput} />
            </div>
        }
    };
    let step_5 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-5" aria-labelledby="plan-step-5-title">
            <h2 id="plan-step-5-title">{ t(lang, "5. Find the reason to return (r2r)", "5. Найдите причину вернуться (r2r)") }</h2>
            <p class="hint">{ t(lang, "An offer they cannot refuse. It may be:", "Предложение, от которого нельзя отказаться. Это может быть:") }</p>
            <ul class="plan-r2r-hints">
                { for R2R_HINTS.iter().map(|(en, ru)| html! { <li>{ t(lang, en, ru) }</li> }) }
            </ul>
            <div class="field">
                <label for="plan-r2r">{ t(lang, "The reason to return, for the whole plan", "Причина вернуться — для всего плана") }</label>
                <textarea id="plan-r2r" data-testid="plan-r2r" rows="3" maxlength="1000" value={plan.r2r.clone()} oninput={on_r2r} />
            </div>
            if a_reasons.is_empty() {
                <p class="hint">{ t(lang, "Weigh the reasons in step 3 to write a reason to return for each A reason.", "Задайте вес причинам в шаге 3, чтобы написать причину вернуться для каждой причины A.") }</p>
            } else {
                <p class="hint">{ t(lang, "…and one for each A reason:", "…и для каждой причины A:") }</p>
                { for a_reasons.iter().copied().map(rr_field) }
            }
        </section>
    };

    // The plan: what prints.
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let summary_line = |l: &Line| {
        let r = &plan.reasons[l.index];
        let class = l.abc.map_or("—", abc_name);
        html! {
            <li data-testid="plan-line" data-abc={class} data-group={l.group.key()}>
                <span class={classes!("abc", l.abc.map(|c| abc_name(c).to_lowercase()))}>{ class }</span>
                <span class="plan-line-body">
                    <strong>{ reason_text(l.index) }</strong>
                    <span class="plan-line-meta">{ format!(
                        "{} · {} ({})", group_label(l.group, lang), weight_text(l.weight), pct(l.share, lang)
                    ) }</span>
                    if l.urgent { <span class="badge urgent">{ t(lang, "call at once", "звонить сразу") }</span> }
                    if !r.r2r.is_empty() && l.abc == Some(Abc::A) {
                        <span class="plan-line-r2r">{ format!("r2r: {}", r.r2r) }</span>
                    }
                </span>
            </li>
        }
    };
    let fight: Vec<&Line> = ranked.lines.iter().filter(|l| l.winnable).collect();
    let let_go: Vec<&Line> = ranked.lines.iter().filter(|l| !l.winnable).collect();
    let tools = plan.chosen_tools();
    let market_name = match plan.market {
        Market::B2b => "b2b",
        Market::B2c => "b2c",
    };
    let summary = html! {
        <section class="plan-summary" data-testid="plan-summary" aria-labelledby="plan-summary-title">
            <p class="print-only plan-print-brand">{ "Boomerang" }</p>
            <div class="plan-summary-head">
                <h2 id="plan-summary-title">{ t(lang, "The win-back plan", "План возврата клиентов") }</h2>
                <button class="secondary screen-only" onclick={print} data-testid="plan-print">{ t(lang, "Print the plan", "Печать плана") }</button>
            </div>
            <p data-testid="plan-summary-losses">{ match s1.losses {
                Some(l) => format!("{}: {} {}{}, {} · {}",
                    t(lang, "Lost a year", "Потеряно за год"),
                    count(l.clients, lang),
                    t(lang, "clients", "клиентов"),
                    s1.share.map_or(String::new(), |s| format!(" ({} {})", pct(s, lang), t(lang, "of the base", "базы"))),
                    money(l.revenue, &cur, lang),
                    if s1.source == Source::Data { t(lang, "from the data", "по данным") } else { t(lang, "from the quick calculator", "по быстрому расчёту") }),
                None => t(lang, "The losses of a year are not known yet (step 1).", "Потери за год пока неизвестны (шаг 1).").into(),
            } }</p>
            <h3>{ t(lang, "Reasons to fight, A first", "С какими причинами бороться, A — первыми") }</h3>
            if fight.is_empty() {
                <p class="hint">{ t(lang, "No reasons yet (step 2).", "Причин пока нет (шаг 2).") }</p>
            } else {
                <ol class="plan-lines" data-testid="plan-fight">
                    { for fight.iter().map(|l| summary_line(l)) }
                </ol>
            }
            if !let_go.is_empty() {
                <h3>{ t(lang, "Cannot be won back: let go", "Вернуть нельзя: отпустить") }</h3>
                <ul class="plan-lines" data-testid="plan-let-go">
                    { for let_go.iter().map(|l| summary_line(l)) }
                </ul>
            }
            <div class="plan-groups" data-testid="plan-groups">
                { for ranked.groups.iter().filter(|g| g.reasons > 0).map(|g| html! {
                    <span data-testid={format!("plan-group-total-{}", g.group.key())}>{ format!("{}: {}", group_label(g.group, lang), weight_text(g.weight)) }</span>
                }) }
            </div>
            <h3>{ format!("{} ({market_name})", t(lang, "Tools", "Инструменты")) }</h3>
            <p data-testid="plan-summary-tools">{
                if tools.is_empty() {
                    t(lang, "None picked yet (step 4).", "Пока не выбраны (шаг 4).").to_owned()
                } else {
                    tools.iter().map(|&x| tool_name(x, lang)).collect::<Vec<_>>().join(", ")
                }
            }</p>
            <h3>{ t(lang, "Reason to return", "Причина вернуться") }</h3>
            <p class="plan-r2r-text" data-testid="plan-summary-r2r">{
                if plan.r2r.trim().is_empty() { t(lang, "Not written yet (step 5).", "Пока не написана (шаг 5).").to_owned() } else { plan.r2r.clone() }
            }</p>
            <p class="hint screen-only">{ t(lang, "The link in the address bar reproduces this plan.", "Ссылка в адресной строке воспроизводит этот план.") }</p>
        </section>
    };

    html! {
        <div class="plan" data-testid="plan">
            <section class="plan-intro screen-only">
                <h2>{ t(lang, "Your win-back plan in five steps", "Ваш план возвращения клиентов в пять шагов") }</h2>
                <p class="hint">{ t(lang,
                    "No data needed: count the losses, list and group the reasons, rank them, pick the tools and find the reason to return.",
                    "Данные не нужны: посчитайте потери, перечислите и сгруппируйте причины, ранжируйте их, подберите инструменты и найдите причину вернуться.") }</p>
            </section>
            { step_1 }
            { step_2 }
            { step_3 }
            { step_4 }
            { step_5 }
            { summary }
        </div>
    }
}

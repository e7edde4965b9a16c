//! The win-back plan without data (seed 003, steps 1–5): the losses of a year, the reasons
//! and their groups, their weights and ABC priorities, the tools that fit the market and the
//! reason to return. Every input lives in the address, so a link reproduces the plan; the
//! plan itself (the last section) is what the page prints.

use boomerang_core::plan::words::{group_label, words};
use boomerang_core::plan::{Edit, Line, Losses, Market, Plan, ReasonText, Source, Tool, Unit};
use boomerang_core::reasons::{ReasonGroup, SUGGESTED};
use boomerang_core::{quick, Abc, ChurnInput, Figure, Money, QuickInputs};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::embed_code::EmbedCode;
use crate::components::number_field::NumberField;
use crate::i18n::{abc_name, count, date, money, pct, plain, t, Lang};
use crate::plan_text;
use crate::services::url;
use crate::state::Analyzed;
use crate::state::{Action, AppContext};

/// Props of [`PlanPage`].
#[derive(Properties, PartialEq)]
pub struct PlanPageProps {
    /// The analysis of the loaded data, for the losses of its period.
    pub analyzed: Analyzed,
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
    let w = words(lang);
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
                w.from_data_lead,
                w.clients_lost_in_period,
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
                w.no_data_analysed_yet.into()
            } else {
                w.from_quick_numbers.into()
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
    let w = words(lang);
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
            <h2 id="plan-step-1-title">{ w.step1_how_many_clients }</h2>
            <div class="field">
                <label for="plan-source">{ w.take_losses_from }</label>
                <select id="plan-source" data-testid="plan-source" onchange={on_source}>
                    <option value="quick" selected={plan.source == Source::Quick}>{ w.numbers_below_quick_calculator }</option>
                    <option value="data" selected={plan.source == Source::Data} disabled={!has_data}>{
                        if has_data { w.loaded_data } else { w.loaded_data_none_analysed }
                    }</option>
                </select>
            </div>
            if s1.source == Source::Quick {
                <div class="plan-quick">
                    { quick_field(QuickInput::Clients, "plan-clients", w.clients_in_base) }
                    { quick_field(QuickInput::Lost, "plan-lost", w.lost_a_year_input) }
                    { quick_field(QuickInput::Check, "plan-check", w.average_check) }
                    { quick_field(QuickInput::Ppy, "plan-ppy", w.purchases_a_year) }
                </div>
            }
            <dl class="plan-losses">
                <div><dt>{ w.clients_lost_a_year }</dt>
                    <dd data-testid="plan-lost-clients">{ s1.losses.map_or("—".into(), |l| count(l.clients, lang)) }</dd></div>
                <div><dt>{ w.share_of_base }</dt>
                    <dd data-testid="plan-lost-share">{ s1.share.map_or("—".into(), |s| pct(s, lang)) }</dd></div>
                <div><dt>{ w.money_a_year }</dt>
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
                        <span class="badge urgent" data-testid={format!("plan-urgent-{i}")}>{ w.urgent_badge }</span>
                    }
                    if !rule.winnable {
                        <span class="badge let-go" data-testid={format!("plan-let-go-{i}")}>{ w.let_go_badge }</span>
                    }
                </span>
                <label class="visually-hidden" for={format!("plan-group-{i}")}>{ w.group }</label>
                <select id={format!("plan-group-{i}")} data-testid={format!("plan-group-{i}")} onchange={on_group}>
                    { for ReasonGroup::ALL.into_iter().map(|g| html! {
                        <option value={g.key()} selected={g == rule.group}>{ group_label(g, lang) }</option>
                    }) }
                </select>
                <label class="check-inline">
                    <input type="checkbox" checked={rule.winnable} onchange={on_winnable} data-testid={format!("plan-winnable-{i}")} />
                    { w.can_be_won_back }
                </label>
                <button class="secondary remove" onclick={remove} data-testid={format!("plan-remove-{i}")}
                    aria-label={format!("{} {}", w.remove, reason_text(i))}>{ "×" }</button>
            </li>
        }
    };
    let suggestions: Vec<usize> = (0..SUGGESTED.len())
        .filter(|&i| !plan.has_suggested(i))
        .collect();
    let step_2 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-2" aria-labelledby="plan-step-2-title">
            <h2 id="plan-step-2-title">{ w.step2_why_do_clients }</h2>
            <p class="hint">{ w.write_every_reason_and }</p>
            <form class="plan-add" onsubmit={add_typed}>
                <label class="visually-hidden" for="plan-new-reason">{ w.reason_for_leaving }</label>
                <input id="plan-new-reason" data-testid="plan-new-reason" type="text" maxlength="200"
                    placeholder={w.reason_in_your_words}
                    value={(*new_reason).clone()} oninput={on_new} />
                <button type="submit" data-testid="plan-add-reason">{ w.add }</button>
            </form>
            if !suggestions.is_empty() {
                <div class="plan-suggest" data-testid="plan-suggested">
                    <span class="hint">{ w.often_heard }</span>
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
                <p class="hint" data-testid="plan-no-reasons">{ w.no_reasons_yet }</p>
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
        Unit::Clients => w.clients_lost_for_it,
        Unit::Money => w.money_lost_for_it,
    };
    let abc_badge = |l: Option<&Line>, id: String| {
        let class = l.and_then(|l| l.abc);
        html! {
            <span class={classes!("abc", class.map(|c| abc_name(c).to_lowercase()))} data-testid={id}
                title={class.map(|c| w.abc_meaning(c))}>{ class.map_or("—", abc_name) }</span>
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
                    return Err(w.not_below_zero.to_owned());
                }
                edit.emit(Edit::Weight(i, v));
                Ok(())
            })
        };
        let estimate = line.and_then(|l| plan_text::estimate(plan.unit, l, &cur, lang));
        html! {
            <li class="plan-weight" key={row_key(i, &r.text)} data-testid={format!("plan-weight-row-{i}")}>
                <span class="plan-reason-text">{ reason_text(i) }</span>
                <NumberField {lang} id={format!("plan-weight-{i}")} label={weight_label} shown={plain(r.weight)} {apply} />
                <span class="plan-weight-out">
                    { abc_badge(line, format!("plan-abc-{i}")) }
                    <span data-testid={format!("plan-share-{i}")}>{ line.map_or(String::new(), |l| pct(l.share, lang)) }</span>
                    if let Some(e) = estimate { <span class="hint">{ e }</span> }
                    if line.is_some_and(|l| !l.winnable) { <span class="hint">{ w.not_ranked }</span> }
                </span>
            </li>
        }
    };
    let coverage = plan_text::coverage(plan.unit, &ranked, s1.losses, &cur, lang);
    let step_3 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-3" aria-labelledby="plan-step-3-title">
            <h2 id="plan-step-3-title">{ w.step3_rank_reasons }</h2>
            <p class="hint">{ w.give_each_reason_its }</p>
            <div class="field">
                <label for="plan-unit">{ w.weigh_reasons_in }</label>
                <select id="plan-unit" data-testid="plan-unit" onchange={on_unit}>
                    <option value="clients" selected={plan.unit == Unit::Clients}>{ w.unit_clients }</option>
                    <option value="money" selected={plan.unit == Unit::Money}>{ format!("{} ({})", w.unit_money, cur) }</option>
                </select>
            </div>
            if plan.reasons.is_empty() {
                <p class="hint">{ w.add_reasons_in_step }</p>
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
                    <strong>{ w.tool(tool) }</strong>
                </label>
                <p class="hint">{ w.tool_hint(tool) }</p>
            </li>
        }
    };
    let step_4 = html! {
        <section class="plan-step screen-only" data-testid="plan-step-4" aria-labelledby="plan-step-4-title">
            <h2 id="plan-step-4-title">{ w.step4_pick_tools }</h2>
            <p class="hint">{ w.market_and_budget_decide }</p>
            <fieldset class="plan-market">
                <legend>{ w.market }</legend>
                { market_radio(Market::B2b, "b2b", w.b2b_businesses) }
                { market_radio(Market::B2c, "b2c", w.b2c_consumers) }
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
            <h2 id="plan-step-5-title">{ w.step5_find_reason_to }</h2>
            <p class="hint">{ w.offer_they_cannot_refuse }</p>
            <ul class="plan-r2r-hints">
                { for w.r2r_hints.iter().map(|h| html! { <li>{ *h }</li> }) }
            </ul>
            <div class="field">
                <label for="plan-r2r">{ w.reason_to_return_for }</label>
                <textarea id="plan-r2r" data-testid="plan-r2r" rows="3" maxlength="1000" value={plan.r2r.clone()} oninput={on_r2r} />
            </div>
            if a_reasons.is_empty() {
                <p class="hint">{ w.weigh_reasons_in_step }</p>
            } else {
                <p class="hint">{ w.and_one_for_each }</p>
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
                    <span class="plan-line-meta">{ plan_text::line_meta(plan.unit, l, &cur, lang) }</span>
                    if l.urgent { <span class="badge urgent">{ w.call_at_once }</span> }
                    if !r.r2r.is_empty() && l.abc == Some(Abc::A) {
                        <span class="plan-line-r2r">{ format!("r2r: {}", r.r2r) }</span>
                    }
                </span>
            </li>
        }
    };
    let fight: Vec<&Line> = ranked.lines.iter().filter(|l| l.winnable).collect();
    let let_go: Vec<&Line> = ranked.lines.iter().filter(|l| !l.winnable).collect();
    let summary = html! {
        <section class="plan-summary" data-testid="plan-summary" aria-labelledby="plan-summary-title">
            <p class="print-only plan-print-brand">{ "Boomerang" }</p>
            <div class="plan-summary-head">
                <h2 id="plan-summary-title">{ w.win_back_plan }</h2>
                <button class="secondary screen-only" onclick={print} data-testid="plan-print">{ w.print_plan }</button>
            </div>
            <p data-testid="plan-summary-losses">{ plan_text::losses(s1.losses, s1.share, s1.source == Source::Data, &cur, lang) }</p>
            <h3>{ w.reasons_to_fight_first }</h3>
            if fight.is_empty() {
                <p class="hint">{ w.no_reasons_yet_step }</p>
            } else {
                <ol class="plan-lines" data-testid="plan-fight">
                    { for fight.iter().map(|l| summary_line(l)) }
                </ol>
            }
            if !let_go.is_empty() {
                <h3>{ w.let_go_title }</h3>
                <ul class="plan-lines" data-testid="plan-let-go">
                    { for let_go.iter().map(|l| summary_line(l)) }
                </ul>
            }
            <div class="plan-groups" data-testid="plan-groups">
                { for ranked.groups.iter().filter(|g| g.reasons > 0).map(|g| html! {
                    <span data-testid={format!("plan-group-total-{}", g.group.key())}>{ plan_text::group_total(plan.unit, g, &cur, lang) }</span>
                }) }
            </div>
            <h3>{ plan_text::tools_title(plan.market, lang) }</h3>
            <p data-testid="plan-summary-tools">{ plan_text::tools(&plan, lang) }</p>
            <h3>{ w.r2r_title }</h3>
            <p class="plan-r2r-text" data-testid="plan-summary-r2r">{
                if plan.r2r.trim().is_empty() { w.not_written_yet_step.to_owned() } else { plan.r2r.clone() }
            }</p>
            <p class="hint screen-only">{ w.link_in_address_bar }</p>
        </section>
    };

    html! {
        <div class="plan" data-testid="plan">
            <section class="plan-intro screen-only">
                <h2>{ w.your_win_back_plan }</h2>
                <p class="hint">{ w.no_data_needed_count }</p>
            </section>
            { step_1 }
            { step_2 }
            { step_3 }
            { step_4 }
            { step_5 }
            { summary }
            <section class="screen-only">
                <EmbedCode {lang} src={url::embed_plan_url(&ctx.quick, &plan, lang)} hint={t(lang,
                    "Paste this into the article's HTML: this plan below the quick calculator, with the calculator's numbers (never your data), in the language shown here; it sizes itself, with no inner scroll bar.",
                    "Вставьте в HTML статьи: этот план под быстрым расчётом, с его числами (ваши данные туда не попадают), на языке, выбранном здесь; высота подстроится сама, без внутренней прокрутки.")} />
            </section>
        </div>
    }
}

//! The win-back plan of seed 003 in the blog embed (`embed.html`, `embed-en.html`), below the
//! quick calculator whose numbers are its step 1. Like the rest of the embed it uses no
//! framework: the plan is written as HTML from the core's [`Plan`] and [`Words`] (the app's
//! plan page says the same words) and written again after every change, the field being
//! typed in keeping its text, its caret and the focus. Its inputs live in the address after
//! the calculator's (`plan&r=…`), so a link reproduces it.

use std::fmt::Write;

use boomerang_core::plan::words::{group_label, words, Words};
use boomerang_core::plan::{Edit, Line, Losses, Market, Plan, Ranked, ReasonText, Unit};
use boomerang_core::reasons::{ReasonGroup, SUGGESTED};
use boomerang_core::{quick, Abc, QuickInputs};

use crate::i18n::{abc_name, count, money, pct, plain, typed_number, Lang};
use crate::plan_text;

/// What the plan shows besides the plan itself.
#[derive(Default)]
pub struct Extra {
    /// The text of the reason being typed (step 2).
    pub new_reason: String,
    /// A weight that cannot be taken: its reason's index and why.
    pub weight_error: Option<(usize, String)>,
}

/// `<`, `>`, `&` and `"` as entities.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The losses of a year from the calculator's numbers (step 1), and their share of the base.
fn losses(q: &QuickInputs) -> Option<(Losses, f64)> {
    let r = quick(q).ok()?;
    Some((
        Losses {
            clients: r.clients_lost_per_year,
            revenue: r.revenue_lost_per_year,
        },
        r.churn_rate,
    ))
}

fn class_of(abc: Option<Abc>) -> String {
    abc.map_or_else(String::new, |c| abc_name(c).to_ascii_lowercase())
}

/// The plan's steps 1 to 5 and the plan itself, as HTML.
pub fn html(plan: &Plan, q: &QuickInputs, currency: &str, lang: Lang, extra: &Extra) -> String {
    let w = words(lang);
    // The address's currency sign goes into the HTML as text.
    let currency = &escape(currency);
    let step1 = losses(q);
    let ranked = plan.ranked(step1.map(|(l, _)| l));
    let line_of = |i: usize| ranked.lines.iter().find(|l| l.index == i);
    let text = |i: usize| escape(plan.reasons[i].text.text(lang));
    let mut h = String::new();

    // Step 1: the calculator's numbers.
    let dash = || "—".to_owned();
    let _ = write!(
        h,
        r#"<section class="plan-step"><h2>{}</h2><dl class="plan-losses"><div><dt>{}</dt><dd data-testid="plan-lost-clients">{}</dd></div><div><dt>{}</dt><dd data-testid="plan-lost-share">{}</dd></div><div><dt>{}</dt><dd data-testid="plan-lost-revenue">{}</dd></div></dl><p class="hint" data-testid="plan-source-note">{}</p></section>"#,
        w.step1_how_many_clients,
        w.clients_lost_a_year,
        step1.map_or_else(dash, |(l, _)| count(l.clients, lang)),
        w.share_of_base,
        step1.map_or_else(dash, |(_, s)| pct(s, lang)),
        w.money_a_year,
        step1.map_or_else(dash, |(l, _)| money(l.revenue, currency, lang)),
        w.from_quick_numbers,
    );

    // Step 2: the reasons and their groups.
    let _ = write!(
        h,
        r#"<section class="plan-step"><h2>{}</h2><p class="hint">{}</p><form class="plan-add" id="plan-add"><label class="visually-hidden" for="plan-new-reason">{}</label><input id="plan-new-reason" data-testid="plan-new-reason" type="text" maxlength="200" placeholder="{}" value="{}" /><button type="submit" data-testid="plan-add-reason">{}</button></form>"#,
        w.step2_why_do_clients,
        w.write_every_reason_and,
        w.reason_for_leaving,
        w.reason_in_your_words,
        escape(&extra.new_reason),
        w.add,
    );
    let suggestions: Vec<usize> = (0..SUGGESTED.len())
        .filter(|&n| !plan.has_suggested(n))
        .collect();
    if !suggestions.is_empty() {
        let _ = write!(
            h,
            r#"<div class="plan-suggest"><span class="hint">{}</span>"#,
            w.often_heard
        );
        for n in suggestions {
            let _ = write!(
                h,
                r#"<button type="button" class="secondary chip" id="plan-suggest-{n}" data-testid="plan-suggest-{n}">+ {}</button>"#,
                escape(ReasonText::Suggested(n).text(lang))
            );
        }
        h.push_str("</div>");
    }
    if plan.reasons.is_empty() {
        let _ = write!(h, r#"<p class="hint">{}</p>"#, w.no_reasons_yet);
    } else {
        h.push_str(r#"<ol class="plan-reasons" data-testid="plan-reasons">"#);
        for (i, r) in plan.reasons.iter().enumerate() {
            let rule = r.rule();
            let _ = write!(
                h,
                r#"<li class="plan-reason" data-testid="plan-reason-{i}" data-group="{}"><span class="plan-reason-text">{}"#,
                rule.group.key(),
                text(i)
            );
            if rule.urgent {
                let _ = write!(
                    h,
                    r#" <span class="badge urgent" data-testid="plan-urgent-{i}">{}</span>"#,
                    w.urgent_badge
                );
            }
            if !rule.winnable {
                let _ = write!(
                    h,
                    r#" <span class="badge let-go" data-testid="plan-let-go-{i}">{}</span>"#,
                    w.let_go_badge
                );
            }
            let _ = write!(
                h,
                r#"</span><label class="visually-hidden" for="plan-group-{i}">{}</label><select id="plan-group-{i}" data-testid="plan-group-{i}">"#,
                w.group
            );
            for g in ReasonGroup::ALL {
                let _ = write!(
                    h,
                    r#"<option value="{}"{}>{}</option>"#,
                    g.key(),
                    if g == rule.group { " selected" } else { "" },
                    group_label(g, lang)
                );
            }
            let _ = write!(
                h,
                r#"</select><label class="check-inline"><input type="checkbox" id="plan-winnable-{i}" data-testid="plan-winnable-{i}"{} /> {}</label><button type="button" class="secondary remove" id="plan-remove-{i}" data-testid="plan-remove-{i}" aria-label="{} {}">×</button></li>"#,
                if rule.winnable { " checked" } else { "" },
                w.can_be_won_back,
                w.remove,
                text(i)
            );
        }
        h.push_str("</ol>");
    }
    h.push_str("</section>");

    // Step 3: weights and ABC.
    let _ = write!(
        h,
        r#"<section class="plan-step"><h2>{}</h2><p class="hint">{}</p><div class="field"><label for="plan-unit">{}</label><select id="plan-unit" data-testid="plan-unit"><option value="clients"{}>{}</option><option value="money"{}>{} ({})</option></select></div>"#,
        w.step3_rank_reasons,
        w.give_each_reason_its,
        w.weigh_reasons_in,
        if plan.unit == Unit::Clients {
            " selected"
        } else {
            ""
        },
        w.unit_clients,
        if plan.unit == Unit::Money {
            " selected"
        } else {
            ""
        },
        w.unit_money,
        currency,
    );
    if plan.reasons.is_empty() {
        let _ = write!(h, r#"<p class="hint">{}</p>"#, w.add_reasons_in_step);
    } else {
        let label = match plan.unit {
            Unit::Clients => w.clients_lost_for_it,
            Unit::Money => w.money_lost_for_it,
        };
        h.push_str(r#"<ol class="plan-weights" data-testid="plan-weights">"#);
        for (i, r) in plan.reasons.iter().enumerate() {
            let line = line_of(i);
            let error = extra.weight_error.as_ref().filter(|(at, _)| *at == i);
            let _ = write!(
                h,
                r#"<li class="plan-weight" data-testid="plan-weight-row-{i}"><span class="plan-reason-text">{}</span><div class="field{}"><label for="plan-weight-{i}">{label}</label><input id="plan-weight-{i}" data-testid="plan-weight-{i}" type="text" inputmode="decimal" value="{}" aria-invalid="{}" />"#,
                text(i),
                if error.is_some() { " invalid" } else { "" },
                plain(r.weight),
                error.is_some(),
            );
            if let Some((_, e)) = error {
                let _ = write!(
                    h,
                    r#"<p class="field-error" role="alert" data-testid="plan-weight-{i}-error">{}</p>"#,
                    escape(e)
                );
            }
            let class = line.and_then(|l| l.abc);
            let _ = write!(
                h,
                r#"</div><span class="plan-weight-out"><span class="abc {}" data-testid="plan-abc-{i}" title="{}">{}</span> <span data-testid="plan-share-{i}">{}</span>"#,
                class_of(class),
                class.map_or("", |c| w.abc_meaning(c)),
                class.map_or("—", abc_name),
                line.map_or_else(String::new, |l| pct(l.share, lang)),
            );
            if let Some(e) = line.and_then(|l| plan_text::estimate(plan.unit, l, currency, lang)) {
                let _ = write!(h, r#" <span class="hint">{e}</span>"#);
            }
            if line.is_some_and(|l| !l.winnable) {
                let _ = write!(h, r#" <span class="hint">{}</span>"#, w.not_ranked);
            }
            h.push_str("</span></li>");
        }
        h.push_str("</ol>");
    }
    let losses = step1.map(|(l, _)| l);
    if let Some(c) = plan_text::coverage(plan.unit, &ranked, losses, currency, lang) {
        let _ = write!(h, r#"<p class="hint" data-testid="plan-coverage">{c}</p>"#);
    }
    h.push_str("</section>");

    // Step 4: the tools.
    let _ = write!(
        h,
        r#"<section class="plan-step"><h2>{}</h2><p class="hint">{}</p><fieldset class="plan-market"><legend>{}</legend>"#,
        w.step4_pick_tools, w.market_and_budget_decide, w.market
    );
    for (m, key, label) in [
        (Market::B2b, "b2b", w.b2b_businesses),
        (Market::B2c, "b2c", w.b2c_consumers),
    ] {
        let _ = write!(
            h,
            r#"<label class="check-inline"><input type="radio" name="plan-market" id="plan-market-{key}" data-testid="plan-market-{key}" value="{key}"{} /> {label}</label> "#,
            if plan.market == m { " checked" } else { "" }
        );
    }
    h.push_str(r#"</fieldset><ul class="plan-tools" data-testid="plan-tools">"#);
    for tool in plan.market.tools() {
        let _ = write!(
            h,
            r#"<li><label class="check-inline"><input type="checkbox" id="plan-tool-{key}" data-testid="plan-tool-{key}"{} /> <strong>{}</strong></label><p class="hint">{}</p></li>"#,
            if plan.tools.contains(&tool) {
                " checked"
            } else {
                ""
            },
            w.tool(tool),
            w.tool_hint(tool),
            key = tool.key(),
        );
    }
    h.push_str("</ul></section>");

    // Step 5: the reason to return.
    let _ = write!(
        h,
        r#"<section class="plan-step"><h2>{}</h2><p class="hint">{}</p><ul class="plan-r2r-hints">"#,
        w.step5_find_reason_to, w.offer_they_cannot_refuse
    );
    for hint in w.r2r_hints {
        let _ = write!(h, "<li>{hint}</li>");
    }
    let _ = write!(
        h,
        r#"</ul><div class="field"><label for="plan-r2r">{}</label><textarea id="plan-r2r" data-testid="plan-r2r" rows="3" maxlength="1000">{}</textarea></div>"#,
        w.reason_to_return_for,
        escape(&plan.r2r)
    );
    let a_reasons: Vec<usize> = ranked.of_class(Abc::A).map(|l| l.index).collect();
    if a_reasons.is_empty() {
        let _ = write!(h, r#"<p class="hint">{}</p>"#, w.weigh_reasons_in_step);
    } else {
        let _ = write!(h, r#"<p class="hint">{}</p>"#, w.and_one_for_each);
        for i in a_reasons {
            let _ = write!(
                h,
                r#"<div class="field"><label for="plan-rr-{i}"><span class="abc a">A</span> {}</label><textarea id="plan-rr-{i}" data-testid="plan-rr-{i}" rows="2" maxlength="1000">{}</textarea></div>"#,
                text(i),
                escape(&plan.reasons[i].r2r)
            );
        }
    }
    h.push_str("</section>");
    summary(&mut h, plan, &ranked, step1, w, currency, lang);
    h
}

/// The plan itself alone, as [`html`] writes it last: written again while a reason to
/// return is typed, the steps above left as they are.
pub fn summary_html(plan: &Plan, q: &QuickInputs, currency: &str, lang: Lang) -> String {
    let step1 = losses(q);
    let ranked = plan.ranked(step1.map(|(l, _)| l));
    let mut h = String::new();
    summary(
        &mut h,
        plan,
        &ranked,
        step1,
        words(lang),
        &escape(currency),
        lang,
    );
    h
}

/// The plan itself: the losses, the reasons to fight (A first), those to let go, the groups,
/// the tools and the reason to return.
fn summary(
    h: &mut String,
    plan: &Plan,
    ranked: &Ranked,
    step1: Option<(Losses, f64)>,
    w: &Words,
    currency: &str,
    lang: Lang,
) {
    let losses = plan_text::losses(
        step1.map(|(l, _)| l),
        step1.map(|(_, share)| share),
        false,
        currency,
        lang,
    );
    let _ = write!(
        h,
        r#"<section class="plan-summary" data-testid="plan-summary"><h2>{}</h2><p data-testid="plan-summary-losses">{losses}</p><h3>{}</h3>"#,
        w.win_back_plan, w.reasons_to_fight_first
    );
    let line = |h: &mut String, l: &Line| {
        let r = &plan.reasons[l.index];
        let _ = write!(
            h,
            r#"<li data-testid="plan-line" data-abc="{}" data-group="{}"><span class="abc {}">{}</span> <span class="plan-line-body"><strong>{}</strong> <span class="plan-line-meta">{}</span>"#,
            l.abc.map_or("—", abc_name),
            l.group.key(),
            class_of(l.abc),
            l.abc.map_or("—", abc_name),
            escape(r.text.text(lang)),
            plan_text::line_meta(plan.unit, l, currency, lang),
        );
        if l.urgent {
            let _ = write!(
                h,
                r#" <span class="badge urgent">{}</span>"#,
                w.call_at_once
            );
        }
        if !r.r2r.is_empty() && l.abc == Some(Abc::A) {
            let _ = write!(
                h,
                r#" <span class="plan-line-r2r">r2r: {}</span>"#,
                escape(&r.r2r)
            );
        }
        h.push_str("</span></li>");
    };
    let (fight, let_go): (Vec<&Line>, Vec<&Line>) = ranked.lines.iter().partition(|l| l.winnable);
    if fight.is_empty() {
        let _ = write!(h, r#"<p class="hint">{}</p>"#, w.no_reasons_yet_step);
    } else {
        h.push_str(r#"<ol class="plan-lines" data-testid="plan-fight">"#);
        fight.iter().for_each(|l| line(h, l));
        h.push_str("</ol>");
    }
    if !let_go.is_empty() {
        let _ = write!(
            h,
            r#"<h3>{}</h3><ul class="plan-lines" data-testid="plan-let-go">"#,
            w.let_go_title
        );
        let_go.iter().for_each(|l| line(h, l));
        h.push_str("</ul>");
    }
    h.push_str(r#"<div class="plan-groups" data-testid="plan-groups">"#);
    for g in ranked.groups.iter().filter(|g| g.reasons > 0) {
        let _ = write!(
            h,
            r#"<span data-testid="plan-group-total-{}">{}</span>"#,
            g.group.key(),
            plan_text::group_total(plan.unit, g, currency, lang)
        );
    }
    h.push_str("</div>");
    let _ = write!(
        h,
        r#"<h3>{}</h3><p data-testid="plan-summary-tools">{}</p><h3>{}</h3><p class="plan-r2r-text" data-testid="plan-summary-r2r">{}</p></section>"#,
        plan_text::tools_title(plan.market, lang),
        plan_text::tools(plan, lang),
        w.r2r_title,
        if plan.r2r.trim().is_empty() {
            w.not_written_yet_step.to_owned()
        } else {
            escape(&plan.r2r)
        },
    );
}

/// The change a field's new value asks for, by the field's id, or why it cannot be taken
/// (a weight that is not a number, or below zero). `None`: not a field of the plan.
pub fn edit_of(id: &str, value: &str, checked: bool, lang: Lang) -> Option<Result<Edit, String>> {
    let index = |prefix: &str| {
        id.strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
    };
    let edit = if let Some(i) = index("plan-weight-") {
        return Some(match typed_number(value) {
            None => Err(boomerang_core::calculator::not_a_number(lang).to_owned()),
            Some(v) if v < 0.0 => Err(words(lang).not_below_zero.to_owned()),
            Some(v) => Ok(Edit::Weight(i, v)),
        });
    } else if let Some(i) = index("plan-group-") {
        Edit::Group(i, ReasonGroup::from_key(value))
    } else if let Some(i) = index("plan-winnable-") {
        Edit::Winnable(i, checked)
    } else if let Some(i) = index("plan-rr-") {
        Edit::ReasonR2r(i, value.to_owned())
    } else if let Some(i) = index("plan-remove-") {
        Edit::Remove(i)
    } else if let Some(n) = index("plan-suggest-") {
        Edit::Add(ReasonText::Suggested(n))
    } else if let Some(key) = id.strip_prefix("plan-tool-") {
        Edit::Tool(boomerang_core::plan::Tool::from_key(key)?, checked)
    } else {
        match id {
            "plan-r2r" => Edit::R2r(value.to_owned()),
            "plan-unit" => Edit::Unit(if value == "money" {
                Unit::Money
            } else {
                Unit::Clients
            }),
            "plan-market-b2b" => Edit::Market(Market::B2b),
            "plan-market-b2c" => Edit::Market(Market::B2c),
            _ => return None,
        }
    };
    Some(Ok(edit))
}

//! The period of the period figures: the last 12 months, the previous calendar year, or any
//! from–to inside the data. A custom range out of order or past the analysis date is marked
//! beside the fields and not applied.

use boomerang_core::{Period, PeriodChoice};
use chrono::NaiveDate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::t;
use crate::state::{Action, AppContext};

/// Props of [`PeriodPicker`].
#[derive(Properties, PartialEq)]
pub struct PeriodPickerProps {
    /// The days the current choice covers (from the analysis), to start a custom range from.
    pub period: Option<Period>,
    /// The analysis date: a period cannot end after it.
    pub as_of: Option<NaiveDate>,
    /// The ids' prefix (two pickers can share a page).
    pub id: AttrValue,
}

/// Why a custom range cannot be used, in the reader's language.
fn check(from: NaiveDate, to: NaiveDate, as_of: Option<NaiveDate>, ru: bool) -> Option<String> {
    if from > to {
        return Some(
            if ru {
                "Начало периода позже его конца."
            } else {
                "The period begins after it ends."
            }
            .into(),
        );
    }
    match as_of {
        Some(a) if to > a => Some(if ru {
            format!("Период должен закончиться не позже даты анализа ({a}).")
        } else {
            format!("The period must end on or before the analysis date ({a}).")
        }),
        _ => None,
    }
}

/// The picker.
#[component]
pub fn PeriodPicker(props: &PeriodPickerProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let ru = lang == crate::i18n::Lang::Ru;
    let choice = ctx.settings.period;
    let error = use_state(|| None::<String>);
    let apply = {
        let ctx = ctx.clone();
        let error = error.clone();
        move |period: PeriodChoice| {
            let mut s = ctx.settings.clone();
            s.period = period;
            match s.validate() {
                Ok(()) => {
                    error.set(None);
                    ctx.dispatch(Action::SetSettings(s));
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        }
    };
    let on_kind = {
        let apply = apply.clone();
        let current = props.period;
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            apply(match value.as_str() {
                "previous_calendar_year" => PeriodChoice::PreviousCalendarYear,
                "custom" => match current {
                    Some(p) => PeriodChoice::Custom {
                        from: p.from,
                        to: p.to,
                    },
                    None => PeriodChoice::Last12Months,
                },
                _ => PeriodChoice::Last12Months,
            })
        })
    };
    let (from, to) = match (choice, props.period) {
        (PeriodChoice::Custom { from, to }, _) => (Some(from), Some(to)),
        (_, Some(p)) => (Some(p.from), Some(p.to)),
        _ => (None, None),
    };
    let on_date = |end: bool| {
        let apply = apply.clone();
        let error = error.clone();
        let as_of = props.as_of;
        Callback::from(move |e: Event| {
            let raw = e.target_unchecked_into::<HtmlInputElement>().value();
            let Ok(day) = NaiveDate::parse_from_str(&raw, "%Y-%m-%d") else {
                error.set(Some(
                    if ru {
                        "Введите дату."
                    } else {
                        "Enter a date."
                    }
                    .into(),
                ));
                return;
            };
            let (Some(f), Some(t)) = (from, to) else {
                return;
            };
            let (f, t) = if end { (f, day) } else { (day, t) };
            match check(f, t, as_of, ru) {
                Some(why) => error.set(Some(why)),
                None => apply(PeriodChoice::Custom { from: f, to: t }),
            }
        })
    };
    let kind = match choice {
        PeriodChoice::Last12Months => "last_12_months",
        PeriodChoice::PreviousCalendarYear => "previous_calendar_year",
        PeriodChoice::Custom { .. } => "custom",
    };
    let id = props.id.clone();
    html! {
        <div class={classes!("field", "period-picker", error.is_some().then_some("invalid"))}>
            <label for={format!("{id}-kind")}>{ t(lang, "Period", "Период") }</label>
            <select id={format!("{id}-kind")} onchange={on_kind} data-testid={format!("{id}-kind")}>
                <option value="last_12_months" selected={kind == "last_12_months"}>{ t(lang, "Last 12 months", "Последние 12 месяцев") }</option>
                <option value="previous_calendar_year" selected={kind == "previous_calendar_year"}>{ t(lang, "Previous calendar year", "Прошлый календарный год") }</option>
                <option value="custom" selected={kind == "custom"}>{ t(lang, "From – to…", "С – по…") }</option>
            </select>
            if kind == "custom" {
                <span class="range">
                    <input type="date" aria-label={t(lang, "From", "С")} value={from.map(|d| d.to_string()).unwrap_or_default()}
                        onchange={on_date(false)} data-testid={format!("{id}-from")} />
                    { " – " }
                    <input type="date" aria-label={t(lang, "To", "По")} value={to.map(|d| d.to_string()).unwrap_or_default()}
                        onchange={on_date(true)} data-testid={format!("{id}-to")} />
                </span>
            }
            if let Some(e) = &*error {
                <p class="field-error" role="alert" data-testid={format!("{id}-error")}>{ e }</p>
            }
        </div>
    }
}

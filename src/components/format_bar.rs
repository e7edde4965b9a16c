//! How the input was read, every part of it changeable: kind, delimiter, header, date order,
//! sheet. An ambiguous date order is asked as a question.

use boomerang_core::{DataKind, DateOrder, Delimiter, ErrorKind};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::t;
use crate::state::Imported;
use crate::state::{Action, AppContext};

/// Props of [`FormatBar`].
#[derive(Properties, PartialEq)]
pub struct FormatBarProps {
    /// The import.
    pub imported: Imported,
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// The format bar.
#[component]
pub fn FormatBar(props: &FormatBarProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let Ok(import) = &*props.imported.0 else {
        return html! {};
    };
    let f = &import.format;

    let on_kind = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            ctx.dispatch(Action::SetKind(match select_value(&e).as_str() {
                "transactions" => Some(DataKind::Transactions),
                "clients" => Some(DataKind::ClientTable),
                _ => None,
            }))
        })
    };
    let on_delimiter = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            ctx.dispatch(Action::SetDelimiter(match select_value(&e).as_str() {
                "tab" => Some(Delimiter::Tab),
                "semicolon" => Some(Delimiter::Semicolon),
                "comma" => Some(Delimiter::Comma),
                "pipe" => Some(Delimiter::Pipe),
                "spaces" => Some(Delimiter::Whitespace),
                _ => None,
            }))
        })
    };
    let on_header = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            ctx.dispatch(Action::SetHeader(match select_value(&e).as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            }))
        })
    };
    let order = |o: Option<DateOrder>| {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::SetDateOrder(o)))
    };
    let on_order = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            ctx.dispatch(Action::SetDateOrder(match select_value(&e).as_str() {
                "dmy" => Some(DateOrder::Dmy),
                "mdy" => Some(DateOrder::Mdy),
                _ => None,
            }))
        })
    };
    let on_sheet = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| ctx.dispatch(Action::SetSheet(select_value(&e))))
    };
    let ambiguous = match &import.result {
        Err(e) => match e.kind() {
            ErrorKind::AmbiguousDateOrder { column, example } => {
                Some((column.clone(), example.clone()))
            }
            _ => None,
        },
        Ok(_) => None,
    };
    let kind = match import.kind {
        DataKind::Transactions => "transactions",
        DataKind::ClientTable => "clients",
    };
    let order_value = match f.date_order {
        Some(DateOrder::Dmy) => "dmy",
        Some(DateOrder::Mdy) => "mdy",
        None => "",
    };

    html! {
        <section class="format" aria-label={t(lang, "How the data was read", "Как прочитаны данные")} data-testid="format">
            <label>{ t(lang, "Data is", "Данные — это") }
                <select onchange={on_kind} data-testid="kind">
                    <option value="transactions" selected={kind == "transactions"}>{ t(lang, "a sales log", "журнал продаж") }</option>
                    <option value="clients" selected={kind == "clients"}>{ t(lang, "a client table", "таблица клиентов") }</option>
                </select>
            </label>
            if let Some(d) = f.delimiter {
                <label>{ t(lang, "Delimiter", "Разделитель") }
                    <select onchange={on_delimiter} data-testid="delimiter">
                        { for [("tab", t(lang, "tab", "табуляция")), ("semicolon", ";"), ("comma", ","), ("pipe", "|"), ("spaces", t(lang, "spaces", "пробелы"))]
                            .into_iter().map(|(v, label)| html! { <option value={v} selected={d.label() == v}>{ label }</option> }) }
                    </select>
                </label>
            }
            <label>{ t(lang, "First row", "Первая строка") }
                <select onchange={on_header} data-testid="header">
                    <option value="yes" selected={f.header}>{ t(lang, "is a header", "заголовок") }</option>
                    <option value="no" selected={!f.header}>{ t(lang, "is data", "данные") }</option>
                </select>
            </label>
            <label>{ t(lang, "Slash dates", "Даты через /") }
                <select onchange={on_order} data-testid="date-order">
                    <option value="" selected={order_value.is_empty()}>{ t(lang, "detect", "определить") }</option>
                    <option value="dmy" selected={order_value == "dmy"}>{ t(lang, "day/month/year", "день/месяц/год") }</option>
                    <option value="mdy" selected={order_value == "mdy"}>{ t(lang, "month/day/year", "месяц/день/год") }</option>
                </select>
            </label>
            if !f.sheets.is_empty() {
                <label>{ t(lang, "Sheet", "Лист") }
                    <select onchange={on_sheet} data-testid="sheet">
                        { for f.sheets.iter().map(|s| html! { <option value={s.clone()} selected={f.sheet.as_ref() == Some(s)}>{ s }</option> }) }
                    </select>
                </label>
            }
            <span class="facts" data-testid="facts">
                { match (&f.sheet, f.encoding) { (Some(_), _) => "XLSX", (None, Some(e)) => e.label(), (None, None) => t(lang, "text", "текст") } }
                { " · " }
                { match f.decimal { boomerang_core::DecimalSep::Comma => t(lang, "decimal comma", "десятичная запятая"), boomerang_core::DecimalSep::Point => t(lang, "decimal point", "десятичная точка") } }
            </span>
            if let Some((column, example)) = ambiguous {
                <div class="question" role="alert" data-testid="date-question">
                    <p>{ format!("{} `{column}` ({example}) ", t(lang, "The dates in column", "Даты в столбце")) }
                        { t(lang, "read both ways. Which comes first?", "читаются двояко. Что идёт первым?") }</p>
                    <button onclick={order(Some(DateOrder::Dmy))}>{ t(lang, "The day: 31/12/2024", "День: 31/12/2024") }</button>
                    <button onclick={order(Some(DateOrder::Mdy))}>{ t(lang, "The month: 12/31/2024", "Месяц: 12/31/2024") }</button>
                </div>
            }
        </section>
    }
}

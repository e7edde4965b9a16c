//! "Too big for the browser?": the query that summarises the orders into Boomerang's client
//! table where they live, for the chosen engine, with its params table and the line that
//! exports the result, each ready to copy (docs/warehouse-sql.md).

use boomerang_core::warehouse::{params_sql, Engine};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::t;
use crate::state::AppContext;

/// The warehouse panel, folded under the import.
#[component]
pub fn WarehouseSql() -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let engine = use_state(|| Engine::Postgres);
    // Which of the three was copied last, to say so on its button.
    let copied = use_state(|| None::<&'static str>);
    let on_engine = {
        let engine = engine.clone();
        let copied = copied.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(chosen) = Engine::from_key(&v) {
                engine.set(chosen);
                copied.set(None);
            }
        })
    };
    let as_of = ctx
        .settings
        .as_of
        .or_else(crate::services::today)
        .unwrap_or_default();
    let params = params_sql(*engine, as_of, &ctx.settings);
    let query = engine.sql().trim_end().to_owned();
    let export = engine.export_line();
    let copy_button = |what: &'static str, text: String, label: &'static str| {
        let copied_now = *copied == Some(what);
        let onclick = {
            let copied = copied.clone();
            Callback::from(move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.navigator().clipboard().write_text(&text);
                    copied.set(Some(what));
                }
            })
        };
        html! {
            <button type="button" class="secondary" {onclick} data-testid={format!("warehouse-copy-{what}")}>
                { if copied_now { t(lang, "Copied", "Скопировано") } else { label } }
            </button>
        }
    };
    let export_hint = match *engine {
        Engine::Postgres => t(lang,
            "In psql, this one line runs the query and writes clients.csv on your computer:",
            "В psql эта одна строка выполнит запрос и запишет clients.csv на ваш компьютер:"),
        Engine::ClickHouse => t(lang,
            "Save the query as clickhouse.sql; this writes the result with a header row:",
            "Сохраните запрос в clickhouse.sql; эта команда запишет результат со строкой заголовков:"),
        Engine::DuckDb => t(lang,
            "In duckdb, this one line runs the query and writes clients.csv:",
            "В duckdb эта одна строка выполнит запрос и запишет clients.csv:"),
        Engine::BigQuery => t(lang,
            "Save the query as bigquery.sql, with orders and params in the default dataset; then:",
            "Сохраните запрос в bigquery.sql, таблицы orders и params — в наборе данных по умолчанию; затем:"),
    };
    html! {
        <details class="warehouse" data-testid="warehouse">
            <summary>{ t(lang, "Too big for the browser? Summarise it in your warehouse", "Слишком много для браузера? Сведите данные в своём хранилище") }</summary>
            <p class="hint">{ t(lang,
                "Run this query where the orders live: it returns one row per client, small enough for any browser. Load that file here: for the year up to the analysis date it gives the same statuses, losses, churn, ABC, managers and call list as the full log. Your orders never leave your warehouse.",
                "Выполните этот запрос там, где лежат заказы: он вернёт по строке на клиента — столько уместится в любом браузере. Загрузите этот файл сюда: за год до даты анализа статусы, потери, отток, ABC, менеджеры и список обзвона будут те же, что по полному журналу. Заказы не покидают ваше хранилище.") }</p>
            <label class="field">
                <span>{ t(lang, "Your warehouse", "Ваше хранилище") }</span>
                <select onchange={on_engine} data-testid="warehouse-engine">
                    { for Engine::ALL.iter().map(|e| html! {
                        <option value={e.key()} selected={*e == *engine}>{ e.name() }</option>
                    }) }
                </select>
            </label>
            <h3>{ t(lang, "1. The orders and the settings", "1. Заказы и настройки") }</h3>
            <p class="hint">{ t(lang,
                "The query reads a table or view orders(client_id, ordered_at, amount, profit, manager, reason) — a typed NULL for the columns you do not have, such as NULL::numeric AS profit — and this one-row params table: the analysis date and the lost rule's settings as they are here (run the query again after changing them).",
                "Запрос читает таблицу или представление orders(client_id, ordered_at, amount, profit, manager, reason) — NULL нужного типа вместо столбцов, которых у вас нет, например NULL::numeric AS profit, — и эту таблицу params из одной строки: дата анализа и настройки правила потери, как здесь (после их изменения выполните запрос снова).") }</p>
            <pre class="sql" data-testid="warehouse-params"><code>{ params.clone() }</code></pre>
            { copy_button("params", params, t(lang, "Copy params", "Скопировать params")) }
            <h3>{ t(lang, "2. The query", "2. Запрос") }</h3>
            <pre class="sql" data-testid="warehouse-sql"><code>{ query.clone() }</code></pre>
            { copy_button("query", query, t(lang, "Copy the query", "Скопировать запрос")) }
            <h3>{ t(lang, "3. The result as CSV", "3. Результат в CSV") }</h3>
            <p class="hint">{ export_hint }</p>
            <pre class="sql" data-testid="warehouse-export"><code>{ export.clone() }</code></pre>
            { copy_button("export", export, t(lang, "Copy the export line", "Скопировать строку выгрузки")) }
        </details>
    }
}

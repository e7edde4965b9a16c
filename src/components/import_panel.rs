//! Where data comes in: the paste box, the file picker, drag-and-drop, and the demo.

use web_sys::{DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::warehouse_sql::WarehouseSql;
use crate::i18n::t;
use crate::services::files::use_file_loader;
use crate::services::xlsx::XlsxHandle;
use crate::state::{Action, AppContext, Input};

/// The import panel.
#[component]
pub fn ImportPanel() -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let xlsx = use_context::<XlsxHandle>().expect("the app provides the workbook worker");
    let load = use_file_loader(ctx.clone(), xlsx);
    let dragging = use_state(|| false);

    let on_paste = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            ctx.dispatch(Action::Paste(area.value()));
        })
    };
    let on_pick = {
        let load = load.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                load.emit(file);
            }
            input.set_value("");
        })
    };
    let on_drop = {
        let load = load.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            // The page's own drop zone (any tab) must not load it a second time.
            e.stop_propagation();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                load.emit(file);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_demo = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Demo))
    };
    html! {
        <section class={classes!("import", dragging.then_some("dragging"))}
            ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}
            aria-labelledby="import-title">
            <h2 id="import-title">{ t(lang, "Your data", "Ваши данные") }</h2>
            <p class="hint">{ t(lang,
                "Paste a table from Excel or Google Sheets, or drop a CSV, TSV or XLSX file: a sales log (client, date, amount) or a client table.",
                "Вставьте таблицу из Excel или Google Таблиц или перетащите файл CSV, TSV или XLSX: журнал продаж (клиент, дата, сумма) или таблицу клиентов.") }</p>
            <label class="visually-hidden" for="paste">{ t(lang, "Paste your table here", "Вставьте таблицу сюда") }</label>
            <textarea id="paste" data-testid="paste" rows="6" spellcheck="false"
                placeholder={t(lang, "Client\tDate\tAmount\nAlpha LLC\t31.12.2024\t12 500,00", "Клиент\tДата\tСумма\nООО Альфа\t31.12.2024\t12 500,00")}
                value={ctx.pasted.clone()} oninput={on_paste} />
            <div class="actions">
                // The input first: its focus ring is drawn on the label that stands for it.
                <input id="file" class="visually-hidden" type="file" data-testid="file"
                    accept=".csv,.tsv,.txt,.xlsx,.xls,text/csv,text/plain" onchange={on_pick} />
                <label class="button" for="file" data-testid="choose-file">{ t(lang, "Choose a file…", "Выбрать файл…") }</label>
                <button type="button" class="secondary" onclick={on_demo} data-testid="demo"
                    disabled={ctx.input == Input::Demo}>{ t(lang, "Show the demo", "Показать демо") }</button>
                <span class="source" data-testid="source">
                    { t(lang, "Looking at: ", "Сейчас: ") }<strong>{ ctx.input.label(lang) }</strong>
                </span>
            </div>
            if let Some(name) = &ctx.reading {
                <p class="status" role="status">{ t(lang, "Reading the workbook ", "Читаю книгу ") }{ name }{ "…" }</p>
            }
            if let Some(why) = &ctx.file_error {
                <p class="problem" role="alert" data-testid="file-error">{ why }</p>
            }
            <WarehouseSql />
        </section>
    }
}

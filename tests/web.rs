//! The app in headless Chromium: the real components mounted, acted on as a user would.
//! Run with `cargo test --target wasm32-unknown-unknown --test web` (scripts/test.sh does).
#![cfg(target_arch = "wasm32")]

use boomerang_app::app::App;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    DataTransfer, DragEvent, DragEventInit, Element, Event, EventInit, HtmlSelectElement,
    HtmlTextAreaElement, InputEvent,
};

wasm_bindgen_test_configure!(run_in_browser);

/// The app mounted in a fresh element of its own.
struct Page {
    root: Element,
}

impl Page {
    /// A fresh app on the dashboard: nothing remembered from an earlier test.
    async fn open() -> Page {
        web_sys::window()
            .unwrap()
            .local_storage()
            .unwrap()
            .unwrap()
            .clear()
            .unwrap();
        let document = web_sys::window().unwrap().document().unwrap();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<App>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        let page = Page { root };
        // Tests run side by side in one page: another's quick calculator may own the address.
        page.show("dashboard").await;
        page.until_computed().await;
        page
    }

    /// The app on the data screen.
    async fn open_data() -> Page {
        let page = Page::open().await;
        page.show("data").await;
        page
    }

    async fn show(&self, tab: &str) {
        self.click(&format!("[data-testid='tab-{tab}']")).await;
    }

    fn text(&self, testid: &str) -> String {
        self.get(testid).text_content().unwrap_or_default()
    }

    async fn type_into(&self, testid: &str, value: &str) {
        let input: web_sys::HtmlInputElement = self.get(testid).dyn_into().unwrap();
        input.set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        input
            .dispatch_event(
                &InputEvent::new_with_event_init_dict("input", &init.unchecked_into()).unwrap(),
            )
            .unwrap();
        yew::scheduler::flush().await;
    }

    fn find(&self, testid: &str) -> Option<Element> {
        self.root
            .query_selector(&format!("[data-testid='{testid}']"))
            .unwrap()
    }

    fn get(&self, testid: &str) -> Element {
        self.find(testid)
            .unwrap_or_else(|| panic!("no element [data-testid='{testid}']"))
    }

    /// The value of a card by its own test id.
    fn see_kpi_in(&self, testid: &str) -> String {
        self.get(testid)
            .query_selector(".value")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    }

    /// The value on a headline card.
    fn see_kpi(&self, id: &str) -> String {
        self.get(&format!("kpi-{id}"))
            .query_selector(".value")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    }

    async fn paste(&self, text: &str) {
        let area: HtmlTextAreaElement = self.get("paste").dyn_into().unwrap();
        area.set_value(text);
        let init = EventInit::new();
        init.set_bubbles(true);
        area.dispatch_event(
            &InputEvent::new_with_event_init_dict("input", &init.unchecked_into()).unwrap(),
        )
        .unwrap();
        yew::scheduler::flush().await;
        self.until_computed().await;
    }

    /// Sets a field's value (a date input, a select) as the browser does: then a `change`
    /// event.
    async fn change(&self, testid: &str, value: &str) {
        let field = self.get(testid);
        js_sys::Reflect::set(&field, &"value".into(), &value.into()).unwrap();
        let init = EventInit::new();
        init.set_bubbles(true);
        field
            .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
            .unwrap();
        yew::scheduler::flush().await;
    }

    async fn choose(&self, testid: &str, value: &str) {
        self.change(testid, value).await;
    }

    async fn click(&self, selector: &str) {
        let el: web_sys::HtmlElement = self
            .root
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        el.click();
        yew::scheduler::flush().await;
    }

    /// Drops a file on the import panel, as a user dragging it from the desktop.
    async fn drop_file(&self, name: &str, bytes: &[u8]) {
        self.drop_file_on("section.import", name, bytes).await;
        let source = self.get("source");
        self.until(|| source.text_content().unwrap_or_default().contains(name))
            .await;
        self.until_computed().await;
    }

    /// Drops a file on the element `selector` finds, as a browser does (the event bubbles and
    /// can be cancelled).
    async fn drop_file_on(&self, selector: &str, name: &str, bytes: &[u8]) {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
        let transfer = DataTransfer::new().unwrap();
        transfer.items().add_with_file(&file).unwrap();
        let init = DragEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_data_transfer(Some(&transfer));
        let event = DragEvent::new_with_event_init_dict("drop", &init).unwrap();
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap()
            .dispatch_event(&event)
            .unwrap();
    }

    /// Waits until the data on screen is computed (the compute session answers later).
    async fn until_computed(&self) {
        let main = self.root.query_selector("main").unwrap().unwrap();
        self.until(|| main.get_attribute("data-busy").as_deref() == Some("false"))
            .await;
    }

    /// Waits for the browser (file reading is asynchronous) until `done`, at most 5 s.
    async fn until(&self, done: impl Fn() -> bool) {
        for _ in 0..500 {
            yew::scheduler::flush().await;
            if done() {
                return;
            }
            TimeoutFuture::new(10).await;
        }
        panic!("the page did not get there in 5 s");
    }

    fn rows_left_out(&self) -> Vec<Vec<String>> {
        let Some(table) = self.find("left-out") else {
            return vec![];
        };
        let rows = table.query_selector_all("tbody tr").unwrap();
        (0..rows.length())
            .map(|i| {
                let cells = rows
                    .item(i)
                    .unwrap()
                    .dyn_into::<Element>()
                    .unwrap()
                    .query_selector_all("td")
                    .unwrap();
                (0..cells.length())
                    .map(|j| cells.item(j).unwrap().text_content().unwrap())
                    .collect()
            })
            .collect()
    }
}

#[wasm_bindgen_test]
async fn the_demo_is_loaded_on_first_start() {
    let page = Page::open_data().await;
    assert_eq!(page.see_kpi("clients"), "400");
    assert_eq!(page.see_kpi("left-out"), "3");
    assert!(page.get("source").text_content().unwrap().contains("demo"));
    assert_eq!(page.rows_left_out().len(), 3);
}

#[wasm_bindgen_test]
async fn pasting_a_table_shows_its_figures_and_keeps_the_text() {
    let page = Page::open_data().await;
    let text = "Клиент\tДата\tСумма\nООО Альфа\t31.12.2024\t1 234,56\nООО Альфа\t31.12.2024\t100\nООО Бета\t01.12.2024\t50\n";
    page.paste(text).await;
    assert_eq!(page.see_kpi("clients"), "2");
    assert_eq!(page.see_kpi("occasions"), "2");
    assert_eq!(page.see_kpi("rows"), "3");
    assert_eq!(page.see_kpi("left-out"), "0");
    let area: HtmlTextAreaElement = page.get("paste").dyn_into().unwrap();
    assert_eq!(area.value(), text);
    assert!(page.find("left-out-none").is_some());
}

#[wasm_bindgen_test]
async fn changing_a_mapping_recounts() {
    let page = Page::open_data().await;
    page.paste("Код;Клиент;Дата;Сумма\n1;ООО Альфа;01.02.2024;100\n2;ООО Альфа;01.03.2024;50\n")
        .await;
    assert_eq!(page.see_kpi("clients"), "2");
    page.choose("role-1", "client_id").await;
    assert_eq!(page.see_kpi("clients"), "1");
    let first: HtmlSelectElement = page.get("role-0").dyn_into().unwrap();
    assert_eq!(first.value(), "", "the code column gave its role up");
    // Taking the amount away: one sentence why, and the mapping stays to fix it.
    page.choose("role-3", "").await;
    assert!(page
        .get("problem")
        .text_content()
        .unwrap()
        .contains("No column holds the amount"));
    page.choose("role-3", "amount").await;
    assert_eq!(page.see_kpi("clients"), "1");
}

#[wasm_bindgen_test]
async fn rows_left_out_are_listed_with_row_column_value_and_fix() {
    let page = Page::open_data().await;
    page.paste("client;date;amount\nA;01.02.2024;100\nB;;5\nC;02.02.2024;12,5O\nИтого;;105\n")
        .await;
    assert_eq!(page.see_kpi("clients"), "1");
    let rows = page.rows_left_out();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][..3], ["3".to_owned(), "date".into(), "".into()]);
    assert_eq!(
        rows[1][..3],
        ["4".to_owned(), "amount".into(), "12,5O".into()]
    );
    assert!(rows[1][3].contains("expected a number"));
    assert!(rows[2][3].contains("totals row"));
}

#[wasm_bindgen_test]
async fn ambiguous_dates_are_asked_about() {
    let page = Page::open_data().await;
    page.paste("client,date,amount\na,03/04/2024,1\nb,05/06/2024,2\n")
        .await;
    assert!(page.find("date-question").is_some());
    assert!(page.find("kpi-clients").is_none());
    page.click("[data-testid='date-question'] button:last-of-type")
        .await;
    assert!(page.find("date-question").is_none());
    assert_eq!(page.see_kpi("clients"), "2");
    let order: HtmlSelectElement = page.get("date-order").dyn_into().unwrap();
    assert_eq!(order.value(), "mdy");
}

#[wasm_bindgen_test]
async fn a_dropped_windows_1251_file_loads() {
    let page = Page::open_data().await;
    page.drop_file(
        "sales.csv",
        include_bytes!("../crates/core/tests/fixtures/sales_1251.csv"),
    )
    .await;
    assert_eq!(page.see_kpi("clients"), "4");
    assert!(page
        .get("facts")
        .text_content()
        .unwrap()
        .contains("Windows-1251"));
    assert_eq!(page.rows_left_out().len(), 1);
}

#[wasm_bindgen_test]
async fn a_dropped_image_says_what_it_is_and_keeps_the_paste() {
    let page = Page::open_data().await;
    page.paste("client;date;amount\nA;01.02.2024;100\n").await;
    page.drop_file("photo.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
        .await;
    assert!(page
        .get("problem")
        .text_content()
        .unwrap()
        .contains("a PNG image"));
    let area: HtmlTextAreaElement = page.get("paste").dyn_into().unwrap();
    assert_eq!(area.value(), "client;date;amount\nA;01.02.2024;100\n");
}

// ---- The dashboard and what hangs off it --------------------------------------------------

#[wasm_bindgen_test]
async fn the_dashboard_shows_each_headline_figure_with_how_it_is_calculated() {
    let page = Page::open().await;
    for id in [
        "period",
        "lost-revenue",
        "campaign",
        "all-lost",
        "returned",
        "sleeping",
        "declining",
        "lost",
        "churn",
        "lifetime",
        "reactivation",
    ] {
        assert!(!page.see_kpi(id).is_empty(), "{id}");
        assert!(
            !page.text(&format!("formula-{id}")).is_empty(),
            "{id} explains itself"
        );
    }
    assert!(page
        .text("formula-lost-revenue")
        .contains("clients lost in"));
    assert!(page.text("formula-campaign").contains("Assumed:"));
    // The seeds' reference points are benchmarks inside "how is this calculated", not facts
    // about this client beside the figure.
    let reference = page.get("reference-sleeping");
    assert!(reference.text_content().unwrap().contains("$25,000"));
    assert!(reference
        .text_content()
        .unwrap()
        .starts_with("Benchmark from the sources, not your data"));
    assert!(reference.closest("details").unwrap().is_some());
    // The declining clients the card counts are listed to call before they leave.
    let declining: u32 = page.see_kpi("declining").parse().unwrap();
    assert!(declining > 0);
    assert_eq!(
        page.get("declining-list")
            .query_selector_all("tbody tr")
            .unwrap()
            .length(),
        declining.min(15)
    );
    assert!(page.text("reference-churn").contains("9–11%"));
    assert!(page.find("lost-by-month").is_some());
    assert!(page.find("pareto").is_some());
    assert!(
        page.get("managers")
            .query_selector_all("tbody tr")
            .unwrap()
            .length()
            == 5
    );
}

#[wasm_bindgen_test]
async fn a_matrix_cell_filters_the_list() {
    let page = Page::open().await;
    let cell = page
        .get("cell-AZ")
        .query_selector("strong")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    page.click("[data-testid='cell-AZ']").await;
    assert!(page.find("winback-list").is_some(), "the list is shown");
    let abc: HtmlSelectElement = page.get("filter-abc").dyn_into().unwrap();
    let xyz: HtmlSelectElement = page.get("filter-xyz").dyn_into().unwrap();
    assert_eq!((abc.value(), xyz.value()), ("A".to_owned(), "Z".to_owned()));
    // The list holds the cell's sleeping and lost clients: no more than the cell's count.
    let cell_count: usize = cell.replace(',', "").parse().unwrap();
    let listed: usize = page
        .text("list-count")
        .split_whitespace()
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert!(
        listed > 0 && listed <= cell_count,
        "{listed} of {cell_count}"
    );
}

#[wasm_bindgen_test]
async fn the_list_filters_searches_and_opens_a_client_card() {
    let page = Page::open().await;
    page.show("list").await;
    let count = |p: &Page| -> usize {
        p.text("list-count")
            .split_whitespace()
            .next()
            .unwrap()
            .replace(',', "")
            .parse()
            .unwrap()
    };
    let all = count(&page);
    page.choose("filter-category", "let_go").await;
    let let_go = count(&page);
    assert!(let_go < all);
    page.choose("filter-category", "").await;
    page.type_into("search", "Иванова").await;
    let ivanova = count(&page);
    assert!(ivanova > 0 && ivanova < all);
    // Only a window of rows is in the DOM, whatever the size.
    let rows = page
        .get("winback-list")
        .query_selector_all("tbody tr:not(.spacer)")
        .unwrap()
        .length();
    assert!(rows as usize <= ivanova.min(100));
    page.click("[data-testid='open-client']").await;
    assert!(page.find("client-card").is_some());
    assert!(page.text("card-status").len() > 10);
    page.click("[data-testid='close-card']").await;
    assert!(page.find("client-card").is_none());
}

#[wasm_bindgen_test]
async fn an_invalid_setting_is_marked_and_the_last_result_stays() {
    let page = Page::open().await;
    let before = page.see_kpi("campaign");
    page.show("settings").await;
    page.type_into("setting-return_probability", "150").await;
    // Shares are shown as the percents their help speaks of: the monthly discount is 1, not 0.01.
    let discount: web_sys::HtmlInputElement =
        page.get("setting-monthly_discount").dyn_into().unwrap();
    assert_eq!(discount.value(), "1");
    let error = page.text("setting-return_probability-error");
    assert!(
        error.contains("“Chance a lost client comes back”") && error.contains("150%"),
        "{error}"
    );
    let input: web_sys::HtmlInputElement =
        page.get("setting-return_probability").dyn_into().unwrap();
    assert_eq!(input.value(), "150", "what the user typed stays");
    page.show("dashboard").await;
    assert_eq!(
        page.see_kpi("campaign"),
        before,
        "the last valid result stays"
    );
    page.show("settings").await;
    page.type_into("setting-return_probability", "50").await;
    assert!(page.find("setting-return_probability-error").is_none());
    page.show("dashboard").await;
    assert_ne!(
        page.see_kpi("campaign"),
        before,
        "a valid change recomputes at once"
    );
}

#[wasm_bindgen_test]
async fn the_costs_beside_the_call_list_move_the_campaign() {
    let page = Page::open().await;
    let before = page.see_kpi("campaign");
    page.show("list").await;
    assert!(
        page.text("list-assumed").contains("clients to call")
            || page.text("list-assumed").contains("клиентов обзвонить")
    );
    page.type_into("setting-cost_per_attempt", "2000000").await;
    page.until_computed().await;
    // Two million a call: no return pays for itself, and the list says so.
    assert!(
        page.text("list-assumed")
            .contains("no client is worth calling")
            || page.text("list-assumed").contains("ни одного клиента"),
        "{}",
        page.text("list-assumed")
    );
    page.show("dashboard").await;
    assert_ne!(page.see_kpi("campaign"), before);
    assert_eq!(page.see_kpi("campaign"), "—");
}

#[wasm_bindgen_test]
async fn a_period_past_the_analysis_date_is_marked_and_the_figures_stay() {
    let page = Page::open().await;
    let lost = page.see_kpi("lost-revenue");
    page.choose("dashboard-period-kind", "custom").await;
    page.until_computed().await;
    // The custom range starts as the period shown: the same figures.
    assert_eq!(page.see_kpi("lost-revenue"), lost);
    page.change("dashboard-period-to", "2027-01-31").await;
    assert!(
        page.text("dashboard-period-error")
            .contains("analysis date")
            || page.text("dashboard-period-error").contains("даты анализа")
    );
    assert_eq!(
        page.see_kpi("lost-revenue"),
        lost,
        "the last valid result stays"
    );
    page.choose("dashboard-period-kind", "previous_calendar_year")
        .await;
    page.until_computed().await;
    assert!(
        page.see_kpi("period").contains("2025"),
        "{}",
        page.see_kpi("period")
    );
    assert!(page.find("dashboard-period-error").is_none());
    assert_ne!(page.see_kpi("lost-revenue"), lost);
}

#[wasm_bindgen_test]
async fn switching_language_keeps_the_data_and_formats_numbers() {
    let page = Page::open().await;
    page.show("data").await;
    page.paste("client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;234,5\n")
        .await;
    page.show("dashboard").await;
    let lead = page.text("lead");
    page.click("[data-testid='lang']").await;
    assert_ne!(page.text("lead"), lead);
    let ru = page.text("lead").contains("браузер");
    // Whichever way round, the pasted data is still what is analysed.
    assert!(page.text("as-of").contains("2"), "{}", page.text("as-of"));
    page.show("data").await;
    assert_eq!(page.see_kpi("clients"), "2");
    let revenue = page.see_kpi("revenue");
    if ru {
        assert_eq!(revenue, "1\u{a0}235\u{a0}$");
    } else {
        assert_eq!(revenue, "$1,235");
    }
}

#[wasm_bindgen_test]
async fn the_quick_calculator_gives_the_seed_figures() {
    let page = Page::open().await;
    page.show("quick").await;
    // The defaults are seed 000's example: 10 lost clients × 50,000 × 7.
    assert!(
        page.text("quick-out-lost-revenue").contains("3,500,000")
            || page
                .text("quick-out-lost-revenue")
                .contains("3\u{a0}500\u{a0}000")
    );
    page.type_into("quick-churn", "25").await;
    assert!(page.text("quick-out-lifetime").contains('4'));
    page.type_into("quick-attempts", "0").await;
    assert!(page
        .text("quick-attempts-error")
        .contains("“Attempts per client” must be between 1 and 100"));
    let input: web_sys::HtmlInputElement = page.get("quick-attempts").dyn_into().unwrap();
    assert_eq!(input.value(), "0");
    // Seed 004: 100 sleeping clients × 1,000 × 25% = 25,000.
    page.type_into("quick-attempts", "3").await;
    page.type_into("quick-sleeping", "100").await;
    page.type_into("quick-check", "1000").await;
    page.type_into("quick-p", "25").await;
    let woken = page.text("quick-out-sleeping");
    assert!(
        woken.contains("$25,000") || woken.contains("25\u{a0}000"),
        "{woken}"
    );
}

#[wasm_bindgen_test]
async fn the_model_stands_beside_the_rule() {
    let page = Page::open().await;
    assert!(page.find("holdout").is_some(), "the holdout check is drawn");
    // All three models compared, the one in use named with its reason.
    let rows = page
        .get("model-comparison")
        .query_selector_all("tbody tr")
        .unwrap()
        .length();
    assert_eq!(rows, 3);
    let chosen = page.text("model-chosen");
    assert!(
        ["Pareto/NBD", "MBG/NBD", "BG/NBD"]
            .iter()
            .any(|m| chosen.contains(m)),
        "{chosen}"
    );
    assert!(chosen.contains("predicted the last third"), "{chosen}");
    assert!(page
        .text("model-params")
        .contains("How often a client buys"));
    assert!(!page.see_kpi_in("model-lost-revenue").is_empty());
    // The user's pick is used, and said so.
    page.choose("model-pick", "pareto").await;
    page.until(|| page.text("model-chosen").contains("you picked"))
        .await;
    assert!(page.text("model-chosen").contains("Pareto/NBD"));
    assert!(page.text("model-params").contains("r, α, s, β"));
    page.show("list").await;
    page.click("[data-testid='open-client']").await;
    assert!(page.text("card-alive").ends_with('%'));
    assert!(page
        .text("card-rule-model")
        .contains("P(alive) by Pareto/NBD"));
    // The lost client the model most believes alive: the card says why they disagree.
    page.click("[data-testid='close-card']").await;
    page.choose("filter-status", "lost").await;
    page.choose("list-sort", "alive").await;
    page.click("[data-testid='open-client']").await;
    let why = page.text("card-disagreement");
    assert!(
        why.contains("longer than the rule's") && why.contains("alive with a probability of"),
        "{why}"
    );
    // Turning the model off takes it away and leaves the rule's figures.
    page.click("[data-testid='close-card']").await;
    page.show("settings").await;
    page.click("[data-testid='setting-model']").await;
    page.show("dashboard").await;
    assert!(page.find("model").is_none());
    assert!(!page.see_kpi("lost-revenue").is_empty());
}

#[wasm_bindgen_test]
async fn too_big_for_the_browser_offers_the_warehouse_query_to_copy() {
    let page = Page::open_data().await;
    let panel = page.get("warehouse");
    assert!(panel
        .text_content()
        .unwrap()
        .contains("Too big for the browser?"));
    // PostgreSQL first: the query as the file holds it, its params with the analysis date
    // and the settings in use, and the \copy line that psql reads as one line.
    assert!(page.text("warehouse-sql").contains("percentile_cont(0.5)"));
    let params = page.text("warehouse-params");
    assert!(params.contains("4.0 / 3 AS k, 30 AS min_days"), "{params}");
    let export = page.text("warehouse-export");
    assert!(export.starts_with("\\copy (WITH p AS ("), "{export}");
    assert!(!export.contains('\n') && !export.contains("--"), "{export}");
    page.choose("warehouse-engine", "clickhouse").await;
    assert!(page
        .text("warehouse-sql")
        .contains("quantileExactInclusive"));
    assert!(page
        .text("warehouse-export")
        .contains("--format CSVWithNames"));
    assert!(page.text("warehouse-params").contains("ENGINE = Memory"));
    page.click("[data-testid='warehouse-copy-query']").await;
    assert_eq!(page.text("warehouse-copy-query"), "Copied");
    // In Russian.
    page.click("[data-testid='lang']").await;
    let panel = page.text("warehouse");
    assert!(panel.contains("Слишком много для браузера?"), "{panel}");
    assert!(panel.contains("Скопировать строку выгрузки"), "{panel}");
    page.click("[data-testid='lang']").await;
}

#[wasm_bindgen_test]
async fn rows_kept_with_a_warning_are_listed_apart_from_rows_left_out() {
    let page = Page::open_data().await;
    page.paste("client;date;amount\nA;01.02.2024;100\nA;01.02.2024;100\nB;;5\nC;02.02.2024;7\n")
        .await;
    assert_eq!(page.see_kpi("left-out"), "1");
    assert_eq!(page.see_kpi("warned"), "1");
    let left_out = page.rows_left_out();
    assert_eq!(left_out.len(), 1);
    assert_eq!(left_out[0][..2], ["4".to_owned(), "date".into()]);
    let warned = page.get("warned").query_selector_all("tbody tr").unwrap();
    assert_eq!(warned.length(), 1);
    let text = warned.get(0).unwrap().text_content().unwrap();
    assert!(text.contains("kept as a second purchase"), "{text}");
}

#[wasm_bindgen_test]
async fn the_currency_follows_the_data_not_the_language() {
    let page = Page::open().await;
    // The demo's amounts carry ₽: in English too, the money is in roubles.
    page.show("data").await;
    assert!(
        page.see_kpi("revenue").contains('₽'),
        "{}",
        page.see_kpi("revenue")
    );
    // Amounts in dollars: dollars.
    page.paste("client;date;amount\nA;01.02.2024;$1,000\nB;01.03.2024;$234.50\n")
        .await;
    assert_eq!(page.see_kpi("revenue"), "$1,235");
    // A choice in the settings holds whatever the data and the language.
    page.show("settings").await;
    page.choose("setting-currency", "€").await;
    page.show("data").await;
    assert!(
        page.see_kpi("revenue").contains('€'),
        "{}",
        page.see_kpi("revenue")
    );
    page.click("[data-testid='lang']").await;
    assert!(
        page.see_kpi("revenue").contains('€'),
        "{}",
        page.see_kpi("revenue")
    );
    page.click("[data-testid='lang']").await;
    // "As in the data" follows the data again.
    page.show("settings").await;
    page.choose("setting-currency", "auto").await;
    page.show("data").await;
    assert!(
        page.see_kpi("revenue").starts_with('$'),
        "{}",
        page.see_kpi("revenue")
    );
}

#[wasm_bindgen_test]
async fn bad_data_after_good_keeps_the_good_analysis_on_screen() {
    let page = Page::open_data().await;
    page.paste("client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;234,5\n")
        .await;
    assert_eq!(page.see_kpi("clients"), "2");
    page.show("dashboard").await;
    let revenue = page.text("as-of");
    // Now data none of whose rows can be used.
    page.show("data").await;
    page.paste("client;date;amount\nA;вчера;1000\nB;;5\n").await;
    page.until_computed().await;
    assert!(
        page.find("problem").is_some(),
        "the Data tab says what is wrong"
    );
    page.show("dashboard").await;
    assert_eq!(page.text("as-of"), revenue, "the good analysis stays");
    let rejected = page.text("rejected");
    assert!(
        rejected.contains("previous analysis is still shown"),
        "{rejected}"
    );
    assert!(rejected.contains("row 2"), "{rejected}");
    // Good data again: the new analysis, no notice.
    page.show("data").await;
    page.paste("client;date;amount\nC;01.02.2024;10\n").await;
    page.until_computed().await;
    page.show("dashboard").await;
    assert!(page.find("rejected").is_none());
    assert_ne!(page.text("as-of"), revenue);
}

#[wasm_bindgen_test]
async fn the_demo_invites_the_users_own_data_and_a_drop_anywhere_loads_it() {
    let page = Page::open().await;
    // The demo's dashboard says it is a demo and how to bring one's own data.
    assert!(page.text("demo-invite").contains("This is a demo"));
    page.click("[data-testid='load-yours']").await;
    assert!(page.find("paste").is_some(), "the Data tab");
    // From the Data tab, one step to the results.
    page.click("[data-testid='see-results']").await;
    assert!(page.find("as-of").is_some(), "the dashboard");
    // A file dropped on the dashboard itself loads.
    page.drop_file_on(
        "main",
        "sales.csv",
        "client;date;amount\nA;01.02.2024;1000\nB;01.03.2024;500\n".as_bytes(),
    )
    .await;
    page.until(|| {
        page.find("as-of")
            .is_some_and(|e| e.text_content().unwrap_or_default().contains("2 clients"))
    })
    .await;
    page.until_computed().await;
    assert!(page.find("demo-invite").is_none());
}

#[wasm_bindgen_test]
async fn an_error_screen_has_a_way_out() {
    let page = Page::open().await;
    let before = page.text("as-of");
    // An analysis date before every purchase: nothing to analyse.
    page.show("settings").await;
    page.change("setting-as_of", "1990-01-01").await;
    page.until_computed().await;
    page.show("dashboard").await;
    assert!(
        page.text("problem").contains("1990-01-01"),
        "{}",
        page.text("problem")
    );
    // Not a dead end: back to the defaults, and the figures are back.
    page.click("[data-testid='problem-reset']").await;
    page.until_computed().await;
    assert_eq!(page.text("as-of"), before);
}

//! The dashboard: headline figures, lost revenue by month, statuses, ABC/XYZ, managers and
//! reasons for leaving.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::abc_panel::AbcPanel;
use crate::components::charts::{Bar, BarChart, Part, StackedBar};
use crate::components::declining_panel::DecliningPanel;
use crate::components::kpi_cards::KpiCards;
use crate::components::managers_table::ManagersTable;
use crate::components::model_panel::ModelPanel;
use crate::components::period_picker::PeriodPicker;
use crate::components::products_table::ProductsTable;
use crate::components::reasons_table::ReasonsTable;
use crate::components::returns_panel::ReturnsPanel;
use crate::i18n::{int, money, t, Lang};
use crate::state::{Action, AppContext, View};
use crate::state::{Analyzed, Imported};

/// Props of [`Dashboard`].
#[derive(Properties, PartialEq)]
pub struct DashboardProps {
    /// The analysis.
    pub analyzed: Analyzed,
    /// The import (for its reason when there is no analysis).
    pub imported: Imported,
    /// Newer data could not be analysed; the analysis shown is the previous one.
    #[prop_or_default]
    pub rejected: bool,
}

fn month_label(year: i32, month: u32, lang: Lang) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const RU: [&str; 12] = [
        "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    let names = if lang == Lang::Ru { RU } else { EN };
    format!("{} {:02}", names[(month - 1) as usize], year % 100)
}

/// Why an import gave no data: the input's problem, or its rows'.
fn import_problem(imported: &Imported, lang: Lang) -> String {
    match &*imported.0 {
        Err(e) => e.message(lang),
        Ok(i) => i
            .result
            .as_ref()
            .err()
            .map(|e| e.message(lang))
            .unwrap_or_default(),
    }
}

/// The dashboard.
#[component]
pub fn Dashboard(props: &DashboardProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let go_data = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Show(View::Data)))
    };
    let analysis = match &*props.analyzed.0 {
        Some(Ok(a)) => a,
        Some(Err(e)) => {
            let reset = {
                let ctx = ctx.clone();
                Callback::from(move |_| ctx.dispatch(Action::ResetSettings))
            };
            return html! {
                <section class="empty">
                    <p class="problem" role="alert" data-testid="problem">{ e.message(lang) }</p>
                    <button onclick={go_data.clone()}>{ t(lang, "Go to the data", "К данным") }</button>
                    <button class="secondary" onclick={reset} data-testid="problem-reset">{ t(lang, "Back to the default settings", "Вернуть настройки по умолчанию") }</button>
                </section>
            };
        }
        None => {
            let why = import_problem(&props.imported, lang);
            return html! {
                <section class="empty">
                    <p class="problem" role="alert" data-testid="problem">{ why }</p>
                    <button onclick={go_data}>{ t(lang, "Go to the data", "К данным") }</button>
                </section>
            };
        }
    };
    // The analysis is shared with the children by pointer.
    let shared: Rc<boomerang_core::Analysis> = analysis.clone();
    let cur = ctx.currency().to_owned();
    let bars: Vec<Bar> = analysis
        .lost_by_month
        .iter()
        .map(|m| Bar {
            label: month_label(m.year, m.month, lang),
            value: m.revenue.major(),
            tip: format!(
                "{}: {} {} {}",
                month_label(m.year, m.month, lang),
                int(m.clients, lang),
                t(
                    lang,
                    "clients lost, their years:",
                    "клиентов потеряно, их годы:"
                ),
                money(m.revenue, &cur, lang)
            ),
        })
        .collect();
    let max = analysis
        .lost_by_month
        .iter()
        .map(|m| m.revenue)
        .max()
        .unwrap_or_default();
    let st = &analysis.status;
    let parts = vec![
        Part {
            label: format!("{} {}", t(lang, "active", "активные"), int(st.active, lang)),
            value: st.active as f64,
            class: "active",
        },
        Part {
            label: format!(
                "{} {}",
                t(lang, "sleeping", "спящие"),
                int(st.sleeping, lang)
            ),
            value: st.sleeping as f64,
            class: "sleeping",
        },
        Part {
            label: format!("{} {}", t(lang, "lost", "потерянные"), int(st.lost, lang)),
            value: st.lost as f64,
            class: "lost",
        },
    ];
    // Why newer data is not what is shown: its own problem, and the way to it.
    let rejected_why = props
        .rejected
        .then(|| import_problem(&props.imported, lang));
    html! {
        <div class="dashboard" data-testid="dashboard">
            if let Some(why) = rejected_why {
                <section class="problem kept" role="alert" data-testid="rejected">
                    <p>
                        <strong>{ t(lang, "The new data could not be used; the previous analysis is still shown. ", "Новые данные нельзя использовать; на экране прежний анализ. ") }</strong>
                        { why }
                    </p>
                    <button class="secondary" onclick={go_data.clone()}>{ t(lang, "See the problem on the Data tab", "Посмотреть на вкладке «Данные»") }</button>
                </section>
            }
            if let (crate::state::Input::Demo, Some(name)) = (&ctx.input, &ctx.lost_data) {
                <section class="problem kept" role="alert" data-testid="lost-data">
                    <p>
                        <strong>{ format!("{} «{name}» {}", t(lang, "Your data", "Ваши данные"), t(lang, "was too big to keep in this browser, so the demo is shown.", "слишком велики, чтобы хранить их в этом браузере, поэтому показано демо.")) }</strong>
                        { t(lang, " Load the file again on the Data tab; your settings are kept.", " Загрузите файл снова на вкладке «Данные»; настройки сохранены.") }
                    </p>
                    <button onclick={go_data.clone()} data-testid="load-again">{ t(lang, "Load it again", "Загрузить снова") }</button>
                </section>
            }
            if ctx.input == crate::state::Input::Demo {
                <section class="invite" data-testid="demo-invite">
                    <p>
                        <strong>{ t(lang, "This is a demo: a wholesaler's sales. ", "Это демо: продажи оптовой компании. ") }</strong>
                        { t(lang, "Drop your own export (CSV, TSV or XLSX) anywhere on this page, or paste it on the Data tab: it stays in this browser.", "Перетащите свою выгрузку (CSV, TSV или XLSX) в любое место страницы или вставьте её на вкладке «Данные»: она останется в этом браузере.") }
                    </p>
                    <button onclick={go_data.clone()} data-testid="load-yours">{ t(lang, "Load your data", "Загрузить свои данные") }</button>
                </section>
            }
            <p class="as-of" data-testid="as-of">
                { t(lang, "As of ", "На дату ") }<strong>{ crate::i18n::date(analysis.as_of, lang) }</strong>
                { format!(" · {} {} · {} ", int(analysis.clients.len(), lang), t(lang, "clients", "клиентов"), t(lang, "revenue", "выручка")) }
                <strong>{ money(analysis.revenue, &cur, lang) }</strong>
                { " · " }{ ctx.input.label(lang) }
            </p>
            <PeriodPicker id="dashboard-period" period={Some(analysis.period)} as_of={Some(analysis.as_of)} />
            <KpiCards analysis={shared.clone()} lang={lang} currency={AttrValue::from(cur.clone())} />
            <div class="grid-2">
                <section aria-labelledby="by-month-title">
                    <h2 id="by-month-title">{ t(lang, "Lost clients' years by month of loss", "Годы потерянных клиентов по месяцу потери") }</h2>
                    <p class="hint">{ t(lang, "Every client lost now, in the month their loss began, with their year (revenue in the 365 days up to their last purchase).", "Каждый потерянный сейчас клиент — в месяце, когда началась потеря, с его годом (выручкой за 365 дней до последней покупки).") }</p>
                    <BarChart bars={bars} title={t(lang, "Lost clients' years by month of loss", "Годы потерянных клиентов по месяцу потери")}
                        max_label={money(max, &cur, lang)} testid="lost-by-month" />
                </section>
                <section aria-labelledby="status-title">
                    <h2 id="status-title">{ t(lang, "Clients by status", "Клиенты по статусу") }</h2>
                    <StackedBar parts={parts} title={t(lang, "Clients by status", "Клиенты по статусу")} />
                    <p class="hint">{ t(lang,
                        "Active: bought within their usual interval. Sleeping: the next purchase is overdue. Lost: silent for longer than the lost threshold.",
                        "Активные: покупали в пределах обычного интервала. Спящие: следующая покупка просрочена. Потерянные: молчат дольше порога потери.") }</p>
                </section>
            </div>
            <ModelPanel analysis={shared.clone()} />
            <AbcPanel analysis={shared.clone()} />
            <div class="grid-2">
                <ManagersTable analysis={shared.clone()} />
                <ReasonsTable analysis={shared.clone()} />
            </div>
            <div class="grid-2">
                <DecliningPanel analysis={shared.clone()} />
                <ReturnsPanel analysis={shared.clone()} />
            </div>
            <ProductsTable analysis={shared} />
        </div>
    }
}

//! What was loaded: rows, clients, purchase occasions, revenue and period, or the one reason
//! nothing could be.

use boomerang_core::format::{date, int, money_whole};
use yew::prelude::*;

use crate::i18n::t;
use crate::state::AppContext;
use crate::state::Imported;

/// Props of [`ImportSummary`].
#[derive(Properties, PartialEq)]
pub struct ImportSummaryProps {
    /// The import.
    pub imported: Imported,
}

/// The summary cards.
#[component]
pub fn ImportSummary(props: &ImportSummaryProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let Ok(import) = &*props.imported.0 else {
        return html! {};
    };
    let loaded = match &import.result {
        Ok(loaded) => loaded,
        Err(e) => {
            return html! { <p class="problem" role="alert" data-testid="problem">{ e.message(lang) }</p> }
        }
    };
    let Some(s) = &loaded.summary else {
        return html! {};
    };
    let card = |id: &'static str, label: &'static str, value: String, how: &'static str| {
        html! {
            <div class="card" data-testid={format!("kpi-{id}")}>
                <span class="label">{ label }</span>
                <strong class="value">{ value }</strong>
                <details><summary>{ t(lang, "How is this counted?", "Как это считается?") }</summary><p>{ how }</p></details>
            </div>
        }
    };
    html! {
        <section class="cards" aria-label={t(lang, "What was loaded", "Что загружено")}>
            { card("rows", t(lang, "Rows read", "Прочитано строк"), int(loaded.rows as i64, lang),
                t(lang, "Data rows in the input, not counting the header and blank lines.", "Строки данных без заголовка и пустых строк.")) }
            { card("left-out", t(lang, "Rows left out", "Пропущено строк"), int(loaded.rows_left_out as i64, lang),
                t(lang, "Rows that could not be used; each is listed below with what to fix.", "Строки, которые нельзя использовать; каждая указана ниже с тем, что исправить.")) }
            if loaded.warnings_total > 0 {
                { card("warned", t(lang, "Kept, with a warning", "Учтено с предупреждением"), int(loaded.warnings_total as i64, lang),
                    t(lang, "Rows that are in the figures but worth a look (a copy of an earlier row, an unreadable profit); each is listed below.", "Строки, которые вошли в показатели, но стоит проверить (копия прежней строки, нечитаемая прибыль); каждая указана ниже.")) }
            }
            { card("clients", t(lang, "Clients", "Клиентов"), int(s.clients as i64, lang),
                t(lang, "Distinct values of the client column.", "Разные значения в столбце клиента.")) }
            { card("occasions", t(lang, "Purchases", "Покупок"), int(s.occasions as i64, lang),
                t(lang, "Purchase occasions: all purchases of one client on one day count as one.", "Покупки одного клиента в один день считаются одной покупкой.")) }
            { card("revenue", t(lang, "Revenue", "Выручка"), money_whole(s.revenue, ctx.currency(), lang),
                t(lang, "The sum of the amount column over the rows used; refunds (negative amounts) reduce it.", "Сумма столбца суммы по использованным строкам; возвраты (отрицательные суммы) её уменьшают.")) }
            if loaded.refunds > 0 {
                { card("refunds", t(lang, "Refunds", "Возвраты"), format!("{} · {}", int(loaded.refunds as i64, lang), money_whole(loaded.refunds_total, ctx.currency(), lang)),
                    t(lang, "Rows with a negative amount. They reduce revenue: a refund on a day with purchases lowers that day's amount; one on its own day counts as a purchase of negative amount.",
                        "Строки с отрицательной суммой. Они уменьшают выручку: возврат в день покупки уменьшает сумму этого дня; возврат в отдельный день считается покупкой с отрицательной суммой.")) }
            }
            { card("period", t(lang, "Period", "Период"), format!("{} – {}", date(s.first_date, lang), date(s.last_date, lang)),
                t(lang, "From the first to the last purchase. The analysis looks from the last one.", "От первой до последней покупки. Анализ ведётся на дату последней.")) }
        </section>
    }
}

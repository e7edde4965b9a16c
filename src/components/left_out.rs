//! The rows left out, each with its row, column, value and what to fix; then the rows kept
//! with a warning, listed apart so that the counts match the lists.

use boomerang_core::format::int;
use yew::prelude::*;

use crate::i18n::t;
use crate::state::AppContext;
use crate::state::Imported;

/// How many issues are listed; the rest are counted.
const SHOWN: usize = 200;

/// Props of [`LeftOut`].
#[derive(Properties, PartialEq)]
pub struct LeftOutProps {
    /// The import.
    pub imported: Imported,
}

/// The list of rows left out.
#[component]
pub fn LeftOut(props: &LeftOutProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let Ok(import) = &*props.imported.0 else {
        return html! {};
    };
    let Ok(loaded) = &import.result else {
        return html! {};
    };
    if loaded.issues.is_empty() {
        return html! { <p class="ok" data-testid="left-out-none">{ t(lang, "Every row was used.", "Использованы все строки.") }</p> };
    }
    // Two lists, each counted whole: the rows left out (the figures miss them), then the
    // rows kept with a warning (counted, but worth a look).
    let left_out_total = loaded.issues_total - loaded.warnings_total;
    let left_out: Vec<_> = loaded.issues.iter().filter(|i| i.row_left_out).collect();
    let warned: Vec<_> = loaded.issues.iter().filter(|i| !i.row_left_out).collect();
    let table = |id: &'static str, issues: &[&boomerang_core::Issue], total: usize| {
        let more = total.saturating_sub(issues.len().min(SHOWN));
        html! {
            <>
                <div class="scroll" tabindex="0" role="region" aria-labelledby={format!("{id}-title")}>
                    <table data-testid={id}>
                        <thead><tr>
                            <th scope="col">{ t(lang, "Row", "Строка") }</th>
                            <th scope="col">{ t(lang, "Column", "Столбец") }</th>
                            <th scope="col">{ t(lang, "Value", "Значение") }</th>
                            <th scope="col">{ t(lang, "What to fix", "Что исправить") }</th>
                        </tr></thead>
                        <tbody>
                            { for issues.iter().take(SHOWN).map(|i| html! {
                                <tr>
                                    <td class="num">{ i.row }</td>
                                    <td>{ &i.column }</td>
                                    <td><code>{ &i.value }</code></td>
                                    <td>{ i.kind.message_in(&i.value, lang) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if more > 0 {
                    <p class="hint" data-testid={format!("{id}-more")}>{ format!("{} {}", t(lang, "…and more:", "…и ещё:"), int(more as i64, lang)) }</p>
                }
            </>
        }
    };
    html! {
        <>
            if left_out_total > 0 {
                <section class="left-out" aria-labelledby="left-out-title">
                    <h2 id="left-out-title">{ t(lang, "Rows left out", "Пропущенные строки") }{ format!(" ({})", int(left_out_total as i64, lang)) }</h2>
                    <p class="hint">{ t(lang, "These rows are not in the figures. Fix them in your file and load it again; the rest of the data is already counted.", "Этих строк нет в показателях. Исправьте их в файле и загрузите снова; остальные данные уже учтены.") }</p>
                    { table("left-out", &left_out, left_out_total) }
                </section>
            } else {
                <p class="ok" data-testid="left-out-none">{ t(lang, "No row was left out.", "Ни одна строка не пропущена.") }</p>
            }
            if loaded.warnings_total > 0 {
                <section class="left-out warned" aria-labelledby="warned-title">
                    <h2 id="warned-title">{ t(lang, "Rows kept, with a warning", "Учтённые строки с предупреждением") }{ format!(" ({})", int(loaded.warnings_total as i64, lang)) }</h2>
                    <p class="hint">{ t(lang, "These rows are in the figures; check that they are what you meant.", "Эти строки вошли в показатели; проверьте, что так и задумано.") }</p>
                    { table("warned", &warned, loaded.warnings_total) }
                </section>
            }
        </>
    }
}

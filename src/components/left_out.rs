//! The rows left out, each with its row, column, value and what to fix.

use boomerang_core::format::int;
use yew::prelude::*;

use crate::app::Imported;
use crate::i18n::t;
use crate::state::AppContext;

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
    let more = loaded.issues_total.saturating_sub(SHOWN);
    html! {
        <section class="left-out" aria-labelledby="left-out-title">
            <h2 id="left-out-title">{ t(lang, "Rows left out", "Пропущенные строки") }{ format!(" ({})", int(loaded.issues_total as i64, lang)) }</h2>
            <p class="hint">{ t(lang, "Fix these in your file and load it again; the rest of the data is already counted.", "Исправьте их в файле и загрузите снова; остальные данные уже учтены.") }</p>
            <div class="scroll">
                <table data-testid="left-out">
                    <thead><tr>
                        <th scope="col">{ t(lang, "Row", "Строка") }</th>
                        <th scope="col">{ t(lang, "Column", "Столбец") }</th>
                        <th scope="col">{ t(lang, "Value", "Значение") }</th>
                        <th scope="col">{ t(lang, "What to fix", "Что исправить") }</th>
                    </tr></thead>
                    <tbody>
                        { for loaded.issues.iter().take(SHOWN).map(|i| html! {
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
                <p class="hint">{ format!("{} {}", t(lang, "…and more:", "…и ещё:"), int(more as i64, lang)) }</p>
            }
        </section>
    }
}

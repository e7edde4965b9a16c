//! The first rows of the input under their columns, each column's role a choice.

use boomerang_core::Role;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::i18n::{role_name, t};
use crate::state::Imported;
use crate::state::{Action, AppContext};

/// Columns shown in the preview; a file with thousands of columns shows the first ones.
const SHOWN_COLUMNS: usize = 50;

/// Props of [`MappingTable`].
#[derive(Properties, PartialEq)]
pub struct MappingTableProps {
    /// The import.
    pub imported: Imported,
}

/// The preview with the mapping.
#[component]
pub fn MappingTable(props: &MappingTableProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let Ok(import) = &*props.imported.0 else {
        return html! {};
    };
    let on_role = |i: usize| {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            ctx.dispatch(Action::SetRole(i, Role::from_key(&v)));
        })
    };
    html! {
        <section class="mapping" aria-labelledby="mapping-title">
            <h2 id="mapping-title">{ t(lang, "Columns", "Столбцы") }</h2>
            <p class="hint">{ t(lang, "Check what each column holds; change it where the guess is wrong.", "Проверьте, что в каком столбце; поправьте, где угадано неверно.") }</p>
            <div class="scroll" tabindex="0" role="region" aria-labelledby="mapping-title">
                <table data-testid="mapping">
                    <thead>
                        <tr>
                            { for import.columns.iter().enumerate().take(SHOWN_COLUMNS).map(|(i, c)| html! {
                                <th scope="col">
                                    <span class="colname">{ &c.name }</span>
                                    <select onchange={on_role(i)} data-testid={format!("role-{i}")}
                                        aria-label={format!("{} {}", t(lang, "Role of column", "Роль столбца"), c.name)}>
                                        <option value="" selected={c.role.is_none()}>{ t(lang, "— not used —", "— не используется —") }</option>
                                        { for Role::ALL.iter().map(|r| html! {
                                            <option value={r.key()} selected={c.role == Some(*r)}>{ role_name(*r, lang) }</option>
                                        }) }
                                    </select>
                                </th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for import.preview.iter().take(8).map(|row| html! {
                            <tr>
                                { for (0..import.columns.len().min(SHOWN_COLUMNS)).map(|i| html! { <td>{ row.cells.get(i).cloned().unwrap_or_default() }</td> }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if import.columns.len() > SHOWN_COLUMNS {
                <p class="hint" data-testid="more-columns">{ format!("{} {} {}", t(lang, "The first", "Показаны первые"), SHOWN_COLUMNS, t(lang, "columns are shown; the others are not used unless a header names them.", "столбцов; остальные не используются, если заголовок не называет их роль.")) }</p>
            }
        </section>
    }
}

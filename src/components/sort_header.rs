//! A sortable table header: a button that says which way the column is sorted.

use yew::prelude::*;

/// A `<th>` whose button sorts by the column; `current` and `descending` say how the table
/// is sorted now, for the arrow and for screen readers (`aria-sort`).
pub fn sort_header(
    label: &str,
    current: bool,
    descending: bool,
    numeric: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    let (aria, arrow) = match (current, descending) {
        (false, _) => ("none", ""),
        (true, true) => ("descending", " ▼"),
        (true, false) => ("ascending", " ▲"),
    };
    html! {
        <th scope="col" class={classes!(numeric.then_some("num"))} aria-sort={aria}>
            <button class="sort" {onclick} data-testid={format!("sort-{label}")}>{ label }{ arrow }</button>
        </th>
    }
}

//! Lost clients by product or category (seed 001: categories of lost clients by product),
//! when the log has a product column: the clients lost now who bought it in their year, what
//! they paid for it then, and an ABC of products by that money.

use std::rc::Rc;

use boomerang_core::Analysis;
use yew::prelude::*;

use crate::components::how::How;
use crate::i18n::{abc_name, int, money, t};
use crate::state::AppContext;

/// Props of [`ProductsTable`].
#[derive(Properties, PartialEq)]
pub struct ProductsTableProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

/// The table; nothing without a product column.
#[component]
pub fn ProductsTable(props: &ProductsTableProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let Some(lines) = &props.analysis.products else {
        return html! {};
    };
    html! {
        <section aria-labelledby="products-title">
            <h2 id="products-title">{ t(lang, "What lost clients bought", "Что покупали потерянные клиенты") }</h2>
            <div class="scroll" tabindex="0" role="region" aria-labelledby="products-title">
                <table data-testid="products">
                    <thead><tr>
                        <th scope="col">{ t(lang, "Product or category", "Товар или категория") }</th>
                        <th scope="col" class="num">{ t(lang, "Lost clients", "Потеряно клиентов") }</th>
                        <th scope="col" class="num">{ t(lang, "Their purchases in their years", "Их покупки за их годы") }</th>
                        <th scope="col">{ "ABC" }</th>
                    </tr></thead>
                    <tbody>
                        { for lines.iter().map(|l| html! {
                            <tr>
                                <th scope="row">{ &l.product }</th>
                                <td class="num">{ int(l.lost_clients, lang) }</td>
                                <td class="num">{ money(l.annual_revenue, ctx.currency(), lang) }</td>
                                <td>{ l.abc.map(abc_name).unwrap_or("—") }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <How text={t(lang,
                    "For each product: the clients lost now who bought it in the 365 days up to their last purchase, and what they paid for it in those days. A client who bought several products counts under each. ABC: the products behind 80% of that money are A: where the losses hurt most.",
                    "Для каждого товара: потерянные сейчас клиенты, которые покупали его за 365 дней до своей последней покупки, и сколько они за него заплатили в эти дни. Клиент, покупавший несколько товаров, учитывается у каждого. ABC: товары, на которые приходится 80% этих денег, — класс A: здесь потери больнее всего.")} />
        </section>
    }
}

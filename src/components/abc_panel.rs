//! ABC: the Pareto curve and the class table; the ABC × XYZ matrix, whose cells filter the
//! win-back list.

use std::rc::Rc;

use boomerang_core::{AbcBasis, Analysis, Figure, Xyz};
use yew::prelude::*;

use crate::components::charts::ParetoChart;
use crate::i18n::{abc_name, int, money, pct, t, xyz_name};
use crate::state::{Action, AppContext};

/// Props of [`AbcPanel`].
#[derive(Properties, PartialEq)]
pub struct AbcPanelProps {
    /// The analysis.
    pub analysis: Rc<Analysis>,
}

/// The ABC/XYZ panel.
#[component]
pub fn AbcPanel(props: &AbcPanelProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let cur = ctx.currency();
    let a = &*props.analysis;
    let basis = if a.classes.abc_basis == AbcBasis::Profit {
        t(lang, "profit", "прибыли")
    } else {
        t(lang, "revenue", "выручке")
    };
    html! {
        <section class="abc" aria-labelledby="abc-title">
            <h2 id="abc-title">{ t(lang, "ABC and XYZ", "ABC и XYZ") }</h2>
            <p class="hint">
                { format!("{} {}. ", t(lang, "Clients ranked by", "Клиенты ранжированы по"), basis) }
                { format!("{} {} {}; {} {}; {}. ",
                    t(lang, "A: the first who make", "A — первые, кто дают"), pct(a.settings.abc_a, lang), t(lang, "of it", "от итога"),
                    t(lang, "B: up to", "B — до"), pct(a.settings.abc_b, lang), t(lang, "C: the rest", "C — остальные")) }
                { t(lang, "XYZ: how steady a client's monthly revenue is over their last 12 months.", "XYZ — насколько ровна помесячная выручка клиента за его последние 12 месяцев.") }
            </p>
            <div class="grid-2">
                <div tabindex="0" role="region" aria-label={t(lang, "ABC classes", "Классы ABC")}>
                    <ParetoChart points={a.classes.pareto.clone()} a={a.settings.abc_a} b={a.settings.abc_b}
                        title={t(lang, "Pareto curve", "Кривая Парето")}
                        x_label={t(lang, "share of clients", "доля клиентов")} y_label={t(lang, "share of total", "доля итога")} />
                    <table data-testid="abc-table">
                        <thead><tr>
                            <th scope="col">{ t(lang, "Class", "Класс") }</th>
                            <th scope="col" class="num">{ t(lang, "Clients", "Клиентов") }</th>
                            <th scope="col" class="num">{ t(lang, "Share of clients", "Доля клиентов") }</th>
                            <th scope="col" class="num">{ t(lang, "Total", "Сумма") }</th>
                            <th scope="col" class="num">{ t(lang, "Share", "Доля") }</th>
                        </tr></thead>
                        <tbody>
                            { for a.classes.abc.iter().map(|(class, line)| html! {
                                <tr>
                                    <th scope="row">{ abc_name(*class) }</th>
                                    <td class="num">{ int(line.clients, lang) }</td>
                                    <td class="num">{ pct(line.client_share, lang) }</td>
                                    <td class="num">{ money(line.value, cur, lang) }</td>
                                    <td class="num">{ pct(line.value_share, lang) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                <div tabindex="0" role="region" aria-label="ABC × XYZ">
                    <h3>{ t(lang, "ABC × XYZ", "ABC × XYZ") }</h3>
                    {
                        match &a.classes.matrix {
                            Figure::Defined(cells) => html! {
                                <>
                                <table class="matrix" data-testid="matrix">
                                    <thead><tr>
                                        <th scope="col"></th>
                                        { for Xyz::ALL.iter().map(|x| html! { <th scope="col">{ xyz_name(*x) }</th> }) }
                                    </tr></thead>
                                    <tbody>
                                        { for boomerang_core::Abc::ALL.iter().map(|abc| html! {
                                            <tr>
                                                <th scope="row">{ abc_name(*abc) }</th>
                                                { for cells.iter().filter(|c| c.abc == *abc).map(|c| {
                                                    let ctx = ctx.clone();
                                                    let (x, y) = (c.abc, c.xyz);
                                                    let onclick = Callback::from(move |_| ctx.dispatch(Action::ShowCell(x, y)));
                                                    html! {
                                                        <td>
                                                            <button class="cell" {onclick} data-testid={format!("cell-{}{}", abc_name(x), xyz_name(y))}
                                                                title={t(lang, "Show these clients in the list", "Показать этих клиентов в списке")}>
                                                                <strong>{ int(c.clients, lang) }</strong>
                                                                <span>{ money(c.revenue, cur, lang) }</span>
                                                            </button>
                                                        </td>
                                                    }
                                                }) }
                                            </tr>
                                        }) }
                                    </tbody>
                                </table>
                                <p class="hint">{ t(lang,
                                    "X: variation up to 10%, Y: up to 25%, Z: above. Click a cell to see its clients in the list.",
                                    "X — колебания до 10%, Y — до 25%, Z — выше. Нажмите на ячейку, чтобы увидеть её клиентов в списке.") }</p>
                                </>
                            },
                            Figure::Undefined(why) => html! { <p class="hint">{ why.message(lang) }</p> },
                        }
                    }
                </div>
            </div>
        </section>
    }
}

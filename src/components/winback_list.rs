//! Whom to call first: the sleeping and lost clients in their four categories, searchable,
//! filterable and sortable, virtualized (about a hundred DOM rows whatever the size), with
//! exports for Excel and a CRM.

use std::rc::Rc;

use boomerang_core::export::{to_csv, why_call, winback_table, CsvStyle};
use boomerang_core::{Abc, Analysis, Category, Status, Xyz};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::client_link::ClientLink;
use crate::components::settings_panel::{Field, SettingField};
use crate::i18n::{abc_name, category_name, dec1, int, money, status_name, t, xyz_name};
use crate::services::download::download;
use crate::services::xlsx::XlsxHandle;
use crate::state::Analyzed;
use crate::state::{Action, AppContext, ListFilter, SortKey};

/// Height of one row in pixels (the CSS sets the same).
pub const ROW_HEIGHT: f64 = 40.0;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 20;

/// Props of [`WinbackList`].
#[derive(Properties, PartialEq)]
pub struct WinbackListProps {
    /// The analysis.
    pub analyzed: Analyzed,
}

/// The rows the filter keeps, in the order asked for (indexes into `Analysis::clients`).
pub fn filtered(a: &Analysis, f: &ListFilter) -> Vec<usize> {
    let order = a
        .winback
        .value()
        .map(|p| p.order.clone())
        .unwrap_or_default();
    let needle = f.search.trim().to_lowercase();
    let mut rows: Vec<usize> = order
        .into_iter()
        .filter(|&i| {
            let l = &a.clients[i];
            let c = &l.client;
            let w = l.winback.as_ref().expect("listed clients have economics");
            f.category.is_none_or(|x| w.category == x)
                && f.status.is_none_or(|x| c.status == x)
                && f.abc.is_none_or(|x| l.abc == x)
                && f.xyz.is_none_or(|x| l.xyz == Some(x))
                && f.manager
                    .as_ref()
                    .is_none_or(|m| c.manager.as_deref() == m.as_deref())
                && (!f.declining || c.declining)
                && (needle.is_empty()
                    || [
                        Some(&c.id),
                        c.name.as_ref(),
                        c.manager.as_ref(),
                        c.reason.as_ref(),
                    ]
                    .iter()
                    .flatten()
                    .any(|s| s.to_lowercase().contains(&needle)))
        })
        .collect();
    if f.sort != SortKey::Order {
        let key = |i: &usize| {
            let l = &a.clients[*i];
            let w = l.winback.as_ref().unwrap();
            match f.sort {
                SortKey::Order => 0.0,
                SortKey::Lost => l.client.days_since_loss.unwrap_or(-1) as f64,
                SortKey::Benefit => w.benefit.major(),
                SortKey::Cost => w.cost.major(),
                SortKey::Net => w.expected_net.major(),
                SortKey::Roi => w.roi.unwrap_or(f64::INFINITY),
                SortKey::Alive => a.clients.model(*i).map_or(-1.0, |m| m.p_alive),
                SortKey::Revenue => l.client.annual_revenue.major(),
                SortKey::Client | SortKey::Manager | SortKey::Reason => 0.0,
            }
        };
        let text = |i: &usize| {
            let c = &a.clients[*i].client;
            match f.sort {
                SortKey::Client => c.id.to_lowercase(),
                SortKey::Manager => c.manager.clone().unwrap_or_default().to_lowercase(),
                SortKey::Reason => c.reason.clone().unwrap_or_default().to_lowercase(),
                _ => String::new(),
            }
        };
        rows.sort_by(|x, y| {
            let o = text(x).cmp(&text(y)).then(key(x).total_cmp(&key(y)));
            if f.descending {
                o.reverse()
            } else {
                o
            }
        });
    } else if f.descending {
        rows.reverse();
    }
    rows
}

/// The list.
#[component]
pub fn WinbackList(props: &WinbackListProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let xlsx = use_context::<XlsxHandle>().expect("the app provides the workbook worker");
    let lang = ctx.lang;
    let scroll_top = use_state(|| 0.0f64);
    let rows_box = use_node_ref();
    let to_rows = {
        let rows_box = rows_box.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(el) = rows_box.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    let viewport = use_state(|| 640.0f64);
    let rows = {
        let deps = (props.analyzed.clone(), ctx.filter.clone());
        use_memo(deps, |(analyzed, f)| {
            analyzed.get().map(|a| filtered(a, f)).unwrap_or_default()
        })
    };
    let Some(a) = props.analyzed.get().cloned() else {
        return html! { <p class="problem" role="alert" data-testid="problem">{ t(lang, "There is no data to list: see the Data tab.", "Нет данных для списка: см. вкладку «Данные».") }</p> };
    };
    if let Some(why) = a.winback.reason() {
        let why = match &a.winback {
            boomerang_core::Figure::Undefined(w) => w.message(lang),
            _ => why,
        };
        return html! { <p class="problem" role="alert" data-testid="problem">{ why }</p> };
    }
    let f = ctx.filter.clone();
    let set = {
        let ctx = ctx.clone();
        move |change: Box<dyn Fn(&mut ListFilter)>| {
            let mut f = ctx.filter.clone();
            change(&mut f);
            ctx.dispatch(Action::Filter(f));
        }
    };
    let set = Rc::new(set);
    let on_search = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            set(Box::new(move |f| f.search = v.clone()));
        })
    };
    let select = |apply: fn(&mut ListFilter, &str, &Analysis)| {
        let set = set.clone();
        let a = a.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let a = a.clone();
            set(Box::new(move |f| apply(f, &v, &a)));
        })
    };
    let on_category =
        select(|f, v, _| f.category = Category::ALL.into_iter().find(|c| c.key() == v));
    let on_status = select(|f, v, _| {
        f.status = match v {
            "sleeping" => Some(Status::Sleeping),
            "lost" => Some(Status::Lost),
            _ => None,
        }
    });
    let on_abc = select(|f, v, _| f.abc = Abc::ALL.into_iter().find(|c| abc_name(*c) == v));
    let on_xyz = select(|f, v, _| f.xyz = Xyz::ALL.into_iter().find(|c| xyz_name(*c) == v));
    let on_manager = select(|f, v, _| {
        f.manager = match v {
            "" => None,
            "\u{0}" => Some(None),
            m => Some(Some(m.to_owned())),
        }
    });
    let on_declining = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            set(Box::new(move |f| f.declining = on));
        })
    };
    let on_scroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            scroll_top.set(el.scroll_top() as f64);
            viewport.set(el.client_height() as f64);
        })
    };
    let clear = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Filter(ListFilter::default())))
    };
    let cur = ctx.currency().to_owned();
    let export_csv = |style: CsvStyle| {
        let a = a.clone();
        let rows = rows.clone();
        let cur = cur.clone();
        Callback::from(move |_| {
            // What is on screen: the filtered rows, in the screen's order.
            let table = winback_table(&a, &rows, &cur, lang);
            // Two files for two spreadsheets: their names say which is which.
            let name = format!(
                "{}-{}.csv",
                t(lang, "win-back-list", "kogo-vozvrashchat"),
                match style {
                    CsvStyle::Semicolon => t(lang, "excel-semicolon", "excel-tochka-s-zapyatoy"),
                    CsvStyle::Comma => t(lang, "comma", "zapyataya"),
                }
            );
            let _ = download(&name, "text/csv;charset=utf-8", &to_csv(&table, style));
        })
    };
    let export_xlsx = {
        let a = a.clone();
        let rows = rows.clone();
        let write = xlsx.write.clone();
        let cur = cur.clone();
        Callback::from(move |_| {
            let table = winback_table(&a, &rows, &cur, lang);
            write.emit((
                format!("{}.xlsx", t(lang, "win-back-list", "kogo-vozvrashchat")),
                table,
            ));
        })
    };
    let sort_header = |key: SortKey, label: &'static str, numeric: bool| {
        let set = set.clone();
        let current = f.sort == key;
        let desc = f.descending;
        let onclick = Callback::from(move |_| {
            set(Box::new(move |f| {
                if f.sort == key {
                    f.descending = !f.descending;
                } else {
                    f.sort = key;
                    f.descending = key.descending_first();
                }
            }))
        });
        crate::components::sort_header::sort_header(label, current, desc, numeric, onclick)
    };
    let with_model = a.clients.have_models();
    let on_sort = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            set(Box::new(move |f| {
                if let Some(key) = SortKey::ALL.into_iter().find(|k| k.key() == v) {
                    f.sort = key;
                    f.descending = key.descending_first();
                }
            }))
        })
    };
    let sort_name = |k: SortKey| match k {
        SortKey::Order => t(lang, "calling order", "порядок звонков"),
        SortKey::Client => t(lang, "client", "клиент"),
        SortKey::Lost => t(lang, "days since lost", "дней с потери"),
        SortKey::Benefit => t(lang, "benefit", "выгода"),
        SortKey::Cost => t(lang, "cost", "затраты"),
        SortKey::Net => t(lang, "expected net", "ожидаемый итог"),
        SortKey::Roi => "ROI",
        SortKey::Alive => t(lang, "P(alive) by the model", "P(alive) по модели"),
        SortKey::Revenue => t(lang, "the client's year", "год клиента"),
        SortKey::Manager => t(lang, "manager", "менеджер"),
        SortKey::Reason => t(lang, "reason", "причина"),
    };
    let total = rows.len();
    let first = ((*scroll_top / ROW_HEIGHT) as usize)
        .saturating_sub(OVERSCAN)
        .min(total);
    let visible = (*viewport / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
    let last = (first + visible).min(total);
    let mut managers: Vec<Option<String>> = a.managers.iter().map(|m| m.manager.clone()).collect();
    managers.sort();
    let categories = a
        .winback
        .value()
        .map(|p| p.categories.clone())
        .unwrap_or_default();
    html! {
        <section class="winback" aria-labelledby="list-title">
            <h2 id="list-title">{ t(lang, "Whom to win back, in calling order", "Кого возвращать — в порядке звонков") }</h2>
            <a class="skip-to-list" href="#list-rows" onclick={to_rows} data-testid="skip-to-list">{ t(lang, "Skip the settings and filters: to the list", "Пропустить настройки и фильтры: к списку") }</a>
            <p class="hint">{ t(lang,
                "Sleeping and lost clients. The client's year = their revenue in the 365 days up to their last purchase. Benefit = profit per deal × (purchases in that year / 12) × lifetime in months; the chance of return fades with the time since the loss; cost = cost per attempt × attempts + chance × incentive; expected net = chance × benefit − cost. Lost twice, a reason that cannot be won back (closed down, bankrupt, moved, no longer needs it), or a net at or below zero: let go, and each says why. A changed contact person is called first. The manager who had the client when they left should not make the call: hand the client to a colleague.",
                "Спящие и потерянные клиенты. Год клиента — его выручка за 365 дней до последней покупки. Выгода = прибыль со сделки × (покупок за этот год / 12) × время жизни в месяцах; шанс возврата угасает со временем после потери; затраты = стоимость попытки × число попыток + шанс × стимул; ожидаемый итог = шанс × выгода − затраты. Потерянные дважды, с причиной, которую не устранить (закрылся, банкрот, переехал, больше не нужно), или с итогом ≤ 0 — «ушли и ладно», и у каждого указано почему. Сменилось контактное лицо — звонить первыми. Менеджер, при котором клиент ушёл, звонить не должен: передайте клиента коллеге.") }</p>
            <fieldset class="costs" data-testid="list-costs">
                <legend>{ format!("{} ({})", t(lang, "What a return costs, in the data's currency", "Во что обходится возврат, в валюте данных"), cur) }</legend>
                { for [Field::CostPerAttempt, Field::Attempts, Field::Incentive, Field::ReturnProbability, Field::HalfLife].iter().map(|f| html! { <SettingField key={f.key()} field={*f} /> }) }
                <p class="hint">{ t(lang, "Defaults and ranges are explained in Settings. Attempts are paid for every client tried; the incentive only for those who come back.", "Значения по умолчанию и диапазоны — в настройках. Попытки оплачиваются за каждого, с кем работаем; стимул — только за вернувшихся.") }</p>
                <p class="hint" data-testid="list-assumed">{ match a.campaign.value() {
                    Some(c) => format!("{} {} {}, {} {}, {} {}, ROI {}.",
                        t(lang, "The campaign:", "Кампания:"),
                        int(c.clients, lang), t(lang, "clients to call", "клиентов обзвонить"),
                        t(lang, "cost", "затраты"), money(c.cost, &cur, lang),
                        t(lang, "recoverable a year", "можно вернуть в год"), money(c.recoverable_revenue, &cur, lang),
                        c.roi.map_or_else(|| "—".to_owned(), |r| format!("{}×", dec1(r, lang)))),
                    None => match &a.campaign {
                        boomerang_core::Figure::Undefined(w) => w.message(lang),
                        boomerang_core::Figure::Defined(_) => String::new(),
                    },
                } }</p>
            </fieldset>
            <div class="category-chips" data-testid="categories">
                { for categories.iter().map(|c| {
                    let set = set.clone();
                    let cat = c.category;
                    let active = f.category == Some(cat);
                    let onclick = Callback::from(move |_| set(Box::new(move |f| f.category = if f.category == Some(cat) { None } else { Some(cat) })));
                    html! {
                        <button class={classes!("chip", cat.key(), active.then_some("on"))} aria-pressed={active.to_string()} {onclick}
                            data-testid={format!("chip-{}", cat.key())}>
                            <strong>{ category_name(cat, lang) }</strong>
                            <span>{ format!("{} · {}", int(c.clients, lang), money(c.expected_net, &cur, lang)) }</span>
                        </button>
                    }
                }) }
            </div>
            <div class="filters">
                <label>{ t(lang, "Search", "Поиск") }
                    <input type="search" value={f.search.clone()} oninput={on_search} data-testid="search"
                        placeholder={t(lang, "client, manager, reason", "клиент, менеджер, причина")} />
                </label>
                <label>{ t(lang, "Category", "Категория") }
                    <select onchange={on_category} data-testid="filter-category">
                        <option value="" selected={f.category.is_none()}>{ t(lang, "all", "все") }</option>
                        { for Category::ALL.iter().map(|c| html! { <option value={c.key()} selected={f.category == Some(*c)}>{ category_name(*c, lang) }</option> }) }
                    </select>
                </label>
                <label>{ t(lang, "Status", "Статус") }
                    <select onchange={on_status} data-testid="filter-status">
                        <option value="" selected={f.status.is_none()}>{ t(lang, "all", "все") }</option>
                        <option value="sleeping" selected={f.status == Some(Status::Sleeping)}>{ status_name(Status::Sleeping, lang) }</option>
                        <option value="lost" selected={f.status == Some(Status::Lost)}>{ status_name(Status::Lost, lang) }</option>
                    </select>
                </label>
                <label>{ "ABC" }
                    <select onchange={on_abc} data-testid="filter-abc">
                        <option value="" selected={f.abc.is_none()}>{ t(lang, "all", "все") }</option>
                        { for Abc::ALL.iter().map(|c| html! { <option value={abc_name(*c)} selected={f.abc == Some(*c)}>{ abc_name(*c) }</option> }) }
                    </select>
                </label>
                <label>{ "XYZ" }
                    <select onchange={on_xyz} data-testid="filter-xyz">
                        <option value="" selected={f.xyz.is_none()}>{ t(lang, "all", "все") }</option>
                        { for Xyz::ALL.iter().map(|c| html! { <option value={xyz_name(*c)} selected={f.xyz == Some(*c)}>{ xyz_name(*c) }</option> }) }
                    </select>
                </label>
                <label>{ t(lang, "Manager", "Менеджер") }
                    <select onchange={on_manager} data-testid="filter-manager">
                        <option value="" selected={f.manager.is_none()}>{ t(lang, "all", "все") }</option>
                        { for managers.iter().map(|m| {
                            let value = m.clone().unwrap_or_else(|| "\u{0}".into());
                            let label = m.clone().unwrap_or_else(|| t(lang, "(no manager)", "(без менеджера)").into());
                            html! { <option value={value} selected={f.manager.as_ref() == Some(m)}>{ label }</option> }
                        }) }
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" checked={f.declining} onchange={on_declining} data-testid="filter-declining" />
                    { t(lang, "declining only (active ones are listed on the dashboard)", "только снижающие покупки (активные — на сводке)") }
                </label>
                <label>{ t(lang, "Sort by", "Сортировать") }
                    <select onchange={on_sort} data-testid="list-sort">
                        { for SortKey::ALL.iter().filter(|k| with_model || **k != SortKey::Alive).map(|k| html! {
                            <option value={k.key()} selected={f.sort == *k}>{ sort_name(*k) }</option>
                        }) }
                    </select>
                </label>
                <button class="secondary" onclick={clear} data-testid="clear-filters">{ t(lang, "Clear filters", "Сбросить фильтры") }</button>
            </div>
            <div class="actions">
                <span data-testid="list-count">{ format!("{} {}", int(total, lang), t(lang, "clients", "клиентов")) }</span>
                <button class="secondary" onclick={export_csv(CsvStyle::Semicolon)} data-testid="export-csv-semicolon">{ t(lang, "CSV for Excel (;)", "CSV для Excel (;)") }</button>
                <button class="secondary" onclick={export_csv(CsvStyle::Comma)} data-testid="export-csv-comma">{ t(lang, "CSV (,)", "CSV (,)") }</button>
                <button class="secondary" onclick={export_xlsx} data-testid="export-xlsx">{ "XLSX" }</button>
            </div>
            <div class="virtual" id="list-rows" ref={rows_box} onscroll={on_scroll} data-testid="list-scroll" tabindex="0"
                aria-label={t(lang, "Win-back list", "Список для возврата")}>
                <table class="list" data-testid="winback-list" aria-rowcount={(total + 1).to_string()}>
                    <colgroup>
                        { for ["n", "client", "category", "why", "lost", "year", "net", "manager", "reason"].iter().map(|c| html! { <col class={format!("c-{c}")} /> }) }
                    </colgroup>
                    <thead><tr>
                        { sort_header(SortKey::Order, "#", true) }
                        { sort_header(SortKey::Client, t(lang, "Client", "Клиент"), false) }
                        <th scope="col">{ t(lang, "Category", "Категория") }</th>
                        <th scope="col">{ t(lang, "Why call", "Почему звонить") }</th>
                        { sort_header(SortKey::Lost, t(lang, "Lost, days ago", "Потерян, дней назад"), true) }
                        { sort_header(SortKey::Revenue, t(lang, "The client's year", "Год клиента"), true) }
                        { sort_header(SortKey::Net, t(lang, "Expected net", "Ожидаемый итог"), true) }
                        { sort_header(SortKey::Manager, t(lang, "Manager when they left", "Менеджер при уходе"), false) }
                        { sort_header(SortKey::Reason, t(lang, "Reason", "Причина"), false) }
                    </tr></thead>
                    <tbody>
                        <tr class="spacer" style={format!("height:{}px", first as f64 * ROW_HEIGHT)} aria-hidden="true"></tr>
                        { for rows[first..last].iter().enumerate().map(|(k, &i)| {
                            let l = &a.clients[i];
                            let c = &l.client;
                            let w = l.winback.as_ref().unwrap();
                            let why = why_call(&a.clients, i, lang);
                            html! {
                                <tr key={&*c.id} class={w.category.key()} aria-rowindex={(first + k + 2).to_string()}>
                                    <td class="num">{ first + k + 1 }</td>
                                    <td><ClientLink id={c.id.to_string()} label={c.name.as_deref().unwrap_or(&c.id).to_owned()} testid="open-client" /></td>
                                    <td class="category"><div class="clamp">{ category_name(w.category, lang) }</div></td>
                                    <td class="why-call" title={why.clone()} data-testid="why-call"><div class="clamp">{ why }</div></td>
                                    <td class="num">{ match c.days_since_loss {
                                        Some(d) => int(d.max(0) as usize, lang),
                                        // Not lost yet: the card says how long overdue.
                                        None => status_name(c.status, lang).to_owned(),
                                    } }</td>
                                    <td class="num">{ money(c.annual_revenue, &cur, lang) }</td>
                                    <td class="num">{ money(w.expected_net, &cur, lang) }</td>
                                    <td><div class="clamp">{ c.manager.as_deref().unwrap_or_default().to_owned() }</div></td>
                                    <td title={c.reason.as_deref().unwrap_or_default().to_owned()}><div class="clamp">{ c.reason.as_deref().unwrap_or_default().to_owned() }</div></td>
                                </tr>
                            }
                        }) }
                        <tr class="spacer" style={format!("height:{}px", (total - last) as f64 * ROW_HEIGHT)} aria-hidden="true"></tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

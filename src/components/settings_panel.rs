//! Every setting of the analysis, grouped and explained, with its default and range. A value
//! out of range gets its message beside the field, and the last valid result stays on screen.

use boomerang_core::bgnbd::TimeUnit;
use boomerang_core::{AbcBasis, AbcWindow, Money, Settings};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::number_field::NumberField;
use crate::components::period_picker::PeriodPicker;
use crate::i18n::{t, Lang};
use crate::state::Analyzed;
use crate::state::{Action, AppContext, CURRENCIES};

/// A numeric setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// k.
    K,
    /// min_days.
    MinDays,
    /// one_time_days.
    OneTimeDays,
    /// min_repeat_clients.
    MinRepeat,
    /// return_probability (percent).
    ReturnProbability,
    /// margin (percent).
    Margin,
    /// cost_per_attempt.
    CostPerAttempt,
    /// attempts.
    Attempts,
    /// incentive.
    Incentive,
    /// lifetime_years (empty: from churn).
    Lifetime,
    /// half_life_months (empty: no fading).
    HalfLife,
    /// abc_a (percent).
    AbcA,
    /// abc_b (percent).
    AbcB,
    /// xyz_x (percent).
    XyzX,
    /// xyz_y (percent).
    XyzY,
    /// horizon_months.
    Horizon,
    /// monthly_discount (percent).
    Discount,
}

impl Field {
    /// The field's key, as the core names the setting.
    pub fn key(self) -> &'static str {
        match self {
            Field::K => "k",
            Field::MinDays => "min_days",
            Field::OneTimeDays => "one_time_days",
            Field::MinRepeat => "min_repeat_clients",
            Field::ReturnProbability => "return_probability",
            Field::Margin => "margin",
            Field::CostPerAttempt => "cost_per_attempt",
            Field::Attempts => "attempts",
            Field::Incentive => "incentive",
            Field::Lifetime => "lifetime_years",
            Field::HalfLife => "half_life_months",
            Field::AbcA => "abc_a",
            Field::AbcB => "abc_b",
            Field::XyzX => "xyz_x",
            Field::XyzY => "xyz_y",
            Field::Horizon => "horizon_months",
            Field::Discount => "monthly_discount",
        }
    }

    fn percent(self) -> bool {
        matches!(
            self,
            Field::ReturnProbability
                | Field::Margin
                | Field::AbcA
                | Field::AbcB
                | Field::XyzX
                | Field::XyzY
                | Field::Discount
        )
    }

    /// The value as shown (percent settings in percent); `None` for an empty lifetime.
    pub fn get(self, s: &Settings) -> Option<f64> {
        let v = match self {
            Field::K => s.k,
            Field::MinDays => s.min_days as f64,
            Field::OneTimeDays => s.one_time_days as f64,
            Field::MinRepeat => s.min_repeat_clients as f64,
            Field::ReturnProbability => s.return_probability,
            Field::Margin => s.margin,
            Field::CostPerAttempt => s.cost_per_attempt.major(),
            Field::Attempts => s.attempts as f64,
            Field::Incentive => s.incentive.major(),
            Field::Lifetime => s.lifetime_years?,
            Field::HalfLife => s.half_life_months?,
            Field::AbcA => s.abc_a,
            Field::AbcB => s.abc_b,
            Field::XyzX => s.xyz_x,
            Field::XyzY => s.xyz_y,
            Field::Horizon => s.horizon_months as f64,
            Field::Discount => s.monthly_discount,
        };
        Some(if self.percent() { v * 100.0 } else { v })
    }

    /// The settings with this field set to `v` (as shown); `None` for an empty lifetime.
    pub fn set(self, s: &Settings, v: Option<f64>) -> Settings {
        let mut s = s.clone();
        let Some(v) = v else {
            match self {
                Field::Lifetime => s.lifetime_years = None,
                Field::HalfLife => s.half_life_months = None,
                _ => {}
            }
            return s;
        };
        let share = v / 100.0;
        // Whole-number settings take a fractional value as invalid, not rounded.
        let whole = |v: f64| {
            if v.fract() == 0.0 && (0.0..1e12).contains(&v) {
                v as u64
            } else {
                u64::MAX
            }
        };
        match self {
            Field::K => s.k = v,
            Field::MinDays => s.min_days = whole(v).min(u32::MAX as u64) as u32,
            Field::OneTimeDays => s.one_time_days = whole(v).min(u32::MAX as u64) as u32,
            Field::MinRepeat => s.min_repeat_clients = whole(v).min(usize::MAX as u64) as usize,
            Field::ReturnProbability => s.return_probability = share,
            Field::Margin => s.margin = share,
            Field::CostPerAttempt => s.cost_per_attempt = Money::from_major(v),
            Field::Attempts => s.attempts = whole(v).min(u32::MAX as u64) as u32,
            Field::Incentive => s.incentive = Money::from_major(v),
            Field::Lifetime => s.lifetime_years = Some(v),
            Field::HalfLife => s.half_life_months = Some(v),
            Field::AbcA => s.abc_a = share,
            Field::AbcB => s.abc_b = share,
            Field::XyzX => s.xyz_x = share,
            Field::XyzY => s.xyz_y = share,
            Field::Horizon => s.horizon_months = whole(v).min(u32::MAX as u64) as u32,
            Field::Discount => s.monthly_discount = share,
        }
        s
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::K => t(
                lang,
                "Lost after k × the usual interval",
                "Потерян после k × обычный интервал",
            ),
            Field::MinDays => t(
                lang,
                "Least lost threshold, days",
                "Минимальный порог потери, дней",
            ),
            Field::OneTimeDays => t(
                lang,
                "One-time buyers lost after, days",
                "Разовый покупатель потерян через, дней",
            ),
            Field::MinRepeat => t(
                lang,
                "Repeat clients needed for the business rhythm",
                "Сколько постоянных клиентов нужно для ритма бизнеса",
            ),
            Field::ReturnProbability => t(
                lang,
                "Chance a client comes back, %",
                "Вероятность возврата, %",
            ),
            Field::Margin => t(
                lang,
                "Margin (without a profit column), %",
                "Маржа (если нет столбца прибыли), %",
            ),
            Field::CostPerAttempt => t(lang, "Cost of one attempt", "Стоимость одной попытки"),
            Field::Attempts => t(lang, "Attempts per client", "Попыток на клиента"),
            Field::Incentive => t(
                lang,
                "Incentive per returned client",
                "Стимул на вернувшегося клиента",
            ),
            Field::Lifetime => t(
                lang,
                "Client lifetime, years (empty: 1 / churn)",
                "Время жизни клиента, лет (пусто: 1 / отток)",
            ),
            Field::HalfLife => t(
                lang,
                "A lost client's chance halves every, months (empty: no fading)",
                "Шанс потерянного клиента вдвое меньше каждые, мес. (пусто: не угасает)",
            ),
            Field::AbcA => t(lang, "Class A covers, %", "Класс A — до, %"),
            Field::AbcB => t(lang, "Classes A and B cover, %", "Классы A и B — до, %"),
            Field::XyzX => t(lang, "X: variation up to, %", "X: колебания до, %"),
            Field::XyzY => t(lang, "Y: variation up to, %", "Y: колебания до, %"),
            Field::Horizon => t(
                lang,
                "Forecast horizon, months",
                "Горизонт прогноза, месяцев",
            ),
            Field::Discount => t(
                lang,
                "Monthly discount rate of CLV, %",
                "Месячная ставка дисконтирования CLV, %",
            ),
        }
    }

    fn help(self, lang: Lang) -> &'static str {
        match self {
            Field::K => t(lang, "Default 4/3 ≈ 1.33: a client who buys every 3 months is lost after 4. Range 1–10.", "По умолчанию 4/3 ≈ 1,33: покупающий раз в 3 месяца потерян через 4. Диапазон 1–10."),
            Field::MinDays => t(lang, "Default 30. Even a weekly buyer is not lost before this. Range 1–3650.", "По умолчанию 30. Даже еженедельный покупатель не считается потерянным раньше. 1–3650."),
            Field::OneTimeDays => t(lang, "Default 90: used when too few clients buy repeatedly to know the business's rhythm. Range 1–3650.", "По умолчанию 90: когда постоянных клиентов слишком мало, чтобы узнать ритм бизнеса. 1–3650."),
            Field::MinRepeat => t(lang, "Default 10. Range 1–1,000,000.", "По умолчанию 10. Диапазон 1–1 000 000."),
            Field::ReturnProbability => t(lang, "Default 25%: a quarter of sleeping clients come back. Above 0, at most 100.", "По умолчанию 25%: четверть спящих клиентов возвращается. Больше 0, не больше 100."),
            Field::Margin => t(lang, "Default 30%: profit per deal = average check × margin. Range 0–100.", "По умолчанию 30%: прибыль со сделки = средний чек × маржа. 0–100."),
            Field::CostPerAttempt => t(lang, "Default 500, in the data's currency: a call, a visit, a letter. 0 or more.", "По умолчанию 500, в валюте данных: звонок, визит, письмо. Не меньше 0."),
            Field::Attempts => t(lang, "Default 3: a return on the first try is a miracle. Range 1–100.", "По умолчанию 3: возврат с первой попытки — чудо. 1–100."),
            Field::Incentive => t(lang, "Default 0: a discount or gift, paid only to clients who come back. 0 or more.", "По умолчанию 0: скидка или подарок, только вернувшимся. Не меньше 0."),
            Field::Lifetime => t(lang, "Empty by default: 1 / annual churn, or the observed lifetime of lost clients. Range 0.01–100.", "По умолчанию пусто: 1 / годовой отток или наблюдаемое время жизни потерянных. 0,01–100."),
            Field::AbcA => t(lang, "Default 80. The client crossing the line is in the upper class. Range 1–99.", "По умолчанию 80. Клиент, пересекающий границу, — в старшем классе. 1–99."),
            Field::AbcB => t(lang, "Default 90: A to 75–80%, B to 90%. Above class A's line, at most 100.", "По умолчанию 90: A до 75–80%, B до 90%. Выше границы A, не больше 100."),
            Field::HalfLife => t(lang, "Default 12: the sooner after the loss, the easier the return. A client lost a year ago keeps half the chance. Range 1–600.", "По умолчанию 12: чем раньше после потери, тем легче вернуть. У потерянного год назад — половина шанса. 1–600."),
            Field::XyzX => t(lang, "Default 10: coefficient of variation of monthly revenue.", "По умолчанию 10: коэффициент вариации помесячной выручки."),
            Field::XyzY => t(lang, "Default 25. Above X's line.", "По умолчанию 25. Выше границы X."),
            Field::Horizon => t(lang, "Default 12: expected purchases and CLV over this many months. Range 1–120.", "По умолчанию 12: ожидаемые покупки и CLV за столько месяцев. 1–120."),
            Field::Discount => t(lang, "Default 1% a month. Range 0–100.", "По умолчанию 1% в месяц. 0–100."),
        }
    }
}

fn shown(v: Option<f64>, lang: Lang) -> String {
    let Some(v) = v else { return String::new() };
    let r = (v * 10_000.0).round() / 10_000.0;
    let s = if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    };
    if lang == Lang::Ru {
        s.replace('.', ",")
    } else {
        s
    }
}

/// Props of [`SettingField`].
#[derive(Properties, PartialEq)]
pub struct SettingFieldProps {
    /// Which setting.
    pub field: Field,
}

/// One numeric setting: its text is the user's own, applied only when valid.
#[component]
pub fn SettingField(props: &SettingFieldProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let field = props.field;
    let apply = {
        let ctx = ctx.clone();
        Callback::from(move |value: Option<f64>| {
            let candidate = field.set(&ctx.settings, value);
            candidate.validate().map_err(|e| e.message(lang))?;
            ctx.dispatch(Action::SetSettings(candidate));
            Ok(())
        })
    };
    html! {
        <NumberField {lang} id={format!("setting-{}", field.key())} label={field.label(lang)} help={AttrValue::from(field.help(lang))}
            shown={shown(field.get(&ctx.settings), lang)} allow_empty={matches!(field, Field::Lifetime | Field::HalfLife)} {apply} />
    }
}

/// Props of [`SettingsPanel`].
#[derive(Properties, PartialEq)]
pub struct SettingsPanelProps {
    /// The analysis (for the default analysis date).
    pub analyzed: Analyzed,
}

/// The settings screen.
#[component]
pub fn SettingsPanel(props: &SettingsPanelProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let lang = ctx.lang;
    let on_as_of = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let mut s = ctx.settings.clone();
            s.as_of = chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
            ctx.dispatch(Action::SetSettings(s));
        })
    };
    let on_basis = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let mut s = ctx.settings.clone();
            s.abc_basis = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "revenue" => AbcBasis::Revenue,
                "profit" => AbcBasis::Profit,
                _ => AbcBasis::Auto,
            };
            ctx.dispatch(Action::SetSettings(s));
        })
    };
    let on_window = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let mut s = ctx.settings.clone();
            s.abc_window = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "all" => AbcWindow::All,
                _ => AbcWindow::Year,
            };
            ctx.dispatch(Action::SetSettings(s));
        })
    };
    let on_currency = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            ctx.dispatch(Action::SetCurrency((v != "auto").then_some(v)))
        })
    };
    let on_model = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let mut s = ctx.settings.clone();
            s.model = e.target_unchecked_into::<HtmlInputElement>().checked();
            ctx.dispatch(Action::SetSettings(s));
        })
    };
    let on_unit = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let mut s = ctx.settings.clone();
            s.model_unit =
                TimeUnit::from_key(&e.target_unchecked_into::<HtmlSelectElement>().value())
                    .unwrap_or(s.model_unit);
            ctx.dispatch(Action::SetSettings(s));
        })
    };
    let reset = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::ResetSettings))
    };
    let as_of = ctx
        .settings
        .as_of
        .or_else(|| props.analyzed.get().map(|a| a.as_of));
    let group = |title: &'static str, fields: &[Field]| {
        html! {
            <fieldset>
                <legend>{ title }</legend>
                { for fields.iter().map(|f| html! { <SettingField key={f.key()} field={*f} /> }) }
            </fieldset>
        }
    };
    html! {
        <section class="settings" aria-labelledby="settings-title">
            <h2 id="settings-title">{ t(lang, "Settings", "Настройки") }</h2>
            <p class="hint">{ t(lang, "Every change recomputes at once. A value out of range is marked and not used until it is fixed.", "Любое изменение сразу пересчитывает результат. Значение вне диапазона отмечается и не применяется, пока его не исправят.") }</p>
            <fieldset>
                <legend>{ t(lang, "Time", "Время") }</legend>
                <div class="field">
                    <label for="setting-as-of">{ t(lang, "Analysis date", "Дата анализа") }</label>
                    <input id="setting-as-of" type="date" value={as_of.map(|d| d.to_string()).unwrap_or_default()}
                        onchange={on_as_of} data-testid="setting-as_of" />
                    <p class="hint">{ t(lang, "Default: the latest purchase in the data, so an old export still makes sense. Purchases after it are left out.", "По умолчанию — последняя покупка в данных, чтобы и старая выгрузка имела смысл. Покупки позже неё не учитываются.") }</p>
                </div>
                <PeriodPicker id="setting-period" period={props.analyzed.get().map(|a| a.period)} as_of={as_of} />
                <p class="hint">{ t(lang, "The period of \"lost in the period\", churn and the managers' report. Default: the 365 days up to the analysis date; the previous period of the same length is shown beside.", "Период для «потеряно за период», оттока и отчёта по менеджерам. По умолчанию — 365 дней до даты анализа; рядом показан предыдущий период той же длины.") }</p>
            </fieldset>
            { group(t(lang, "When a client is lost", "Когда клиент потерян"), &[Field::K, Field::MinDays, Field::OneTimeDays, Field::MinRepeat]) }
            { group(t(lang, "Is a return worth it", "Выгоден ли возврат"), &[Field::ReturnProbability, Field::HalfLife, Field::Margin, Field::CostPerAttempt, Field::Attempts, Field::Incentive, Field::Lifetime]) }
            <fieldset>
                <legend>{ t(lang, "ABC and XYZ", "ABC и XYZ") }</legend>
                <div class="field">
                    <label for="setting-abc-basis">{ t(lang, "Rank clients by", "Ранжировать клиентов по") }</label>
                    <select id="setting-abc-basis" onchange={on_basis} data-testid="setting-abc_basis">
                        <option value="auto" selected={ctx.settings.abc_basis == AbcBasis::Auto}>{ t(lang, "profit when the data has it, else revenue", "прибыли, если она есть, иначе выручке") }</option>
                        <option value="revenue" selected={ctx.settings.abc_basis == AbcBasis::Revenue}>{ t(lang, "revenue", "выручке") }</option>
                        <option value="profit" selected={ctx.settings.abc_basis == AbcBasis::Profit}>{ t(lang, "profit", "прибыли") }</option>
                    </select>
                </div>
                <div class="field">
                    <label for="setting-abc-window">{ t(lang, "Over", "За") }</label>
                    <select id="setting-abc-window" onchange={on_window} data-testid="setting-abc_window">
                        <option value="year" selected={ctx.settings.abc_window == AbcWindow::Year}>{ t(lang, "the client's year (365 days up to their last purchase)", "год клиента (365 дней до его последней покупки)") }</option>
                        <option value="all" selected={ctx.settings.abc_window == AbcWindow::All}>{ t(lang, "all history", "всю историю") }</option>
                    </select>
                </div>
                { for [Field::AbcA, Field::AbcB, Field::XyzX, Field::XyzY].iter().map(|f| html! { <SettingField key={f.key()} field={*f} /> }) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "Model: is this client still alive?", "Модель: жив ли клиент?") }</legend>
                <div class="field">
                    <label class="check">
                        <input type="checkbox" checked={ctx.settings.model} onchange={on_model} data-testid="setting-model" />
                        { t(lang, "Fit Pareto/NBD, MBG/NBD, BG/NBD and Gamma-Gamma to the sales log", "Строить Pareto/NBD, MBG/NBD, BG/NBD и Gamma-Gamma по журналу продаж") }
                    </label>
                    <label for="setting-model-unit">{ t(lang, "Time unit", "Единица времени") }</label>
                    <select id="setting-model-unit" onchange={on_unit} data-testid="setting-model_unit">
                        { for [("day", t(lang, "days", "дни"), TimeUnit::Day), ("week", t(lang, "weeks", "недели"), TimeUnit::Week), ("month", t(lang, "months", "месяцы"), TimeUnit::Month)]
                            .into_iter().map(|(v, label, u)| html! { <option value={v} selected={ctx.settings.model_unit == u}>{ label }</option> }) }
                    </select>
                    <p class="hint">{ t(lang, "The models' results do not depend on the unit; a month is 365.25/12 days.", "Результаты моделей не зависят от единицы; месяц — 365,25/12 дня.") }</p>
                </div>
                { for [Field::Horizon, Field::Discount].iter().map(|f| html! { <SettingField key={f.key()} field={*f} /> }) }
            </fieldset>
            <fieldset>
                <legend>{ t(lang, "Display", "Отображение") }</legend>
                <div class="field">
                    <label for="setting-currency">{ t(lang, "Currency", "Валюта") }</label>
                    <select id="setting-currency" onchange={on_currency} data-testid="setting-currency">
                        <option value="auto" selected={ctx.chosen_currency.is_none()}>{ format!("{} ({})", t(lang, "As in the data", "Как в данных"), ctx.currency()) }</option>
                        { for CURRENCIES.iter().map(|c| html! { <option value={*c} selected={ctx.chosen_currency.as_deref() == Some(*c)}>{ *c }</option> }) }
                    </select>
                </div>
            </fieldset>
            <button class="secondary" onclick={reset} data-testid="reset-settings">{ t(lang, "Back to the defaults", "Вернуть значения по умолчанию") }</button>
        </section>
    }
}

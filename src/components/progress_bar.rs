//! The bar a long import shows: the step, rows read, a share done, and a cancel button; and
//! the note a cancelled or failed job leaves (the previous result stays on screen).

use boomerang_core::session::{Progress, Step};
use yew::prelude::*;

use crate::i18n::{int, t};
use crate::services::compute::{ComputeHandle, Stopped};
use crate::state::AppContext;

/// Props of [`ProgressBar`].
#[derive(Properties, PartialEq)]
pub struct ProgressBarProps {
    /// A job running longer than a moment, with how far it has got.
    pub slow: Option<Option<Progress>>,
    /// Why the last job stopped, if it did.
    pub stopped: Option<Stopped>,
}

/// The progress of a long job, or the note of one that stopped.
#[component]
pub fn ProgressBar(props: &ProgressBarProps) -> Html {
    let ctx = use_context::<AppContext>().expect("the app provides its state");
    let compute = use_context::<ComputeHandle>().expect("the app provides the worker");
    let lang = ctx.lang;
    if let Some(progress) = props.slow {
        let step = match progress.map(|p| p.step) {
            None => t(lang, "Starting…", "Начинаем…"),
            Some(Step::Reading) => t(lang, "Reading the file…", "Читаем файл…"),
            Some(Step::Splitting) => t(lang, "Splitting rows…", "Разбираем строки…"),
            Some(Step::Loading) => t(
                lang,
                "Reading clients, dates and amounts…",
                "Читаем клиентов, даты и суммы…",
            ),
            Some(Step::Analyzing) => t(lang, "Computing the figures…", "Считаем показатели…"),
            Some(Step::Modelling) => t(
                lang,
                "Fitting the models; the figures are ready…",
                "Подбираем модели; показатели уже готовы…",
            ),
        };
        let rows = progress.map_or(0, |p| p.rows);
        let percent = progress.map_or(0.0, |p| p.fraction() * 100.0).round();
        let cancel = compute.cancel.reform(|_: MouseEvent| ());
        return html! {
            <section class="progress screen-only" role="status" aria-live="polite" data-testid="progress">
                <div class="progress-text">
                    <strong>{ format!("{} · {step}", ctx.input.label(lang)) }</strong>
                    if rows > 0 {
                        <span data-testid="progress-rows">{ format!(" {} {}", int(rows as usize, lang), t(lang, "rows read", "строк прочитано")) }</span>
                    }
                </div>
                <progress max="100" value={percent.to_string()} aria-label={t(lang, "Done", "Готово")}>{ format!("{percent}%") }</progress>
                <button class="secondary" onclick={cancel} data-testid="cancel">{ t(lang, "Cancel", "Отменить") }</button>
            </section>
        };
    }
    match &props.stopped {
        None => html! {},
        Some(why) => {
            let text = match why {
                Stopped::Cancelled => t(lang, "Cancelled. The previous result is still shown.", "Отменено. На экране прежний результат.").to_owned(),
                Stopped::Failed(message) => format!(
                    "{} ({message}). {}",
                    t(lang, "The data could not be processed", "Данные не удалось обработать"),
                    t(lang, "The previous result is still shown; a smaller file or fewer columns may help.", "На экране прежний результат; поможет файл поменьше или с меньшим числом столбцов.")
                ),
            };
            html! { <p class="notice screen-only" role="status" data-testid="stopped">{ text }</p> }
        }
    }
}

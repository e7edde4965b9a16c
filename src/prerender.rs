//! The demo's dashboard as HTML, rendered when the app is built (Yew's server renderer, run
//! natively by `src/bin/prerender.rs` in trunk's post-build hook): `index.html` shows it
//! before the module arrives, in the page's language, and the app takes its place when it
//! has drawn the same dashboard itself (`src/app.rs`).
//!
//! It is the app's own components (the top bar, the tabs, the dashboard) on the demo's
//! answers read back from `demo.bin`, the file the page reads: the figures cannot differ.
//! It is not hydrated: the app renders afresh, so the page module carries no hydration code.

use std::rc::Rc;

use boomerang_core::session::{decode_message, LinesComing, Outcome, Reply};
use yew::prelude::*;

use crate::components::dashboard::Dashboard;
use crate::components::nav::Nav;
use crate::components::top_bar::TopBar;
use crate::i18n::Lang;
use crate::state::{Action, State};
use crate::state::{Analyzed, Imported};

/// Props of [`Demo`].
#[derive(Properties, PartialEq)]
pub struct DemoProps {
    /// The state the app starts in, the data's currency known.
    pub state: Rc<State>,
    /// The import.
    pub imported: Imported,
    /// The analysis.
    pub analyzed: Analyzed,
}

/// The page as the app draws it on the demo: the top bar, the tabs and the dashboard.
#[component]
pub fn Demo(props: &DemoProps) -> Html {
    let state = {
        let start = props.state.clone();
        use_reducer(move || (*start).clone())
    };
    html! {
        <ContextProvider<crate::state::AppContext> context={state}>
            <TopBar />
            <Nav />
            <main class="screen-only" data-busy="true">
                <Dashboard analyzed={props.analyzed.clone()} imported={props.imported.clone()} />
            </main>
        </ContextProvider<crate::state::AppContext>>
    }
}

/// The demo's final outcome from the replies in `demo.bin`, its client lines put back as the
/// page puts them back (`services::compute`).
///
/// # Errors
/// When the bytes are not the demo's replies of this build.
pub fn outcome(demo_bin: &[u8]) -> Result<Outcome, String> {
    let replies: Vec<Reply> = decode_message(demo_bin)?;
    let mut lines = LinesComing::default();
    let mut last = None;
    for reply in replies {
        match reply {
            Reply::Clients {
                total,
                lines: more,
                models,
                ..
            } => lines.add(total, more, models),
            Reply::Done { outcome, .. } => {
                let mut outcome = *outcome;
                if let Some(Ok(a)) = &mut outcome.analysis {
                    a.clients = lines.take();
                }
                last = Some(outcome);
            }
            Reply::Verdicts { .. } => return Err("demo.bin holds lines to put into others".into()),
            Reply::Progress { .. } | Reply::History { .. } => {}
        }
    }
    last.ok_or_else(|| "demo.bin holds no result".to_owned())
}

/// The demo's page in `lang`, as HTML without the attributes that must stay unique in the
/// document (ids, test ids): the app's own page sits beside it until it takes its place.
pub async fn render(lang: Lang, outcome: Outcome) -> String {
    let html = yew::ServerRenderer::<Demo>::with_props(move || {
        let Outcome {
            import, analysis, ..
        } = outcome;
        let sign = import
            .as_ref()
            .ok()
            .and_then(|i| i.result.as_ref().ok())
            .and_then(|l| l.currency.clone());
        // The currency as the app sets it: from the data's sign, once imported.
        let state = Reducible::reduce(Rc::new(State::fresh(lang)), Action::DataCurrency(sign));
        DemoProps {
            state,
            imported: Imported(Rc::new(import)),
            analyzed: Analyzed(Rc::new(analysis.map(|a| a.map(Rc::new)))),
        }
    })
    .hydratable(false)
    .render()
    .await;
    strip_unique(&html)
}

/// `html` without its `id` and `data-testid` attributes, and its `for` references to them.
fn strip_unique(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = [" id=\"", " data-testid=\"", " for=\""]
        .iter()
        .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
        .min()
    {
        out.push_str(&rest[..at.0]);
        let value = &rest[at.0 + at.1..];
        rest = value.find('"').map_or("", |end| &value[end + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::strip_unique;

    #[test]
    fn ids_and_test_ids_are_taken_out_and_the_rest_kept() {
        assert_eq!(
            strip_unique(r#"<p id="a" class="x" data-testid="k">v</p><label for="a">l</label>"#),
            r#"<p class="x">v</p><label>l</label>"#
        );
    }
}

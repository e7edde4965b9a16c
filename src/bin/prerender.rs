//! Writes the demo's dashboard, in Russian and in English, into `index.html` of a built app
//! (trunk's post-build hook, after `boomerang demo-replies`): the page shows the dashboard
//! before its module arrives. Native only (`--features prerender`).
//!
//! Usage: `prerender [DIR]`: the build's folder, holding `index.html` and `demo.bin`
//! (default: `$TRUNK_STAGING_DIR`, else `dist`).

use boomerang_app::i18n::Lang;
use boomerang_app::prerender;

/// Where the dashboards go in `index.html`: inside the first paint.
const MARK: &str = "<!-- prerendered -->";
/// Where the default settings go in its inline script (it shows the prerendered demo only to
/// a visitor whose kept settings are these).
const DEFAULTS: &str = "/*default-settings*/null";

fn main() {
    let dir = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
        .unwrap_or_else(|| "dist".to_owned());
    if let Err(e) = run(std::path::Path::new(&dir)) {
        eprintln!("prerender: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &std::path::Path) -> Result<(), String> {
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    let outcome = prerender::outcome(&read("demo.bin")?)?;
    let page = String::from_utf8(read("index.html")?).map_err(|e| e.to_string())?;
    if !page.contains(MARK) || !page.contains(DEFAULTS) {
        return Err(format!("index.html has no `{MARK}` or no `{DEFAULTS}`"));
    }
    let mut dashboards = String::new();
    for (lang, code) in [(Lang::Ru, "ru"), (Lang::En, "en")] {
        let html = futures::executor::block_on(prerender::render(lang, outcome.clone()));
        dashboards.push_str(&format!(
            "<div class=\"prerendered\" lang=\"{code}\" inert>{html}</div>"
        ));
    }
    let defaults =
        serde_json::to_string(&boomerang_core::Settings::default()).map_err(|e| e.to_string())?;
    let page = page
        .replacen(MARK, &dashboards, 1)
        .replacen(DEFAULTS, &defaults, 1);
    std::fs::write(dir.join("index.html"), page).map_err(|e| format!("index.html: {e}"))
}

//! The blog embed's page, written ahead of time (`boomerang embed-page ru > embed.html`,
//! `boomerang embed-page en > embed-en.html`): the quick calculator with the default inputs,
//! its text and figures already in the HTML, so a reader (and a search engine) sees it before
//! any code arrives. The embed's module (`src/embed.rs`) then reads the address and recomputes.

use boomerang_core::calculator::{self, Field};
use boomerang_core::format::Lang;
use boomerang_core::plan::words::words;
use boomerang_core::{quick, QuickInputs};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole page in a language.
pub fn page(lang: Lang) -> String {
    let q = QuickInputs::default();
    let r = quick(&q).expect("the defaults are valid");
    let (code, other, other_code) = match lang {
        Lang::Ru => ("ru", Lang::En, "en"),
        Lang::En => ("en", Lang::Ru, "ru"),
    };
    let title = calculator::title(lang);
    let fields: String = Field::ALL
        .iter()
        .map(|f| {
            let id = format!("quick-{}", f.key());
            format!(
                "<div class=\"field\"><label for=\"{id}\">{}</label><input id=\"{id}\" type=\"text\" inputmode=\"decimal\" value=\"{}\" data-testid=\"{id}\" aria-invalid=\"false\" /><p class=\"field-error\" role=\"alert\" id=\"{id}-error\" data-testid=\"{id}-error\" hidden></p></div>\n",
                escape(f.label(lang)),
                escape(&f.shown(&q))
            )
        })
        .collect();
    let outputs: String = calculator::outputs(&q, &r, calculator::currency_of(lang), lang)
        .iter()
        .map(|o| {
            format!(
                "<div class=\"out\" id=\"quick-out-{id}\" data-testid=\"quick-out-{id}\"><dt>{}</dt><dd><strong class=\"value\">{}</strong><span class=\"formula\">{}</span></dd></div>\n",
                escape(o.label),
                escape(&o.value),
                escape(&o.formula),
                id = o.id
            )
        })
        .collect();
    format!(
        r#"<!doctype html>
<html lang="{code}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<!-- Written by `boomerang embed-page {code} > {file}` (crates/cli/src/embed_page.rs); src/embed.rs brings it to life. -->
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'" />
<link rel="icon" href="data:," />
<title>{title_text} · Boomerang</title>
<meta name="description" content="{reference}" />
<link rel="stylesheet" href="tokens.css" />
<link rel="stylesheet" href="base.css" />
<link rel="stylesheet" href="forms.css" />
<script src="embed.js" defer></script>
<script src="embed-start.js" defer></script>
</head>
<body>
<main class="embed">
<section class="quick compact" aria-labelledby="quick-title" data-testid="quick">
<h2 id="quick-title">{title_text}</h2>
<a class="button lang" id="other-lang" data-testid="other-lang" href="{other_file}?{query}" hreflang="{other_code}" lang="{other_code}">{other_label}</a>
<div class="quick-grid">
<div class="quick-in">
{fields}</div>
<div class="quick-result" id="quick-result" aria-live="polite">
<p class="stale-note" id="quick-stale" data-testid="quick-stale" hidden>{stale}</p>
<dl class="quick-out" data-testid="quick-results">
{outputs}</dl>
</div>
</div>
<p class="reference">{reference}</p>
<p class="hint"><a id="open-app" href="./?quick&amp;{query_html}" target="_blank" rel="noopener">{open}</a></p>
</section>
<section class="embed-plan" aria-labelledby="plan-title" data-testid="plan">
<div class="plan-intro">
<h2 id="plan-title">{plan_title}</h2>
<p class="hint">{plan_intro}</p>
<p><button type="button" id="plan-open" data-testid="plan-open">{plan_open}</button></p>
</div>
<div class="plan" id="plan-body" hidden></div>
</section>
</main>
</body>
</html>
"#,
        file = calculator::embed_page(lang),
        title_text = escape(title),
        reference = escape(calculator::reference(lang)),
        other_file = calculator::embed_page(other),
        query = escape(&calculator::query(&q)),
        query_html = escape(&calculator::query(&q)),
        other_label = other_code.to_uppercase(),
        stale = escape(calculator::stale(lang)),
        open = escape(calculator::open_app(lang)),
        plan_title = escape(words(lang).your_win_back_plan),
        plan_intro = escape(words(lang).no_data_needed_count),
        plan_open = escape(words(lang).open_plan),
    )
}

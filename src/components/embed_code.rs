//! "Embed in a blog": the code to paste into an article, an iframe of the embed's own small
//! page (`embed.html`, `embed-en.html`) that sizes itself through `postMessage`.

use yew::prelude::*;

use crate::i18n::{t, Lang};

/// Props of [`EmbedCode`].
#[derive(Properties, PartialEq)]
pub struct EmbedCodeProps {
    /// The language of the words around the code.
    pub lang: Lang,
    /// The embed's address, with the numbers (and the plan) to show.
    pub src: AttrValue,
    /// What the embed shows, in a sentence.
    pub hint: AttrValue,
}

/// The embed code, with a button that copies it.
#[component]
pub fn EmbedCode(props: &EmbedCodeProps) -> Html {
    let lang = props.lang;
    let copied = use_state(|| false);
    let code = format!(
        "<iframe src=\"{}\" title=\"Boomerang\" style=\"width:100%;border:0\" height=\"640\" loading=\"lazy\"></iframe>\n<script>addEventListener('message',function(e){{if(e.data&&e.data.type==='boomerang:height'){{document.querySelectorAll('iframe[title=Boomerang]').forEach(function(f){{if(f.contentWindow===e.source)f.height=e.data.height}})}}}})</script>",
        props.src
    );
    let copy = {
        let code = code.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&code);
                copied.set(true);
            }
        })
    };
    html! {
        <details class="embed-code">
            <summary>{ t(lang, "Embed in a blog", "Встроить в блог") }</summary>
            <p class="hint">{ props.hint.clone() }</p>
            <textarea readonly=true rows="5" value={code} data-testid="embed-code" />
            <button class="secondary" onclick={copy} data-testid="copy-embed">{ if *copied { t(lang, "Copied", "Скопировано") } else { t(lang, "Copy embed code", "Скопировать код") } }</button>
        </details>
    }
}

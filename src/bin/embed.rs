//! The blog embed's own small module: the quick calculator, without the app around it.

fn main() {
    boomerang_app::panic::install(|| {
        boomerang_app::services::url::embed_start()
            .0
            .unwrap_or_else(boomerang_app::i18n::browser_lang)
    });
    yew::Renderer::<boomerang_app::embed::Embed>::new().render();
}

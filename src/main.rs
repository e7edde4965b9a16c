fn main() {
    boomerang_app::panic::install(|| {
        boomerang_app::services::storage::kept_lang()
            .unwrap_or_else(boomerang_app::i18n::browser_lang)
    });
    yew::Renderer::<boomerang_app::app::App>::new().render();
}

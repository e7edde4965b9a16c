//! The blog embed's own small module: it brings the written page (`boomerang embed-page`) to
//! life, without the app's framework.

fn main() {
    std::panic::set_hook(Box::new(|info| {
        boomerang_app::panic::show(&info.to_string(), boomerang_app::embed::page_lang());
    }));
    boomerang_app::embed::start();
}

//! The blog embed's own small module: the quick calculator, without the app around it.

fn main() {
    boomerang_app::panic::install();
    yew::Renderer::<boomerang_app::embed::Embed>::new().render();
}

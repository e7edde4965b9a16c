fn main() {
    boomerang_app::panic::install();
    yew::Renderer::<boomerang_app::app::App>::new().render();
}

fn main() {
    yew::Renderer::<boomerang_app::app::App>::new().render();
}

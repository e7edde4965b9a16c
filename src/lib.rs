//! Boomerang's browser app: components render what `boomerang-core` computes.

pub mod app;
pub mod components;
pub mod embed;
pub mod embed_plan;
pub mod i18n;
pub mod panic;
pub mod plan_text;
#[cfg(feature = "prerender")]
pub mod prerender;
pub mod services;
pub mod state;

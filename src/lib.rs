//! Boomerang's browser app: components render what `boomerang-core` computes.

pub mod app;
pub mod components;
pub mod embed;
pub mod i18n;
pub mod panic;
pub mod services;
pub mod state;

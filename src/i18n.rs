//! The two languages of the UI. Each label is written once with both texts beside it.

pub use boomerang_core::format::Lang;

/// Picks the text for the language.
pub fn t(lang: Lang, en: &'static str, ru: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

/// The language the browser asks for: Russian for `ru*`, else English.
pub fn browser_lang() -> Lang {
    let language = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    if language.starts_with("ru") {
        Lang::Ru
    } else {
        Lang::En
    }
}

/// A role's name in the mapping.
pub fn role_name(role: boomerang_core::Role, lang: Lang) -> &'static str {
    use boomerang_core::Role::*;
    match role {
        ClientId => t(lang, "Client", "Клиент"),
        ClientName => t(lang, "Client name", "Название клиента"),
        Date => t(lang, "Date", "Дата"),
        Amount => t(lang, "Amount", "Сумма"),
        Profit => t(lang, "Profit", "Прибыль"),
        Manager => t(lang, "Manager", "Менеджер"),
        Product => t(lang, "Product", "Товар"),
        Reason => t(lang, "Reason for leaving", "Причина ухода"),
        FirstDate => t(lang, "First purchase", "Первая покупка"),
        LastDate => t(lang, "Last purchase", "Последняя покупка"),
        Purchases => t(lang, "Purchases", "Число покупок"),
    }
}

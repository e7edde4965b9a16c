//! What the browser keeps between visits: settings, language, currency and the last data
//! set, in its own local storage (never sent anywhere).

use boomerang_core::{ImportOptions, Settings};
use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

const KEY: &str = "boomerang.v1";

/// The largest data set kept, in characters: local storage holds about 5 MB per site.
pub const MAX_TEXT: usize = 2_000_000;

/// The last data set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SavedData {
    /// The demo.
    Demo,
    /// Text: pasted, or a file's (decoded) text, or a workbook sheet as tab-separated text.
    Text {
        /// The file name (empty for pasted text).
        name: String,
        /// The text.
        text: String,
        /// Whether it was pasted (it goes back into the paste box).
        pasted: bool,
        /// The user's choices over what was detected.
        options: ImportOptions,
    },
}

/// Everything kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// The UI language.
    pub lang: Lang,
    /// The currency sign.
    pub currency: String,
    /// The settings.
    pub settings: Settings,
    /// Whether to remember at all.
    pub remember: bool,
    /// The last data set, unless too big to keep.
    pub data: Option<SavedData>,
}

/// What the browser keeps, if anything.
pub fn load() -> Option<Saved> {
    LocalStorage::get(KEY).ok()
}

/// Keeps `saved`; a data set too big for local storage is left out, and `false` says so.
pub fn save(mut saved: Saved) -> bool {
    let fits = match &saved.data {
        Some(SavedData::Text { text, .. }) => text.len() <= MAX_TEXT,
        _ => true,
    };
    if !fits {
        saved.data = None;
    }
    if LocalStorage::set(KEY, &saved).is_err() {
        saved.data = None;
        let _ = LocalStorage::set(KEY, &saved);
        return false;
    }
    fits
}

/// Forgets everything kept.
pub fn forget() {
    LocalStorage::delete(KEY);
}

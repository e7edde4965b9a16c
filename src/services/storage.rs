//! What the browser keeps between visits, in its own local storage (never sent anywhere):
//! the preferences (language, currency, settings) under one key and the last data set under
//! another, so a change of a setting never re-writes the data.

use boomerang_core::{ImportOptions, Settings};
use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

const PREFS: &str = "boomerang.v1.prefs";
const DATA: &str = "boomerang.v1.data";

/// The largest data set kept, in bytes: local storage holds about 5 MB per site.
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

/// The preferences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prefs {
    /// The UI language.
    pub lang: Lang,
    /// The currency sign.
    pub currency: String,
    /// Whether the user chose it (else it follows the data's own sign, or the language's).
    #[serde(default)]
    pub currency_chosen: bool,
    /// The settings.
    pub settings: Settings,
    /// Whether to remember at all.
    pub remember: bool,
    /// The name of the data last looked at (none for the demo), to say plainly after a reload
    /// that it must be loaded again when it could not be kept.
    #[serde(default)]
    pub last_data: Option<String>,
}

/// What the browser keeps, if anything.
pub fn load() -> (Option<Prefs>, Option<SavedData>) {
    (LocalStorage::get(PREFS).ok(), LocalStorage::get(DATA).ok())
}

/// The language kept, if any.
pub fn kept_lang() -> Option<Lang> {
    LocalStorage::get::<Prefs>(PREFS).ok().map(|p| p.lang)
}

/// Keeps the preferences.
pub fn save_prefs(prefs: &Prefs) {
    let _ = LocalStorage::set(PREFS, prefs);
}

/// Keeps the data set (`None`: keeps none). `false` when it was too big to keep.
pub fn save_data(data: Option<&SavedData>) -> bool {
    let Some(data) = data else {
        LocalStorage::delete(DATA);
        return true;
    };
    let fits = match data {
        SavedData::Text { text, .. } => text.len() <= MAX_TEXT,
        SavedData::Demo => true,
    };
    if !fits || LocalStorage::set(DATA, data).is_err() {
        LocalStorage::delete(DATA);
        return false;
    }
    true
}

/// Forgets everything kept.
pub fn forget() {
    LocalStorage::delete(PREFS);
    LocalStorage::delete(DATA);
}

/// Keeps a file's text (read from its handle, decoded), when it is small enough to keep.
/// Returns whether it was kept.
pub async fn keep_file(
    name: String,
    file: crate::services::file_handle::FileHandle,
    options: ImportOptions,
) -> bool {
    if file.size() > MAX_TEXT as f64 {
        let _ = save_data(None);
        return false;
    }
    let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.0.array_buffer()).await else {
        return false;
    };
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    save_data(Some(&SavedData::Text {
        name,
        text: boomerang_core::decode(&bytes).0,
        pasted: false,
        options,
    }))
}

//! A browser file held by its handle, never its bytes.

/// A browser file (or a `Blob` made from kept text), compared by identity.
#[derive(Clone, Debug)]
pub struct FileHandle(pub web_sys::Blob);

impl PartialEq for FileHandle {
    fn eq(&self, other: &Self) -> bool {
        js_sys::Object::is(&self.0, &other.0)
    }
}

impl FileHandle {
    /// A file of text (a data set kept in the browser).
    pub fn of_text(text: &str) -> FileHandle {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        FileHandle(web_sys::Blob::new_with_str_sequence(&parts).expect("a blob of text"))
    }

    /// Its size in bytes.
    pub fn size(&self) -> f64 {
        self.0.size()
    }
}

//! The app's one state and the actions on it (Yew's `Reducible`). Side effects (reading
//! files, the workbook worker) live in hooks; the reducer only records what happened.

use std::rc::Rc;

use boomerang_core::{
    demo, import_grid, text_bytes_grid, text_grid, DataKind, DateOrder, Delimiter, Error, Import,
    ImportOptions, Role, Workbook,
};
use yew::prelude::*;

use crate::i18n::{browser_lang, Lang};

/// The user's data, as it came in. Nothing the user pasted is dropped.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The built-in demo.
    Demo,
    /// Text typed or pasted into the box.
    Pasted(Rc<str>),
    /// A text file's bytes.
    File { name: Rc<str>, bytes: Rc<[u8]> },
    /// A workbook, read into sheets by the worker.
    Workbook { name: Rc<str>, book: Rc<Workbook> },
}

impl Input {
    /// The name shown for the source.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Input::Demo => {
                crate::i18n::t(lang, "demo: a wholesaler", "демо: оптовая компания").into()
            }
            Input::Pasted(_) => crate::i18n::t(lang, "pasted text", "вставленный текст").into(),
            Input::File { name, .. } | Input::Workbook { name, .. } => name.to_string(),
        }
    }

    /// Imports the input with the options.
    pub fn import(&self, opts: &ImportOptions) -> Result<Import, Error> {
        match self {
            Input::Demo => {
                text_grid(&demo::wholesaler_csv(), None, opts).map(|g| import_grid(g, opts))
            }
            Input::Pasted(text) => text_grid(text, None, opts).map(|g| import_grid(g, opts)),
            Input::File { bytes, .. } => text_bytes_grid(bytes, opts).map(|g| import_grid(g, opts)),
            Input::Workbook { book, .. } => Workbook::clone(book)
                .into_grid(opts.sheet.as_deref())
                .map(|g| import_grid(g, opts)),
        }
    }
}

/// Everything the app holds.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The UI language.
    pub lang: Lang,
    /// The data being looked at.
    pub input: Input,
    /// The text in the paste box, kept whatever is loaded.
    pub pasted: String,
    /// The user's choices over what was detected.
    pub options: ImportOptions,
    /// A workbook being read, by file name.
    pub reading: Option<String>,
    /// A file that could not be read at all.
    pub file_error: Option<String>,
    /// The currency sign money is shown with.
    pub currency: String,
}

impl Default for State {
    fn default() -> Self {
        let lang = browser_lang();
        State {
            lang,
            currency: default_currency(lang).into(),
            input: Input::Demo,
            pasted: String::new(),
            options: ImportOptions::default(),
            reading: None,
            file_error: None,
        }
    }
}

/// The currency a language's user most likely counts in.
pub fn default_currency(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "₽",
        Lang::En => "$",
    }
}

/// The currencies offered.
pub const CURRENCIES: [&str; 5] = ["₽", "$", "€", "₸", "£"];

/// What can happen.
pub enum Action {
    /// The paste box changed.
    Paste(String),
    /// A text file was read.
    File { name: String, bytes: Vec<u8> },
    /// A workbook file is being read by the worker.
    ReadingWorkbook(String),
    /// The worker read a workbook.
    Workbook { name: String, book: Workbook },
    /// A file could not be read.
    FileFailed(String),
    /// Back to the demo.
    Demo,
    /// A column's role, by index.
    SetRole(usize, Option<Role>),
    /// Transaction log or client table.
    SetKind(Option<DataKind>),
    /// The delimiter.
    SetDelimiter(Option<Delimiter>),
    /// Whether the first row is a header.
    SetHeader(Option<bool>),
    /// The order of day and month.
    SetDateOrder(Option<DateOrder>),
    /// The sheet of a workbook.
    SetSheet(String),
    /// The language.
    SetLang(Lang),
    /// The currency sign.
    SetCurrency(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let fresh = |s: &mut State, input: Input| {
            s.input = input;
            s.options = ImportOptions::default();
            s.reading = None;
            s.file_error = None;
        };
        match action {
            Action::Paste(text) => {
                let input = if text.trim().is_empty() {
                    Input::Demo
                } else {
                    Input::Pasted(text.as_str().into())
                };
                let keep_options =
                    matches!(s.input, Input::Pasted(_)) && matches!(input, Input::Pasted(_));
                s.pasted = text;
                if keep_options {
                    s.input = input;
                } else {
                    fresh(&mut s, input);
                }
            }
            Action::File { name, bytes } => fresh(
                &mut s,
                Input::File {
                    name: name.into(),
                    bytes: bytes.into(),
                },
            ),
            Action::ReadingWorkbook(name) => {
                s.reading = Some(name);
                s.file_error = None;
            }
            Action::Workbook { name, book } => fresh(
                &mut s,
                Input::Workbook {
                    name: name.into(),
                    book: book.into(),
                },
            ),
            Action::FileFailed(why) => {
                s.reading = None;
                s.file_error = Some(why);
            }
            Action::Demo => fresh(&mut s, Input::Demo),
            Action::SetRole(i, role) => s.options.set_role(i, role),
            Action::SetKind(k) => {
                s.options.kind = k;
                s.options.roles.clear();
            }
            Action::SetDelimiter(d) => {
                s.options.delimiter = d;
                s.options.roles.clear();
            }
            Action::SetHeader(h) => s.options.header = h,
            Action::SetDateOrder(o) => s.options.date_order = o,
            Action::SetSheet(name) => {
                s.options.sheet = Some(name);
                s.options.roles.clear();
                s.options.header = None;
            }
            Action::SetLang(l) => s.lang = l,
            Action::SetCurrency(c) => s.currency = c,
        }
        Rc::new(s)
    }
}

/// The state as shared with every component.
pub type AppContext = UseReducerHandle<State>;

//! The app's one state and the actions on it (Yew's `Reducible`). Side effects (reading
//! files, the workbook worker, storage) live in hooks; the reducer only records what happened.

use std::rc::Rc;

use boomerang_core::plan::{self, Plan};
use boomerang_core::session::ImportView;
use boomerang_core::{
    Abc, Analysis, Category, DataKind, DateOrder, Delimiter, Error, ImportOptions, QuickInputs,
    Role, Settings, Status, Xyz,
};
use yew::prelude::*;

use crate::i18n::{browser_lang, Lang};
use crate::services::file_handle::FileHandle;
use crate::services::storage::{self, Prefs, SavedData};
use crate::services::xlsx::Sheets;

/// The user's data, as it came in. Nothing the user pasted is dropped.
#[derive(Clone, Debug)]
pub enum Input {
    /// The built-in demo.
    Demo,
    /// Text typed or pasted into the box.
    Pasted(Rc<str>),
    /// A text file: its handle, never its bytes (the worker reads them).
    File { name: Rc<str>, file: FileHandle },
    /// A workbook, read into sheets by the workbook worker: the sheets as it wrote them
    /// (`session::encode`), handed on to the compute worker without being read here.
    Workbook { name: Rc<str>, book: Sheets },
}

/// Files and workbooks compare by identity: the memos that hang on the input must not
/// compare megabytes on every render.
impl PartialEq for Input {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Input::Demo, Input::Demo) => true,
            (Input::Pasted(a), Input::Pasted(b)) => a == b,
            (Input::File { name: n, file: a }, Input::File { name: m, file: b }) => {
                n == m && a == b
            }
            (Input::Workbook { name: n, book: a }, Input::Workbook { name: m, book: b }) => {
                n == m && a.same(b)
            }
            _ => false,
        }
    }
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
}

/// The screens of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Headline figures and charts.
    Dashboard,
    /// The win-back list.
    List,
    /// Import: paste, files, mapping, rows left out.
    Data,
    /// Every setting.
    Settings,
    /// The quick calculator (no data).
    Quick,
    /// The win-back plan of seed 003, steps 1–5 (no data needed).
    Plan,
}

/// What the win-back list can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Calling order (category, then expected net).
    Order,
    /// Client id.
    Client,
    /// Days since lost.
    Lost,
    /// Benefit.
    Benefit,
    /// Cost.
    Cost,
    /// Expected net.
    Net,
    /// ROI.
    Roi,
    /// P(alive) by the model.
    Alive,
    /// Revenue.
    Revenue,
    /// Manager.
    Manager,
    /// Reason.
    Reason,
}

impl SortKey {
    /// Every key, in the order the "sort by" list offers them.
    pub const ALL: [SortKey; 11] = [
        SortKey::Order,
        SortKey::Net,
        SortKey::Revenue,
        SortKey::Lost,
        SortKey::Benefit,
        SortKey::Cost,
        SortKey::Roi,
        SortKey::Alive,
        SortKey::Client,
        SortKey::Manager,
        SortKey::Reason,
    ];

    /// The key of the "sort by" list.
    pub fn key(self) -> &'static str {
        match self {
            SortKey::Order => "order",
            SortKey::Client => "client",
            SortKey::Lost => "lost",
            SortKey::Benefit => "benefit",
            SortKey::Cost => "cost",
            SortKey::Net => "net",
            SortKey::Roi => "roi",
            SortKey::Alive => "alive",
            SortKey::Revenue => "revenue",
            SortKey::Manager => "manager",
            SortKey::Reason => "reason",
        }
    }

    /// Numbers sort largest first when chosen; text and the calling order from the top.
    pub fn descending_first(self) -> bool {
        !matches!(
            self,
            SortKey::Client | SortKey::Manager | SortKey::Reason | SortKey::Order
        )
    }
}

/// The filters and sort of the win-back list.
#[derive(Clone, Debug, PartialEq)]
pub struct ListFilter {
    /// Text to find in the client, name, manager or reason.
    pub search: String,
    /// Only this category.
    pub category: Option<Category>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only this ABC class.
    pub abc: Option<Abc>,
    /// Only this XYZ class.
    pub xyz: Option<Xyz>,
    /// Only this manager (`Some(None)`: clients with no manager).
    pub manager: Option<Option<String>>,
    /// Only clients buying a third less than a year before.
    pub declining: bool,
    /// Sort column.
    pub sort: SortKey,
    /// Highest first.
    pub descending: bool,
}

impl Default for ListFilter {
    fn default() -> Self {
        ListFilter {
            search: String::new(),
            category: None,
            status: None,
            abc: None,
            declining: false,
            xyz: None,
            manager: None,
            sort: SortKey::Order,
            descending: false,
        }
    }
}

/// Everything the app holds.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The UI language.
    pub lang: Lang,
    /// The currency sign the user chose in the settings; `None`: money follows the data's
    /// own sign (see [`State::currency`]).
    pub chosen_currency: Option<String>,
    /// The sign the data's amounts carry, when they carry one.
    pub data_currency: Option<String>,
    /// The data looked at before the reload, which the browser could not keep: to load again.
    pub lost_data: Option<String>,
    /// The currency of typed numbers until the user chooses one: the language's usual one at
    /// the start (switching the language later does not change it).
    pub start_currency: &'static str,
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
    /// The settings of the analysis (always valid: fields hold invalid text themselves).
    pub settings: Settings,
    /// The screen shown.
    pub view: View,
    /// The win-back list's filters.
    pub filter: ListFilter,
    /// The client whose card is open.
    pub selected: Option<String>,
    /// Whether settings, language and data are kept in this browser.
    pub remember: bool,
    /// The quick calculator's inputs.
    pub quick: QuickInputs,
    /// The win-back plan (kept in the address, like the quick calculator).
    pub plan: Plan,
}

impl State {
    /// A fresh start in a language: the demo, default settings.
    pub fn fresh(lang: Lang) -> State {
        State {
            lang,
            chosen_currency: None,
            data_currency: None,
            lost_data: None,
            start_currency: default_currency(lang),
            input: Input::Demo,
            pasted: String::new(),
            options: ImportOptions::default(),
            reading: None,
            file_error: None,
            settings: Settings::default(),
            view: View::Dashboard,
            filter: ListFilter::default(),
            selected: None,
            remember: true,
            quick: QuickInputs::default(),
            plan: Plan::default(),
        }
    }

    /// The state at start: what the browser remembers, else the demo.
    pub fn restore() -> State {
        let (prefs, data) = storage::load();
        let lang = prefs.as_ref().map_or_else(browser_lang, |p| p.lang);
        let mut state = State::fresh(lang);
        let mut last_data = None;
        if let Some(p) = prefs {
            state.chosen_currency = p.currency_chosen.then_some(p.currency);
            state.settings = p.settings;
            state.remember = p.remember;
            last_data = p.last_data;
        }
        if data.is_none() {
            if let Some(name) = last_data {
                // The data could not be kept (too big for this browser's storage): the demo
                // shows, saying so, and without the settings that belonged to that data.
                state.lost_data = Some(name);
                state.settings.as_of = None;
                state.settings.period = Settings::default().period;
            }
        }
        if let Some(SavedData::Text {
            name,
            text,
            pasted,
            options,
        }) = data
        {
            if pasted {
                state.input = Input::Pasted(text.as_str().into());
                state.pasted = text;
            } else {
                state.input = Input::File {
                    name: name.into(),
                    file: FileHandle::of_text(&text),
                };
            }
            state.options = options;
        }
        state
    }

    /// The currency sign money is shown with: the user's choice, else the sign the data's
    /// amounts carry, else (bare numbers) the usual one of the language the app started in.
    pub fn currency(&self) -> &str {
        self.chosen_currency
            .as_deref()
            .or(self.data_currency.as_deref())
            .unwrap_or(self.start_currency)
    }

    /// The currency of the calculators whose numbers the user types (the quick calculator,
    /// the win-back plan): the user's choice, else the usual one of the language the app
    /// started in; not the data's.
    pub fn typed_currency(&self) -> &str {
        self.chosen_currency
            .as_deref()
            .unwrap_or(self.start_currency)
    }

    /// The preferences to keep: the user's when remembering is on, else only that choice.
    pub fn prefs(&self) -> Prefs {
        if self.remember {
            Prefs {
                lang: self.lang,
                currency: self.currency().to_owned(),
                currency_chosen: self.chosen_currency.is_some(),
                settings: self.settings.clone(),
                remember: true,
                last_data: match &self.input {
                    Input::Demo => None,
                    other => Some(other.label(self.lang)),
                },
            }
        } else {
            Prefs {
                lang: self.lang,
                currency: default_currency(self.lang).into(),
                currency_chosen: false,
                settings: Settings::default(),
                remember: false,
                last_data: None,
            }
        }
    }

    /// The data set to keep: none when remembering is off or when it is too big to keep. A
    /// file is kept by [`crate::services::storage::keep_file`], which reads it first.
    pub fn data_to_keep(&self) -> Option<SavedData> {
        if !self.remember {
            return None;
        }
        let text =
            |name: &str, text: String, pasted: bool, options: ImportOptions| SavedData::Text {
                name: name.to_owned(),
                text,
                pasted,
                options,
            };
        match &self.input {
            Input::Demo => Some(SavedData::Demo),
            Input::Pasted(t) => Some(text("", t.to_string(), true, self.options.clone())),
            Input::File { .. } => None,
            Input::Workbook { name, book } => {
                // A sheet larger than the browser keeps is not written out only to be dropped
                // (a 1M-row sheet: 550 ms on the page's thread and a grid of 1M rows), nor read:
                // only the sheet kept is read, not the workbook.
                let max = crate::services::storage::MAX_TEXT;
                let tsv = book.sheet(self.options.sheet.as_deref(), max)?.to_tsv();
                let options = ImportOptions {
                    sheet: None,
                    delimiter: Some(Delimiter::Tab),
                    ..self.options.clone()
                };
                Some(text(name, tsv, false, options))
            }
        }
    }
}

/// The currency a language's user most likely counts in.
pub use boomerang_core::calculator::currency_of as default_currency;

/// The currencies offered.
pub const CURRENCIES: [&str; 5] = ["₽", "$", "€", "₸", "£"];

/// What can happen.
pub enum Action {
    /// The paste box changed.
    Paste(String),
    /// A text file was chosen.
    File { name: String, file: web_sys::Blob },
    /// A workbook file is being read by the worker.
    ReadingWorkbook(String),
    /// The worker read a workbook: its sheets as it wrote them.
    Workbook { name: String, book: Sheets },
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
    /// The currency sign the user chose; `None`: follow the data.
    SetCurrency(Option<String>),
    /// The sign the data's amounts carry, if any (followed unless the user chose one).
    DataCurrency(Option<String>),
    /// New (valid) settings.
    SetSettings(Settings),
    /// Back to the default settings.
    ResetSettings,
    /// Show a screen.
    Show(View),
    /// Change the win-back list's filters.
    Filter(ListFilter),
    /// Show the win-back list filtered to one ABC × XYZ cell.
    ShowCell(Abc, Xyz),
    /// Open (or close) a client's card.
    Select(Option<String>),
    /// Turn remembering on or off.
    SetRemember(bool),
    /// Forget everything kept in the browser and start over with the demo.
    Forget,
    /// New quick-calculator inputs.
    SetQuick(QuickInputs),
    /// A change to the win-back plan.
    EditPlan(plan::Edit),
    /// Back to what is on screen: a job was cancelled or failed.
    Revert {
        /// The input shown.
        input: Input,
        /// Its options.
        options: ImportOptions,
        /// The settings shown.
        settings: Settings,
    },
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let fresh = |s: &mut State, input: Input| {
            s.input = input;
            s.lost_data = None;
            s.options = ImportOptions::default();
            s.reading = None;
            s.file_error = None;
            s.selected = None;
            s.filter = ListFilter::default();
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
            Action::File { name, file } => fresh(
                &mut s,
                Input::File {
                    name: name.into(),
                    file: FileHandle(file),
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
                    book,
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
            // The currency is not the language's to change.
            Action::SetLang(l) => s.lang = l,
            Action::SetCurrency(c) => s.chosen_currency = c,
            Action::DataCurrency(c) => s.data_currency = c,
            Action::SetSettings(settings) => s.settings = settings,
            Action::ResetSettings => s.settings = Settings::default(),
            Action::Show(v) => s.view = v,
            Action::Filter(f) => s.filter = f,
            Action::ShowCell(abc, xyz) => {
                s.filter = ListFilter {
                    abc: Some(abc),
                    xyz: Some(xyz),
                    ..ListFilter::default()
                };
                s.view = View::List;
            }
            Action::Select(id) => s.selected = id,
            Action::SetRemember(r) => s.remember = r,
            Action::Forget => {
                s = State {
                    remember: s.remember,
                    view: s.view,
                    ..State::fresh(s.lang)
                }
            }
            Action::SetQuick(q) => s.quick = q,
            Action::EditPlan(edit) => s.plan.apply(edit),
            Action::Revert {
                input,
                options,
                settings,
            } => {
                if s.input != input {
                    s.selected = None;
                }
                s.input = input;
                s.options = options;
                s.settings = settings;
                s.reading = None;
            }
        }
        Rc::new(s)
    }
}

/// The state as shared with every component.
pub type AppContext = UseReducerHandle<State>;

/// The import of the input on screen (as the worker sends it: everything but the data),
/// shared by pointer: props compare it by identity, never by walking it.
#[derive(Clone, Debug)]
pub struct Imported(pub Rc<Result<ImportView, Error>>);

impl PartialEq for Imported {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The analysis of the current data and settings, shared by pointer; `None` while the data
/// cannot be loaded.
#[derive(Clone, Debug)]
pub struct Analyzed(pub Rc<Option<Result<Rc<Analysis>, Error>>>);

impl PartialEq for Analyzed {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Analyzed {
    /// The analysis, if there is one.
    pub fn get(&self) -> Option<&Rc<Analysis>> {
        self.0.as_ref().as_ref()?.as_ref().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use boomerang_core::Workbook;

    fn sheet(name: &str, rows: u32) -> boomerang_core::Sheet {
        let mut sheet = boomerang_core::Sheet::new(name.into());
        for line in 1..=rows {
            for cell in [
                format!("client\t{line}"),
                "2024-01-05".into(),
                "100.50".into(),
            ] {
                sheet.push_cell(&cell).unwrap();
            }
            sheet.end_row(line);
        }
        sheet
    }

    fn with_workbook(rows: u32) -> State {
        with_sheets(vec![sheet("Sales", rows)], None)
    }

    fn with_sheets(sheets: Vec<boomerang_core::Sheet>, chosen: Option<&str>) -> State {
        State {
            input: Input::Workbook {
                name: "sales.xlsx".into(),
                book: Sheets::of(&Workbook { sheets }),
            },
            options: ImportOptions {
                sheet: chosen.map(str::to_owned),
                ..ImportOptions::default()
            },
            ..State::fresh(Lang::En)
        }
    }

    /// A workbook's sheet is kept as tab-separated text, unless it is more than the browser
    /// keeps: then it is not written out at all.
    #[test]
    fn a_sheet_is_kept_as_text_unless_too_big() {
        let Some(SavedData::Text { text, options, .. }) = with_workbook(3).data_to_keep() else {
            panic!("a small sheet is kept");
        };
        assert_eq!(
            text,
            "client 1\t2024-01-05\t100.50\nclient 2\t2024-01-05\t100.50\nclient 3\t2024-01-05\t100.50"
        );
        assert_eq!(options.delimiter, Some(Delimiter::Tab));
        // 100,000 rows: about 3 MB of text, over the 2 MB kept.
        assert_eq!(with_workbook(100_000).data_to_keep(), None);
        // A small sheet is kept beside a large one, whichever the workbook's size (over three
        // times what the browser keeps): only the sheet read is read.
        let book = |chosen| {
            with_sheets(vec![sheet("Log", 300_000), sheet("Sales", 2)], chosen).data_to_keep()
        };
        let Input::Workbook { book: sheets, .. } =
            with_sheets(vec![sheet("Log", 300_000)], None).input
        else {
            unreachable!()
        };
        assert!(
            sheets.len() > 3 * crate::services::storage::MAX_TEXT,
            "{}",
            sheets.len()
        );
        let Some(SavedData::Text { text, .. }) = book(Some("Sales")) else {
            panic!("the small sheet is kept");
        };
        assert_eq!(
            text,
            "client 1\t2024-01-05\t100.50\nclient 2\t2024-01-05\t100.50"
        );
        // The large one, the first (taken when none is named), is not.
        assert_eq!(book(None), None);
        assert_eq!(book(Some("Other")), None);
        // Nor a sheet whose cells' text alone is under the 2 MB, but whose tabs and line ends
        // take it over: 700,000 rows of two one-letter cells, 1.4 MB of text, 2.8 MB written.
        let mut narrow = boomerang_core::Sheet::new("Codes".into());
        for line in 1..=700_000 {
            narrow.push_cell("a").unwrap();
            narrow.push_cell("b").unwrap();
            narrow.end_row(line);
        }
        assert!(narrow.text_len() <= crate::services::storage::MAX_TEXT);
        assert_eq!(with_sheets(vec![narrow], None).data_to_keep(), None);
    }
}

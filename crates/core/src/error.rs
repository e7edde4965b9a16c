//! The error of an input that cannot be used at all, with one sentence saying why.

use std::fmt;

use crate::format::Lang;
use crate::role::Role;

/// An input, a mapping or a setting that cannot be used. Its `Display` is one sentence a
/// person can act on.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum ErrorKind {
    /// No bytes, or only blank lines.
    Empty,
    /// A header line and no data under it.
    HeaderOnly,
    /// Bytes that are not text: an image, an archive, a program.
    Binary {
        /// What the bytes look like, e.g. "a PNG image".
        looks_like: std::borrow::Cow<'static, str>,
    },
    /// A workbook could not be read.
    Workbook(String),
    /// The workbook has no sheet of that name.
    NoSuchSheet {
        /// The name asked for.
        name: String,
        /// The sheets there are.
        sheets: Vec<String>,
    },
    /// This build reads no workbooks (the app reads them in a module of its own).
    WorkbookNeedsReader,
    /// The file's text was let go once imported, and no one gave it again for a new import.
    FileGone,
    /// No column holds a role the analysis needs.
    MissingRole(Role),
    /// Slash dates whose day and month order the column cannot tell.
    AmbiguousDateOrder {
        /// The date column's name.
        column: String,
        /// A value that reads both ways.
        example: String,
    },
    /// Slash dates that read day-first in some rows and month-first in others.
    ConflictingDateOrder {
        /// The date column's name.
        column: String,
    },
    /// Every data row was left out.
    NoUsableRows {
        /// How many rows were left out.
        rows: usize,
        /// The first reason, e.g. "row 2, column `date`: ...".
        first: String,
        /// The same in Russian.
        #[serde(default)]
        first_ru: String,
    },
    /// Every data row was left out, and the date and amount columns look swapped: the date
    /// column holds amounts and the amount column dates.
    SwappedColumns {
        /// How many rows were left out.
        rows: usize,
        /// The column taken as the date.
        date: String,
        /// The column taken as the amount.
        amount: String,
    },
    /// A setting outside its allowed range.
    InvalidSetting {
        /// The setting's name.
        name: std::borrow::Cow<'static, str>,
        /// The allowed range in words.
        allowed: String,
        /// The value given.
        value: String,
    },
}

impl Error {
    /// Wraps a kind.
    pub fn new(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

impl Error {
    /// The one sentence, in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        let ru = lang == Lang::Ru;
        match (self.kind(), ru) {
            (ErrorKind::Empty, false) => {
                "The input is empty: paste a table or choose a file with rows of purchases.".into()
            }
            (ErrorKind::Empty, true) => "Данных нет: вставьте таблицу или выберите файл со строками покупок.".into(),
            (ErrorKind::HeaderOnly, false) => "The input has a header line but no data rows under it.".into(),
            (ErrorKind::HeaderOnly, true) => "Есть строка заголовка, но под ней нет данных.".into(),
            (ErrorKind::Binary { looks_like }, false) => {
                format!("This is not a table but {looks_like}: save the data as CSV or XLSX and try again.")
            }
            (ErrorKind::Binary { .. }, true) => {
                "Это не таблица, а двоичный файл: сохраните данные как CSV или XLSX и попробуйте снова.".into()
            }
            (ErrorKind::Workbook(why), false) => {
                format!("The workbook could not be read ({why}): save it again from Excel as XLSX.")
            }
            (ErrorKind::Workbook(why), true) => {
                format!("Книгу не удалось прочитать ({why}): сохраните её в Excel заново как XLSX.")
            }
            (ErrorKind::NoSuchSheet { name, sheets }, false) => {
                format!("The workbook has no sheet `{name}`; its sheets are: {}.", sheets.join(", "))
            }
            (ErrorKind::NoSuchSheet { name, sheets }, true) => {
                format!("В книге нет листа `{name}`; есть листы: {}.", sheets.join(", "))
            }
            (ErrorKind::WorkbookNeedsReader, false) => "This build cannot read workbooks: save the sheet as CSV.".into(),
            (ErrorKind::WorkbookNeedsReader, true) => "Эта сборка не читает книги Excel: сохраните лист как CSV.".into(),
            (ErrorKind::FileGone, false) => "The file is no longer at hand: choose it again.".into(),
            (ErrorKind::FileGone, true) => "Файл больше недоступен: выберите его снова.".into(),
            (ErrorKind::MissingRole(role), false) => {
                format!("No column holds the {}: choose which column it is in the mapping.", role.describe())
            }
            (ErrorKind::MissingRole(role), true) => {
                format!("Не найден столбец «{}»: выберите его в сопоставлении столбцов.", role.describe_ru())
            }
            (ErrorKind::AmbiguousDateOrder { column, example }, false) => format!(
                "The dates in column `{column}` (such as `{example}`) read both as day/month and as month/day: say which order they are in."
            ),
            (ErrorKind::AmbiguousDateOrder { column, example }, true) => format!(
                "Даты в столбце `{column}` (например, `{example}`) читаются и как день/месяц, и как месяц/день: укажите порядок."
            ),
            (ErrorKind::ConflictingDateOrder { column }, false) => {
                format!("Column `{column}` mixes day/month and month/day dates: make them one format.")
            }
            (ErrorKind::ConflictingDateOrder { column }, true) => {
                format!("В столбце `{column}` смешаны даты день/месяц и месяц/день: приведите их к одному виду.")
            }
            (ErrorKind::NoUsableRows { rows, first, .. }, false) => {
                format!("None of the {rows} data rows could be used; the first problem: {first}.")
            }
            (ErrorKind::NoUsableRows { rows, first, first_ru }, true) => {
                let first = if first_ru.is_empty() { first } else { first_ru };
                format!("Ни одну из {rows} строк данных нельзя использовать; первая проблема: {first}.")
            }
            (ErrorKind::SwappedColumns { rows, date, amount }, false) => format!(
                "None of the {rows} data rows could be used: the columns `{date}` and `{amount}` look swapped, `{date}` holds amounts and `{amount}` holds dates. Give each column its role in the Columns table (or swap the two headers) and load again."
            ),
            (ErrorKind::SwappedColumns { rows, date, amount }, true) => format!(
                "Ни одну из {rows} строк данных нельзя использовать: столбцы `{date}` и `{amount}`, похоже, перепутаны — в `{date}` суммы, а в `{amount}` даты. Укажите роль каждого столбца в таблице «Столбцы» (или поменяйте заголовки местами) и загрузите снова."
            ),
            (ErrorKind::InvalidSetting { .. }, _) => self.setting_message(lang).unwrap_or_default(),
        }
    }
}

impl Error {
    /// The message of a setting out of its range (the quick calculator's only error), in
    /// words; `None` for any other error. A page that shows only these (the blog embed)
    /// carries none of the import's messages.
    pub fn setting_message(&self, lang: Lang) -> Option<String> {
        self.setting_message_in(lang, crate::setting_words::in_words)
    }

    /// [`Error::setting_message`] for the quick calculator's inputs alone, whose words are
    /// all the blog embed carries.
    pub fn quick_message(&self, lang: Lang) -> Option<String> {
        self.setting_message_in(lang, crate::setting_words::quick_in_words)
    }

    fn setting_message_in(
        &self,
        lang: Lang,
        in_words: fn(&str, &str, &str, Lang) -> (&'static str, String, String),
    ) -> Option<String> {
        let ErrorKind::InvalidSetting {
            name,
            allowed,
            value,
        } = self.kind()
        else {
            return None;
        };
        let (label, value, allowed) = in_words(name, value, allowed, lang);
        Some(match lang {
            Lang::En => format!("“{label}” must be {allowed}; it is {value}."),
            Lang::Ru => format!("«{label}»: должно быть {allowed}; сейчас {value}."),
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}

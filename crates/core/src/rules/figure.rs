//! A figure that may be undefined, with the reason, never a silent 0 or infinity.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::format::Lang;

/// Why a figure cannot be computed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Why {
    /// The data has no clients.
    NoClients,
    /// The data covers too short a time before the analysis date.
    ShortHistory {
        /// Days covered.
        days: i64,
        /// Days needed.
        needed: i64,
    },
    /// No client was active when the churn window began.
    NoneActiveAtStart,
    /// A client table has no purchase history (XYZ, returns, "lost twice").
    NoHistory,
    /// No client has ever been lost.
    NeverLost,
    /// No client is lost now.
    NoneLost,
    /// Churn is 0, so lifetime has no bound.
    NoChurn,
    /// Churn is undefined, so is what depends on it.
    ChurnUndefined(Box<Why>),
    /// Neither churn nor the observed lifetime give a lifetime.
    LifetimeUnknown,
    /// A return that costs nothing has no ROI.
    FreeReturn,
    /// No client was in the base during the period (it lies before the data).
    NoBaseInPeriod,
    /// No client is worth calling, so the campaign has nothing to cost.
    NobodyToCall,
    /// The model could not be fitted; the sentence says why.
    ModelFailed(String),
}

impl Why {
    /// The reason in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        let ru = lang == Lang::Ru;
        match self {
            Why::NoClients => if ru { "клиентов нет" } else { "there are no clients" }.into(),
            Why::ShortHistory { days, needed } => {
                if ru {
                    format!("данные охватывают {days} дн. до даты анализа, а нужно не меньше {needed}")
                } else {
                    format!("the data covers {days} days before the analysis date; churn needs at least {needed}")
                }
            }
            Why::NoneActiveAtStart => if ru {
                "год назад активных клиентов не было"
            } else {
                "no client was active at the start of the year before the analysis date"
            }
            .into(),
            Why::NoHistory => if ru {
                "в таблице клиентов нет истории покупок; загрузите журнал продаж"
            } else {
                "a client table has no purchase history; load the sales log for this figure"
            }
            .into(),
            Why::NeverLost => if ru { "ни один клиент не был потерян" } else { "no client has ever been lost" }.into(),
            Why::NoneLost => if ru { "потерянных клиентов нет" } else { "no client is lost" }.into(),
            Why::NoChurn => if ru {
                "за последний год ни один клиент не потерян: отток 0, и время жизни не ограничено"
            } else {
                "no client was lost in the last year, so churn is 0 and lifetime has no bound"
            }
            .into(),
            Why::ChurnUndefined(inner) => {
                if ru {
                    format!("отток не определён: {}", inner.message(lang))
                } else {
                    format!("churn is undefined: {}", inner.message(lang))
                }
            }
            Why::LifetimeUnknown => if ru {
                "время жизни клиента неизвестно (нет ни оттока, ни потерянных клиентов): задайте его в настройках"
            } else {
                "client lifetime is unknown (neither churn nor lost clients give it): set it in the settings"
            }
            .into(),
            Why::ModelFailed(why) => {
                if ru {
                    format!("модель не построена ({why}); оценки по правилу остаются в силе")
                } else {
                    format!("the model could not be fitted ({why}); the rule-based figures still stand")
                }
            }
            Why::NoBaseInPeriod => if ru {
                "в этом периоде у вас ещё не было клиентов: выберите период внутри данных"
            } else {
                "no client was in the base during this period: pick a period inside the data"
            }
            .into(),
            Why::NobodyToCall => if ru {
                "ни одного клиента не стоит возвращать при этих затратах"
            } else {
                "no client is worth calling at these costs"
            }
            .into(),
            Why::FreeReturn => if ru {
                "возврат ничего не стоит, ROI не определён"
            } else {
                "a return that costs nothing has no ROI"
            }
            .into(),
        }
    }
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A computed figure, or why it cannot be computed.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure<T> {
    /// The value.
    Defined(T),
    /// Why there is no value.
    Undefined(Why),
}

impl<T> Figure<T> {
    /// The value, if defined.
    pub fn value(&self) -> Option<&T> {
        match self {
            Figure::Defined(v) => Some(v),
            Figure::Undefined(_) => None,
        }
    }

    /// The reason in English, if undefined.
    pub fn reason(&self) -> Option<String> {
        match self {
            Figure::Defined(_) => None,
            Figure::Undefined(why) => Some(why.to_string()),
        }
    }

    /// Maps the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Figure<U> {
        match self {
            Figure::Defined(v) => Figure::Defined(f(v)),
            Figure::Undefined(why) => Figure::Undefined(why),
        }
    }
}

/// The form a figure takes between the app's worker and its page (a compact binary format):
/// the value or the reason itself, not its English text.
#[derive(Serialize)]
enum Wire<'a, T> {
    Defined(&'a T),
    Undefined(&'a Why),
}

#[derive(Deserialize)]
enum WireOwned<T> {
    Defined(T),
    Undefined(Why),
}

impl<T: Serialize> Serialize for Figure<T> {
    /// For people (JSON): the value itself, or `{"undefined": "reason"}`. Between machines
    /// (the worker's binary format): the value or the reason, so it reads back whole.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return match self {
                Figure::Defined(v) => Wire::Defined(v),
                Figure::Undefined(why) => Wire::Undefined(why),
            }
            .serialize(s);
        }
        match self {
            Figure::Defined(v) => v.serialize(s),
            Figure::Undefined(why) => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("undefined", &why.to_string())?;
                m.end()
            }
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Figure<T> {
    /// Reads the binary form written by [`Serialize`] (the JSON form keeps only the reason's
    /// text and is not read back).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match WireOwned::deserialize(d)? {
            WireOwned::Defined(v) => Figure::Defined(v),
            WireOwned::Undefined(why) => Figure::Undefined(why),
        })
    }
}

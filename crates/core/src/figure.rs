//! A figure that may be undefined, with the reason, never a silent 0 or infinity.

use serde::{Serialize, Serializer};

/// A computed figure, or why it cannot be computed.
#[derive(Clone, Debug, PartialEq)]
pub enum Figure<T> {
    /// The value.
    Defined(T),
    /// Why there is no value, in one sentence.
    Undefined(String),
}

impl<T> Figure<T> {
    /// An undefined figure with its reason.
    pub fn undefined(reason: impl Into<String>) -> Self {
        Figure::Undefined(reason.into())
    }

    /// The value, if defined.
    pub fn value(&self) -> Option<&T> {
        match self {
            Figure::Defined(v) => Some(v),
            Figure::Undefined(_) => None,
        }
    }

    /// The reason, if undefined.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Figure::Defined(_) => None,
            Figure::Undefined(r) => Some(r),
        }
    }

    /// Maps the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Figure<U> {
        match self {
            Figure::Defined(v) => Figure::Defined(f(v)),
            Figure::Undefined(r) => Figure::Undefined(r),
        }
    }
}

impl<T: Serialize> Serialize for Figure<T> {
    /// The value itself, or `{"undefined": "reason"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Defined(v) => v.serialize(s),
            Figure::Undefined(reason) => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("undefined", reason)?;
                m.end()
            }
        }
    }
}

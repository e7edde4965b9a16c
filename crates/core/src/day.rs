//! A day in a serialised message: its text (`2024-03-01`) where people read it (JSON), its
//! number where only the worker and the page do (their binary messages), for a client's days
//! are most of the time of sending the client lines across (chrono writes and parses the text
//! even for a binary format).

use chrono::{Datelike, NaiveDate};
use serde::{de::Error as _, Deserialize, Deserializer, Serialize, Serializer};

/// `#[serde(with = "crate::day")]` for a `NaiveDate`.
pub(crate) fn serialize<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        day.serialize(s)
    } else {
        s.serialize_i32(day.num_days_from_ce())
    }
}

/// `#[serde(with = "crate::day")]` for a `NaiveDate`.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    if d.is_human_readable() {
        NaiveDate::deserialize(d)
    } else {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n)
            .ok_or_else(|| D::Error::custom(format!("day number {n} is out of range")))
    }
}

/// The same for an `Option<NaiveDate>`: `#[serde(with = "crate::day::option")]`.
pub(crate) mod option {
    use super::*;

    /// A day as [`super::serialize`] writes it, or nothing.
    #[derive(Serialize, Deserialize)]
    struct Day(#[serde(with = "super")] NaiveDate);

    pub(crate) fn serialize<S: Serializer>(
        day: &Option<NaiveDate>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        day.map(Day).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Day>::deserialize(d)?.map(|Day(day)| day))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Days {
        #[serde(with = "crate::day")]
        day: NaiveDate,
        #[serde(with = "crate::day::option")]
        maybe: Option<NaiveDate>,
        #[serde(with = "crate::day::option")]
        none: Option<NaiveDate>,
    }

    #[test]
    fn a_day_is_text_in_json_and_a_number_in_the_workers_messages() {
        let days = Days {
            day: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            maybe: NaiveDate::from_ymd_opt(1997, 1, 1),
            none: None,
        };
        let json = serde_json::to_string(&days).unwrap();
        assert_eq!(
            json,
            r#"{"day":"2024-03-01","maybe":"1997-01-01","none":null}"#
        );
        assert_eq!(serde_json::from_str::<Days>(&json).unwrap(), days);
        let binary = crate::session::encode(&days);
        // Four bytes a day, one for each option's tag.
        assert_eq!(binary.len(), 4 + 1 + 4 + 1);
        assert_eq!(
            crate::session::decode_message::<Days>(&binary).unwrap(),
            days
        );
        // A number no calendar has is an error, not a panic.
        let mut bad = binary.clone();
        bad[..4].copy_from_slice(&i32::MAX.to_le_bytes());
        assert!(crate::session::decode_message::<Days>(&bad).is_err());
    }
}

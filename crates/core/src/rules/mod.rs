//! The practitioners' rules on the data: each client's status, the period's losses and
//! returns, churn and lifetime, ABC/XYZ, managers and reasons, whom to win back and in what
//! order.

pub(crate) mod abc;
pub(crate) mod analysis;
pub(crate) mod churn;
pub(crate) mod clients;
pub(crate) mod figure;
pub(crate) mod period;
pub mod reasons;
pub(crate) mod report;
pub(crate) mod settings;
pub(crate) mod summary;
pub(crate) mod winback;

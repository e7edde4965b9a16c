//! The literature's models of "is this client still alive?": BG/NBD, Pareto/NBD, MBG/NBD
//! and Gamma-Gamma, fitted by maximum likelihood, checked on a held-out part of the history.

pub mod bgnbd;
pub mod counting;
pub(crate) mod elementary;
pub mod mbgnbd;
pub(crate) mod optim;
pub(crate) mod parallel;
pub mod paretonbd;
pub(crate) mod special;

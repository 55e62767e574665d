//! Clients generated from adversarial specs. That this crate compiles without warnings (and
//! passes clippy) is the test; `tests/` checks that wire names survived.

include!(concat!(env!("OUT_DIR"), "/clients.rs"));

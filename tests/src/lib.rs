//! The clients generated at build time from `../specs` (build.rs mode). Tests compare them
//! with the checked-in `generated/` crate and exercise them.

include!(concat!(env!("OUT_DIR"), "/clients.rs"));

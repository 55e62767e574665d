//! Benchmarks of cloudpage, run by hand (`cargo run --release -p cloudpage-bench -- all`; see
//! BENCHMARKS.md). Nothing here is a timed test: the smoke test runs each benchmark once with
//! tiny sizes.
//!
//! - [`codegen`]: generator throughput per phase at N operations, peak memory;
//! - [`compile`]: build cost of generated crates per operation, and what part of the code
//!   costs what ([`variants`]);
//! - [`overhead`]: client-side cost of one call without network, vs the official Python SDK;
//! - [`loopback`]: calls per second against a local server, generated client vs raw reqwest;
//! - [`lines`]: where the generated code's lines go, by feature of the generated API (not
//!   timed).

pub mod clock;
pub mod codegen;
pub mod compile;
pub mod corpus;
pub mod lines;
pub mod loopback;
pub mod overhead;
pub mod peer;
pub mod stats;
pub mod table;
pub mod variants;

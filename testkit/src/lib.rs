//! cloudpage-testkit: what the tests of the runtime, of the generated crate and the
//! integration tests share, so there is one of each.
//!
//! - [`mock_cloud`]: a loopback mock of both clouds' front doors that verifies every
//!   signature with the runtime's public signers, answers per operation, injects faults and
//!   logs every request (the generated clients' tests and the `cloudpage` CLI's tests);
//! - [`servers`]: scriptable loopback servers for transport tests (a hyper server answering
//!   from a closure, and a raw TCP server for malformed answers).
//!
//! `publish = false`: a dev-dependency only.

pub mod mock_cloud;
pub mod servers;

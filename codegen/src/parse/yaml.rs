//! YAML reader (the only module that touches serde_yaml).

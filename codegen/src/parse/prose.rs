//! Sentence rules.

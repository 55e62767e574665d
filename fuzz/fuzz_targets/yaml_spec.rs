//! The YAML readers (operation, common.yaml, service.yaml) and, behind them, the whole
//! pipeline (`generate`: lower, check, emit, write): any bytes, read as (lossy) UTF-8, must
//! never panic. See `fuzz_support::yaml_spec`; the fixed common.yaml is Tencent's or
//! Alibaba's by the input's length parity, so both envelopes and signers are reached.
#![no_main]

#[path = "../../tests/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzz_support::yaml_spec(&String::from_utf8_lossy(data), data.len() % 2 == 1);
});

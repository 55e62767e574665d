//! `Debug` of a generated struct's secret field: the generated `Debug` of a struct with a
//! field whose name says it holds a secret (`AccessKeySecret`, `SecurityToken`, `Password`,
//! ...) shows it through [`Redacted`], so a response printed with `{:?}` or logged never shows
//! the secret.

use std::fmt;

/// Shows `None` as `None` and a present value as `Some(<redacted>)` (a list as
/// `Some([<redacted>; N])`): whether the value is there, never what it is.
pub struct Redacted<'a, T>(pub &'a Option<T>);

/// What a secret value shows, in place of the value.
pub trait RedactedValue {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl RedactedValue for String {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl RedactedValue for Vec<String> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[<redacted>; {}]", self.len())
    }
}

impl<T: RedactedValue> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("None"),
            Some(value) => {
                f.write_str("Some(")?;
                value.fmt_redacted(f)?;
                f.write_str(")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_whether_a_secret_is_there_never_what_it_is() {
        let secret = Some("wJalrXUtnFEMI".to_owned());
        assert_eq!(format!("{:?}", Redacted(&secret)), "Some(<redacted>)");
        assert_eq!(format!("{:?}", Redacted::<String>(&None)), "None");
        let list = Some(vec!["a-secret".to_owned(), "b-secret".to_owned()]);
        assert_eq!(format!("{:?}", Redacted(&list)), "Some([<redacted>; 2])");
        // Inside a struct's `{:#?}` as well.
        struct Holder(Option<String>);
        impl fmt::Debug for Holder {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Holder").field("password", &Redacted(&self.0)).finish()
            }
        }
        let shown = format!("{:#?}", Holder(Some("hunter2".into())));
        assert!(!shown.contains("hunter2") && shown.contains("password: Some(<redacted>)"), "{shown}");
    }
}

//! Closed value lists ("Valid values: tcp, udp, icmp") as Rust enums. Generated code declares
//! each with [`string_enum!`](crate::string_enum), which writes the enum (one variant per
//! documented value and `Unknown(String)`, because the clouds add values) and its impls; the
//! decoding they share is [`decode_enum`], compiled once rather than once per enum.

use serde_json::Value;

use crate::json::{closest, DecodeError, JsonPath};

/// Reads the text of a documented value. Any string is accepted from a response (an
/// undocumented value becomes the enum's `Unknown`); parameters written by hand and decoded
/// strictly (the CLI, [`crate::Client::call_json`]) must be one of `known`, and the error names
/// the closest one, so a typo is caught before anything is sent.
pub fn decode_enum<'v>(value: &'v Value, path: &JsonPath<'_>, known: &[&str]) -> Result<&'v str, DecodeError> {
    let Value::String(text) = value else {
        return Err(DecodeError::mismatch(path, "a string", value));
    };
    if !path.is_strict() || known.contains(&text.as_str()) {
        return Ok(text);
    }
    let message = match closest(text, known) {
        Some(k) => format!("{text:?} is not a documented value; did you mean {k:?}? (documented: {})", known.join(", ")),
        None => format!("{text:?} is not a documented value (documented: {})", known.join(", ")),
    };
    Err(DecodeError::at(path, message))
}

/// Declares a documented value list as an enum: `#[non_exhaustive]`, one unit variant per
/// value (`Variant = "wire"`) and `Unknown(String)` for values this version does not know;
/// `VALUES`, `as_str()`, `From<&str>`/`From<String>`, `FromStr` (never fails: an unknown value
/// is `Unknown`), `Display`, `AsRef<str>` and the JSON impls. A macro, so each generated enum
/// is a few lines of source; its methods are `#[inline]`, so only a program that uses an enum
/// compiles them (ARCHITECTURE.md, "Generated code pays for what a program uses").
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $(#[doc = concat!("`", $wire, "`")] $variant,)*
            /// A value this version of the client does not document, kept as it is.
            Unknown(::std::string::String),
        }
        impl $name {
            /// Every documented value, in the documentation's order.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];
            /// The value as the API spells it.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl ::std::convert::From<&str> for $name {
            #[inline]
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            #[inline]
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            #[inline]
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::convert::AsRef<str> for $name {
            #[inline]
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl $crate::__codegen::JsonEncode for $name {
            #[inline]
            fn encode_json(&self, out: &mut ::std::vec::Vec<u8>) {
                $crate::__codegen::write_str(out, self.as_str());
            }
        }
        impl $crate::__codegen::JsonDecode for $name {
            #[inline]
            fn decode_json(
                value: &$crate::__codegen::serde_json::Value,
                path: &$crate::__codegen::JsonPath<'_>,
            ) -> ::std::result::Result<Self, $crate::__codegen::DecodeError> {
                $crate::__codegen::decode_enum(value, path, Self::VALUES).map(Self::from)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::json::{from_json_value, from_json_value_strict, to_json_string};

    crate::string_enum! {
        /// ECS `IpProtocol`: "Valid values: tcp, udp, icmp, gre, all".
        pub enum IpProtocol {
            Tcp = "tcp",
            Udp = "udp",
            Icmp = "icmp",
            Gre = "gre",
            All = "all",
        }
    }

    #[test]
    fn documented_values_and_unknown_ones() {
        assert_eq!(IpProtocol::from("udp"), IpProtocol::Udp);
        assert_eq!("tcp".parse::<IpProtocol>(), Ok(IpProtocol::Tcp));
        assert_eq!(IpProtocol::from("sctp"), IpProtocol::Unknown("sctp".into()));
        assert_eq!(IpProtocol::Unknown("sctp".into()).as_str(), "sctp");
        assert_eq!(IpProtocol::Gre.to_string(), "gre");
        assert_eq!(IpProtocol::VALUES, ["tcp", "udp", "icmp", "gre", "all"]);
        // The wire form is the string, both ways; a response may carry a value added later.
        assert_eq!(to_json_string(&IpProtocol::Icmp), "\"icmp\"");
        let json = serde_json::json!("sctp");
        assert_eq!(from_json_value::<IpProtocol>(&json), Ok(IpProtocol::Unknown("sctp".into())));
        let wrong = serde_json::json!(7);
        assert_eq!(from_json_value::<IpProtocol>(&wrong).unwrap_err().message, "expected a string, found a number");
    }

    #[test]
    fn strict_decoding_rejects_an_undocumented_value_with_the_closest() {
        let err = from_json_value_strict::<IpProtocol>(&serde_json::json!("TCP")).unwrap_err();
        assert_eq!(err.message, "\"TCP\" is not a documented value; did you mean \"tcp\"? (documented: tcp, udp, icmp, gre, all)");
        let err = from_json_value_strict::<IpProtocol>(&serde_json::json!("ipv6")).unwrap_err();
        assert_eq!(err.message, "\"ipv6\" is not a documented value (documented: tcp, udp, icmp, gre, all)");
        assert_eq!(from_json_value_strict::<IpProtocol>(&serde_json::json!("all")), Ok(IpProtocol::All));
    }
}

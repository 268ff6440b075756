//! `wire_enum!`: newtypes over a wire integer with named constants and their IANA names, so
//! unknown values stay representable and print as a number (DESIGN.md, "Parsing").

/// Declares `pub struct $ty(pub $int)` with one constant per registered value, `name()`
/// (the registry's name, `None` when unregistered), `Display` (the name, or
/// `unknown (0x…)`) and `Serialize` (the displayed form).
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $ty:ident($int:ty), $width:literal;
        $( $(#[$cmeta:meta])* $konst:ident = $val:literal => $name:literal, )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $ty(pub $int);

        impl $ty {
            $(
                #[doc = concat!("`", $name, "` (", stringify!($val), ").")]
                $(#[$cmeta])*
                pub const $konst: $ty = $ty($val);
            )*

            /// The registered name, or `None` for a value the registry does not list.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $val => Some($name), )*
                    _ => None,
                }
            }
        }

        impl From<$int> for $ty {
            fn from(v: $int) -> $ty {
                $ty(v)
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, concat!("unknown (0x{:0", $width, "x})"), self.0),
                }
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}

pub(crate) use wire_enum;

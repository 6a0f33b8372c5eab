//! Identifier newtypes: a UUID each, distinct types so ids of different entities never mix.

/// Declares a UUID newtype with `new_random`, `from_uuid`, `as_uuid` and `Display`.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(::uuid::Uuid);

        impl $name {
            #[must_use]
            pub fn new_random() -> Self {
                Self(::uuid::Uuid::new_v4())
            }

            #[must_use]
            pub fn from_uuid(id: ::uuid::Uuid) -> Self {
                Self(id)
            }

            #[must_use]
            pub fn as_uuid(self) -> ::uuid::Uuid {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

pub(crate) use uuid_id;

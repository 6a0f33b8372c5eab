//! sea-orm models; private to this crate.

pub(crate) mod password_resets;
pub(crate) mod sessions;
pub(crate) mod users;

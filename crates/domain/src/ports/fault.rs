//! Faults of a dependency that the caller answers differently from other unexpected errors:
//! a database that cannot be reached or does not answer in time is worth a retry later
//! (503), a full disk needs an operator (507). Adapters put a [`DependencyError`] in the
//! cause chain of the error they return; the delivery layer looks for it with
//! [`DependencyFault::of`].

use std::error::Error as StdError;

/// What kind of dependency failure an error carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DependencyFault {
    /// The dependency could not be reached (refused, closed, no connection free in time).
    Unavailable,
    /// The dependency was reached but did not answer within its deadline.
    TimedOut,
    /// The dependency has no space left to store the write.
    StorageFull,
}

impl DependencyFault {
    /// The first fault in `err`'s cause chain, if any.
    pub fn of(err: &anyhow::Error) -> Option<Self> {
        err.chain()
            .find_map(|e| e.downcast_ref::<DependencyError>().map(|d| d.fault))
    }

    /// Whether an error's cause chain carries this fault.
    pub fn is_in(self, err: &anyhow::Error) -> bool {
        Self::of(err) == Some(self)
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Unavailable => "dependency unavailable",
            Self::TimedOut => "dependency did not answer in time",
            Self::StorageFull => "no space left on the storage device",
        }
    }
}

/// An adapter's error, marked with the [`DependencyFault`] it amounts to.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", fault.describe())]
pub struct DependencyError {
    pub fault: DependencyFault,
    #[source]
    pub source: Box<dyn StdError + Send + Sync + 'static>,
}

impl DependencyError {
    pub fn new(fault: DependencyFault, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self {
            fault,
            source: source.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::*;

    #[test]
    fn a_fault_is_found_under_any_number_of_context_layers() {
        let err = Err::<(), _>(DependencyError::new(
            DependencyFault::StorageFull,
            "disk full",
        ))
        .context("insert job")
        .context("create job")
        .unwrap_err();
        assert_eq!(
            DependencyFault::of(&err),
            Some(DependencyFault::StorageFull)
        );
        assert!(DependencyFault::StorageFull.is_in(&err));
    }

    #[test]
    fn a_fault_is_found_behind_a_domain_error_that_wraps_it() {
        #[derive(Debug, thiserror::Error)]
        enum OpError {
            #[error(transparent)]
            Unexpected(#[from] anyhow::Error),
        }
        let inner = anyhow::Error::new(DependencyError::new(DependencyFault::TimedOut, "slow"))
            .context("find job");
        let err = anyhow::Error::new(OpError::from(inner)).context("update job");
        assert_eq!(DependencyFault::of(&err), Some(DependencyFault::TimedOut));
    }

    #[test]
    fn other_errors_carry_no_fault() {
        let err = anyhow::anyhow!("constraint violated").context("insert");
        assert_eq!(DependencyFault::of(&err), None);
    }
}

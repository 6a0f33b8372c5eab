//! The DNS resolver handed to reqwest: it resolves with the system resolver and passes on
//! only public addresses, so the connection goes exactly to an address that was checked.
//! A name that resolves to a public address for the check and to a private one for the
//! connection (DNS rebinding) cannot slip through, because there is only one lookup.

use std::fmt;
use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::address::{Refusal, is_local_name, is_public_ip};

/// The lookup itself failed (no such name, no answer). Kept apart from [`Refusal`] so the
/// caller can say "DNS lookup failed".
#[derive(Debug)]
pub(crate) struct LookupFailed;

impl fmt::Display for LookupFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DNS lookup failed")
    }
}

impl std::error::Error for LookupFailed {}

#[derive(Debug, Clone, Copy)]
pub(crate) struct PublicAddressResolver {
    pub(crate) allow_private: bool,
}

impl Resolve for PublicAddressResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        let allow_private = self.allow_private;
        Box::pin(async move {
            if !allow_private && is_local_name(&host) {
                return Err(Refusal::RefusedAddress.into());
            }
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|_| LookupFailed)?
                .collect();
            if found.is_empty() {
                return Err(LookupFailed.into());
            }
            let usable: Vec<SocketAddr> = found
                .into_iter()
                .filter(|addr| allow_private || is_public_ip(addr.ip()))
                .collect();
            if usable.is_empty() {
                tracing::info!("refused a host that resolves only to non-public addresses");
                return Err(Refusal::RefusedAddress.into());
            }
            let addrs: Addrs = Box::new(usable.into_iter());
            Ok(addrs)
        })
    }
}

//! galla-server against a real PostgreSQL (one throwaway cluster for this
//! test binary, a fresh database per test) with the server on 127.0.0.1:0
//! and a plain HTTP client: the protocol, tenant isolation, ordering under
//! concurrency, the negative-stock policy and the CLI.

mod cli;
mod enrolling;
mod isolation;
mod ordering;
mod protocol;
mod stock;
mod support;

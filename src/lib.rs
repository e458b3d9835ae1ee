//! galla: a keyboard-driven, offline-first point of sale for small Indian
//! shops, in a terminal. The binary's pieces live here so tests and
//! benchmarks can drive them: the store, the app loop, the UI, the demo shop.

pub mod app;
pub mod audit;
pub mod backup;
pub mod bills_report;
pub mod books;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod csvfile;
pub mod demo;
pub mod export;
pub mod import;
pub mod print;
pub mod report;
pub mod roman;
pub mod search;
pub mod settings;
pub mod staff;
pub mod stockops;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
pub mod ui;
pub mod upi;
pub mod users;

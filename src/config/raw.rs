//! The config file as written: serde structs that keep every value's span,
//! and `parse`, which checks each value and fills in defaults. Every error
//! names the file, line and column; unknown keys also name their table.
//! Knows the file's shape; single-value rules are in `validate`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_spanned::Spanned;

use super::{ConfigError, ThemeChoice, validate};
use crate::ui::keymap::{
    Location, Overrides, humanize, parse_toml, parse_unknown_field, unknown_key_message,
};

/// Each table's keys, to name the table an unknown key was found in.
/// A test keeps these in step with the structs below.
pub(super) const SECTIONS: &[(Option<&str>, &[&str])] = &[
    (
        None,
        &[
            "db", "timezone", "shop", "counter", "ui", "keymap", "server", "billing", "printer",
        ],
    ),
    (
        Some("shop"),
        &["name", "address", "gstin", "state_code", "phone", "upi_vpa"],
    ),
    (Some("counter"), &["code"]),
    (Some("ui"), &["theme"]),
    (Some("server"), &["url"]),
    (
        Some("billing"),
        &[
            "prefix",
            "negative_stock",
            "credit_limit",
            "hsn_on_bill",
            "composition",
        ],
    ),
    (
        Some("printer"),
        &["target", "paper", "drawer", "utf8", "raster"],
    ),
];

/// A string, or a number written without quotes (`state_code = 27`, `theme = 16`).
pub(super) struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

type S<T> = Option<Spanned<T>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Config {
    db: S<String>,
    timezone: S<String>,
    #[serde(default)]
    shop: Shop,
    #[serde(default)]
    counter: Counter,
    #[serde(default)]
    ui: Ui,
    #[serde(default)]
    keymap: Overrides,
    #[serde(default)]
    server: Server,
    #[serde(default)]
    billing: Billing,
    #[serde(default)]
    printer: Printer,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Billing {
    prefix: S<String>,
    negative_stock: S<String>,
    credit_limit: S<String>,
    hsn_on_bill: Option<bool>,
    composition: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Printer {
    target: S<String>,
    paper: S<Text>,
    drawer: Option<bool>,
    utf8: Option<bool>,
    raster: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Shop {
    name: S<String>,
    address: Option<String>,
    gstin: S<String>,
    state_code: S<Text>,
    phone: Option<String>,
    upi_vpa: S<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Counter {
    code: S<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Ui {
    theme: S<Text>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct Server {
    url: S<String>,
}

/// Turns spans into `ConfigError`s for one file.
struct Checker<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Checker<'_> {
    /// A setting with two words: `Some(false)` for the first, `Some(true)`
    /// for the second, `None` when it is not set.
    fn either(
        &self,
        value: S<String>,
        key: &str,
        words: [&str; 2],
    ) -> Result<Option<bool>, ConfigError> {
        let Some(v) = value else {
            return Ok(None);
        };
        match words.iter().position(|w| *w == v.get_ref().as_str()) {
            Some(i) => Ok(Some(i == 1)),
            None => {
                let problem = format!(
                    "{key} \"{}\" is not valid — expected \"{}\" or \"{}\"",
                    v.get_ref(),
                    words[0],
                    words[1]
                );
                Err(self.invalid(v.span(), problem))
            }
        }
    }

    fn invalid(&self, span: Range<usize>, problem: String) -> ConfigError {
        ConfigError::Invalid {
            at: Location::at(self.path, self.text, span.start),
            problem,
        }
    }

    /// Runs `rule` on an optional value, locating its error.
    fn opt<T>(
        &self,
        value: S<T>,
        rule: impl Fn(&T) -> Result<String, String>,
    ) -> Result<Option<String>, ConfigError> {
        value
            .map(|v| rule(v.get_ref()).map_err(|p| self.invalid(v.span(), p)))
            .transpose()
    }
}

/// Parses `text` (read from `path`) and checks every value.
pub(super) fn parse(text: &str, path: &Path) -> Result<super::Config, ConfigError> {
    let raw: Config = parse_toml(text).map_err(|e| ConfigError::Invalid {
        at: Location::of_span(path, text, e.span()),
        problem: toml_problem(e.message()),
    })?;
    let ck = Checker { text, path };
    let timezone = match raw.timezone {
        Some(s) => Some(validate::timezone(s.get_ref()).map_err(|p| ck.invalid(s.span(), p))?),
        None => None,
    };
    let defaults = super::Config::default();
    let theme = match raw.ui.theme {
        Some(t) => theme(&t.get_ref().0).map_err(|p| ck.invalid(t.span(), p))?,
        None => defaults.ui.theme,
    };
    Ok(super::Config {
        db: raw.db.map(|p| resolve_db(p.get_ref(), path)),
        timezone,
        shop: shop(&ck, raw.shop, defaults.shop)?,
        counter: super::Counter {
            code: ck
                .opt(raw.counter.code, |c| validate::counter_code(c))?
                .unwrap_or(defaults.counter.code),
        },
        ui: super::Ui { theme },
        keymap: raw.keymap.with_origin(path, text),
        server: super::Server {
            url: ck.opt(raw.server.url, |u| validate::server_url(u))?,
        },
        billing: super::Billing {
            prefix: ck
                .opt(raw.billing.prefix, |p| validate::bill_prefix(p))?
                .unwrap_or(defaults.billing.prefix),
            block_negative_stock: ck
                .either(
                    raw.billing.negative_stock,
                    "negative_stock",
                    ["warn", "block"],
                )?
                .unwrap_or(defaults.billing.block_negative_stock),
            refuse_above_limit: ck
                .either(raw.billing.credit_limit, "credit_limit", ["ask", "refuse"])?
                .unwrap_or(defaults.billing.refuse_above_limit),
            hsn_on_bill: raw
                .billing
                .hsn_on_bill
                .unwrap_or(defaults.billing.hsn_on_bill),
            registration: match raw.billing.composition {
                Some(true) => galla_domain::Regime::Composition,
                Some(false) => galla_domain::Regime::Regular,
                None => defaults.billing.registration,
            },
        },
        printer: super::Printer {
            target: match raw.printer.target {
                None => None,
                Some(t) => {
                    Some(t.get_ref().parse().map_err(|e: crate::print::BadTarget| {
                        ck.invalid(t.span(), e.to_string())
                    })?)
                }
            },
            paper: match raw.printer.paper {
                None => defaults.printer.paper,
                Some(p) => match p.get_ref().0.as_str() {
                    "58" => crate::print::Paper::Mm58,
                    "80" => crate::print::Paper::Mm80,
                    other => {
                        let problem = format!(
                            "paper \"{other}\" is not valid — expected \"58\" or \"80\" (mm)"
                        );
                        return Err(ck.invalid(p.span(), problem));
                    }
                },
            },
            drawer: raw.printer.drawer.unwrap_or(defaults.printer.drawer),
            utf8: raw.printer.utf8.unwrap_or(defaults.printer.utf8),
            raster: raw.printer.raster.unwrap_or(defaults.printer.raster),
        },
    })
}

fn shop(ck: &Checker<'_>, raw: Shop, defaults: super::Shop) -> Result<super::Shop, ConfigError> {
    let name = match raw.name {
        Some(n) if n.get_ref().trim().is_empty() => {
            let problem = "shop name is empty — expected e.g. \"Sharma General Store\"";
            return Err(ck.invalid(n.span(), problem.into()));
        }
        Some(n) => n.get_ref().trim().to_string(),
        None => defaults.name,
    };
    let gstin = ck.opt(raw.gstin, |g| validate::gstin(g))?;
    let state_span = raw.state_code.as_ref().map(Spanned::span);
    let mut state_code = ck.opt(raw.state_code, |s| validate::state_code(&s.0))?;
    if let (Some(code), Some(g), Some(span)) = (&state_code, &gstin, state_span)
        && !g.starts_with(code.as_str())
    {
        let problem = format!(
            "state code \"{code}\" does not match the GSTIN, which starts with \"{}\"",
            g.get(..2).unwrap_or_default()
        );
        return Err(ck.invalid(span, problem));
    }
    if state_code.is_none() {
        state_code = gstin.as_ref().and_then(|g| g.get(..2)).map(str::to_string);
    }
    Ok(super::Shop {
        name,
        address: raw
            .address
            .map(|a| a.trim_end().to_string())
            .unwrap_or(defaults.address),
        gstin,
        state_code,
        phone: raw
            .phone
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty()),
        upi_vpa: ck.opt(raw.upi_vpa, |u| validate::upi_vpa(u))?,
    })
}

fn theme(name: &str) -> Result<ThemeChoice, String> {
    match name {
        "auto" => Ok(ThemeChoice::Auto),
        "16" => Ok(ThemeChoice::Sixteen),
        "mono" => Ok(ThemeChoice::Mono),
        other => Err(format!(
            "theme \"{other}\" is not valid — expected one of: \"auto\", \"16\", \"mono\""
        )),
    }
}

/// `~/` is the home folder; a relative path is beside the config file.
fn resolve_db(db: &str, config_path: &Path) -> PathBuf {
    if let Some(rest) = db.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    let p = PathBuf::from(db);
    match config_path.parent() {
        Some(dir) if p.is_relative() => dir.join(p),
        _ => p,
    }
}

/// toml's message reworded, naming the table of an unknown key and where
/// the key belongs if it is in the wrong one.
fn toml_problem(message: &str) -> String {
    let Some((name, expected)) = parse_unknown_field(message) else {
        return humanize(message);
    };
    let section = SECTIONS
        .iter()
        .find(|(_, keys)| *keys == expected.as_slice());
    let mut text = unknown_key_message(&name, section.and_then(|(s, _)| *s), &expected);
    let top_level = SECTIONS[0].1;
    let home = SECTIONS.iter().find_map(|(s, keys)| match s {
        Some(s) if keys.contains(&name.as_str()) => Some(*s),
        _ => None,
    });
    if section.is_some_and(|(s, _)| s.is_some()) && top_level.contains(&name.as_str()) {
        text.push_str(&format!(
            " (\"{name}\" belongs above the first [section] in the file)"
        ));
    } else if let Some(home) = home {
        text.push_str(&format!(" (\"{name}\" belongs in [{home}])"));
    }
    text
}

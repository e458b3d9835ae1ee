//! The config file (`config.toml`): reading, checking every value, and
//! errors that name the file, line and column and say what was expected.
//! A missing default file means defaults; nothing here touches the terminal
//! or the database. Reading the file's shape lives in `raw`, single-value
//! checks in `validate`.

mod raw;
pub mod validate;

use std::io;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::ui::keymap::{Keymap, KeymapError, Location, Overrides};

/// Everything the config file can set, checked and with defaults filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The shop database, if the file names one (relative paths are taken
    /// from the config file's folder; `~/` is the home folder).
    pub db: Option<PathBuf>,
    /// The time zone the file names; `Config::timezone()` resolves the default.
    pub timezone: Option<Tz>,
    /// The shop's name and tax details, for bills.
    pub shop: Shop,
    /// This counter.
    pub counter: Counter,
    /// Look and feel.
    pub ui: Ui,
    /// Key-by-key changes to the default keymap; `Config::keymap()` applies them.
    pub keymap: Overrides,
    /// The sync server.
    pub server: Server,
    /// Bill numbers and selling rules.
    pub billing: Billing,
    /// The receipt printer.
    pub printer: Printer,
    /// Daily backups of this machine's database.
    pub backup: Backup,
}

/// `[backup]`: where this machine keeps its daily backups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// The folder (default: `backups` beside the database; relative paths
    /// are taken from the config file's folder).
    pub folder: Option<PathBuf>,
    /// How many daily backups to keep (the oldest go first).
    pub keep: u16,
}

/// `[billing]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Billing {
    /// Printed before the counter code in bill numbers ("INV/" → INV/C1-42).
    pub prefix: String,
    /// Refuse to sell more than the location holds (else warn and allow).
    pub block_negative_stock: bool,
    /// Refuse khata above a customer's credit limit (else ask to confirm).
    pub refuse_above_limit: bool,
    /// Print HSN codes on bills (optional on B2C bills up to ₹5 crore turnover).
    pub hsn_on_bill: bool,
    /// GST registration: regular (tax invoices), composition (bills of
    /// supply) or unregistered (plain bills); `composition = true` in the
    /// file is composition.
    pub registration: galla_domain::Regime,
}

/// `[printer]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Printer {
    /// Where receipts go; `None` means a file beside the database.
    pub target: Option<crate::print::PrintTarget>,
    /// 58 mm (32 columns) or 80 mm (48 columns) paper.
    pub paper: crate::print::Paper,
    /// Open the cash drawer after printing.
    pub drawer: bool,
    /// Send text as UTF-8 (for printers set to UTF-8).
    pub utf8: bool,
    /// Draw Devanagari (text the code page lacks) as raster images.
    pub raster: bool,
}

/// `[shop]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shop {
    /// Shown in the status bar and on bills.
    pub name: String,
    /// Printed on bills; may span several lines.
    pub address: String,
    /// The shop's GSTIN, checked (shape, state code, check character).
    pub gstin: Option<String>,
    /// Two-digit GST state code: as written, else taken from the GSTIN.
    pub state_code: Option<String>,
    /// Printed on bills.
    pub phone: Option<String>,
    /// UPI ID for payment QR codes.
    pub upi_vpa: Option<String>,
    /// Lines printed under the shop's name on receipts (the shop's
    /// `receipt.header` setting; not a config-file key).
    pub receipt_header: Vec<String>,
    /// Lines printed at the foot of receipts (`receipt.footer`); none: the
    /// usual thanks.
    pub receipt_footer: Vec<String>,
}

/// `[counter]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counter {
    /// 1 to 4 capital letters or digits; prefixes bill numbers.
    pub code: String,
}

/// `[ui]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ui {
    /// The colour setting as written; `Config::theme()` applies `NO_COLOR`.
    pub theme: ThemeChoice,
}

/// `[server]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Server {
    /// `http://` or `https://` address of the galla sync server.
    pub url: Option<String>,
}

/// How colourful the screen is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Colours, within the 16 every terminal has.
    #[default]
    Auto,
    /// Only the 16 standard colours.
    Sixteen,
    /// No colour: bold, reverse and underline only.
    Mono,
}

impl ThemeChoice {
    /// The name in the config file: "auto", "16" or "mono".
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeChoice::Auto => "auto",
            ThemeChoice::Sixteen => "16",
            ThemeChoice::Mono => "mono",
        }
    }

    /// This choice, forced to `Mono` when `no_color` (see [`no_color`]).
    pub fn with_no_color(self, no_color: bool) -> ThemeChoice {
        if no_color { ThemeChoice::Mono } else { self }
    }
}

/// Whether the `NO_COLOR` environment variable asks for no colour
/// (set and not empty, per no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Why the config could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file named with `--config` does not exist.
    #[error("{}: no such config file — check the --config path", .path.display())]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// The file exists but could not be read.
    #[error("{}: cannot read the config file: {reason}", .path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// What the system said (in the message, so not a `source`).
        reason: io::Error,
    },
    /// A key or value is wrong; `at` is where.
    #[error("{at}: {problem}")]
    Invalid {
        /// File, line and column.
        at: Location,
        /// What is wrong and what was expected.
        problem: String,
    },
    /// A `[keymap.<scope>]` entry is wrong.
    #[error(transparent)]
    Keymap(#[from] KeymapError),
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: None,
            timezone: None,
            shop: Shop {
                name: "My Shop".to_string(),
                address: String::new(),
                gstin: None,
                state_code: None,
                phone: None,
                upi_vpa: None,
                receipt_header: Vec::new(),
                receipt_footer: Vec::new(),
            },
            counter: Counter {
                code: "C1".to_string(),
            },
            ui: Ui::default(),
            keymap: Overrides::default(),
            server: Server::default(),
            billing: Billing {
                prefix: String::new(),
                block_negative_stock: false,
                refuse_above_limit: false,
                hsn_on_bill: false,
                registration: galla_domain::Regime::Regular,
            },
            printer: Printer {
                target: None,
                paper: crate::print::Paper::Mm80,
                drawer: false,
                utf8: false,
                raster: true,
            },
            backup: Backup {
                folder: None,
                keep: 7,
            },
        }
    }
}

impl Config {
    /// Reads and checks the file at `path`. A missing file is an error here;
    /// see [`Config::load_or_default`] for the default location.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::from_str_with_path(&text, path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(ConfigError::NotFound {
                path: path.to_path_buf(),
            }),
            Err(reason) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                reason,
            }),
        }
    }

    /// The file given with `--config` (which must exist), else the default
    /// file if there is one, else defaults.
    pub fn load_or_default(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        match Config::default_path() {
            Some(path) => match Config::load(&path) {
                Err(ConfigError::NotFound { .. }) => Ok(Config::default()),
                other => other,
            },
            None => Ok(Config::default()),
        }
    }

    /// Parses and checks `text`, read from `path` (used in messages and to
    /// resolve a relative `db`). Keymap overrides are checked here too, so
    /// every mistake is reported before the screen is taken over.
    pub fn from_str_with_path(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config = raw::parse(text, path)?;
        config.keymap()?;
        Ok(config)
    }

    /// `config.toml` in the platform's config folder
    /// (e.g. `~/.config/galla/config.toml` on Linux).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("in", "galla", "galla")
            .map(|d| d.config_dir().join("config.toml"))
    }

    /// The platform's data folder for galla, where the database lives by default.
    pub fn data_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("in", "galla", "galla").map(|d| d.data_dir().to_path_buf())
    }

    /// The shop's time zone: the file's, else the system's, else Asia/Kolkata.
    pub fn timezone(&self) -> Tz {
        self.timezone
            .or_else(system_timezone)
            .unwrap_or(chrono_tz::Asia::Kolkata)
    }

    /// The config the screen runs with. The demo is a shop in Jaipur: its
    /// day runs on India's clock unless the config names a time zone (a
    /// server's UTC would put its ten o'clock bills at half past four).
    pub fn for_screen(&self, demo: bool) -> Config {
        let mut config = self.clone();
        if demo && config.timezone.is_none() {
            config.timezone = Some(chrono_tz::Asia::Kolkata);
        }
        config
    }

    /// The default keymap with this file's overrides applied.
    pub fn keymap(&self) -> Result<Keymap, KeymapError> {
        Keymap::with_overrides(&self.keymap)
    }

    /// The theme to use, with `NO_COLOR` applied.
    pub fn theme(&self) -> ThemeChoice {
        self.ui.theme.with_no_color(no_color())
    }
}

/// The system's time zone: `TZ`, else `/etc/localtime`'s link target, else
/// `/etc/timezone`. `None` when none names a zone we know (e.g. on Windows).
pub fn system_timezone() -> Option<Tz> {
    if let Some(tz) = std::env::var("TZ")
        .ok()
        .and_then(|v| v.trim_start_matches(':').parse().ok())
    {
        return Some(tz);
    }
    if let Ok(target) = std::fs::read_link("/etc/localtime") {
        let target = target.to_string_lossy().into_owned();
        if let Some((_, name)) = target.split_once("zoneinfo/")
            && let Ok(tz) = name.parse()
        {
            return Some(tz);
        }
    }
    std::fs::read_to_string("/etc/timezone")
        .ok()
        .and_then(|s| s.trim().parse().ok())
}

#[cfg(test)]
mod tests;

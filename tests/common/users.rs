//! A shop's users for the tests: the owner (who sets users up by having a
//! PIN), a manager, a cashier and a look-only stock person, each with a PIN,
//! added the way `galla staff add` adds them.

use std::path::Path;

use galla::staff::{self, StaffForm};
use galla::store::{Access, Store};
use galla::ui::popup::Popup;
use galla_domain::StaffId;
use ratatui::crossterm::event::KeyCode;

use super::till::{Till, key, till_with};

/// PINs of the people [`add_users`] adds.
pub const OWNER_PIN: &str = "4321";
/// The manager's.
pub const MANAGER_PIN: &str = "2222";
/// The cashier's.
pub const CASHIER_PIN: &str = "1111";
/// The stock person's.
pub const STOCK_PIN: &str = "3333";

/// `galla staff add` arguments for the owner Ramesh Gupta (with a PIN),
/// which sets users up in the shop at `db`.
pub fn owner_args(db: &str) -> [&str; 10] {
    [
        "staff",
        "add",
        "--db",
        db,
        "--name",
        "Ramesh Gupta",
        "--role",
        "owner",
        "--pin",
        OWNER_PIN,
    ]
}

/// Who was added.
pub struct People {
    /// Ramesh Gupta, the owner.
    pub owner: StaffId,
    /// Priya, the manager.
    pub manager: StaffId,
    /// Ravi, the cashier.
    pub cashier: StaffId,
    /// Sunil, who looks up stock.
    pub stock: StaffId,
}

fn add(store: &mut Store, name: &str, role: &str, pin: &str) -> StaffId {
    let form = StaffForm {
        name: name.into(),
        role: role.into(),
        pin: pin.into(),
        ..StaffForm::default()
    };
    staff::add(store, &form).expect("added").staff_id
}

/// Adds the owner (users are set up from then on) and, signed in as the
/// owner, a manager, a cashier and a stock person.
pub fn add_users(db: &Path) -> People {
    let mut store = Store::open(db, Access::ReadWrite).expect("open");
    let owner = add(&mut store, "Ramesh Gupta", "owner", OWNER_PIN);
    store.sign_in(Some(owner));
    People {
        owner,
        manager: add(&mut store, "Priya", "manager", MANAGER_PIN),
        cashier: add(&mut store, "Ravi", "cashier", CASHIER_PIN),
        stock: add(&mut store, "Sunil", "stock", STOCK_PIN),
    }
}

/// Every permission, as an owner grants them all to managers.
pub const ALL: &str = "discount,below-cost,change-price,cancel-return,pay-out,see-costs,\
                       see-reports,see-audit,change-settings,manage-users";

/// The owner changes a shop setting (what a role may do, a limit).
pub fn owner_sets(db: &Path, people: &People, key: &str, value: &str) {
    let mut store = Store::open(db, Access::ReadWrite).expect("open");
    store.sign_in(Some(people.owner));
    galla::settings::set(&mut store, key, value).expect("set");
}

/// A demo shop whose users are set up (managers may do everything),
/// readied by `ready`, with a till on Billing signed in with `pin`.
pub fn signed_in_till(pin: &str, ready: impl FnOnce(&Path, &People)) -> (Till, People) {
    let mut people = None;
    let mut t = till_with(|db| {
        let p = add_users(db);
        owner_sets(db, &p, "role.manager", ALL);
        ready(db, &p);
        people = Some(p);
    });
    assert!(
        matches!(t.app.popups.last(), Some(Popup::SignIn(_))),
        "users are set up: galla asks for a PIN first"
    );
    t.type_text(pin);
    t.press(key(KeyCode::Enter));
    assert!(
        t.app.session.user.is_some(),
        "signed in: {:?}",
        t.app.popups.last()
    );
    t.press(key(KeyCode::F(1)));
    (t, people.expect("people"))
}

/// The approval box is on top and says `what`; a wrong PIN and the
/// cashier's own are refused; the manager's lets it through.
pub fn approve(t: &mut Till, what: &str) {
    let shown = t.screen(80, 24);
    let Some(Popup::Approve(a)) = t.app.popups.last() else {
        panic!("the approval box is on top:\n{shown}");
    };
    assert!(a.refused.contains(what), "{}", a.refused);
    assert!(shown.contains("Needs approval"), "{shown}");
    t.type_text("9999");
    t.press(key(KeyCode::Enter));
    let Some(Popup::Approve(a)) = t.app.popups.last() else {
        panic!("a wrong PIN keeps the box");
    };
    assert_eq!(a.pin.error.as_deref(), Some("no one has that PIN"));
    t.type_text(CASHIER_PIN);
    t.press(key(KeyCode::Enter));
    let Some(Popup::Approve(a)) = t.app.popups.last() else {
        panic!("the cashier cannot approve");
    };
    assert!(a.pin.error.as_deref().is_some_and(|e| e.contains("either")));
    t.type_text(MANAGER_PIN);
    t.press(key(KeyCode::Enter));
    assert!(
        !matches!(t.app.popups.last(), Some(Popup::Approve(_))),
        "approved"
    );
}

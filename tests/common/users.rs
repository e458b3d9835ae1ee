//! A shop's users for the tests: the owner (who sets users up by having a
//! PIN), a manager, a cashier and a look-only stock person, each with a PIN,
//! added the way `galla staff add` adds them.

use std::path::Path;

use galla::staff::{self, StaffForm};
use galla::store::{Access, Store};
use galla_domain::StaffId;

/// PINs of the people [`add_users`] adds.
pub const OWNER_PIN: &str = "4321";
/// The manager's.
pub const MANAGER_PIN: &str = "2222";
/// The cashier's.
pub const CASHIER_PIN: &str = "1111";
/// The stock person's.
pub const STOCK_PIN: &str = "3333";

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

//! The runner's work for users: check a PIN and sign its person in on the
//! store, with what their role may do in this shop (for the app's views).
//! A wrong PIN answers after a pause (`crate::users`).

use super::action::Action;
use super::session::UserView;
use crate::store::Store;

/// Signs in the person with `pin`.
pub fn sign_in(store: &mut Store, pin: &str) -> Action {
    let result = crate::users::sign_in(store, pin).and_then(|user| {
        let granted = store.policy()?.granted(user.role);
        Ok(UserView { user, granted })
    });
    match result {
        Ok(view) => {
            tracing::info!(user = %view.user.name, "signed in");
            Action::SignedIn(Ok(Box::new(view)))
        }
        Err(e) => Action::SignedIn(Err(e.to_string())),
    }
}

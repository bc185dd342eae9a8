//! The agent assistant's decisions that are not the engines' own: the send-time guard (the recipient's local time,
//! working hours, WhatsApp's 24-hour window and what may be sent outside it), the reply editor's placeholders
//! (which `{{name}}` are still empty, where Tab goes next), `/shortcode` lookups typed in the reply, and whether
//! a customer's message asks to stop being messaged (`opt_out`).
//!
//! Everything here is plain data in, plain data out: the clock, the customer's fields and the cursor come in as
//! arguments; the page (`ui::assistant`) only renders what these functions return.

mod config;
mod editor;
mod guard;
mod opt_out;

pub use config::*;
pub use editor::*;
pub use guard::*;
pub use opt_out::*;

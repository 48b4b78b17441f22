//! `wenlv`: the command line. The only place that knows about flags and the terminal.
fn main() {
    println!("wenlv");
}

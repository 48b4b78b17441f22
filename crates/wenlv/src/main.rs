//! `wenlv`: the command line. The only place that knows about flags and the terminal.

// `import places` / `export places`: wired into the Command enum when the CLI is merged.
#[allow(dead_code)]
mod places;

fn main() {
    println!("wenlv");
}

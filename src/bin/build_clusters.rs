//! Writes the tagger's word cluster table from the cluster TSV.
//!
//! Usage: `zcat ../shared/train/word-clusters.tsv.gz | cargo run --release
//! --bin build_clusters -- [OUT]` (default `assets/model/clusters.bin`). The
//! TSV's columns are `word`, `row`, `c1024`, `c256`, `c64`.

use std::io::BufRead;

use anyhow::Context;
use dramatis::analysis::clusters::Clusters;

fn main() -> anyhow::Result<()> {
    let output = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "assets/model/clusters.bin".into());
    let mut entries = Vec::new();
    for (k, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("reading standard input")?;
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [word, row, c1024, c256, c64] = cols[..] else {
            anyhow::bail!("line {}: expected 5 columns", k + 1);
        };
        if word.is_empty() {
            continue;
        }
        let num = |s: &str| -> anyhow::Result<u16> {
            s.parse()
                .with_context(|| format!("line {}: not a number: {s}", k + 1))
        };
        entries.push((
            word.to_string(),
            num(row)?,
            num(c1024)?,
            u8::try_from(num(c256)?)?,
            u8::try_from(num(c64)?)?,
        ));
    }
    let n = entries.len();
    let bytes = Clusters::to_bytes(entries);
    std::fs::write(&output, &bytes).with_context(|| format!("writing {output}"))?;
    println!("{n} words, {} bytes written to {output}", bytes.len());
    Ok(())
}

//! The generator's output, as data: files (whole, or a generated region of a hand-written
//! file) with their bytes. `render` makes them; `files` writes them.

/// One output file: a path relative to the output directory, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub contents: String,
    /// `Some` when only the lines between two marker lines of a hand-written file are
    /// generated (the `[features]` of `generated/Cargo.toml`); `contents` is that part.
    pub region: Option<Region>,
}

/// A generated part of a hand-written file, between a begin and an end marker line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub begin: &'static str,
    pub end: &'static str,
}

impl GeneratedFile {
    /// A file that is generated whole.
    pub fn whole(path: String, contents: String) -> Self {
        GeneratedFile { path, contents, region: None }
    }

    /// The full bytes the file should have, given what is on disk now. For a region, the
    /// markers must already be in the file (they say where the generated part goes).
    pub fn expected_bytes(&self, on_disk: Option<&str>) -> Result<String, String> {
        let Some(region) = self.region else { return Ok(self.contents.clone()) };
        // Only the part between the markers is generated: the rest (the package, its
        // dependencies) is the user's, so the file must be there first.
        let text = on_disk.ok_or_else(|| {
            format!(
                "{} does not exist: the output folder is a crate whose {} holds a line `{}` and, after it, a line `{}`; the generator writes what goes between them (see generated/{} for one)",
                self.path, self.path, region.begin, region.end, self.path
            )
        })?;
        let start = text
            .find(region.begin)
            .ok_or_else(|| format!("{} has no line `{}`", self.path, region.begin))?;
        let after_begin = start + region.begin.len();
        let end = text[after_begin..]
            .find(region.end)
            .map(|i| after_begin + i)
            .ok_or_else(|| format!("{} has no line `{}` after the begin marker", self.path, region.end))?;
        Ok(format!("{}\n{}{}", &text[..after_begin], self.contents, &text[end..]))
    }
}

//! ZIP archives of rendered files.

use std::io::{Cursor, Write};

use anyhow::Context;
use tailor_domain::ports::ArchiveEntry;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A deflated ZIP of the entries, in order.
///
/// # Errors
/// When an entry cannot be written (a duplicate name, for one).
pub(crate) fn zip(entries: &[ArchiveEntry]) -> anyhow::Result<Vec<u8>> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(false);
    for entry in entries {
        writer
            .start_file(entry.name.as_str(), options)
            .with_context(|| format!("archive entry {:?}", entry.name))?;
        writer.write_all(&entry.bytes).context("archive write")?;
    }
    Ok(writer.finish().context("archive finish")?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn entry(name: &str, bytes: &[u8]) -> ArchiveEntry {
        ArchiveEntry {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn entries_come_back_in_order() {
        let bytes = zip(&[entry("b.pdf", b"%PDF-1.7 b"), entry("a.docx", &[7; 5000])]).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        let mut first = archive.by_index(0).unwrap();
        assert_eq!(first.name(), "b.pdf");
        assert_eq!(first.compression(), CompressionMethod::Deflated);
        let mut text = String::new();
        first.read_to_string(&mut text).unwrap();
        assert_eq!(text, "%PDF-1.7 b");
        drop(first);
        assert_eq!(archive.by_index(1).unwrap().name(), "a.docx");
    }

    #[test]
    fn duplicate_names_fail() {
        assert!(zip(&[entry("a", b"1"), entry("a", b"2")]).is_err());
    }

    #[test]
    fn an_empty_archive_is_valid() {
        let bytes = zip(&[]).unwrap();
        assert_eq!(zip::ZipArchive::new(Cursor::new(bytes)).unwrap().len(), 0);
    }
}

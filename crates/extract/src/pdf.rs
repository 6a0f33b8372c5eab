//! PDF files, read with `pdf-extract` (on `lopdf`).
//!
//! `pdf-extract` trusts the file: it inflates streams without limit, follows `/Parent` and
//! form XObjects recursively without cycle checks (a stack overflow aborts the process;
//! `catch_unwind` cannot stop it), and unwraps freely. So the document is loaded and
//! screened here first: oversized streams, loops and runaway nesting are refused, images
//! are blanked (they hold no text, and `pdf-extract` would parse them as page content),
//! and only then is the text extracted, with panics caught.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use flate2::read::{DeflateDecoder, ZlibDecoder};
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, LoadOptions, Object, ObjectId, PlainTextOutput, Stream};
use tailor_domain::ports::ExtractError;

use crate::text;

/// Most one stream may decode to.
const MAX_STREAM_BYTES: u64 = 32 * 1024 * 1024;
/// Most all streams together may decode to.
const MAX_TOTAL_STREAM_BYTES: u64 = 128 * 1024 * 1024;
/// Deepest `/Parent` chain from a page to the root of the page tree.
const MAX_PAGE_TREE_DEPTH: usize = 64;
/// Deepest nesting of form XObjects drawn by forms.
const MAX_XOBJECT_DEPTH: usize = 32;
/// Most content operations processed over all pages and forms (forms drawn many times
/// count each time).
const MAX_OPERATIONS: usize = 2_000_000;

/// The text of a PDF.
///
/// # Errors
/// `NoTextLayer` when no page shows any text (a scan); `Unreadable` for a damaged,
/// password-protected, oversized or malformed file.
pub(crate) fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    match catch_unwind(AssertUnwindSafe(|| extract_unguarded(bytes))) {
        Ok(result) => result,
        Err(_) => {
            tracing::warn!("PDF reader panicked");
            Err(damaged())
        }
    }
}

fn extract_unguarded(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut doc = load(bytes)?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(unreadable("the PDF is password-protected"));
    }
    screen_streams(&mut doc)?;
    if !Walk::pages(&doc)? {
        return Err(ExtractError::NoTextLayer);
    }
    let mut raw = String::new();
    pdf_extract::output_doc(&doc, &mut PlainTextOutput::new(&mut raw)).map_err(|e| {
        tracing::debug!(error = %e, "PDF text extraction failed");
        damaged()
    })?;
    let text = text::tidy(&raw);
    if text.is_empty() {
        return Err(ExtractError::NoTextLayer);
    }
    Ok(text)
}

fn unreadable(reason: &str) -> ExtractError {
    ExtractError::Unreadable(reason.to_owned())
}

fn damaged() -> ExtractError {
    unreadable("damaged PDF file")
}

fn too_large() -> ExtractError {
    unreadable("PDF content too large once decompressed")
}

/// What object streams may still decode to while a document loads on this thread.
#[derive(Debug, Clone, Copy)]
struct LoadBudget {
    left: u64,
    exceeded: bool,
}

thread_local! {
    static LOAD_BUDGET: Cell<Option<LoadBudget>> = const { Cell::new(None) };
}

fn load(bytes: &[u8]) -> Result<Document, ExtractError> {
    LOAD_BUDGET.set(Some(LoadBudget {
        left: MAX_TOTAL_STREAM_BYTES,
        exceeded: false,
    }));
    let options = LoadOptions {
        filter: Some(screen_object_stream),
        ..LoadOptions::default()
    };
    let loaded = Document::load_mem_with_options(bytes, options);
    let budget = LOAD_BUDGET.replace(None);
    let doc = loaded.map_err(|e| match e {
        pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
            unreadable("the PDF is password-protected")
        }
        e => {
            tracing::debug!(error = %e, "PDF failed to load");
            damaged()
        }
    })?;
    if budget.is_some_and(|b| b.exceeded) {
        return Err(too_large());
    }
    Ok(doc)
}

/// Object streams are expanded while the document loads, before it can be screened:
/// drop one that would decode past the limits. `lopdf` loads on the calling thread (its
/// `rayon` feature is off); were it not, each stream would still be held to
/// [`MAX_STREAM_BYTES`].
fn screen_object_stream(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object
        && stream.dict.has_type(b"ObjStm")
    {
        let budget = LOAD_BUDGET.get();
        let limit = budget.map_or(MAX_STREAM_BYTES, |b| b.left.min(MAX_STREAM_BYTES));
        let len = decoded_len(stream, limit);
        if let Some(mut budget) = budget {
            match len {
                Some(len) => budget.left -= len,
                None => budget.exceeded = true,
            }
            LOAD_BUDGET.set(Some(budget));
        }
        len?;
    }
    // The loader keeps its own copy of a top-level object and uses this one for objects
    // inside object streams; objects are at most as large as the file.
    Some((id, object.clone()))
}

/// Blanks images and refuses streams that decode past the limits.
fn screen_streams(doc: &mut Document) -> Result<(), ExtractError> {
    let mut left = MAX_TOTAL_STREAM_BYTES;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if is_image(&stream.dict) {
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(Vec::new());
            continue;
        }
        let len = decoded_len(stream, left.min(MAX_STREAM_BYTES)).ok_or_else(too_large)?;
        left -= len;
    }
    Ok(())
}

fn is_image(dict: &Dictionary) -> bool {
    matches!(dict.get(b"Subtype").and_then(Object::as_name), Ok(b"Image"))
}

/// What a stream decodes to in `lopdf` (which decodes Flate, LZW and ASCII85 chains and
/// leaves any other chain as it is), or `None` past `limit`. Chains with more than one
/// expanding filter, other than ASCII85 before one, are `None`: no real file needs them.
fn decoded_len(stream: &Stream, limit: u64) -> Option<u64> {
    let raw = stream.content.len() as u64;
    let Ok(filters) = stream.filters() else {
        return (raw <= limit).then_some(raw);
    };
    let decoded =
        |filter: &[u8]| matches!(filter, b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode");
    if !filters.iter().all(|f| decoded(f)) {
        return (raw <= limit).then_some(raw);
    }
    let len = match filters.as_slice() {
        [] => raw,
        [filter] => step_len(filter, &stream.content, stream, limit)?,
        [b"ASCII85Decode", filter] => {
            // ASCII85 at most quadruples (`z` is four zero bytes), and the input is at most
            // the size of the file.
            let mut first = Dictionary::new();
            first.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
            let ascii = Stream::new(first, stream.content.clone())
                .decompressed_content()
                .ok()?;
            step_len(filter, &ascii, stream, limit)?
        }
        _ => return None,
    };
    (len <= limit).then_some(len)
}

fn step_len(filter: &[u8], input: &[u8], stream: &Stream, limit: u64) -> Option<u64> {
    let len = match filter {
        b"FlateDecode" => inflated_len(input, limit),
        b"LZWDecode" => lzw_len(input, &stream.dict, limit),
        _ => 4 * input.len() as u64,
    };
    (len <= limit).then_some(len)
}

/// As `lopdf` inflates: zlib, falling back to raw deflate when zlib yields nothing.
/// Stops just past `limit`.
fn inflated_len(input: &[u8], limit: u64) -> u64 {
    if input.is_empty() {
        return 0;
    }
    let len = read_len(ZlibDecoder::new(input), limit);
    if len == 0 && input.len() > 2 {
        return read_len(DeflateDecoder::new(&input[2..]), limit);
    }
    len
}

/// Bytes read before the end, an error, or just past `limit`.
fn read_len(reader: impl Read, limit: u64) -> u64 {
    let mut reader = reader.take(limit + 1);
    let mut buf = [0u8; 16 * 1024];
    let mut len = 0u64;
    while let Ok(n @ 1..) = reader.read(&mut buf) {
        len += n as u64;
    }
    len
}

fn lzw_len(input: &[u8], dict: &Dictionary, limit: u64) -> u64 {
    use weezl::{BitOrder, decode::Decoder};
    let early_change = dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"EarlyChange"))
        .and_then(Object::as_i64)
        .map_or(true, |v| v != 0);
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut counter = Counter { len: 0, limit };
    // Stops with an error once the counter passes the limit.
    let _ = decoder.into_stream(&mut counter).decode_all(input);
    counter.len
}

struct Counter {
    len: u64,
    limit: u64,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.len += buf.len() as u64;
        if self.len > self.limit {
            return Err(io::Error::other("limit reached"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a content stream does, as far as the walk cares.
#[derive(Debug)]
struct Summary {
    operations: usize,
    shows_text: bool,
    /// The names of the XObjects it draws, in order, repeats included.
    draws: Vec<Vec<u8>>,
}

impl Summary {
    fn of(bytes: &[u8]) -> Result<Self, ExtractError> {
        // `pdf-extract` unwraps this decoding.
        let content = Content::decode(bytes).map_err(|_| damaged())?;
        let mut summary = Summary {
            operations: content.operations.len(),
            shows_text: false,
            draws: Vec::new(),
        };
        for operation in content.operations {
            match operation.operator.as_str() {
                "Tj" | "TJ" | "'" | "\"" => summary.shows_text = true,
                "Do" => {
                    if let Some(Object::Name(name)) = operation.operands.into_iter().next() {
                        summary.draws.push(name);
                    }
                }
                _ => {}
            }
        }
        Ok(summary)
    }
}

/// Goes over pages and the XObjects they draw the way `pdf-extract` will, bounding the
/// work and refusing loops, and notes whether any text is shown at all.
struct Walk<'a> {
    doc: &'a Document,
    operations: usize,
    shows_text: bool,
    /// The XObjects being drawn, outermost first.
    drawing: Vec<Option<ObjectId>>,
    /// XObjects already decoded: one drawn many times is decoded once.
    summaries: HashMap<ObjectId, Rc<Summary>>,
}

impl<'a> Walk<'a> {
    /// Whether any page shows text.
    fn pages(doc: &'a Document) -> Result<bool, ExtractError> {
        let mut walk = Walk {
            doc,
            operations: 0,
            shows_text: false,
            drawing: Vec::new(),
            summaries: HashMap::new(),
        };
        for page_id in doc.get_pages().into_values() {
            let page = doc.get_dictionary(page_id).map_err(|_| damaged())?;
            let resources = walk.page_resources(page)?;
            let content = doc.get_page_content(page_id).map_err(|_| damaged())?;
            walk.content(&Summary::of(&content)?, resources)?;
        }
        Ok(walk.shows_text)
    }

    /// The page's resources, own or inherited; refuses a `/Parent` chain that loops.
    fn page_resources(&self, page: &'a Dictionary) -> Result<Option<&'a Dictionary>, ExtractError> {
        let mut node = page;
        let mut resources = None;
        let mut seen: Vec<ObjectId> = Vec::new();
        loop {
            if resources.is_none() {
                resources = self.dict(node, b"Resources");
            }
            let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
                return Ok(resources);
            };
            if seen.contains(&parent) || seen.len() >= MAX_PAGE_TREE_DEPTH {
                return Err(unreadable("the PDF page tree loops"));
            }
            seen.push(parent);
            let Ok(next) = self.doc.get_dictionary(parent) else {
                return Ok(resources);
            };
            node = next;
        }
    }

    fn content(
        &mut self,
        summary: &Summary,
        resources: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        self.operations += summary.operations;
        if self.operations > MAX_OPERATIONS {
            return Err(unreadable("PDF content too complex"));
        }
        self.shows_text |= summary.shows_text;
        for name in &summary.draws {
            self.xobject(name, resources)?;
        }
        Ok(())
    }

    /// `pdf-extract` runs every XObject as content, with the caller's resources when it
    /// has none of its own.
    fn xobject(
        &mut self,
        name: &[u8],
        resources: Option<&'a Dictionary>,
    ) -> Result<(), ExtractError> {
        let Some(entry) = resources
            .and_then(|r| self.dict(r, b"XObject"))
            .and_then(|xobjects| xobjects.get(name).ok())
        else {
            return Ok(());
        };
        let Ok((id, Object::Stream(stream))) = self.doc.dereference(entry) else {
            return Ok(());
        };
        if id.is_some() && self.drawing.contains(&id) {
            return Err(unreadable("a PDF form draws itself"));
        }
        if self.drawing.len() >= MAX_XOBJECT_DEPTH {
            return Err(unreadable("PDF forms nested too deeply"));
        }
        let resources = self.dict(&stream.dict, b"Resources").or(resources);
        let summary = match id.and_then(|id| self.summaries.get(&id)) {
            Some(summary) => Rc::clone(summary),
            None => {
                let summary = Rc::new(Summary::of(&xobject_content(stream))?);
                if let Some(id) = id {
                    self.summaries.insert(id, Rc::clone(&summary));
                }
                summary
            }
        };
        self.drawing.push(id);
        self.content(&summary, resources)?;
        self.drawing.pop();
        Ok(())
    }

    fn dict(&self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
        let object = dict.get(key).ok()?;
        self.doc.dereference(object).ok()?.1.as_dict().ok()
    }
}

/// An XObject's content as `pdf-extract` reads it: decoded if possible, else as stored.
fn xobject_content(stream: &Stream) -> Vec<u8> {
    match stream.filters() {
        Ok(_) => stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone()),
        Err(_) => stream.content.clone(),
    }
}

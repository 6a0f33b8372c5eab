//! [`TypstRenderer`]: the `DocumentRenderer` adapter.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use async_trait::async_trait;
use tailor_domain::export::{RenderFormat, RenderedDocument};
use tailor_domain::ports::{ArchiveEntry, DocumentRenderer, RenderError, RenderRequest};
use tokio::sync::Semaphore;

use crate::content::{self, Document};
use crate::fonts::Fonts;
use crate::style::{Layout, Style};
use crate::typeset::{self, Page, Templates};
use crate::{archive, docx, plain, text_layer};

/// How a [`TypstRenderer`] is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderConfig {
    /// Folders scanned once, at construction, for fonts covering scripts the embedded fonts
    /// lack (CJK, Arabic, Hebrew, Devanagari, Thai), e.g. `/usr/share/fonts` and
    /// `/usr/local/share/fonts`. Only their coverage is kept; a face's bytes are read the
    /// first time a document needs it. Empty: embedded fonts only. Missing folders are
    /// skipped.
    pub font_dirs: Vec<PathBuf>,
    /// Renders (and archives) running at once; at least 1.
    pub max_concurrent: usize,
    /// How long a render waits for a free slot before answering [`RenderError::Busy`].
    pub queue_timeout: Duration,
}

impl Default for RenderConfig {
    /// No system fonts, one render per CPU core, a 10 s wait.
    fn default() -> Self {
        Self {
            font_dirs: Vec::new(),
            max_concurrent: std::thread::available_parallelism().map_or(2, usize::from),
            queue_timeout: Duration::from_secs(10),
        }
    }
}

/// Renders generations to PDF and PNG (typst), DOCX (docx-rs), Markdown and plain text,
/// and bundles files in ZIP archives.
///
/// Built once and shared: it is cheap to clone and every clone shares the fonts, the
/// templates, the render threads and the concurrency bound. The fonts are loaded (and the
/// font folders indexed) by the first render, so a server that never exports never holds
/// them. Every render runs on one of [`RenderConfig::max_concurrent`] dedicated threads,
/// never on the async executor; keeping the work on a few threads keeps the allocator's
/// per-thread arenas, which typst fills, few too. A panic inside a render becomes
/// [`RenderError::Unexpected`].
#[derive(Clone)]
pub struct TypstRenderer {
    permits: Arc<Semaphore>,
    queue_timeout: Duration,
    jobs: std::sync::mpsc::SyncSender<Job>,
}

impl std::fmt::Debug for TypstRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypstRenderer")
            .field("available_permits", &self.permits.available_permits())
            .field("queue_timeout", &self.queue_timeout)
            .finish_non_exhaustive()
    }
}

/// A unit of work for a render thread.
type Job = Box<dyn FnOnce(&Engine) + Send>;

/// The shared, immutable part: fonts (loaded on first use) and parsed templates.
struct Engine {
    font_dirs: Vec<PathBuf>,
    fonts: OnceLock<Fonts>,
    templates: Templates,
}

impl Engine {
    fn fonts(&self) -> &Fonts {
        self.fonts.get_or_init(|| {
            let started = Instant::now();
            let fonts = Fonts::new(&self.font_dirs);
            tracing::info!(
                faces = fonts.len(),
                elapsed_ms = started.elapsed().as_millis(),
                "fonts loaded"
            );
            fonts
        })
    }
}

impl TypstRenderer {
    /// Parses the templates and starts the render threads; the fonts are loaded by the
    /// first render.
    ///
    /// # Errors
    /// When an embedded template cannot be registered (a build defect), or a thread cannot
    /// be started.
    pub fn new(config: RenderConfig) -> anyhow::Result<Self> {
        let engine = Arc::new(Engine {
            font_dirs: config.font_dirs,
            fonts: OnceLock::new(),
            templates: Templates::new()?,
        });
        let threads = config.max_concurrent.max(1);
        // Jobs are only sent with a permit, so the channel never holds more than `threads`.
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(threads);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = Arc::clone(&queue);
            let engine = Arc::clone(&engine);
            // Each thread holds the engine; it goes when the last clone of the renderer
            // (the channel's last sender) does.
            std::thread::Builder::new()
                .name(format!("render-{n}"))
                .spawn(move || {
                    // Renders yield the processor to request handling: an export may take
                    // a little longer, other requests do not wait behind it. Best effort:
                    // without the permission the thread keeps its priority.
                    let _ = thread_priority::set_current_thread_priority(
                        thread_priority::ThreadPriority::Min,
                    );
                    loop {
                        // The lock is held only while waiting for the next job.
                        let next = match queue.lock() {
                            Ok(receiver) => receiver.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = next else {
                            // Every sender is gone: the renderer was dropped.
                            return;
                        };
                        job(&engine);
                    }
                })
                .context("start a render thread")?;
        }
        Ok(Self {
            permits: Arc::new(Semaphore::new(threads)),
            queue_timeout: config.queue_timeout,
            jobs,
        })
    }

    /// Runs `work` on a render thread once a slot is free.
    async fn run<T, F>(&self, work: F) -> Result<T, RenderError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, RenderError> + Send + 'static,
    {
        let permit = tokio::time::timeout(
            self.queue_timeout,
            Arc::clone(&self.permits).acquire_owned(),
        )
        .await
        .map_err(|_| RenderError::Busy)?
        .map_err(|_| RenderError::Unexpected(anyhow!("the renderer is shut down")))?;
        let (done, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |engine| {
            // Held until the work ends, even if the caller stops waiting.
            let _permit = permit;
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(engine)))
                .unwrap_or_else(|_| Err(RenderError::Unexpected(anyhow!("a render panicked"))));
            // The caller may have stopped waiting; the result is then dropped.
            let _ = done.send(result);
        });
        self.jobs
            .send(job)
            .map_err(|_| RenderError::Unexpected(anyhow!("the render threads stopped")))?;
        answer
            .await
            .map_err(|_| RenderError::Unexpected(anyhow!("a render was abandoned")))?
    }
}

#[async_trait]
impl DocumentRenderer for TypstRenderer {
    #[tracing::instrument(
        name = "render_document",
        skip_all,
        fields(
            document_type = request.document_type.as_str(),
            template = request.template.as_str(),
            format = ?format,
        )
    )]
    async fn render(
        &self,
        request: RenderRequest,
        format: RenderFormat,
    ) -> Result<RenderedDocument, RenderError> {
        let started = Instant::now();
        let result = self
            .run(move |engine| engine.render(&request, format))
            .await;
        if let Ok(doc) = &result {
            tracing::debug!(
                size_bytes = doc.bytes.len(),
                elapsed_ms = started.elapsed().as_millis(),
                "rendered"
            );
        }
        result
    }

    #[tracing::instrument(name = "render_archive", skip_all, fields(files = entries.len()))]
    async fn archive(&self, entries: Vec<ArchiveEntry>) -> Result<Vec<u8>, RenderError> {
        self.run(move |_| archive::zip(&entries).map_err(RenderError::Unexpected))
            .await
    }
}

impl Engine {
    fn render(
        &self,
        request: &RenderRequest,
        format: RenderFormat,
    ) -> Result<RenderedDocument, RenderError> {
        let document = content::parse(&request.content, request.document_type)
            .map_err(RenderError::InvalidContent)?;
        let layout = match document {
            Document::Resume(_) => Layout::Resume(request.template),
            Document::Letter(_) => Layout::Letter,
        };
        match format {
            RenderFormat::Pdf | RenderFormat::PngPreview => {
                self.typeset(request, &document, layout, format)
            }
            RenderFormat::Docx => {
                let style = Style::resolve(layout, &request.options);
                let bytes = docx::render(&document, layout, &style, request)
                    .context("DOCX")
                    .map_err(RenderError::Unexpected)?;
                Ok(RenderedDocument {
                    bytes,
                    page_count: None,
                    missing_glyphs: Vec::new(),
                })
            }
            RenderFormat::Markdown => Ok(text_document(plain::markdown(&document))),
            RenderFormat::Text => Ok(text_document(plain::text(&document))),
        }
    }

    fn typeset(
        &self,
        request: &RenderRequest,
        document: &Document,
        layout: Layout,
        format: RenderFormat,
    ) -> Result<RenderedDocument, RenderError> {
        let style = Style::resolve(layout, &request.options);
        let missing_glyphs = self.fonts().missing(plain::all_chars(document));
        let page = Page {
            layout,
            style: &style,
            paper: request.paper,
            title: &request.title,
            author: &request.author,
        };
        let laid_out = typeset::compile(self.fonts(), &self.templates, &page, document)?;
        let page_count = u32::try_from(laid_out.pages().len()).ok();
        let bytes = if format == RenderFormat::PngPreview {
            typeset::png_first_page(&laid_out)?
        } else {
            let pdf = typeset::pdf(&laid_out)?;
            let extracted = text_layer::extract(&pdf)
                .map_err(|e| RenderError::Unexpected(anyhow!("reading the PDF back: {e}")))?;
            let expected = typeset::expected_texts(layout, document);
            if let Some(absent) = text_layer::first_absent(
                &extracted,
                expected.iter().map(String::as_str),
                &missing_glyphs,
            ) {
                return Err(RenderError::TextLayer(absent.to_owned()));
            }
            pdf
        };
        Ok(RenderedDocument {
            bytes,
            page_count,
            missing_glyphs,
        })
    }
}

fn text_document(text: String) -> RenderedDocument {
    RenderedDocument {
        bytes: text.into_bytes(),
        page_count: None,
        missing_glyphs: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_render_is_unexpected_and_frees_its_slot() {
        let renderer = TypstRenderer::new(RenderConfig {
            max_concurrent: 1,
            ..RenderConfig::default()
        })
        .unwrap();
        let result: Result<(), RenderError> = renderer.run(|_| panic!("boom")).await;
        assert!(
            matches!(result, Err(RenderError::Unexpected(_))),
            "{result:?}"
        );
        let again: Result<u8, RenderError> = renderer.run(|_| Ok(1)).await;
        assert_eq!(again.unwrap(), 1);
    }
}

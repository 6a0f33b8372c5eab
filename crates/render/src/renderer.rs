//! [`TypstRenderer`]: the `DocumentRenderer` adapter.

use std::path::PathBuf;
use std::sync::Arc;
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
/// Built once (fonts are parsed and templates compiled at construction) and shared: it is
/// cheap to clone and every clone shares the fonts and the concurrency bound. Every render
/// runs on tokio's blocking pool, at most [`RenderConfig::max_concurrent`] at once; a panic
/// inside a render becomes [`RenderError::Unexpected`].
#[derive(Clone)]
pub struct TypstRenderer {
    engine: Arc<Engine>,
    permits: Arc<Semaphore>,
    queue_timeout: Duration,
}

impl std::fmt::Debug for TypstRenderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypstRenderer")
            .field("available_permits", &self.permits.available_permits())
            .field("queue_timeout", &self.queue_timeout)
            .finish_non_exhaustive()
    }
}

/// The shared, immutable part: fonts and parsed templates.
struct Engine {
    fonts: Fonts,
    templates: Templates,
}

impl TypstRenderer {
    /// Loads the embedded fonts, scans `config.font_dirs` and parses the templates.
    /// Blocking (it reads the font folders): call it at start-up, not on the executor's
    /// hot path.
    ///
    /// # Errors
    /// When an embedded template cannot be registered (a build defect).
    pub fn new(config: RenderConfig) -> anyhow::Result<Self> {
        let started = Instant::now();
        let engine = Engine {
            fonts: Fonts::new(&config.font_dirs),
            templates: Templates::new()?,
        };
        tracing::debug!(elapsed_ms = started.elapsed().as_millis(), "renderer ready");
        Ok(Self {
            engine: Arc::new(engine),
            permits: Arc::new(Semaphore::new(config.max_concurrent.max(1))),
            queue_timeout: config.queue_timeout,
        })
    }

    /// Runs `work` on the blocking pool once a slot is free.
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
        let engine = Arc::clone(&self.engine);
        tokio::task::spawn_blocking(move || {
            // Held until the work ends, even if the caller stops waiting.
            let _permit = permit;
            work(&engine)
        })
        .await
        .map_err(|e| {
            let cause = if e.is_panic() {
                "panicked"
            } else {
                "was cancelled"
            };
            RenderError::Unexpected(anyhow!("a render {cause}"))
        })?
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
        let missing_glyphs = self.fonts.missing(plain::all_chars(document));
        let page = Page {
            layout,
            style: &style,
            paper: request.paper,
            title: &request.title,
            author: &request.author,
        };
        let laid_out = typeset::compile(&self.fonts, &self.templates, &page, document)?;
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

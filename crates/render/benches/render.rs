//! A two-page resume to PDF and to DOCX through the port (render threads included).
//!
//! `cargo bench -p tailor-render` (a release build of typst takes a while).

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;

use criterion::{Criterion, criterion_group, criterion_main};
use tailor_domain::export::{RenderFormat, Template};
use tailor_domain::ports::DocumentRenderer;
use tailor_render::{RenderConfig, TypstRenderer};

fn render(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let renderer = TypstRenderer::new(RenderConfig::default()).expect("the renderer");
    let request = fixtures::resume_request(fixtures::two_page_resume(), Template::Modern);
    let pages = runtime
        .block_on(renderer.render(request.clone(), RenderFormat::Pdf))
        .expect("the PDF")
        .page_count;
    assert_eq!(pages, Some(2), "the bench input is a two-page resume");
    for (name, format) in [
        ("two_page_resume_pdf", RenderFormat::Pdf),
        ("two_page_resume_docx", RenderFormat::Docx),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(renderer.render(request.clone(), format))
                    .expect("a render")
            });
        });
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
